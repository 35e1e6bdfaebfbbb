"""History: every change is recorded with who made it, and nothing recorded can be rewritten."""

import pytest
from django.db import ProgrammingError, connection, transaction

from claims.models import (
    Appearance,
    AppearanceEvent,
    Claim,
    ClaimEvent,
    ClaimState,
    Publication,
    Transition,
    VerdictEvent,
)
from claims.selectors import claim_timeline
from claims.services import appearance_create, claim_transition, claim_update
from evidence.models import Evidence, EvidenceEvent, RebuttalEvent
from evidence.services import evidence_update, rebuttal_create, rebuttal_update
from factcheck.history import acting_as
from tests.factories import add_evidence, claim_in_state, make_claim, write_verdict


def who(event) -> tuple:
    context = event.pgh_context or {}
    return context.get("user"), context.get("username")


def test_each_service_write_is_recorded_with_its_author(checker, editor):
    claim = make_claim(author=checker)
    created = ClaimEvent.objects.get(pgh_obj_id=claim.pk, pgh_label="insert")
    assert who(created) == (checker.pk, "alice-test")
    assert created.text == claim.text

    claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    state_change = ClaimEvent.objects.filter(pgh_obj_id=claim.pk, pgh_label="update").latest("pgh_id")
    assert (state_change.state, who(state_change)) == (ClaimState.RESEARCHING, (editor.pk, "erin-test"))

    evidence = add_evidence(claim, actor=checker)
    added = EvidenceEvent.objects.get(pgh_obj_id=evidence.pk)
    assert (added.pgh_label, who(added)) == ("insert", (checker.pk, "alice-test"))

    evidence_update(evidence=evidence, actor=editor, title="Customs statistics 2024")
    changed = EvidenceEvent.objects.filter(pgh_obj_id=evidence.pk).latest("pgh_id")
    assert (changed.pgh_label, changed.title, who(changed)) == (
        "update",
        "Customs statistics 2024",
        (editor.pk, "erin-test"),
    )

    verdict = write_verdict(claim, actor=checker)
    write_verdict(claim, actor=editor, conclusion="Imports fell.")
    events = list(VerdictEvent.objects.filter(pgh_obj_id=verdict.pk).order_by("pgh_id"))
    assert [(e.pgh_label, e.revision, who(e)[1]) for e in events] == [
        ("insert", 1, "alice-test"),
        ("update", 2, "erin-test"),
    ]


def test_deletes_are_recorded_with_the_row_as_it_was(checker, editor):
    claim = make_claim(author=checker)
    appearance = appearance_create(claim=claim, actor=checker, outlet="CNBC", medium="tv")
    with acting_as(editor):
        Appearance.objects.filter(pk=appearance.pk).delete()
    deleted = AppearanceEvent.objects.get(pgh_obj_id=appearance.pk, pgh_label="delete")
    assert (deleted.outlet, who(deleted)) == ("CNBC", (editor.pk, "erin-test"))


def test_a_queryset_update_inside_acting_as_is_recorded_with_that_member(checker, editor):
    claim = make_claim(author=checker)
    with acting_as(editor):
        updated = Claim.objects.filter(pk=claim.pk).update(summary="Steel imports doubled")
    assert updated == 1
    event = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).latest("pgh_id")
    assert (event.pgh_label, event.summary, who(event)) == (
        "update",
        "Steel imports doubled",
        (editor.pk, "erin-test"),
    )


def test_raw_sql_inside_acting_as_is_recorded_too(checker, editor):
    claim = make_claim(author=checker)
    with acting_as(editor), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET language = 'de' WHERE id = %s", [claim.pk])
    event = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).latest("pgh_id")
    assert (event.language, who(event)) == ("de", (editor.pk, "erin-test"))


@pytest.mark.django_db(transaction=True)
def test_a_change_nobody_vouches_for_is_recorded_without_a_member(checker):
    # In its own transaction: pghistory's context variables last until the end of the transaction.
    claim = make_claim(author=checker)
    Claim.objects.filter(pk=claim.pk).update(summary="Unattributed")
    event = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).latest("pgh_id")
    assert event.summary == "Unattributed"
    assert who(event) == (None, None)


def test_an_unchanged_save_writes_no_event(checker):
    claim = make_claim(author=checker)
    before = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).count()
    with acting_as(checker):
        Claim.objects.filter(pk=claim.pk).update(text=claim.text)
    assert ClaimEvent.objects.filter(pgh_obj_id=claim.pk).count() == before


# --- Append-only ---------------------------------------------------------------


def refused_by_database(sql: str, params=()) -> ProgrammingError:
    """Run SQL in a savepoint and return the database's refusal (failing when there is none).

    pgtrigger's protection raises in a trigger; Django reports it as a ProgrammingError.
    """
    with pytest.raises(ProgrammingError, match="Cannot update or delete rows") as refused:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    return refused.value


@pytest.mark.parametrize(
    "table, column",
    [
        ("claims_claimevent", "summary"),
        ("claims_verdictevent", "conclusion"),
        ("claims_transitionevent", "comment"),
        ("evidence_evidenceevent", "title"),
        ("evidence_rebuttalevent", "statement"),
    ],
)
def test_history_rows_cannot_be_updated_or_deleted(table, column, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    rebuttal_create(claim=claim, actor=checker, party="Korea Iron & Steel Association", statement="Not so.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        (rows,) = cursor.fetchone()
    assert rows > 0

    assert table in str(refused_by_database(f"UPDATE {table} SET {column} = 'rewritten'"))
    assert table in str(refused_by_database(f"DELETE FROM {table}"))

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'rewritten'")
        assert cursor.fetchone() == (0,)
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone() == (rows,)


def test_an_event_row_cannot_be_changed_through_the_orm_either(checker):
    claim = make_claim(author=checker)
    event = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).get()
    with pytest.raises(ProgrammingError), transaction.atomic():
        ClaimEvent.objects.filter(pk=event.pk).update(text="Rewritten history")
    with pytest.raises(ProgrammingError), transaction.atomic():
        ClaimEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.text == claim.text


def test_publications_cannot_be_updated_or_deleted(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    publication = Publication.objects.get(claim=claim)

    with pytest.raises(ProgrammingError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).update(rating_label="True")
    with pytest.raises(ProgrammingError), transaction.atomic():
        publication.note = "Quietly changed"
        publication.note_kind = "update"
        publication.save()
    with pytest.raises(ProgrammingError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).delete()
    refused_by_database("UPDATE claims_publication SET rating_label = 'True' WHERE id = %s", [publication.pk])
    refused_by_database("DELETE FROM claims_publication WHERE id = %s", [publication.pk])

    stored = Publication.objects.get(pk=publication.pk)
    assert (stored.rating_label, stored.note) == ("False", "")


def test_transitions_cannot_be_updated_or_deleted(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    entry = Transition.objects.filter(claim=claim, action="submit").get()

    with pytest.raises(ProgrammingError), transaction.atomic():
        Transition.objects.filter(pk=entry.pk).update(comment="Backdated", actor=reviewer)
    with pytest.raises(ProgrammingError), transaction.atomic():
        Transition.objects.filter(pk=entry.pk).delete()
    refused_by_database("UPDATE claims_transition SET to_state = 'approved' WHERE id = %s", [entry.pk])

    entry.refresh_from_db()
    assert (entry.to_state, entry.comment, entry.actor) == (ClaimState.IN_REVIEW, "", checker)


# --- Timeline --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_timeline_tells_the_story_in_order_with_who_did_what(checker, reviewer, editor):
    # Each service call is its own transaction here, as it is in a request: history rows take
    # the transaction's time, so one transaction's rows share a moment.
    claim = make_claim(author=checker, text="China, Japan and Korea dump steel on the U.S.")
    claim_update(claim=claim, actor=checker, summary="Asian countries dump steel on the U.S.")
    claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    evidence = add_evidence(claim, actor=checker)
    evidence_update(evidence=evidence, actor=checker, title="Customs statistics 2024")
    rebuttal = rebuttal_create(
        claim=claim, actor=checker, party="Korea Iron & Steel Association", statement="No."
    )
    rebuttal_update(rebuttal=rebuttal, actor=editor, statement="Not factual.")
    write_verdict(claim, actor=checker)
    claim_transition(claim=claim, action="submit", actor=checker)
    claim_transition(claim=claim, action="approve", actor=reviewer, comment="Well sourced.")
    claim_transition(claim=claim, action="publish", actor=editor)

    timeline = claim_timeline(claim=claim)

    times = [entry["at"] for entry in timeline]
    assert times == sorted(times)
    story = [(e["kind"], e["verb"], e["actor"]) for e in timeline]
    expected_in_order = [
        ("claim", "added", "alice-test"),
        ("claim", "changed", "alice-test"),  # the summary
        ("transition", "added", "erin-test"),  # assign
        ("evidence", "added", "alice-test"),
        ("evidence", "changed", "alice-test"),
        ("rebuttal", "added", "alice-test"),
        ("rebuttal", "changed", "erin-test"),
        ("verdict", "added", "alice-test"),
        ("transition", "added", "alice-test"),  # submit
        ("review", "added", "bob-test"),
        ("transition", "added", "bob-test"),  # approve
        ("publication", "added", "erin-test"),
        ("transition", "added", "erin-test"),  # publish
    ]
    position = 0
    for wanted in expected_in_order:
        assert wanted in story[position:], f"{wanted} missing after position {position}: {story}"
        position = story.index(wanted, position) + 1

    assert all(entry["actor"] for entry in timeline), "every entry names who did it"
    evidence_change = next(e for e in timeline if (e["kind"], e["verb"]) == ("evidence", "changed"))
    assert evidence_change["changes"] == {"title": ["Customs statistics", "Customs statistics 2024"]}
    assert evidence_change["actor_id"] == checker.pk
    rebuttal_change = next(e for e in timeline if (e["kind"], e["verb"]) == ("rebuttal", "changed"))
    assert rebuttal_change["changes"] == {"statement": ["No.", "Not factual."]}
    review = next(e for e in timeline if e["kind"] == "review")
    assert review["fields"]["comment"] == "Well sourced."
    transitions = [e["fields"]["action"] for e in timeline if e["kind"] == "transition"]
    assert transitions == ["assign", "submit", "approve", "publish"]
    published = next(e for e in timeline if e["kind"] == "publication")
    assert published["fields"]["version"] == 1


def test_the_timeline_of_one_claim_leaves_out_other_claims(checker, editor):
    claim = make_claim(author=checker)
    other = make_claim(author=checker, text="Another statement.")
    add_evidence(other, actor=checker)
    write_verdict(other, actor=checker)
    entries = claim_timeline(claim=claim)
    assert [(e["kind"], e["object_id"]) for e in entries] == [("claim", claim.pk)]
    assert {e["kind"] for e in claim_timeline(claim=other)} == {"claim", "evidence", "verdict"}
    assert Evidence.objects.filter(claim=other).count() == 1
    assert RebuttalEvent.objects.count() == 0
