"""Readable history: one entry per event, in the words of the desk, with real differences of long
text, reloaded in place after an in-place edit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.selectors import claim_history
from evidence.services import evidence_update, rebuttal_create
from tests.factories import add_evidence, make_claim, write_verdict

pytestmark = pytest.mark.django_db

ANALYSIS = " ".join(f"Sentence number {i} of the analysis." for i in range(120))


def said(entries) -> list[tuple]:
    """Each entry as (who, [what it says, line by line])."""
    return [(e.actor, [line.text for line in e.lines]) for e in entries]


def the_day(checker, reviewer, editor):
    claim = make_claim(author=checker, text="Steel imports doubled last year.")
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    evidence = add_evidence(claim, actor=checker)
    evidence_update(evidence=evidence, actor=checker, title="Customs statistics 2024")
    write_verdict(claim, actor=checker, analysis=ANALYSIS)
    write_verdict(claim, actor=checker, analysis=ANALYSIS.replace("number 100 of", "number 100 (revised) of"))
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add 2023.")
    return claim


def test_one_entry_per_event_in_words(checker, reviewer, editor):
    claim = the_day(checker, reviewer, editor)
    revision = claim.verdict.__class__.objects.get(claim=claim).revision

    entries = claim_history(claim=claim)

    assert said(entries) == [
        ("alice-test", ["Logged the claim"]),
        # The transition and the claim's new state and assignee: one entry, in words.
        ("erin-test", ["Assigned to alice-test (now researching)"]),
        ("alice-test", ["Added evidence “Customs statistics”"]),
        ("alice-test", ["Edited evidence “Customs statistics 2024”"]),
        ("alice-test", ["Started the verdict"]),
        ("alice-test", ["Edited the verdict (revision 2)"]),
        ("alice-test", ["Submitted for review (now in review)"]),
        ("bob-test", [f"Requested changes on revision {revision} (now researching)"]),
    ]
    assert entries[-1].lines[0].comment == "Add 2023."
    rating = {c.label: c.diff.as_text() for c in entries[4].lines[0].changes}
    assert rating == {"Rating": "{+False+}", "Headline": "{+Not what the data show+}"}
    evidence = entries[3].lines[0].changes
    assert [(c.label, c.diff.as_text()) for c in evidence] == [("Title", "Customs statistics{+ 2024+}")]


def test_no_internal_field_names_or_bookkeeping(checker, reviewer, editor):
    claim = the_day(checker, reviewer, editor)
    services.verdict_update(
        claim=claim,
        actor=editor,
        rating=claim.verdict.rating,
        headline="Not what the data show",
        conclusion="Edited by the editor.",
        analysis=claim.verdict.analysis,
    )

    entries = claim_history(claim=claim)

    words = " ".join(
        [line.text for e in entries for line in e.lines]
        + [c.label for e in entries for line in e.lines for c in line.changes]
    )
    for internal in ["_id", "last_edited_by", "author", "revision:", "updated_at", "is_demo", "state:"]:
        assert internal not in words
    assert [c.label for c in entries[-1].lines[0].changes] == ["Conclusion"]


def test_a_change_deep_in_a_long_analysis_is_shown(checker, reviewer, editor):
    # The old history cut both sides at 80 characters and showed the same text twice.
    claim = the_day(checker, reviewer, editor)

    edited = next(e for e in claim_history(claim=claim) if e.lines[0].text.startswith("Edited the verdict"))

    (analysis,) = edited.lines[0].changes
    assert analysis.label == "Analysis" and analysis.is_long
    text = analysis.diff.as_text()
    assert "Sentence number 100 {+(revised) +}of the analysis." in text
    assert text.startswith("…") and text.endswith("…")


def test_an_assignment_without_a_transition_still_reads_in_words(checker, other_checker, editor):
    claim = make_claim(author=checker)
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=other_checker)

    assert said(claim_history(claim=claim))[-1] == ("erin-test", ["Assigned to carol-test"])


def test_the_history_costs_the_same_queries_with_more_events(checker, reviewer, editor):
    claim = the_day(checker, reviewer, editor)
    with CaptureQueriesContext(connection) as few:
        claim_history(claim=claim)
    for n in range(6):
        add_evidence(claim, actor=checker, title=f"More {n}", source={"name": f"Source {n}", "kind": "news"})
        rebuttal_create(claim=claim, actor=checker, party=f"Ministry {n}", statement="No.")
        write_verdict(claim, actor=checker, conclusion=f"Conclusion {n}.", rating="Mostly false")
    with CaptureQueriesContext(connection) as many:
        entries = claim_history(claim=claim)

    assert len(entries) > 20
    # One query per kind of history row (8), then one per kind of name shown: members and ratings.
    assert len(few) == 10
    assert len(many) == 10


# --- The page -----------------------------------------------------------------------------------


def test_the_history_part_reloads_on_its_own(client, checker, reviewer, editor):
    claim = the_day(checker, reviewer, editor)
    client.force_login(checker)

    html = client.get(reverse("claims:history", args=[claim.pk])).content.decode()

    assert re.search(
        r'<div id="history" hx-get="/claims/\d+/history/" hx-trigger="contentChanged from:body"', html
    )
    assert "Assigned to alice-test (now researching)" in html
    assert '<ins><span class="visually-hidden">added: </span>(revised) </ins>' in html
    assert "assignee_id" not in html and "last_edited_by" not in html
    assert client.get(reverse("claims:history", args=[999999])).status_code == 404


def test_the_workspace_shows_the_readable_history(client, checker, reviewer, editor):
    claim = the_day(checker, reviewer, editor)
    client.force_login(checker)

    html = client.get(reverse("claims:workspace", args=[claim.pk])).content.decode()

    history = html[html.index('<div id="history"') :]
    assert history.count("<li>") == 8
    assert "Requested changes on revision" in history and "“Add 2023.”" in history


def test_an_in_place_edit_tells_the_page_to_reload_its_history(client, checker, editor):
    claim = make_claim(author=checker)
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    client.force_login(checker)

    response = client.post(
        reverse("claims:evidence:evidence-add", args=[claim.pk]),
        {
            "evidence-stance": "refutes",
            "evidence-title": "Customs statistics",
            "evidence-kind": "document",
            "evidence-url": "https://example.org/stats",
            "evidence-source_name": "Korea Customs Service",
            "evidence-source_kind": "official_statistics",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == '{"contentChanged": {}}'
    assert claim.evidence.count() == 1
    # Opening an edit form changes nothing: no reload.
    item = claim.evidence.get()
    opened = client.get(
        reverse("claims:evidence:evidence-edit", args=[claim.pk, item.pk]), HTTP_HX_REQUEST="true"
    )
    assert "HX-Trigger" not in opened
