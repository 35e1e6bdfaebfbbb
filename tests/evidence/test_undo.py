"""Undo: a removed piece of evidence, rebuttal or appearance comes back as it was, from its history.

Removing is a DELETE the history keeps; restoring inserts the row again from the event of its removal
(same id, same fields, its archived copies), under the same rules as editing the claim's content.
"""

import pytest
from django.utils import timezone

from claims import services as claim_services
from claims.models import Appearance, AppearanceEvent, ClaimState, Verdict
from evidence import services
from evidence.models import Evidence, EvidenceEvent, Rebuttal, Snapshot
from factcheck.errors import Conflict, NotPermitted
from tests.factories import add_evidence, claim_in_state, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


def snapshot_of(**target):
    return Snapshot.objects.create(
        url="https://example.org/stats", fetched_at=timezone.now(), title="Archived", text="words", **target
    )


def test_removed_evidence_comes_back_as_it_was_with_its_archived_copy(checker, other_checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, excerpt="Imports fell 8 per cent.", source={"name": "KCS"})
    copy = snapshot_of(evidence=evidence)
    before = Evidence.objects.values().get(pk=evidence.pk)
    events_before = list(EvidenceEvent.objects.filter(pgh_obj_id=evidence.pk).values("pgh_id", "pgh_label"))

    services.evidence_delete(evidence=evidence, actor=checker)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not Snapshot.objects.filter(pk=copy.pk).exists()

    restored = services.evidence_restore(claim=claim, evidence_id=evidence.pk, actor=other_checker)

    after = Evidence.objects.values().get(pk=evidence.pk)
    assert restored.pk == evidence.pk
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert Snapshot.objects.get(pk=copy.pk).title == "Archived"
    # The history only grew: the events before are untouched, then a removal, then the restore by carol.
    events = list(EvidenceEvent.objects.filter(pgh_obj_id=evidence.pk).order_by("pgh_id"))
    assert [
        {"pgh_id": e.pgh_id, "pgh_label": e.pgh_label} for e in events[: len(events_before)]
    ] == events_before
    labels = [e.pgh_label for e in events[len(events_before) :]]
    assert labels[:2] == ["delete", "insert"]
    restore_event = events[len(events_before) + 1]
    assert restore_event.pgh_context["username"] == other_checker.username
    assert restore_event.pgh_context["restored"] is True


def test_a_removed_rebuttal_comes_back(checker):
    claim = make_claim(author=checker)
    rebuttal = services.rebuttal_create(
        claim=claim, actor=checker, party="Korean ministry", statement="Not factual.", kind="denial"
    )
    services.rebuttal_delete(rebuttal=rebuttal, actor=checker)
    services.rebuttal_restore(claim=claim, rebuttal_id=rebuttal.pk, actor=checker)
    assert Rebuttal.objects.get(pk=rebuttal.pk).statement == "Not factual."


def test_a_removed_appearance_comes_back_with_its_copy_but_not_over_a_new_first(checker):
    claim = make_claim(
        author=checker, appearances=[{"url": "https://example.org/tv", "outlet": "TV", "is_first": True}]
    )
    first = claim.appearances.get()
    copy = snapshot_of(appearance=first)
    claim_services.appearance_delete(appearance=first, actor=checker)
    claim_services.appearance_create(
        claim=claim, actor=checker, outlet="Radio", medium="radio", is_first=True
    )

    restored = claim_services.appearance_restore(claim=claim, appearance_id=first.pk, actor=checker)

    assert (restored.pk, restored.outlet, restored.is_first) == (first.pk, "TV", False)
    assert Appearance.objects.filter(claim=claim, is_first=True).get().outlet == "Radio"
    assert Snapshot.objects.filter(pk=copy.pk, appearance_id=first.pk).exists()
    assert AppearanceEvent.objects.filter(pgh_obj_id=first.pk).order_by("-pgh_id").first().pgh_label in (
        "insert",
        "update",
    )


def test_restoring_twice_or_on_another_claim_is_a_clear_conflict(checker):
    claim, other = make_claim(author=checker), make_claim(author=checker, text="Another claim.")
    evidence = add_evidence(claim, actor=checker)
    services.evidence_delete(evidence=evidence, actor=checker)
    with pytest.raises(Conflict) as elsewhere:
        services.evidence_restore(claim=other, evidence_id=evidence.pk, actor=checker)
    assert elsewhere.value.code == "not_removed"
    services.evidence_restore(claim=claim, evidence_id=evidence.pk, actor=checker)
    with pytest.raises(Conflict) as again:
        services.evidence_restore(claim=claim, evidence_id=evidence.pk, actor=checker)
    assert again.value.message == "This evidence is on the claim already: someone restored it."
    with pytest.raises(Conflict):
        services.evidence_restore(claim=claim, evidence_id=999999, actor=checker)


def test_only_writers_restore_and_only_while_the_claim_is_editable(people, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.RESEARCHING, **people)
    extra = add_evidence(claim, actor=checker, title="Second source")
    services.evidence_delete(evidence=extra, actor=checker)
    with pytest.raises(NotPermitted):
        services.evidence_restore(claim=claim, evidence_id=extra.pk, actor=reviewer)

    claim_services.claim_transition(claim=claim, action="dismiss", actor=editor, comment="Not checkable")

    with pytest.raises(Conflict) as refused:
        services.evidence_restore(claim=claim, evidence_id=extra.pk, actor=checker)
    assert refused.value.code == "dismissed"
    assert not Evidence.objects.filter(pk=extra.pk).exists()


@pytest.mark.parametrize("state", [ClaimState.IN_REVIEW, ClaimState.APPROVED])
def test_removing_and_restoring_are_content_changes_that_make_approvals_stale(people, checker, state):
    claim = claim_in_state(state, **people)
    extra = add_evidence(claim, actor=checker, title="Second source")
    claim.refresh_from_db()
    revision = Verdict.objects.get(claim=claim).revision

    services.evidence_delete(evidence=extra, actor=checker)
    services.evidence_restore(claim=claim, evidence_id=extra.pk, actor=checker)

    claim.refresh_from_db()
    assert Verdict.objects.get(claim=claim).revision == revision + 2
    assert claim.state == ClaimState.IN_REVIEW  # an approved claim went back to review
