"""The review workflow, declared once: states, actions, who may act, what each needs.

`claims.services.claim_transition` applies an action; `available_actions`
tells the UI and the API which actions a member may take now, so buttons and
endpoints never disagree. Read it beside the table in docs (DESIGN.md).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from claims.models import Claim, ClaimState, ReviewDecision
from factcheck.errors import Conflict, NotPermitted
from factcheck.roles import CHECKING_ROLES, EDITING_ROLES, REVIEWING_ROLES, WRITING_ROLES, Role, ensure_role

S = ClaimState


WRITE_SCOPE = "claims:write"  # what a token needs to take any workflow action


def _verdict(claim: Claim):
    try:
        return claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return None


# --- Guards: what an action needs of the member and of the claim, each raising in words -------------


def _not_the_verdicts_author(claim: Claim, user) -> None:
    """Four eyes: nobody reviews a verdict they wrote, last edited or submitted (NotPermitted).

    The submitter vouches for the revision (an editor submitting their own correction, whatever part
    of the claim they changed), so the review is someone else's. The database refuses such an approval
    too (the `review_four_eyes` trigger on claims_review)."""
    verdict = _verdict(claim)
    if verdict is not None and user.pk in {
        verdict.author_id,
        verdict.last_edited_by_id,
        verdict.submitted_by_id,
    }:
        raise NotPermitted(
            "You wrote, last edited or submitted this verdict, so someone else has to review it (four eyes)."
        )


def _complete_to_submit(claim: Claim, user) -> None:
    missing = _missing_for_review(claim)
    if missing:
        raise Conflict("Before submitting, add " + ", ".join(missing) + ".", code="incomplete")


def _unreviewed_by_this_member(claim: Claim, user) -> None:
    verdict = _verdict(claim)
    if verdict is None:
        raise Conflict("There is no verdict to review.", code="incomplete")
    if _has_reviewed(verdict, user):
        raise Conflict(
            f"You already reviewed revision {verdict.revision} of this verdict.", code="already_reviewed"
        )


# The verdict and evidence can still change after submission: what was complete then may not be
# now, and an unrated verdict must never be approved or published.
def _complete_to_approve(claim: Claim, user) -> None:
    missing = _missing_for_review(claim)
    if missing:
        raise Conflict(
            f"This verdict cannot be approved yet: the claim needs {', '.join(missing)}. "
            "Request changes instead.",
            code="incomplete",
        )


def _complete_to_publish(claim: Claim, user) -> None:
    missing = _missing_for_review(claim)
    if missing:
        raise Conflict(
            f"This claim cannot be published yet: it needs {', '.join(missing)}.", code="incomplete"
        )


def _not_taken_by_someone_else(claim: Claim, user) -> None:
    """A claim someone is assigned to is theirs: taking it from them is an editor's assignment."""
    if claim.assignee_id is not None and claim.assignee_id != user.pk:
        raise Conflict(
            f"{_assignee_name(claim)} has this claim already: ask an editor to assign it to you.",
            code="already_taken",
        )


def _assignee_name(claim: Claim) -> str:
    assignee = claim.assignee if claim.assignee_id else None
    return assignee.get_username() if assignee is not None else "Someone"


def _explain_taken(claim: Claim) -> str | None:
    """Why "Take" is gone from a claim that is no longer new: who took it (two takes at once: one wins)."""
    if claim.assignee_id is not None and claim.state == S.RESEARCHING:
        return (
            f"“Take it” is for new claims: {_assignee_name(claim)} took or was assigned this one first, "
            "and it is researching now."
        )
    return None


def _never_published(claim: Claim, user) -> None:
    if _has_related(claim, "publications"):
        raise Conflict(
            "This fact-check has been published, so it cannot be dismissed: "
            "publish a correction or update instead.",
            code="published_before",
        )


@dataclass(frozen=True)
class Action:
    """One row of the table: from which states, to which, who may act, and what it needs.

    `roles` may take it; with `or_assignee` the claim's assignee may too, whatever their role;
    `corrections_by` may take it on a claim published before (a correction they make themselves).
    `refused` says so to anyone else. `permits` are further checks on the member (NotPermitted:
    never), `guards` on the claim as it is now (Conflict: not yet), run in order. A token needs
    `scope` to take it.
    """

    name: str
    label: str
    sources: frozenset[str]
    target: str
    who: str  # in words, for refusals and the methodology page
    roles: frozenset[str]
    refused: str
    needs: str = ""
    comment_required: bool = False
    or_assignee: bool = False
    corrections_by: frozenset[str] = frozenset()
    permits: tuple[Callable[[Claim, object], None], ...] = ()
    guards: tuple[Callable[[Claim, object], None], ...] = ()
    scope: str = WRITE_SCOPE
    then: "FollowUp | None" = None
    # Says why a claim in another state is not open to it, when the generic "needs it to be…" would
    # not tell the member what happened (e.g. someone else took the claim a moment before).
    explain_state: Callable[[Claim], str | None] | None = None


@dataclass(frozen=True)
class FollowUp:
    """An action taken in the same transaction right after another, by the member `by` names.

    `by(claim)` returns who takes it (None: nobody, the claim stays where the first action left it).
    It is taken only when the claim reached one of its source states and that member passes every
    check of its own row (roles, permits, guards, input), so it bypasses nothing; otherwise the first
    action stands alone and the follow-up waits for someone to take it by hand.
    """

    action: str
    by: Callable[[Claim], object]
    when: str  # in words, for the table in the docs


def submits_with_note(claim: Claim, user) -> bool:
    """Whether this member's submission of the claim carries a note for readers, to be published on
    approval: a correction (the claim was published before) submitted by someone who may publish."""
    return getattr(user, "role", None) in EDITING_ROLES and _has_related(claim, "publications")


def correction_submitter(claim: Claim):
    """The editor who submitted this revision of a published fact-check with a note for readers (they
    asked for it to be published once approved), or None."""
    verdict = _verdict(claim)
    if verdict is None or verdict.submitted_by_id is None or not verdict.correction_note.strip():
        return None
    submitter = verdict.submitted_by
    return submitter if submits_with_note(claim, submitter) else None


_EDITOR = {"who": "an editor", "roles": EDITING_ROLES}
_REVIEWER = {
    "who": "a reviewer who did not write, last edit or submit the verdict",
    "roles": REVIEWING_ROLES,
    "refused": "Only a reviewer can review a verdict.",
    "permits": (_not_the_verdicts_author,),
}

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "assign",
            "Assign",
            frozenset({S.NEW, S.RESEARCHING}),
            S.RESEARCHING,
            **_EDITOR,
            refused="Only an editor can assign a claim.",
            needs="an assignee with a checking role",
        ),
        Action(
            "take",
            "Take it",
            frozenset({S.NEW}),
            S.RESEARCHING,
            who="a fact-checker (or an editor)",
            roles=CHECKING_ROLES,
            refused="Only fact-checkers and editors can take a claim to research.",
            needs="nobody else assigned; a due date is optional",
            guards=(_not_taken_by_someone_else,),
            explain_state=_explain_taken,
        ),
        Action(
            "submit",
            "Submit for review",
            frozenset({S.RESEARCHING}),
            S.IN_REVIEW,
            who="the assignee or a fact-checker (an editor, for a correction)",
            roles=frozenset({Role.FACT_CHECKER}),
            or_assignee=True,
            corrections_by=EDITING_ROLES,
            refused="Only the assignee or a fact-checker can submit a claim for review "
            "(an editor can submit a correction of a published fact-check).",
            needs="a verdict with a rating and a conclusion, and at least one piece of evidence; "
            "for a correction, optionally its note for readers",
            guards=(_complete_to_submit,),
        ),
        Action(
            "request_changes",
            "Request changes",
            frozenset({S.IN_REVIEW}),
            S.RESEARCHING,
            **_REVIEWER,
            needs="a comment",
            comment_required=True,
            guards=(_unreviewed_by_this_member,),
        ),
        Action(
            "approve",
            "Approve",
            frozenset({S.IN_REVIEW}),
            S.APPROVED,
            **_REVIEWER,
            needs="approvals from enough distinct reviewers on the current revision",
            guards=(_unreviewed_by_this_member, _complete_to_approve),
            then=FollowUp(
                "publish",
                by=correction_submitter,
                when="a correction an editor submitted with its note is published by the approval, "
                "in that editor's name",
            ),
        ),
        Action(
            "publish",
            "Publish",
            frozenset({S.APPROVED}),
            S.PUBLISHED,
            **_EDITOR,
            refused="Only an editor can publish a claim.",
            needs="a correction or update note from the second publication on",
            guards=(_complete_to_publish,),
        ),
        Action(
            "revise",
            "Revise",
            frozenset({S.PUBLISHED}),
            S.RESEARCHING,
            **_EDITOR,
            refused="Only an editor can revise a claim.",
            needs="nothing; the last publication stays public",
        ),
        Action(
            "dismiss",
            "Dismiss",
            frozenset({S.NEW, S.RESEARCHING}),
            S.DISMISSED,
            **_EDITOR,
            refused="Only an editor can dismiss a claim.",
            needs="a reason",
            comment_required=True,
            guards=(_never_published,),
        ),
        Action(
            "reopen",
            "Reopen",
            frozenset({S.DISMISSED}),
            S.NEW,
            **_EDITOR,
            refused="Only an editor can reopen a claim.",
        ),
    )
}

ACTION_CHOICES = [(name, action.label) for name, action in ACTIONS.items()]
assert all(a.then is None or a.then.action in ACTIONS for a in ACTIONS.values()), "follow-ups are actions"

# States in which the claim's content (verdict, evidence, rebuttals,
# appearances) may change. Published content changes only through `revise`.
EDITABLE_STATES = frozenset({S.NEW, S.RESEARCHING, S.IN_REVIEW, S.APPROVED})


def get_action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        known = ", ".join(ACTIONS)
        raise Conflict(f"Unknown action “{name}”. Known actions: {known}.", code="unknown_action") from None


def _state_label(state: str) -> str:
    return ClaimState(state).label.lower()


def check_permitted(claim: Claim, user, action: Action) -> None:
    """Raise NotPermitted when this member may never take this action on this claim (the table's roles
    and permits)."""
    if user is None or not user.is_active:
        raise NotPermitted("Only active members can change a claim.")
    is_assignee = action.or_assignee and claim.assignee_id == user.pk
    is_correction = getattr(user, "role", None) in action.corrections_by and _has_related(
        claim, "publications"
    )
    if not (is_assignee or is_correction):
        ensure_role(user, *action.roles, message=action.refused)
    for permit in action.permits:
        permit(claim, user)


def check_possible(claim: Claim, user, action: Action) -> None:
    """Raise Conflict when the claim is not ready for this action now, input aside (the table's
    states and guards)."""
    if claim.state not in action.sources:
        explained = action.explain_state(claim) if action.explain_state else None
        if explained:
            raise Conflict(explained, code="wrong_state")
        allowed = " or ".join(sorted(_state_label(s) for s in action.sources))
        raise Conflict(
            f"This claim is {_state_label(claim.state)}; “{action.label}” needs it to be {allowed}.",
            code="wrong_state",
        )
    for guard in action.guards:
        guard(claim, user)


def _missing_for_review(claim: Claim) -> list[str]:
    """What a claim still lacks before its verdict can be reviewed, in words."""
    verdict = _verdict(claim)
    missing = []
    if verdict is None or verdict.rating_id is None:
        missing.append("a verdict with a rating")
    if verdict is None or not verdict.conclusion.strip():
        missing.append("a conclusion")
    if not _has_related(claim, "evidence"):
        missing.append("at least one piece of evidence")
    return missing


def _prefetched(obj, name: str):
    return getattr(obj, "_prefetched_objects_cache", {}).get(name)


def _has_related(claim: Claim, name: str) -> bool:
    """Whether the claim has any `name` rows, without a query when a selector prefetched them."""
    rows = _prefetched(claim, name)
    return bool(rows) if rows is not None else getattr(claim, name).exists()


def _has_reviewed(verdict, user) -> bool:
    reviews = _prefetched(verdict, "reviews")
    if reviews is not None:
        return any(r.revision == verdict.revision and r.reviewer_id == user.pk for r in reviews)
    return verdict.reviews.filter(revision=verdict.revision, reviewer=user).exists()


def check_input(
    claim: Claim,
    action: Action,
    *,
    comment: str,
    assignee,
    note: str,
    note_kind: str,
    due_on: datetime.date | None = None,
) -> None:
    """Raise Conflict when what the action needs from the member is missing (or is wrong)."""
    if due_on is not None and action.name != "take":
        raise Conflict("Only “Take it” sets a due date; edit the claim to change it.", code="due_on_unused")
    if due_on is not None and due_on < timezone.localdate():
        raise Conflict("The due date is in the past: pick today or a later day.", code="due_on_past")
    if action.comment_required and not comment.strip():
        what = "a reason" if action.name == "dismiss" else "a comment saying what to change"
        raise Conflict(f"“{action.label}” needs {what}.", code="comment_required")
    if action.name == "assign":
        if assignee is None:
            raise Conflict("Choose who to assign the claim to.", code="assignee_required")
        if not assignee.is_active or assignee.role not in CHECKING_ROLES:
            raise Conflict(
                f"{assignee} cannot be assigned claims: only active fact-checkers and editors can.",
                code="assignee_invalid",
            )
    if action.name == "submit" and note.strip():
        if not _has_related(claim, "publications"):
            raise Conflict(
                "A note for readers goes with a correction or update of a published fact-check; "
                "this claim has not been published.",
                code="note_unexpected",
            )
        if note_kind not in {"correction", "update"}:
            raise Conflict("The note must be a correction or an update.", code="note_kind_invalid")
    if action.name == "publish" and claim.publications.exists():
        if not note.strip():
            raise Conflict(
                "This fact-check was published before: add a correction or update note for readers.",
                code="note_required",
            )
        if note_kind not in {"correction", "update"}:
            raise Conflict("The note must be a correction or an update.", code="note_kind_invalid")


def available_actions(claim: Claim, user, *, scopes: frozenset[str] | None = None) -> list[str]:
    """The actions this member may take on this claim now, in workflow order.

    `scopes`, a token's scopes (None for a member's session), leave out the actions whose scope
    the token lacks: a token acts as its member, never beyond its scopes.
    """
    names = []
    for action in ACTIONS.values():
        if scopes is not None and action.scope not in scopes:
            continue
        if claim.state not in action.sources:
            continue  # before the checks: explaining a state may need a query the list does not
        try:
            check_permitted(claim, user, action)
            check_possible(claim, user, action)
        except (NotPermitted, Conflict):
            continue
        names.append(action.name)
    return names


def actions_waiting(claim: Claim, user) -> list[tuple[Action, str]]:
    """Actions this member could take in this state but not yet, each with what is missing, in words
    (so the desk can say why "Submit" is not offered instead of leaving it out without a word)."""
    waiting = []
    for action in ACTIONS.values():
        if claim.state not in action.sources:
            continue
        try:
            check_permitted(claim, user, action)
            check_possible(claim, user, action)
        except NotPermitted:
            continue
        except Conflict as refusal:
            if refusal.code == "incomplete":
                waiting.append((action, refusal.message))
    return waiting


def actions_for_others(claim: Claim, user) -> list[Action]:
    """Actions open in this state that another member must take (the table's `who` says who), so the
    desk never leaves a member at "nothing to do" without saying whom the claim waits for."""
    others = []
    for action in ACTIONS.values():
        if claim.state not in action.sources:
            continue
        try:
            check_permitted(claim, user, action)
        except NotPermitted:
            others.append(action)
    return others


def required_approvals() -> int:
    return settings.REQUIRED_APPROVALS


def count_fresh_approvals(verdict) -> int:
    """Distinct reviewers who approved the verdict's current revision."""
    return (
        verdict.reviews.filter(revision=verdict.revision, decision=ReviewDecision.APPROVE)
        .values("reviewer")
        .distinct()
        .count()
    )


def ensure_content_editable(claim: Claim, user) -> None:
    """Raise unless this member may change the claim's content now."""
    ensure_role(user, *WRITING_ROLES, message="Only fact-checkers and editors can change a claim's content.")
    if claim.state == S.PUBLISHED:
        raise Conflict(
            "This fact-check is published: an editor has to revise it before its content can change.",
            code="published",
        )
    if claim.state == S.DISMISSED:
        raise Conflict("This claim was dismissed: an editor has to reopen it first.", code="dismissed")


def verdict_of(claim: Claim):
    """The claim's verdict, or None."""
    return _verdict(claim)
