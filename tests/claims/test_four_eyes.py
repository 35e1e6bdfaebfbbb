"""Four eyes and fresh approvals: who may approve what, and when an approval stops counting."""

import pytest

from claims import workflow
from claims.models import ClaimState, Review, ReviewDecision, Transition
from claims.services import claim_transition
from factcheck.errors import Conflict, NotPermitted
from factcheck.roles import Role
from tests.factories import UserFactory, add_evidence, claim_in_state, make_claim, write_verdict

S = ClaimState


def become_reviewer(user):
    """Members change roles; four eyes must hold for what they did before."""
    user.role = Role.REVIEWER
    user.save()
    return user


def submitted_claim(*, author, editor, assignee=None):
    claim = make_claim(author=author)
    claim_transition(claim=claim, action="assign", actor=editor, assignee=assignee or author)
    add_evidence(claim, actor=author)
    write_verdict(claim, actor=author)
    return claim_transition(claim=claim, action="submit", actor=assignee or author)


@pytest.mark.parametrize("action", ["approve", "request_changes"])
def test_the_author_cannot_review_their_own_verdict(action, checker, editor):
    claim = submitted_claim(author=checker, editor=editor)
    become_reviewer(checker)

    assert action not in workflow.available_actions(claim, checker)
    with pytest.raises(NotPermitted) as refused:
        claim_transition(claim=claim, action=action, actor=checker, comment="Fine by me.")
    assert "four eyes" in refused.value.message
    assert "someone else" in refused.value.message
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW
    assert not Review.objects.filter(verdict__claim=claim).exists()


def test_the_last_editor_cannot_approve_but_an_uninvolved_reviewer_can(
    checker, other_checker, editor, reviewer
):
    claim = submitted_claim(author=checker, editor=editor)
    verdict = write_verdict(claim, actor=other_checker, conclusion="Exports fell by a third.")
    assert (verdict.author, verdict.last_edited_by) == (checker, other_checker)
    become_reviewer(other_checker)
    become_reviewer(checker)
    claim.refresh_from_db()

    for involved in (other_checker, checker):
        assert "approve" not in workflow.available_actions(claim, involved)
        with pytest.raises(NotPermitted) as refused:
            claim_transition(claim=claim, action="approve", actor=involved)
        assert "four eyes" in refused.value.message

    assert "approve" in workflow.available_actions(claim, reviewer)
    assert claim_transition(claim=claim, action="approve", actor=reviewer).state == S.APPROVED


def test_an_approval_on_an_older_revision_does_not_count(
    settings, checker, editor, reviewer, second_reviewer
):
    settings.REQUIRED_APPROVALS = 2
    claim = submitted_claim(author=checker, editor=editor)
    revision = claim.verdict.revision
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.IN_REVIEW
    assert workflow.count_fresh_approvals(claim.verdict) == 1

    verdict = write_verdict(claim, actor=checker, conclusion="Exports fell by a third.")
    assert verdict.revision == revision + 1
    assert workflow.count_fresh_approvals(verdict) == 0

    # One fresh approval is not two, although two reviewers have approved something.
    claim = claim_transition(claim=claim, action="approve", actor=second_reviewer)
    assert claim.state == S.IN_REVIEW
    assert Review.objects.filter(verdict=verdict, decision=ReviewDecision.APPROVE).count() == 2

    # The first reviewer may (and must) look at the new revision.
    assert "approve" in workflow.available_actions(claim, reviewer)
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED
    assert set(
        Review.objects.filter(verdict=verdict, revision=revision + 1).values_list("reviewer", flat=True)
    ) == {
        reviewer.pk,
        second_reviewer.pk,
    }


def test_editing_the_verdict_of_an_approved_claim_returns_it_to_review(checker, reviewer, editor):
    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    approved_revision = claim.verdict.revision
    assert "publish" in workflow.available_actions(claim, editor)

    verdict = write_verdict(claim, actor=checker, rating="Mostly false")
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW
    assert verdict.revision == approved_revision + 1
    assert workflow.count_fresh_approvals(verdict) == 0
    logged = Transition.objects.filter(claim=claim).order_by("id").last()
    assert (logged.action, logged.from_state, logged.to_state, logged.actor) == (
        "verdict_changed",
        S.APPROVED,
        S.IN_REVIEW,
        checker,
    )
    assert "fresh review" in logged.comment
    assert "publish" not in workflow.available_actions(claim, editor)
    with pytest.raises(Conflict):
        claim_transition(claim=claim, action="publish", actor=editor)

    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED


def test_saving_an_unchanged_verdict_keeps_the_approval(checker, reviewer, editor):
    claim = claim_in_state(S.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    revision = claim.verdict.revision
    verdict = write_verdict(claim, actor=checker)
    claim.refresh_from_db()
    assert (claim.state, verdict.revision) == (S.APPROVED, revision)
    assert not Transition.objects.filter(claim=claim, action="verdict_changed").exists()


def test_editing_the_verdict_in_review_makes_earlier_approvals_stale(settings, checker, editor, reviewer):
    settings.REQUIRED_APPROVALS = 2
    claim = submitted_claim(author=checker, editor=editor)
    claim_transition(claim=claim, action="approve", actor=reviewer)
    write_verdict(claim, actor=checker, headline="Steel exports fell")
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW
    assert workflow.count_fresh_approvals(claim.verdict) == 0
    assert not Transition.objects.filter(claim=claim, action="verdict_changed").exists()


def test_two_approvals_needed_take_two_distinct_reviewers(
    settings, checker, editor, reviewer, second_reviewer
):
    settings.REQUIRED_APPROVALS = 2
    claim = submitted_claim(author=checker, editor=editor)

    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW
    assert "publish" not in workflow.available_actions(claim, editor)

    # The same reviewer approving again is no second pair of eyes.
    assert "approve" not in workflow.available_actions(claim, reviewer)
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="approve", actor=reviewer)
    assert refused.value.code == "already_reviewed"
    assert "already reviewed" in refused.value.message
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW
    assert Review.objects.filter(verdict__claim=claim).count() == 1

    claim = claim_transition(claim=claim, action="approve", actor=second_reviewer)
    claim.refresh_from_db()
    assert claim.state == S.APPROVED
    assert workflow.count_fresh_approvals(claim.verdict) == 2


def test_the_same_reviewer_cannot_approve_twice_with_one_approval_required(checker, editor, reviewer):
    claim = submitted_claim(author=checker, editor=editor)
    claim_transition(claim=claim, action="approve", actor=reviewer)
    with pytest.raises(Conflict):
        claim_transition(claim=claim, action="approve", actor=reviewer)
    assert Review.objects.filter(verdict__claim=claim).count() == 1


def test_a_request_for_changes_sends_back_and_resubmission_is_a_new_revision(
    settings, checker, editor, reviewer, second_reviewer
):
    settings.REQUIRED_APPROVALS = 2
    claim = submitted_claim(author=checker, editor=editor)
    first_revision = claim.verdict.revision
    claim_transition(claim=claim, action="approve", actor=reviewer)
    claim = claim_transition(claim=claim, action="request_changes", actor=second_reviewer, comment="Cite it.")
    assert claim.state == S.RESEARCHING

    # Resubmitted unchanged: the reviews of the old round do not carry over.
    claim = claim_transition(claim=claim, action="submit", actor=checker)
    claim.verdict.refresh_from_db()
    assert claim.verdict.revision == first_revision + 1
    assert workflow.count_fresh_approvals(claim.verdict) == 0
    claim_transition(claim=claim, action="approve", actor=reviewer)
    claim = claim_transition(claim=claim, action="approve", actor=second_reviewer)
    assert claim.state == S.APPROVED


def test_a_stale_expected_revision_is_a_conflict(checker, other_checker, editor):
    claim = submitted_claim(author=checker, editor=editor)
    seen = claim.verdict.revision
    write_verdict(claim, actor=other_checker, conclusion="Someone else's edit.", expected_revision=seen)

    with pytest.raises(Conflict) as refused:
        write_verdict(claim, actor=checker, conclusion="My edit.", expected_revision=seen)
    assert refused.value.code == "stale_revision"
    assert "meanwhile" in refused.value.message
    claim.verdict.refresh_from_db()
    assert claim.verdict.conclusion == "Someone else's edit."
    assert claim.verdict.revision == seen + 1

    verdict = write_verdict(claim, actor=checker, conclusion="My edit.", expected_revision=seen + 1)
    assert (verdict.conclusion, verdict.revision, verdict.last_edited_by) == ("My edit.", seen + 2, checker)


def test_a_reviewer_cannot_edit_a_verdict(checker, editor, reviewer):
    claim = submitted_claim(author=checker, editor=editor)
    with pytest.raises(NotPermitted):
        write_verdict(claim, actor=reviewer, conclusion="Looks false to me.")


def test_a_verdict_written_by_an_editor_needs_another_reviewer(checker, editor, reviewer):
    claim = make_claim(author=checker)
    claim_transition(claim=claim, action="assign", actor=editor, assignee=editor)
    add_evidence(claim, actor=editor)
    write_verdict(claim, actor=editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor)
    promoted = UserFactory(username="promoted-editor", role=Role.EDITOR)
    # An editor who had no hand in the verdict still cannot review: reviewing is the reviewer's job.
    with pytest.raises(NotPermitted):
        claim_transition(claim=claim, action="approve", actor=promoted)
    assert claim_transition(claim=claim, action="approve", actor=reviewer).state == S.APPROVED
