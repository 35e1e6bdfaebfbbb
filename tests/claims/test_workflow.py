"""The declared workflow, table-driven: every action × every role × every state.

A refusal is NotPermitted (the role may never take the action: the API's 403)
or Conflict (not now: wrong state, an unmet guard, missing input: the API's 409).
"""

import pytest

from claims import workflow
from claims.models import ClaimState, Publication, Review, ReviewDecision, Transition
from claims.services import claim_transition
from evidence.services import evidence_delete
from factcheck.errors import Conflict, NotPermitted
from factcheck.roles import Role
from tests.factories import UserFactory, add_evidence, claim_in_state, make_claim, write_verdict

S = ClaimState
ALL_STATES = list(S)
ROLES = [Role.FACT_CHECKER, Role.REVIEWER, Role.EDITOR, Role.ADMIN]
EDITORS = {Role.EDITOR, Role.ADMIN}

# The table in DESIGN.md: action -> (roles that may take it, states it starts from, state it leads to).
WORKFLOW_TABLE = {
    "assign": (EDITORS, {S.NEW, S.RESEARCHING}, S.RESEARCHING),
    "take": ({Role.FACT_CHECKER} | EDITORS, {S.NEW}, S.RESEARCHING),
    "submit": ({Role.FACT_CHECKER}, {S.RESEARCHING}, S.IN_REVIEW),
    "request_changes": ({Role.REVIEWER}, {S.IN_REVIEW}, S.RESEARCHING),
    "approve": ({Role.REVIEWER}, {S.IN_REVIEW}, S.APPROVED),
    "publish": (EDITORS, {S.APPROVED}, S.PUBLISHED),
    "revise": (EDITORS, {S.PUBLISHED}, S.RESEARCHING),
    "dismiss": (EDITORS, {S.NEW, S.RESEARCHING}, S.DISMISSED),
    "reopen": (EDITORS, {S.DISMISSED}, S.NEW),
}
# Words a refusal for a role that may never act names: who may.
WHO_MAY = {
    "assign": "editor",
    "take": "fact-checker",
    "submit": "fact-checker",
    "request_changes": "reviewer",
    "approve": "reviewer",
    "publish": "editor",
    "revise": "editor",
    "dismiss": "editor",
    "reopen": "editor",
}


# An editor submits only a correction (a claim published before: here, only the published one, where
# the state refuses it); the correction path is tested in tests/claims/test_quick_correction.py.
SUBMITS_ONLY_CORRECTIONS = EDITORS


def expected_outcome(action: str, role: str, state: str) -> str:
    roles, sources, _target = WORKFLOW_TABLE[action]
    if action == "submit" and role in SUBMITS_ONLY_CORRECTIONS:
        return "conflict" if state == S.PUBLISHED else "not_permitted"
    if role not in roles:
        return "not_permitted"
    if state not in sources:
        return "conflict"
    return "allowed"


def test_the_declared_workflow_matches_the_design_table():
    assert set(workflow.ACTIONS) == set(WORKFLOW_TABLE)
    for name, (_roles, sources, target) in WORKFLOW_TABLE.items():
        action = workflow.ACTIONS[name]
        assert set(action.sources) == sources, name
        assert action.target == target, name


@pytest.fixture
def actors(other_checker, second_reviewer, editor, admin_member):
    """One actor per role, none of them the verdict's author, the assignee or the first reviewer."""
    return {
        Role.FACT_CHECKER: other_checker,
        Role.REVIEWER: second_reviewer,
        Role.EDITOR: editor,
        Role.ADMIN: admin_member,
    }


def ready_claim(state, *, checker, reviewer, editor):
    """A claim in `state` whose guards are met, so the table alone decides."""
    claim = claim_in_state(state, checker=checker, reviewer=reviewer, editor=editor)
    if state == S.RESEARCHING:
        add_evidence(claim, actor=checker)
        write_verdict(claim, actor=checker)
    claim.refresh_from_db()
    return claim


def valid_input(action: str, *, assignee) -> dict:
    if action == "assign":
        return {"assignee": assignee}
    if action in {"request_changes", "dismiss"}:
        return {"comment": "Reason given in words."}
    return {}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(WORKFLOW_TABLE))
def test_every_action_by_every_role_in_every_state(action, role, state, checker, reviewer, editor, actors):
    claim = ready_claim(state, checker=checker, reviewer=reviewer, editor=editor)
    actor = actors[role]
    expected = expected_outcome(action, role, state)
    transitions_before = Transition.objects.filter(claim=claim).count()

    assert (action in workflow.available_actions(claim, actor)) == (expected == "allowed")

    if expected == "allowed":
        result = claim_transition(
            claim=claim, action=action, actor=actor, **valid_input(action, assignee=checker)
        )
        result.refresh_from_db()
        assert result.state == WORKFLOW_TABLE[action][2]
        logged = Transition.objects.filter(claim=claim).order_by("id").last()
        assert (logged.action, logged.from_state, logged.to_state, logged.actor) == (
            action,
            state,
            WORKFLOW_TABLE[action][2],
            actor,
        )
        return

    error = NotPermitted if expected == "not_permitted" else Conflict
    with pytest.raises(error) as refused:
        claim_transition(claim=claim, action=action, actor=actor, **valid_input(action, assignee=checker))
    message = refused.value.message
    assert "_" not in message, "refusals are in words, not codes"
    if expected == "not_permitted":
        assert WHO_MAY[action] in message.lower()
    else:
        assert refused.value.code == "wrong_state"
        assert S(state).label.lower() in message
        assert workflow.ACTIONS[action].label in message
    claim.refresh_from_db()
    assert claim.state == state
    assert Transition.objects.filter(claim=claim).count() == transitions_before


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_available_actions_lists_exactly_what_the_table_allows(
    role, state, checker, reviewer, editor, actors
):
    claim = ready_claim(state, checker=checker, reviewer=reviewer, editor=editor)
    expected = [a for a in WORKFLOW_TABLE if expected_outcome(a, role, state) == "allowed"]
    assert workflow.available_actions(claim, actors[role]) == expected


@pytest.mark.parametrize("state", ALL_STATES)
def test_an_admin_may_do_everything_an_editor_may(state, checker, reviewer, editor, admin_member):
    claim = ready_claim(state, checker=checker, reviewer=reviewer, editor=editor)
    editor_actions = workflow.available_actions(claim, editor)
    assert workflow.available_actions(claim, admin_member) == editor_actions
    assert editor_actions or state == S.IN_REVIEW


def test_unknown_action_is_a_conflict_naming_the_known_ones(checker, editor):
    claim = make_claim(author=checker)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="teleport", actor=editor)
    assert refused.value.code == "unknown_action"
    assert "publish" in refused.value.message


def test_an_inactive_member_may_not_act(checker, editor):
    claim = make_claim(author=checker)
    editor.is_active = False
    editor.save()
    with pytest.raises(NotPermitted) as refused:
        claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    assert "active" in refused.value.message
    assert workflow.available_actions(claim, editor) == []


# --- Guards: submit -----------------------------------------------------------


@pytest.mark.parametrize(
    "missing, words",
    [
        ("verdict", ["verdict", "rating", "conclusion"]),
        ("rating", ["rating"]),
        ("conclusion", ["conclusion"]),
        ("evidence", ["evidence"]),
    ],
)
def test_submit_needs_a_rated_concluded_verdict_and_evidence(missing, words, checker, reviewer, editor):
    claim = claim_in_state(S.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    if missing != "evidence":
        add_evidence(claim, actor=checker)
    if missing == "rating":
        write_verdict(claim, actor=checker, rating=None)
    elif missing == "conclusion":
        write_verdict(claim, actor=checker, conclusion="   ")
    elif missing == "evidence":
        write_verdict(claim, actor=checker)
    claim.refresh_from_db()

    assert "submit" not in workflow.available_actions(claim, checker)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="submit", actor=checker)
    assert refused.value.code == "incomplete"
    for word in words:
        assert word in refused.value.message
    if missing != "evidence":
        assert "evidence" not in refused.value.message
    claim.refresh_from_db()
    assert claim.state == S.RESEARCHING

    # Once complete, the same member may submit.
    if missing == "evidence":
        add_evidence(claim, actor=checker)
    else:
        write_verdict(claim, actor=checker, rating="Mostly false", conclusion="Exports fell.")
    claim.refresh_from_db()
    assert "submit" in workflow.available_actions(claim, checker)
    assert claim_transition(claim=claim, action="submit", actor=checker).state == S.IN_REVIEW


def test_the_assignee_may_submit_even_as_an_editor(checker, editor, second_editor):
    claim = make_claim(author=checker)
    claim_transition(claim=claim, action="assign", actor=editor, assignee=second_editor)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    claim.refresh_from_db()
    assert "submit" not in workflow.available_actions(claim, editor)
    with pytest.raises(NotPermitted):
        claim_transition(claim=claim, action="submit", actor=editor)
    assert "submit" in workflow.available_actions(claim, second_editor)
    assert claim_transition(claim=claim, action="submit", actor=second_editor).state == S.IN_REVIEW


# --- Guards: comments, reasons, assignees ----------------------------------------


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_request_changes_needs_a_comment(comment, checker, reviewer, editor):
    claim = claim_in_state(S.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    assert "request_changes" in workflow.available_actions(claim, reviewer)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="request_changes", actor=reviewer, comment=comment)
    assert refused.value.code == "comment_required"
    assert "comment" in refused.value.message
    assert not Review.objects.filter(verdict__claim=claim).exists()

    claim = claim_transition(
        claim=claim, action="request_changes", actor=reviewer, comment="Source the 2024 figure."
    )
    assert claim.state == S.RESEARCHING
    review = Review.objects.get(verdict__claim=claim)
    assert (review.decision, review.comment, review.reviewer) == (
        ReviewDecision.REQUEST_CHANGES,
        "Source the 2024 figure.",
        reviewer,
    )


@pytest.mark.parametrize("state", [S.NEW, S.RESEARCHING])
def test_dismiss_needs_a_reason(state, checker, reviewer, editor):
    claim = claim_in_state(state, checker=checker, reviewer=reviewer, editor=editor)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="dismiss", actor=editor, comment=" ")
    assert refused.value.code == "comment_required"
    assert "reason" in refused.value.message
    claim = claim_transition(claim=claim, action="dismiss", actor=editor, comment="Opinion, not a fact.")
    assert claim.state == S.DISMISSED
    assert Transition.objects.filter(claim=claim, action="dismiss").get().comment == "Opinion, not a fact."
    # Reopening brings it back to the start.
    assert claim_transition(claim=claim, action="reopen", actor=editor).state == S.NEW


def test_assign_needs_an_assignee(checker, editor):
    claim = make_claim(author=checker)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="assign", actor=editor)
    assert refused.value.code == "assignee_required"
    assert "assign" in refused.value.message.lower()


def test_a_reviewer_cannot_be_assigned(checker, reviewer, editor):
    claim = make_claim(author=checker)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="assign", actor=editor, assignee=reviewer)
    assert refused.value.code == "assignee_invalid"
    assert "fact-checkers and editors" in refused.value.message
    claim.refresh_from_db()
    assert (claim.state, claim.assignee) == (S.NEW, None)


def test_an_inactive_fact_checker_cannot_be_assigned(checker, other_checker, editor):
    claim = make_claim(author=checker)
    other_checker.is_active = False
    other_checker.save()
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="assign", actor=editor, assignee=other_checker)
    assert "active" in refused.value.message


@pytest.mark.parametrize("assignee_role", [Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN])
def test_any_checking_role_can_be_assigned_and_reassigned(assignee_role, checker, editor):
    claim = make_claim(author=checker)
    assignee = UserFactory(username=f"assignee-{assignee_role}", role=assignee_role)
    claim = claim_transition(claim=claim, action="assign", actor=editor, assignee=assignee)
    assert (claim.state, claim.assignee) == (S.RESEARCHING, assignee)
    claim = claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    claim.refresh_from_db()
    assert (claim.state, claim.assignee) == (S.RESEARCHING, checker)


# --- Publishing again -----------------------------------------------------------


def approve_again(claim, *, checker, reviewer):
    """Take a revised claim back through review."""
    write_verdict(claim, actor=checker, conclusion="The numbers say otherwise; 2024 data added.")
    claim_transition(claim=claim, action="submit", actor=checker)
    return claim_transition(claim=claim, action="approve", actor=reviewer)


def test_revise_keeps_the_last_publication(checker, reviewer, editor):
    claim = claim_in_state(S.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    first = Publication.objects.get(claim=claim)
    revision_published = claim.verdict.revision

    claim = claim_transition(claim=claim, action="revise", actor=editor)
    assert claim.state == S.RESEARCHING
    assert list(Publication.objects.filter(claim=claim)) == [first]
    claim.verdict.refresh_from_db()
    assert claim.verdict.revision == revision_published + 1


def test_publishing_again_needs_a_note_and_writes_version_two(checker, reviewer, editor):
    claim = claim_in_state(S.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    first = Publication.objects.get(claim=claim)
    claim_transition(claim=claim, action="revise", actor=editor)
    # The reviewer who approved revision 1 reviews the new revision afresh.
    claim = approve_again(claim, checker=checker, reviewer=reviewer)
    assert claim.state == S.APPROVED

    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="publish", actor=editor, note="  ")
    assert refused.value.code == "note_required"
    assert "note" in refused.value.message
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="publish", actor=editor, note="Fixed.", note_kind="erratum")
    assert refused.value.code == "note_kind_invalid"
    assert "correction" in refused.value.message
    assert Publication.objects.filter(claim=claim).count() == 1

    claim = claim_transition(
        claim=claim, action="publish", actor=editor, note="Added 2024 customs data.", note_kind="correction"
    )
    assert claim.state == S.PUBLISHED
    second, again_first = Publication.objects.filter(claim=claim).order_by("-version")
    assert (second.version, second.note, second.note_kind) == (2, "Added 2024 customs data.", "correction")
    assert second.verdict_revision > first.verdict_revision
    assert second.content["verdict"]["conclusion"] == "The numbers say otherwise; 2024 data added."
    assert second.slug == first.slug
    assert (again_first.pk, again_first.version, again_first.note, again_first.content) == (
        first.pk,
        1,
        "",
        first.content,
    )


def test_the_first_publication_needs_no_note(checker, reviewer, editor):
    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    claim = claim_transition(claim=claim, action="publish", actor=editor)
    publication = Publication.objects.get(claim=claim)
    assert (publication.version, publication.note, publication.note_kind) == (1, "", "")
    assert publication.published_by == editor


# --- What was complete at submission must still be complete ----------------------


@pytest.mark.parametrize("emptied", ["rating", "conclusion", "evidence"])
def test_a_verdict_emptied_during_review_cannot_be_approved_only_sent_back(
    emptied, checker, reviewer, editor
):
    claim = claim_in_state(S.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    if emptied == "rating":
        write_verdict(claim, actor=checker, rating=None)
    elif emptied == "conclusion":
        write_verdict(claim, actor=checker, conclusion="")
    else:
        evidence_delete(evidence=claim.evidence.get(), actor=checker)
    claim.refresh_from_db()

    assert workflow.available_actions(claim, reviewer) == ["request_changes"]
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="approve", actor=reviewer)
    assert refused.value.code == "incomplete"
    assert emptied in refused.value.message
    assert not Review.objects.filter(verdict__claim=claim).exists()

    claim = claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Put it back.")
    assert claim.state == S.RESEARCHING


def test_an_approved_claim_that_lost_its_evidence_goes_back_to_review_and_cannot_be_published(
    checker, reviewer, second_reviewer, editor
):
    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    revision = claim.verdict.revision
    evidence_delete(evidence=claim.evidence.get(), actor=checker)
    claim.refresh_from_db()

    # The approval vouched for evidence that is gone: the claim needs a fresh review.
    assert claim.state == S.IN_REVIEW
    assert claim.verdict.revision == revision + 1
    assert claim.transitions.last().action == "content_changed"
    assert "publish" not in workflow.available_actions(claim, editor)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="publish", actor=editor)
    assert refused.value.code == "wrong_state"
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="approve", actor=second_reviewer)
    assert refused.value.code == "incomplete"
    assert "evidence" in refused.value.message
    assert not Publication.objects.filter(claim=claim).exists()

    add_evidence(claim, actor=checker, title="Korea customs data")
    claim = claim_transition(claim=claim, action="approve", actor=second_reviewer)
    claim = claim_transition(claim=claim, action="publish", actor=editor)
    assert Publication.objects.get(claim=claim).content["evidence"][0]["title"] == "Korea customs data"


def test_changing_reviewed_content_while_in_review_makes_the_reviews_stale(
    settings, checker, reviewer, second_reviewer, editor
):
    settings.REQUIRED_APPROVALS = 2
    claim = claim_in_state(S.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.IN_REVIEW
    add_evidence(claim, actor=checker, title="A late addition", stance="context")
    claim = claim_transition(claim=claim, action="approve", actor=second_reviewer)
    # The first approval was for what the first reviewer saw: one fresh approval is not two.
    assert claim.state == S.IN_REVIEW
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED


def test_desk_fields_do_not_disturb_an_approval(checker, reviewer, editor):
    import datetime

    from claims.services import claim_update

    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    claim_update(claim=claim, actor=editor, due_on=datetime.date(2025, 8, 1), selection_reason="Viral")
    claim.refresh_from_db()
    assert claim.state == S.APPROVED


def test_topics_are_published_so_changing_them_needs_a_fresh_review(checker, reviewer, editor):
    from claims.services import claim_update

    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    approved_revision = claim.verdict.revision
    claim_update(claim=claim, actor=editor, topics=["trade", "an unreviewed topic"])
    claim.refresh_from_db()
    assert (claim.state, claim.verdict.revision) == (S.IN_REVIEW, approved_revision + 1)
    assert claim.transitions.last().action == "content_changed"


def test_a_fact_check_that_was_published_cannot_be_dismissed(checker, reviewer, editor):
    claim = claim_in_state(S.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    claim = claim_transition(claim=claim, action="revise", actor=editor)
    assert "dismiss" not in workflow.available_actions(claim, editor)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="dismiss", actor=editor, comment="Never mind")
    assert refused.value.code == "published_before"
    assert "correction" in refused.value.message
