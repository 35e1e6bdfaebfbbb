"""The quick correction under concurrent requests: one approval publishes once, and an edit racing an
approval never publishes what nobody reviewed. (The race harness: tests/claims/test_concurrency.py.)"""

import pytest

from claims.models import ClaimState, Publication, Review, Transition
from claims.services import claim_transition
from factcheck.errors import Conflict
from tests.claims.test_concurrency import one_success_one_conflict, race
from tests.factories import write_verdict
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Rating: False → Mostly false"


def submitted_correction(*, checker, reviewer, editor):
    claim = publish_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    claim = claim_transition(claim=claim, action="revise", actor=editor)
    write_verdict(claim, actor=editor, rating="Mostly false")
    return claim_transition(claim=claim, action="submit", actor=editor, note=NOTE, note_kind="correction")


def test_two_approvals_at_once_publish_the_correction_once(checker, reviewer, second_reviewer, editor):
    claim = submitted_correction(checker=checker, reviewer=reviewer, editor=editor)

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer),
        lambda: claim_transition(claim=claim, action="approve", actor=second_reviewer),
    )

    assert one_success_one_conflict(results).code == "wrong_state"
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    assert list(Publication.objects.filter(claim=claim).values_list("version", flat=True)) == [2, 1]
    assert Transition.objects.filter(claim=claim, action="publish").count() == 2  # version 1 and 2


def test_an_edit_racing_the_approval_never_publishes_unreviewed_content(checker, reviewer, editor):
    claim = submitted_correction(checker=checker, reviewer=reviewer, editor=editor)
    read = claim.verdict.revision

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read),
        lambda: write_verdict(claim, actor=editor, rating="Half true"),
    )

    error = one_success_one_conflict(results)
    assert error.code in {"stale_revision", "published"}
    correction = Publication.objects.filter(claim=claim, version=2).first()
    if error.code == "published":  # the approval came first: what was read is what is published
        assert correction.rating_label == "Mostly false" and correction.verdict_revision == read
    else:  # the edit came first: nothing is published, the new revision awaits a review
        assert correction is None
        assert not Review.objects.filter(verdict__claim=claim, revision__gt=read).exists()
    assert not Publication.objects.filter(claim=claim, rating_label="Half true").exists()
    assert isinstance(error, Conflict)
