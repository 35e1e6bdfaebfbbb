"""Writes to evidence: sources, evidence, rebuttals.

Evidence and rebuttals change only while their claim's content is editable
(not once it is published and not under revision). Saving evidence with a URL
queues its archiving after commit (evidence.services.snapshots).
"""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim
from claims.services import cited_row_change, claims_content_changed, content_edit
from evidence.models import (
    Evidence,
    Rebuttal,
    RebuttalKind,
    Snapshot,
    Source,
    SourceKind,
    Stance,
)
from evidence.services.snapshots import snapshot_archive_on_commit
from factcheck.errors import Conflict
from factcheck.history import acting_as, removal_of, removed_with, rows_restore
from factcheck.references import reference_resolve
from factcheck.roles import WRITING_ROLES, ensure_role

EVIDENCE_FIELDS = (
    "stance",
    "kind",
    "title",
    "url",
    "offline_reference",
    "source",
    "excerpt",
    "published_on",
    "is_withheld",
    "is_demo",
)
REBUTTAL_FIELDS = ("party", "kind", "statement", "url", "stated_on", "is_demo")


def _ensure_unchanged(
    current, expected_updated_at: datetime.datetime | None, what: str, *, code: str
) -> None:
    # Checked under the row lock, so two editors who started from the same version cannot both save.
    if expected_updated_at is not None and current.updated_at != expected_updated_at:
        raise Conflict(f"Someone else changed {what} meanwhile.", code=code)


def _assign(obj, data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: "Unknown field." for name in sorted(unknown)})
    for name, value in data.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def source_get_or_create(*, name: str, kind: str = SourceKind.OTHER, url: str = "", actor) -> Source:
    """Find a source by name (case-insensitive), or create it."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the source's name."})
    if kind not in SourceKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(SourceKind.values)}."})
    found = Source.objects.filter(name__iexact=name).order_by("id").first()
    if found is not None:
        return found
    with transaction.atomic(), acting_as(actor):
        source = Source(name=name, kind=kind, url=url.strip())
        source.full_clean()
        source.save()
    return source


def source_resolve(value, *, actor) -> Source | None:
    """The source a caller means: a Source, its id, {"name", "kind"?, "url"?} (found or created), or None.

    Rules: an id must name a source; a name is found as `source_get_or_create` finds it
    (case-insensitively) or created under the actor's name, inside the caller's transaction.
    """
    return reference_resolve(value, Source, partial(source_get_or_create, actor=actor), field="source")


def _with_source(data: dict, actor) -> dict:
    return {**data, "source": source_resolve(data["source"], actor=actor)} if "source" in data else data


def evidence_create(*, claim: Claim, actor, **data) -> Evidence:
    """Add a piece of evidence to a claim.

    Rules: stance is supports, refutes or context; a URL or an offline
    reference is required; only while the claim's content is editable. The
    source may be given by id or by name (`source_resolve`: found or created).
    """
    with content_edit(claim, actor, what="The evidence") as edit:
        evidence = Evidence(claim=edit.claim, added_by=actor)
        _assign(evidence, _with_source(data, actor), EVIDENCE_FIELDS)
        _validate_evidence(evidence)
        evidence.save()
        snapshot_archive_on_commit(evidence=evidence)
    return evidence


def evidence_update(
    *, evidence: Evidence, actor, expected_updated_at: datetime.datetime | None = None, **data
) -> Evidence:
    """Change a piece of evidence (same rules as adding it).

    `expected_updated_at` (the `updated_at` the editor started from) refuses
    to overwrite a change someone else saved meanwhile (a `stale_evidence` Conflict).
    """
    with content_edit(evidence.claim_id, actor, what="The evidence"):
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        _ensure_unchanged(current, expected_updated_at, "this evidence", code="stale_evidence")
        _assign(current, _with_source(data, actor), EVIDENCE_FIELDS)
        _validate_evidence(current)
        current.save()
        snapshot_archive_on_commit(evidence=current)
    return current


def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove a piece of evidence (kept in the history, whence `evidence_restore` puts it back)."""
    with content_edit(evidence.claim_id, actor, what="The evidence"):
        Evidence.objects.filter(pk=evidence.pk).delete()


def _restore(model, *, claim: Claim | int, object_id: int, actor, what: str, noun: str, with_snapshots: bool):
    """Put back a removed row of this claim as the history recorded it (with its archived copies)."""
    claim_id = claim if isinstance(claim, int) else claim.pk
    with content_edit(claim_id, actor, what=what):
        removal = removal_of(model, object_id)
        if removal is None or removal.claim_id != claim_id:
            if model.objects.filter(pk=object_id, claim_id=claim_id).exists():
                raise Conflict(
                    f"This {noun} is on the claim already: someone restored it.", code="not_removed"
                )
            raise Conflict(f"There is no removed {noun} {object_id} on this claim.", code="not_removed")
        try:
            with transaction.atomic():
                (row,) = rows_restore(model, [removal])
                if with_snapshots:
                    rows_restore(Snapshot, removed_with(Snapshot, removal, evidence_id=object_id))
        except IntegrityError:
            # What it refers to is gone too (its source was deleted): add it again instead.
            raise Conflict(
                f"This {noun} cannot be restored: something it refers to is gone. Add it again.",
                code="not_restorable",
            ) from None
    return model.objects.get(pk=row.pk)


def evidence_restore(*, claim: Claim | int, evidence_id: int, actor) -> Evidence:
    """Put back a piece of evidence that was removed from this claim (Undo, or Restore in the history).

    Rules: as editing it (writers, only while the claim's content is editable), and it is a content
    change like adding it (a claim in review gets a new revision; an approved one goes back to review).
    It comes back as it was when removed, with its id and its archived copies; a Conflict when it is
    not removed (someone restored it first) or not this claim's.
    """
    return _restore(
        Evidence, claim=claim, object_id=evidence_id, actor=actor, what="The evidence", noun="evidence",
        with_snapshots=True,
    )  # fmt: skip


def _validate_evidence(evidence: Evidence) -> None:
    if evidence.stance not in Stance.values:
        raise ValidationError({"stance": f"Stance must be one of: {', '.join(Stance.values)}."})
    if not evidence.url and not evidence.offline_reference:
        raise ValidationError({"url": "Give a URL, or an offline reference for material without one."})
    evidence.full_clean(exclude=["claim", "added_by", "source"])


def rebuttal_create(*, claim: Claim, actor, **data) -> Rebuttal:
    """Record a response by an identified party (denial, right of reply, counter-claim)."""
    with content_edit(claim, actor, what="A rebuttal") as edit:
        rebuttal = Rebuttal(claim=edit.claim, added_by=actor)
        _assign(rebuttal, data, REBUTTAL_FIELDS)
        _validate_rebuttal(rebuttal)
        rebuttal.save()
    return rebuttal


def rebuttal_update(
    *, rebuttal: Rebuttal, actor, expected_updated_at: datetime.datetime | None = None, **data
) -> Rebuttal:
    """Change a rebuttal.

    `expected_updated_at` (the `updated_at` the editor started from) refuses
    to overwrite a change someone else saved meanwhile (a `stale_rebuttal` Conflict).
    """
    with content_edit(rebuttal.claim_id, actor, what="A rebuttal"):
        current = Rebuttal.objects.select_for_update().get(pk=rebuttal.pk)
        _ensure_unchanged(current, expected_updated_at, "this rebuttal", code="stale_rebuttal")
        _assign(current, data, REBUTTAL_FIELDS)
        _validate_rebuttal(current)
        current.save()
    return current


def rebuttal_delete(*, rebuttal: Rebuttal, actor) -> None:
    """Remove a rebuttal (kept in the history, whence `rebuttal_restore` puts it back)."""
    with content_edit(rebuttal.claim_id, actor, what="A rebuttal"):
        Rebuttal.objects.filter(pk=rebuttal.pk).delete()


def rebuttal_restore(*, claim: Claim | int, rebuttal_id: int, actor) -> Rebuttal:
    """Put back a rebuttal that was removed from this claim (same rules as `evidence_restore`)."""
    return _restore(
        Rebuttal, claim=claim, object_id=rebuttal_id, actor=actor, what="A rebuttal", noun="rebuttal",
        with_snapshots=False,
    )  # fmt: skip


def _validate_rebuttal(rebuttal: Rebuttal) -> None:
    if rebuttal.kind not in RebuttalKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(RebuttalKind.values)}."})
    rebuttal.full_clean(exclude=["claim", "added_by"])


def _ensure_writer(actor) -> None:
    ensure_role(actor, *WRITING_ROLES, message="Only fact-checkers and editors can add and change sources.")


def source_create(*, name: str, kind: str = SourceKind.OTHER, url: str = "", actor) -> Source:
    """Create a source. Rules: writers only; a second source of the same name is a Conflict."""
    _ensure_writer(actor)
    existing = Source.objects.filter(name__iexact=" ".join((name or "").split())).first()
    if existing is not None:
        raise Conflict(f"The source {existing.name} already exists (id {existing.pk}).", code="source_exists")
    return source_get_or_create(name=name, kind=kind, url=url, actor=actor)


# What a publication shows of a source (beside evidence that is not withheld).
SOURCE_PUBLISHED_FIELDS = ("name", "kind")


def source_update(*, source: Source, actor, **changes) -> Source:
    """Change a source's name, kind or URL.

    Rules: writers only. The name and kind are published with the evidence
    citing the source, so changing them is a content change of every claim
    with such evidence (withheld or not: the reviewer saw it): claims in review
    get a new revision, approved ones go back to review
    (`claims.services.claims_content_changed`). The same values again write nothing.
    """
    _ensure_writer(actor)
    with transaction.atomic(), acting_as(actor):
        # NO KEY UPDATE: evidence being added with this source (a KEY SHARE) is not blocked, so its
        # writer can release the claim's lock, which this service takes next.
        current, changed = cited_row_change(
            Source.objects.all(), pk=source.pk, changes=changes, editable=("name", "kind", "url")
        )
        if not changed:
            return current
        if changed & set(SOURCE_PUBLISHED_FIELDS):
            claims_content_changed(
                claim_ids=Evidence.objects.filter(source=current).values_list("claim_id", flat=True),
                actor=actor,
                what=f"The source {current.name}",
                with_originals=False,
            )
    return current
