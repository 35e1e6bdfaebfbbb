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
from evidence import services as evidence_services
from evidence.models import Source
from evidence.services import evidence_update
from factcheck.errors import Conflict
from tests.factories import add_evidence, claim_in_state, write_verdict

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


# --- A review against a content change (issue "Review guarantees", point 3) ----------------------


def lock_waiters() -> int:
    """Backends of this test database waiting for a lock right now (read on a connection of its own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def queue_in_order(lock, *calls):
    """Run each call in its own thread, queued on the lock a holder thread takes with `lock()`, in this order.

    Each call starts once the one before waits for the lock, and PostgreSQL grants a row lock to its
    waiters in the order they came: both are in flight together, and who goes first is known.
    """
    held, release = threading.Event(), threading.Event()
    results: list = [None] * len(calls)

    def hold_lock():
        try:
            with transaction.atomic():
                lock()
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def act(index, call):
        try:
            results[index] = ("ok", call())
        except Exception as error:  # the assertion is on what each caller got back
            results[index] = ("error", error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert held.wait(timeout=10)
    actors = []
    try:
        for index, call in enumerate(calls):
            actor = threading.Thread(target=act, args=(index, call))
            actor.start()
            actors.append(actor)
            deadline = time.monotonic() + 10
            while lock_waiters() < index + 1 and actor.is_alive() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert actor.is_alive(), f"call {index} did not wait for the lock: {results[index]}"
    finally:
        release.set()
        for thread in [holder, *actors]:
            thread.join(timeout=30)
    assert all(not thread.is_alive() for thread in [holder, *actors])
    return results


def lock_claim_and_verdict(claim_id):
    def lock():
        Claim.objects.select_for_update().get(pk=claim_id)
        list(Verdict.objects.select_for_update().filter(claim_id=claim_id))

    return lock


def fresh_approvals(claim) -> int:
    from claims.workflow import count_fresh_approvals

    return count_fresh_approvals(Verdict.objects.get(claim=claim))


def test_an_evidence_edit_landing_first_makes_a_concurrent_approval_stale(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    read = claim.verdict.revision  # the reviewer's page, before any review of this revision
    evidence = claim.evidence.get()

    results = queue_in_order(
        lock_claim_and_verdict(claim.pk),
        lambda: evidence_update(evidence=evidence, actor=checker, excerpt="Words the reviewer never read."),
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read),
    )

    assert results[0][0] == "ok", results
    kind, error = results[1]
    assert kind == "error" and isinstance(error, Conflict) and error.code == "stale_revision", results
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert not Review.objects.filter(verdict__claim=claim).exists()
    assert Verdict.objects.get(claim=claim).revision == read + 1


def test_an_approval_landing_first_stops_counting_once_the_evidence_changes(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    read = claim.verdict.revision
    evidence = claim.evidence.get()

    results = queue_in_order(
        lock_claim_and_verdict(claim.pk),
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read),
        lambda: evidence_update(evidence=evidence, actor=checker, excerpt="Words the reviewer never read."),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    claim.refresh_from_db()
    # The approval covered what the reviewer read; the edit after it sent the claim back to review.
    assert claim.state == ClaimState.IN_REVIEW
    assert Review.objects.get(verdict__claim=claim).revision == read
    assert Verdict.objects.get(claim=claim).revision == read + 1 and fresh_approvals(claim) == 0
    assert Transition.objects.filter(claim=claim).last().action == "content_changed"


def test_an_approval_and_an_evidence_edit_at_once_never_approve_unread_evidence(checker, reviewer, editor):
    # Released together: whichever lands first, no approval counts for the excerpt the reviewer never read.
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    read = claim.verdict.revision
    evidence = claim.evidence.get()

    results = race(
        claim.pk,
        lambda: claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read),
        lambda: evidence_update(evidence=evidence, actor=checker, excerpt="Words the reviewer never read."),
    )

    (approve_kind, approve_result), (edit_kind, _) = results
    assert edit_kind == "ok", results
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW and fresh_approvals(claim) == 0
    if approve_kind == "error":
        assert isinstance(approve_result, Conflict) and approve_result.code == "stale_revision", results
        assert not Review.objects.filter(verdict__claim=claim).exists()
    else:
        assert Review.objects.get(verdict__claim=claim).revision == read


def test_renaming_a_source_while_evidence_citing_it_is_added_does_not_deadlock(checker, reviewer, editor):
    # The rename locks the source, then the claims citing it; adding evidence locks the claim, then
    # checks the source (a KEY SHARE lock). Both queue behind a third holder of the source.
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    add_evidence(claim, actor=checker, source=source, title="Cites the source")
    read = Verdict.objects.get(claim=claim).revision

    results = queue_in_order(
        lambda: Source.objects.select_for_update().get(pk=source.pk),
        lambda: evidence_services.source_update(source=source, actor=checker, name="Renamed Office"),
        lambda: add_evidence(claim, actor=checker, source=source, title="Cites it again"),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert Verdict.objects.get(claim=claim).revision == read + 2
