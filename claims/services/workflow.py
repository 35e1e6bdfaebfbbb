"""The workflow's writes: one transition per action, as claims.workflow declares it, and the
publication a publish writes."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from claims import workflow
from claims.events import webhook_transition_emit
from claims.matching.index import embedding_refresh_on_commit
from claims.models import (
    SUMMARY_MAX_LENGTH,
    Claim,
    ClaimState,
    Publication,
    Review,
    ReviewDecision,
)
from claims.publishing.claimreview import claim_reviewed_text, claimreview_build, public_url, publication_slug
from claims.selectors.reviewing import review_content
from claims.services.content import _log_transition, claim_create, claim_lock
from claims.services.notifications import transition_notify
from claims.signals import publication_created
from factcheck.errors import Conflict, NotPermitted
from factcheck.history import acting_as

# --- Workflow ------------------------------------------------------------------


def claim_transition(
    *,
    claim: Claim,
    action: str,
    actor,
    comment: str = "",
    assignee=None,
    note: str = "",
    note_kind: str = "update",
    expected_revision: int | None = None,
    due_on: datetime.date | None = None,
) -> Claim:
    """Apply one workflow action to a claim.

    The claim row is locked and its state checked as it is now, so two
    members acting at once get one success and one Conflict. Raises
    NotPermitted (this member may never do it) or Conflict (not now, or
    something it needs is missing). `expected_revision`, the verdict revision
    a reviewer read, refuses an approval or a request for changes of a
    verdict that changed meanwhile (a reviewer vouches for what they saw).
    `due_on` is the due date a member taking the claim (`take`) sets for herself.
    """
    spec = workflow.get_action(action)
    comment = comment.strip()
    with transaction.atomic(), acting_as(actor):
        locked, _ = claim_lock(claim.pk)
        workflow.check_permitted(locked, actor, spec)
        workflow.check_possible(locked, actor, spec)
        if expected_revision is not None and spec.name in REVIEW_ACTIONS:
            _ensure_revision_read(locked, expected_revision)
        workflow.check_input(
            locked, spec, comment=comment, assignee=assignee, note=note, note_kind=note_kind, due_on=due_on
        )
        to_state = _APPLY[spec.name](
            locked,
            actor=actor,
            comment=comment,
            assignee=assignee,
            note=note.strip(),
            note_kind=note_kind,
            due_on=due_on,
        )
        transition = _log_transition(
            locked, action=spec.name, to_state=to_state, actor=actor, comment=comment
        )
        # Written with the change, sent after commit: a rolled-back action sends nothing.
        webhook_transition_emit(claim=locked, action=spec.name, actor=actor)
        transition_notify(claim=locked, transition=transition, actor=actor)
        if spec.then is not None:
            _follow_up(locked, spec, actor=actor)
    return locked


def claim_log(*, assign_to_me: bool = False, **fields) -> Claim:
    """Log a claim (`claim_create`'s fields) and, with `assign_to_me`, take it in the same transaction.

    A fact-checker who logs what she will research herself gets it in her queue at once; if taking is
    refused (a role that cannot take), nothing is logged either.
    """
    with transaction.atomic():
        claim = claim_create(**fields)
        if assign_to_me:
            claim = claim_transition(claim=claim, action="take", actor=fields["created_by"])
    return claim


def _follow_up(claim: Claim, spec: workflow.Action, *, actor) -> None:
    """Take the action the table chains to `spec` (approve, then publish a correction), if it may be.

    The follow-up's member passes every check of its own row under the same lock, so the chain
    bypasses nothing; when one fails, the first action stands and the follow-up waits for a hand.
    """
    follow = workflow.ACTIONS[spec.then.action]
    member = spec.then.by(claim)
    if member is None or claim.state not in follow.sources:
        return
    verdict = workflow.verdict_of(claim)
    note, note_kind = verdict.correction_note.strip(), verdict.correction_note_kind or "correction"
    try:
        workflow.check_permitted(claim, member, follow)
        workflow.check_possible(claim, member, follow)
        workflow.check_input(claim, follow, comment="", assignee=None, note=note, note_kind=note_kind)
    except (NotPermitted, Conflict):
        return
    to_state = _APPLY[follow.name](
        claim, actor=member, comment="", assignee=None, note=note, note_kind=note_kind
    )
    comment = (
        f"Published on {actor.get_username()}'s approval, as {member.get_username()} asked on submitting it."
    )
    _log_transition(claim, action=follow.name, to_state=to_state, actor=member, comment=comment)
    webhook_transition_emit(claim=claim, action=follow.name, actor=member)


REVIEW_ACTIONS = frozenset({"approve", "request_changes"})


def _ensure_revision_read(claim: Claim, expected_revision: int) -> None:
    verdict = workflow.verdict_of(claim)
    current = verdict.revision if verdict is not None else 0
    if current != expected_revision:
        raise Conflict(
            f"The verdict changed while you were reading it: it is at revision {current} now, you read "
            f"revision {expected_revision}. Read it again before you review it.",
            code="stale_revision",
        )


def _apply_assign(claim, *, assignee, **_):
    claim.assignee = assignee
    claim.save(update_fields=["assignee", "updated_at"])
    return ClaimState.RESEARCHING


def _apply_take(claim, *, actor, due_on, **_):
    claim.assignee = actor
    fields = ["assignee", "updated_at"]
    if due_on is not None:
        claim.due_on = due_on
        fields.append("due_on")
    claim.save(update_fields=fields)
    return ClaimState.RESEARCHING


def _apply_submit(claim, *, actor, note, note_kind, **_):
    verdict = claim.verdict
    # Every review round looks at a revision of its own: nobody can have read it before submission
    # (evidence, rebuttals and appearances change freely while researching, without a new revision).
    verdict.revision += 1
    # The submitter vouches for the revision (four eyes keeps them from approving it); a correction's
    # note is reviewed with it. A submission without a note keeps the one proposed before.
    verdict.submitted_by = actor
    fields = ["revision", "submitted_by", "updated_at"]
    if note:
        verdict.correction_note, verdict.correction_note_kind = note, note_kind
        fields += ["correction_note", "correction_note_kind"]
    verdict.save(update_fields=fields)
    return ClaimState.IN_REVIEW


def _record_review(claim, actor, decision, comment) -> Review:
    """The review, keeping what its reviewer read: their next review shows what changed since."""
    verdict = claim.verdict
    content = review_content(claim=claim)
    try:
        with transaction.atomic():
            return Review.objects.create(
                verdict=verdict,
                revision=verdict.revision,
                reviewer=actor,
                decision=decision,
                comment=comment,
                content=content,
            )
    except IntegrityError:
        raise Conflict(
            f"You already reviewed revision {verdict.revision} of this verdict.", code="already_reviewed"
        ) from None


def _apply_approve(claim, *, actor, comment, **_):
    _record_review(claim, actor, ReviewDecision.APPROVE, comment)
    if workflow.count_fresh_approvals(claim.verdict) >= workflow.required_approvals():
        return ClaimState.APPROVED
    return ClaimState.IN_REVIEW


def _apply_request_changes(claim, *, actor, comment, **_):
    _record_review(claim, actor, ReviewDecision.REQUEST_CHANGES, comment)
    return ClaimState.RESEARCHING


def _apply_publish(claim, *, actor, note, note_kind, **_):
    publication_create(claim=claim, actor=actor, note=note, note_kind=note_kind)
    return ClaimState.PUBLISHED


def _apply_revise(claim, **_):
    verdict = claim.verdict
    # Work after publication is a new revision: earlier approvals do not carry over, nor does the note
    # of the correction published last.
    verdict.revision += 1
    verdict.correction_note, verdict.correction_note_kind = "", ""
    verdict.save(update_fields=["revision", "correction_note", "correction_note_kind", "updated_at"])
    return ClaimState.RESEARCHING


def _apply_dismiss(claim, **_):
    return ClaimState.DISMISSED


def _apply_reopen(claim, **_):
    return ClaimState.NEW


_APPLY = {
    "assign": _apply_assign,
    "take": _apply_take,
    "submit": _apply_submit,
    "request_changes": _apply_request_changes,
    "approve": _apply_approve,
    "publish": _apply_publish,
    "revise": _apply_revise,
    "dismiss": _apply_dismiss,
    "reopen": _apply_reopen,
}
assert set(_APPLY) == set(workflow.ACTIONS), "every declared action needs an apply function"


def publication_build(*, claim: Claim, actor, note: str = "", note_kind: str = "") -> Publication:
    """The snapshot the claim would be published as now, unsaved (the preview shows it as it is)."""
    from claims.selectors import publication_content  # the snapshot reads through the selector

    verdict = getattr(claim, "verdict", None)
    if verdict is None or verdict.rating_id is None:
        raise Conflict(
            "There is nothing to preview yet: the verdict needs a rating first.", code="verdict_unrated"
        )
    previous = claim.publications.order_by("-version").first()
    version = previous.version + 1 if previous else 1
    published_at = timezone.now()
    first_published_at = (
        claim.publications.order_by("version").values_list("published_at", flat=True).first() or published_at
    )
    slug = previous.slug if previous else publication_slug(claim)
    appearances = list(claim.appearances.all())
    markup = claimreview_build(
        claim=claim,
        verdict=verdict,
        appearances=appearances,
        url=public_url(slug),
        published_at=published_at,
        first_published_at=first_published_at,
    )
    return Publication(
        claim=claim,
        version=version,
        verdict_revision=verdict.revision,
        rating_label=verdict.rating.label,
        claim_reviewed=claim_reviewed_text(claim)[:SUMMARY_MAX_LENGTH],
        slug=slug,
        content=publication_content(claim=claim),
        claimreview=markup,
        note=note if version > 1 else "",
        note_kind=note_kind if version > 1 else "",
        published_by=actor,
        published_at=published_at,
    )


def publication_create(*, claim: Claim, actor, note: str = "", note_kind: str = "") -> Publication:
    """Write the immutable snapshot of a claim as published (call inside the publish transition)."""
    publication = publication_build(claim=claim, actor=actor, note=note, note_kind=note_kind)
    publication.save(force_insert=True)
    publication_created.send(sender=Publication, publication=publication)
    # The statement as published gets an embedding of its own if it differs from the claim's text.
    embedding_refresh_on_commit(claim_id=claim.pk)
    return publication
