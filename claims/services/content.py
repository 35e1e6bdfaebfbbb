"""Writes to a claim's content: claimants, claims, appearances, verdicts, and what a content change
means for review (a new revision; approved claims go back to review)."""

import datetime
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import workflow
from claims.matching.index import embedding_refresh_on_commit
from claims.models import (
    Appearance,
    Claim,
    Claimant,
    ClaimantKind,
    ClaimState,
    Medium,
    Rating,
    Transition,
    Verdict,
)
from claims.signals import appearance_restored, appearance_saved
from factcheck.errors import Conflict
from factcheck.history import acting_as, removal_of, rows_restore
from factcheck.references import reference_resolve
from factcheck.roles import WRITING_ROLES, ensure_role

VERDICT_FIELDS = ("rating", "headline", "conclusion", "analysis")


def _ensure_writer(actor) -> None:
    ensure_role(actor, *WRITING_ROLES, message="Only fact-checkers and editors can log and edit claims.")


def claim_lock(claim_id: int, *, with_original: bool = False) -> tuple[Claim, Claim | None]:
    """Lock a claim's row (for update), and with `with_original` the claim it is linked to as a duplicate.

    Rule: the original's public page lists its duplicates, so a change to what it lists locks it too.
    Both rows are locked in id order, as `claims_content_changed` locks them, so two writers never
    wait on each other in opposite orders. Returns (claim, original or None).
    """
    locking = Claim.objects.select_for_update(of=("self",)).select_related("claimant")
    if not with_original:
        return locking.get(pk=claim_id), None
    while True:
        original_id = Claim.objects.filter(pk=claim_id).values_list("duplicate_of_id", flat=True).get()
        ids = sorted({claim_id} | ({original_id} if original_id else set()))
        rows = {row.pk: row for row in locking.filter(pk__in=ids).order_by("pk")}
        if claim_id not in rows:
            raise Claim.DoesNotExist(f"No claim {claim_id}.")
        claim = rows[claim_id]
        if claim.duplicate_of_id == original_id:  # not relinked between the read and the lock
            return claim, rows.get(original_id)


@dataclass
class ContentEdit:
    """One edit of a claim's content, as `content_edit` yields it."""

    claim: Claim  # locked, and editable by the actor
    original: Claim | None  # the claim it is a duplicate of, locked too when asked for
    is_changed: bool = True  # set False when the edit turned out to change nothing reviewed


@contextmanager
def content_edit(claim: Claim | int, actor, *, what: str = "", original_what: str | None = None):
    """Edit a claim's content: the one way every content write starts and ends.

    Rules: in one transaction under the actor's name (history), the claim row is
    locked and checked editable by this member (`workflow.ensure_content_editable`:
    writers only, not published or dismissed); then the body writes; then, unless
    it set `is_changed = False`, the claim's content is marked changed
    (`claim_content_changed` with `what`; no `what` when the body keeps the
    verdict's revision itself). With `original_what`, the claim it is a duplicate
    of is locked with it and its content marked changed as well (its public page
    lists the duplicate's statement, claimant and first appearance).
    """
    claim_id = claim if isinstance(claim, int) else claim.pk
    with transaction.atomic(), acting_as(actor):
        locked, original = claim_lock(claim_id, with_original=original_what is not None)
        workflow.ensure_content_editable(locked, actor)
        edit = ContentEdit(claim=locked, original=original)
        yield edit
        if edit.is_changed and what:
            claim_content_changed(claim=locked, actor=actor, what=what)
            if original is not None:
                claim_content_changed(claim=original, actor=actor, what=original_what)


# --- Claimants -----------------------------------------------------------------


def claimant_get_or_create(*, name: str, title: str = "", kind: str = ClaimantKind.PERSON, actor) -> Claimant:
    """Find a claimant by name (and title, when given), or create one.

    Names are matched case-insensitively after trimming, so "howard lutnick"
    finds "Howard Lutnick".
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the claimant's name."})
    if kind not in ClaimantKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(ClaimantKind.values)}."})
    matches = Claimant.objects.filter(name__iexact=name)
    if title:
        matches = matches.filter(title__iexact=title.strip())
    found = matches.order_by("id").first()
    if found is not None:
        return found
    with transaction.atomic(), acting_as(actor):
        claimant = Claimant(name=name, title=title.strip(), kind=kind)
        claimant.full_clean()
        claimant.save()
    return claimant


def claimant_resolve(value, *, actor) -> Claimant:
    """The claimant a caller means: a Claimant, its id, or {"name", "title"?, "kind"?} (found or created).

    Rules: an id must name a claimant; a name is found as `claimant_get_or_create` finds it
    (case-insensitively, with the title when given), or created under the actor's name. Call it
    inside the service's transaction, so a claimant is not created for a write that fails.
    """
    if value is None:
        raise ValidationError({"claimant": "Give the claimant: their id or their name."})
    return reference_resolve(value, Claimant, partial(claimant_get_or_create, actor=actor), field="claimant")


# --- Claims --------------------------------------------------------------------


def claim_create(
    *,
    text: str,
    claimant: Claimant | int | dict,
    created_by,
    summary: str = "",
    claimed_on: datetime.date | None = None,
    language: str = "en",
    topics: Iterable[str] = (),
    appearances: Iterable[dict] = (),
    due_on: datetime.date | None = None,
    selection_reason: str = "",
    checkworthiness: float | None = None,
    external_id: str = "",
    is_demo: bool = False,
) -> Claim:
    """Log a claim with its appearances.

    Rules: only writers; the claimant is resolved here (`claimant_resolve`: an id or a name,
    found or created in the same transaction); the summary stays under the ClaimReview limit; at
    most one appearance is the first, and each has a URL or an outlet; `external_id` is unique.
    """
    _ensure_writer(created_by)
    with transaction.atomic():  # a claimant found or created here is kept only with the claim
        claimant = claimant_resolve(claimant, actor=created_by)
        claim = Claim(
            text=text.strip(),
            summary=summary.strip(),
            claimant=claimant,
            claimed_on=claimed_on,
            language=(language or "en").strip(),
            topics=_clean_topics(topics),
            due_on=due_on,
            selection_reason=selection_reason.strip(),
            checkworthiness=checkworthiness,
            external_id=external_id.strip(),
            is_demo=is_demo,
            created_by=created_by,
        )
        if claim.external_id:
            _ensure_external_id_free(claim.external_id)
        claim.full_clean(exclude=["search_vector", "created_by", "claimant"])
        appearance_rows = list(appearances)
        if sum(1 for row in appearance_rows if row.get("is_first")) > 1:
            raise ValidationError({"appearances": "Only one appearance can be the first."})
        try:
            with transaction.atomic(), acting_as(created_by):
                claim.save()
                for row in appearance_rows:
                    try:
                        appearance = _appearance_save(Appearance(claim=claim), row)
                    except ValidationError as error:
                        raise ValidationError({"appearances": error.messages}) from None
                    _archive_on_commit(appearance)
                embedding_refresh_on_commit(claim_id=claim.pk)
        except IntegrityError:
            if claim.external_id:  # logged meanwhile by another request with the same external_id
                _ensure_external_id_free(claim.external_id)
            raise
        return claim


def _ensure_external_id_free(external_id: str) -> None:
    existing = Claim.objects.filter(external_id=external_id).values_list("pk", flat=True).first()
    if existing is not None:
        raise Conflict(
            f"Claim {existing} already has the external_id “{external_id}”: update that claim instead.",
            code="duplicate_external_id",
        )


def _clean_topics(topics: Iterable[str]) -> list[str]:
    seen = []
    for topic in topics:
        topic = " ".join(str(topic).split()).lower()
        if topic and topic not in seen:
            seen.append(topic)
    return seen


# What a reviewer vouches for: everything a publication shows (topics are published in the API);
# due dates and the selection reason are desk management, not content.
DUPLICATE_CLAIM = "A claim linked as its duplicate"
REVIEWED_CLAIM_FIELDS = ("text", "summary", "claimant", "claimed_on", "language", "topics")
CLAIM_EDITABLE_FIELDS = {"text", "summary", "claimed_on", "language", "topics", "due_on", "selection_reason"}


def claim_update(
    *, claim: Claim, actor, expected_updated_at: datetime.datetime | None = None, **changes
) -> Claim:
    """Change a claim's own fields (not its state: that is `claim_transition`).

    `expected_updated_at` (the `updated_at` the editor started from) refuses
    to overwrite a change someone else saved meanwhile. Changes that change
    nothing (an empty PATCH, the same values again) write nothing.
    """
    unknown = set(changes) - CLAIM_EDITABLE_FIELDS - {"claimant"}
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    with content_edit(claim, actor, what="The claim", original_what=DUPLICATE_CLAIM) as edit:
        locked = edit.claim
        if "claimant" in changes:
            changes["claimant"] = claimant_resolve(changes["claimant"], actor=actor)
        if expected_updated_at is not None and locked.updated_at != expected_updated_at:
            raise Conflict(
                "Someone else changed this claim meanwhile (or moved it through the workflow).",
                code="stale_claim",
            )
        before = {name: getattr(locked, name) for name in REVIEWED_CLAIM_FIELDS}
        was = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            if name == "topics":
                value = _clean_topics(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(locked, name, value)
        if all(getattr(locked, name) == old for name, old in was.items()):
            edit.is_changed = False
            return locked  # nothing changed: no write, no new version, no history row
        locked.full_clean(exclude=["search_vector", "created_by", "claimant", "assignee"])
        locked.save()
        if locked.text != was.get("text", locked.text):
            embedding_refresh_on_commit(claim_id=locked.pk)
        edit.is_changed = any(getattr(locked, name) != old for name, old in before.items())
    return locked


# --- Appearances ---------------------------------------------------------------

DUPLICATE_APPEARANCE = "Where a claim linked as its duplicate appeared"


def _archive_on_commit(appearance: Appearance) -> None:
    """Announce the saved appearance (evidence archives its URL after commit, if needed)."""
    appearance_saved.send(sender=Appearance, appearance=appearance)


APPEARANCE_PLACE_REQUIRED = "Give the URL or the outlet where the claim appeared."


def appearance_place_check(url: str, outlet: str, *, field: str = "url", message: str = "") -> None:
    """The one url-or-outlet rule (a broadcast has no URL): refuse, on `field`, a place with neither."""
    if not (url or "").strip() and not (outlet or "").strip():
        raise ValidationError({field: message or APPEARANCE_PLACE_REQUIRED})


def _appearance_save(appearance: Appearance, data: dict) -> Appearance:
    """Write an appearance. Rules: a URL or an outlet (a broadcast has no URL); a known medium;
    one first appearance per claim."""
    for name in ("url", "outlet", "medium", "appeared_on", "excerpt", "is_first"):
        if name in data:
            value = data[name]
            setattr(appearance, name, value.strip() if isinstance(value, str) else value)
    appearance_place_check(appearance.url, appearance.outlet)
    if appearance.medium not in Medium.values:
        raise ValidationError({"medium": f"Medium must be one of: {', '.join(Medium.values)}."})
    appearance.full_clean(exclude=["claim"])
    if appearance.is_first:
        # Moving the "first" mark is one edit: clear the old one in the same transaction.
        Appearance.objects.filter(claim=appearance.claim, is_first=True).exclude(pk=appearance.pk).update(
            is_first=False
        )
    appearance.save()
    return appearance


def appearance_create(*, claim: Claim, actor, **data) -> Appearance:
    """Add where the claim was seen; marking it first moves the mark from any other."""
    with content_edit(claim, actor, what="An appearance", original_what=DUPLICATE_APPEARANCE) as edit:
        appearance = _appearance_save(Appearance(claim=edit.claim), data)
        _archive_on_commit(appearance)
    return appearance


def appearance_update(*, appearance: Appearance, actor, **data) -> Appearance:
    """Change an appearance."""
    with content_edit(appearance.claim_id, actor, what="An appearance", original_what=DUPLICATE_APPEARANCE):
        current = _appearance_save(Appearance.objects.get(pk=appearance.pk), data)
        _archive_on_commit(current)
    return current


def appearance_delete(*, appearance: Appearance, actor) -> None:
    """Remove an appearance (kept in the history, whence `appearance_restore` puts it back)."""
    with content_edit(appearance.claim_id, actor, what="An appearance", original_what=DUPLICATE_APPEARANCE):
        Appearance.objects.filter(pk=appearance.pk).delete()


def appearance_restore(*, claim: Claim | int, appearance_id: int, actor) -> Appearance:
    """Put back an appearance that was removed from this claim (Undo, or Restore in the history).

    Rules: as adding it (writers, only while the claim's content is editable; a content change of
    the claim and of the claim it duplicates). It comes back as it was, with its id and its archived
    copies (the rows removed with it), but not as the first appearance if another is marked first
    now. A Conflict when it is not removed (someone restored it first) or not this claim's.
    """
    claim_id = claim if isinstance(claim, int) else claim.pk
    with content_edit(claim_id, actor, what="An appearance", original_what=DUPLICATE_APPEARANCE):
        removal = removal_of(Appearance, appearance_id)
        if removal is None or removal.claim_id != claim_id:
            if Appearance.objects.filter(pk=appearance_id, claim_id=claim_id).exists():
                raise Conflict(
                    "This appearance is on the claim already: someone restored it.", code="not_removed"
                )
            raise Conflict(
                f"There is no removed appearance {appearance_id} on this claim.", code="not_removed"
            )
        if removal.is_first and Appearance.objects.filter(claim_id=claim_id, is_first=True).exists():
            removal.is_first = False  # the event row is read, never saved: only what is inserted changes
        (appearance,) = rows_restore(Appearance, [removal])
        appearance_restored.send(sender=Appearance, appearance=appearance, removal=removal)
    return Appearance.objects.get(pk=appearance_id)


# --- Verdicts ------------------------------------------------------------------


def verdict_update(
    *,
    claim: Claim,
    actor,
    rating: Rating | None,
    headline: str = "",
    conclusion: str = "",
    analysis: str = "",
    expected_revision: int | None = None,
    is_demo: bool = False,
) -> Verdict:
    """Write the claim's verdict (creating it the first time).

    Rules: only writers, only while the claim's content is editable; a
    substantive change raises the revision, which makes earlier approvals
    stale, and returns an approved claim to in_review. `expected_revision`
    refuses to overwrite someone else's newer edit.
    """
    headline, conclusion, analysis = headline.strip(), conclusion.strip(), analysis.strip()
    if rating is not None and not rating.scale.is_default:
        raise ValidationError({"rating": "Use a rating from the current scale."})
    # No `what`: a verdict edit keeps the revision itself (a change after approval logs `verdict_changed`).
    with content_edit(claim, actor) as edit:
        locked = edit.claim
        verdict = Verdict.objects.filter(claim=locked).first()
        current_revision = verdict.revision if verdict else 0
        if expected_revision is not None and expected_revision != current_revision:
            raise Conflict(
                f"Someone else changed this verdict meanwhile (now revision {current_revision}, "
                f"you edited revision {expected_revision}).",
                code="stale_revision",
            )
        if verdict is None:
            verdict = Verdict.objects.create(
                claim=locked,
                rating=rating,
                headline=headline,
                conclusion=conclusion,
                analysis=analysis,
                author=actor,
                last_edited_by=actor,
                is_demo=is_demo,
            )
            return verdict
        new = {"rating": rating, "headline": headline, "conclusion": conclusion, "analysis": analysis}
        if all(getattr(verdict, name) == value for name, value in new.items()):
            return verdict
        for name, value in new.items():
            setattr(verdict, name, value)
        verdict.revision += 1
        verdict.last_edited_by = actor
        verdict.is_demo = is_demo
        verdict.save()
        if locked.state == ClaimState.APPROVED:
            _log_transition(
                locked,
                action="verdict_changed",
                to_state=ClaimState.IN_REVIEW,
                actor=actor,
                comment=f"The verdict changed after approval (revision {verdict.revision}); "
                "it needs a fresh review.",
            )
    return verdict


def _log_transition(claim: Claim, *, action: str, to_state: str, actor, comment: str = "") -> Transition:
    entry = Transition.objects.create(
        claim=claim, action=action, from_state=claim.state, to_state=to_state, actor=actor, comment=comment
    )
    if claim.state != to_state:
        claim.state = to_state
        claim.save(update_fields=["state", "updated_at"])
    return entry


def claim_content_changed(*, claim: Claim, actor, what: str) -> None:
    """Call after a write to reviewed content (under the claim's row lock).

    Rule: a review vouches for exactly what the reviewer saw. While a claim can
    be reviewed (in_review) or has been (approved), every change to its content
    gives the verdict a new revision, reviewed or not yet: an approval or a
    request for changes of the revision read before is refused as stale, and
    earlier approvals stop counting; an approved claim goes back to in_review
    with a `content_changed` entry. Before submission nothing is reviewed yet
    (submitting starts a revision of its own); published and dismissed claims
    are not editable.
    """
    if claim.state not in (ClaimState.IN_REVIEW, ClaimState.APPROVED):
        return
    verdict = Verdict.objects.select_for_update().filter(claim=claim).first()
    if verdict is None:
        return
    verdict.revision += 1
    verdict.save(update_fields=["revision", "updated_at"])
    if claim.state == ClaimState.APPROVED:
        _log_transition(
            claim,
            action="content_changed",
            to_state=ClaimState.IN_REVIEW,
            actor=actor,
            comment=f"{what} changed after approval (now revision {verdict.revision}); "
            "it needs a fresh review.",
        )


def claims_content_changed(
    *, claim_ids: Iterable[int], actor, what: str, with_originals: bool = True
) -> list[int]:
    """Call after a write to a row that claims share (a claimant, a source), inside its transaction.

    Rule: a change to any row a claim's public content is built from is a
    content change of every claim built from it (`claim_content_changed`): the
    claims in review get a new revision and approved ones go back to review.
    With `with_originals`, the claims listing one of them as a duplicate ("Also
    checked as": statement, claimant, first appearance) count too. Locks the
    claims in id order. Returns the ids of the claims sent back or given a new
    revision.
    """
    ids = set(claim_ids)
    if not ids:
        return []
    if with_originals:
        ids |= set(Claim.objects.filter(duplicates__in=ids).values_list("pk", flat=True))
    touched = []
    reviewable = (ClaimState.IN_REVIEW, ClaimState.APPROVED)
    for claim in (
        Claim.objects.select_for_update(of=("self",)).filter(pk__in=ids, state__in=reviewable).order_by("pk")
    ):
        claim_content_changed(claim=claim, actor=actor, what=what)
        touched.append(claim.pk)
    return touched


def rating_scale_changed(*, scale_id: int, actor) -> list[int]:
    """Call after an admin changes a rating scale or one of its ratings, inside its transaction.

    Rule: a verdict's rating is published with it (label, value, and ClaimReview's best and worst
    rating from the scale), so a change to the scale is a content change of every claim rated on it:
    claims in review get a new revision and approved ones go back to review. Published fact-checks
    keep what was published until their next reviewed publication.
    """
    with acting_as(actor):
        return claims_content_changed(
            claim_ids=Claim.objects.filter(verdict__rating__scale_id=scale_id).values_list("pk", flat=True),
            actor=actor,
            what="The rating scale",
            with_originals=False,
        )


def claimant_create(*, name: str, title: str = "", kind: str = ClaimantKind.PERSON, actor) -> Claimant:
    """Create a claimant. Rules: writers only; the same name and title twice is a Conflict."""
    _ensure_writer(actor)
    name = " ".join((name or "").split())
    existing = Claimant.objects.filter(name__iexact=name, title__iexact=(title or "").strip()).first()
    if existing is not None:
        raise Conflict(f"{existing} already exists (id {existing.pk}).", code="claimant_exists")
    return claimant_get_or_create(name=name, title=title, kind=kind, actor=actor)


def cited_row_change(rows, *, pk: int, changes: dict, editable) -> tuple:
    """Change a row that claims cite (a claimant; evidence's source) inside the caller's transaction.

    A field outside `editable` is refused (ValidationError) before anything is read. The row is
    locked FOR NO KEY UPDATE, so rows citing it (a KEY SHARE each) are not blocked; a name's spacing
    is folded, other values stripped; the row is checked and saved only when a value changed. Returns
    (the row, the names of the fields that changed).
    """
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    current = rows.select_for_update(no_key=True).get(pk=pk)
    before = {name: getattr(current, name) for name in changes}
    for name, value in changes.items():
        setattr(current, name, " ".join(value.split()) if name == "name" else value.strip())
    changed = {name for name, old in before.items() if getattr(current, name) != old}
    if changed:
        current.full_clean()
        current.save()
    return current, changed


def claimant_update(*, claimant: Claimant, actor, **changes) -> Claimant:
    """Change a claimant's name, title or kind (their claims are re-indexed by the database).

    Rules: writers only. Every field of a claimant is published with their
    claims, so a change is a content change of each claim by them (and of each
    claim listing one as a duplicate): claims in review get a new revision,
    approved ones go back to review (`claims_content_changed`). The same values
    again write nothing.
    """
    _ensure_writer(actor)
    with transaction.atomic(), acting_as(actor):
        # NO KEY UPDATE: claims citing the claimant (a KEY SHARE each) are not blocked, so a writer
        # holding one of their locks can finish, and this service can lock the claims next.
        current, changed = cited_row_change(
            Claimant.objects.all(), pk=claimant.pk, changes=changes, editable=("name", "title", "kind")
        )
        if not changed:
            return current
        claims_content_changed(
            claim_ids=Claim.objects.filter(claimant=current).values_list("pk", flat=True),
            actor=actor,
            what=f"The claimant {current.name}",
        )
    return current
