"""Writes to evidence: sources, evidence, rebuttals, snapshots.

Evidence and rebuttals change only while their claim's content is editable
(not once it is published and not under revision).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import workflow
from claims.models import Claim
from claims.services import claim_content_changed
from evidence.models import Evidence, Rebuttal, RebuttalKind, Source, SourceKind, Stance
from factcheck.errors import Conflict, NotPermitted
from factcheck.history import acting_as
from factcheck.roles import WRITING_ROLES

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


def _lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)


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


def evidence_create(*, claim: Claim, actor, **data) -> Evidence:
    """Add a piece of evidence to a claim.

    Rules: stance is supports, refutes or context; a URL or an offline
    reference is required; only while the claim's content is editable.
    """
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(claim.pk)
        workflow.ensure_content_editable(locked, actor)
        evidence = Evidence(claim=locked, added_by=actor)
        _assign(evidence, data, EVIDENCE_FIELDS)
        _validate_evidence(evidence)
        evidence.save()
        claim_content_changed(claim=locked, actor=actor, what="The evidence")
    return evidence


def evidence_update(*, evidence: Evidence, actor, **data) -> Evidence:
    """Change a piece of evidence (same rules as adding it)."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(evidence.claim_id)
        workflow.ensure_content_editable(locked, actor)
        current = Evidence.objects.get(pk=evidence.pk)
        _assign(current, data, EVIDENCE_FIELDS)
        _validate_evidence(current)
        current.save()
        claim_content_changed(claim=locked, actor=actor, what="The evidence")
    return current


def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove a piece of evidence (kept in the history)."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(evidence.claim_id)
        workflow.ensure_content_editable(locked, actor)
        Evidence.objects.filter(pk=evidence.pk).delete()
        claim_content_changed(claim=locked, actor=actor, what="The evidence")


def _validate_evidence(evidence: Evidence) -> None:
    if evidence.stance not in Stance.values:
        raise ValidationError({"stance": f"Stance must be one of: {', '.join(Stance.values)}."})
    if not evidence.url and not evidence.offline_reference:
        raise ValidationError({"url": "Give a URL, or an offline reference for material without one."})
    evidence.full_clean(exclude=["claim", "added_by", "source"])


def rebuttal_create(*, claim: Claim, actor, **data) -> Rebuttal:
    """Record a response by an identified party (denial, right of reply, counter-claim)."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(claim.pk)
        workflow.ensure_content_editable(locked, actor)
        rebuttal = Rebuttal(claim=locked, added_by=actor)
        _assign(rebuttal, data, REBUTTAL_FIELDS)
        _validate_rebuttal(rebuttal)
        rebuttal.save()
        claim_content_changed(claim=locked, actor=actor, what="A rebuttal")
    return rebuttal


def rebuttal_update(*, rebuttal: Rebuttal, actor, **data) -> Rebuttal:
    """Change a rebuttal."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(rebuttal.claim_id)
        workflow.ensure_content_editable(locked, actor)
        current = Rebuttal.objects.get(pk=rebuttal.pk)
        _assign(current, data, REBUTTAL_FIELDS)
        _validate_rebuttal(current)
        current.save()
        claim_content_changed(claim=locked, actor=actor, what="A rebuttal")
    return current


def rebuttal_delete(*, rebuttal: Rebuttal, actor) -> None:
    """Remove a rebuttal (kept in the history)."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock_claim(rebuttal.claim_id)
        workflow.ensure_content_editable(locked, actor)
        Rebuttal.objects.filter(pk=rebuttal.pk).delete()
        claim_content_changed(claim=locked, actor=actor, what="A rebuttal")


def _validate_rebuttal(rebuttal: Rebuttal) -> None:
    if rebuttal.kind not in RebuttalKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(RebuttalKind.values)}."})
    rebuttal.full_clean(exclude=["claim", "added_by"])


def _ensure_writer(actor) -> None:
    if actor is None or not actor.is_active or actor.role not in WRITING_ROLES:
        raise NotPermitted("Only fact-checkers and editors can add and change sources.")


def source_create(*, name: str, kind: str = SourceKind.OTHER, url: str = "", actor) -> Source:
    """Create a source. Rules: writers only; a second source of the same name is a Conflict."""
    _ensure_writer(actor)
    existing = Source.objects.filter(name__iexact=" ".join((name or "").split())).first()
    if existing is not None:
        raise Conflict(f"The source {existing.name} already exists (id {existing.pk}).", code="source_exists")
    return source_get_or_create(name=name, kind=kind, url=url, actor=actor)


def source_update(*, source: Source, actor, **changes) -> Source:
    """Change a source's name, kind or URL."""
    _ensure_writer(actor)
    unknown = set(changes) - {"name", "kind", "url"}
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    with transaction.atomic(), acting_as(actor):
        current = Source.objects.select_for_update().get(pk=source.pk)
        for name, value in changes.items():
            setattr(current, name, " ".join(value.split()) if name == "name" else value.strip())
        current.full_clean()
        current.save()
    return current
