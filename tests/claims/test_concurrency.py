"""Two members acting at the same moment: one success and one clear conflict, never a double write.

Each thread has its own database connection. A holder thread takes the claim's
row lock first and keeps it a moment, so both actors are queued on the lock
when it is released: the race is real, not a matter of luck.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from claims.models import Claim, ClaimState, Publication, Review, Transition, Verdict
from claims.services import claim_transition
from factcheck.errors import Conflict
from tests.factories import claim_in_state, write_verdict

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 0.3


def race(claim_id: int, *calls):
    """Run each call in its own thread, all released together while a third thread holds the row lock."""
    barrier = threading.Barrier(len(calls) + 1)
    results: list = [None] * len(calls)

    def hold_lock():
        try:
            with transaction.atomic():
                Claim.objects.select_for_update().get(pk=claim_id)
                # The verdict too: a service that forgot the claim lock would still collide here.
                list(Verdict.objects.select_for_update().filter(claim_id=claim_id))
                barrier.wait(timeout=10)
                time.sleep(HOLD_SECONDS)
        finally:
            connection.close()

    def act(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as error:  # the assertion is on what each caller got back
            results[index] = ("error", error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    # The actors start only once the lock is taken.
    while not barrier.n_waiting:
        time.sleep(0.005)
    actors = [threading.Thread(target=act, args=(i, call)) for i, call in enumerate(calls)]
    for thread in actors:
        thread.start()
    for thread in [holder, *actors]:
        thread.join(timeout=30)
    assert all(not thread.is_alive() for thread in [holder, *actors])
    return results


def one_success_one_conflict(results):
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Conflict), repr(error)
    return error


def test_two_approvals_at_once_give_one_approval_and_one_conflict(
    settings, checker, reviewer, second_reviewer, editor
):
    settings.REQUIRED_APPROVALS = 1
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer),
        lambda: claim_transition(claim=claim, action="approve", actor=second_reviewer),
    )

    error = one_success_one_conflict(results)
    assert error.code == "wrong_state"
    assert "approved" in error.message
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED
    assert Review.objects.filter(verdict__claim=claim).count() == 1
    assert Transition.objects.filter(claim=claim, action="approve").count() == 1


def test_two_approvals_at_once_both_count_when_two_are_required(
    settings, checker, reviewer, second_reviewer, editor
):
    settings.REQUIRED_APPROVALS = 2
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    assert claim.state == ClaimState.IN_REVIEW

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer),
        lambda: claim_transition(claim=claim, action="approve", actor=second_reviewer),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED
    assert Review.objects.filter(verdict__claim=claim).count() == 2


def test_two_publishes_at_once_write_one_publication(checker, reviewer, editor, second_editor):
    claim = claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor)

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="publish", actor=editor),
        lambda: claim_transition(claim=claim, action="publish", actor=second_editor),
    )

    error = one_success_one_conflict(results)
    assert error.code == "wrong_state"
    assert "published" in error.message
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    assert Publication.objects.filter(claim=claim).count() == 1
    assert Transition.objects.filter(claim=claim, action="publish").count() == 1


def test_two_verdict_edits_of_the_same_revision_give_one_edit_and_one_conflict(
    checker, other_checker, reviewer, editor
):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    seen = write_verdict(claim, actor=checker).revision

    results = race(
        claim.pk,
        lambda: write_verdict(claim, actor=checker, conclusion="First edit.", expected_revision=seen),
        lambda: write_verdict(claim, actor=other_checker, conclusion="Second edit.", expected_revision=seen),
    )

    error = one_success_one_conflict(results)
    assert error.code == "stale_revision"
    claim.verdict.refresh_from_db()
    assert claim.verdict.revision == seen + 1
    assert claim.verdict.conclusion in {"First edit.", "Second edit."}
