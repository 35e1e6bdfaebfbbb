"""The quick correction: the editor who makes a correction submits it, one approval by someone else
publishes it, and four eyes hold on every path (the service, the database, two requests at once).

A one-number correction used to take three people: the editor revised, a fact-checker had to submit,
a reviewer approved, the editor published. Now it takes the editor and one reviewer.
"""

import pytest
from django.db import IntegrityError, transaction

from claims import selectors, workflow
from claims.models import ClaimState, Publication, Review, ReviewDecision, Transition
from claims.publishing.changes import changes_summary, word_changes
from claims.services import claim_transition
from factcheck.errors import Conflict, NotPermitted
from factcheck.roles import Role
from tests.factories import UserFactory, add_evidence, make_claim, write_verdict
from tests.workflow import publish_correction, publish_factcheck

S = ClaimState
pytestmark = pytest.mark.django_db

ANALYSIS = "Customs counted 3.2 million tonnes of steel in 2024, down from 2023."
CORRECTED = "Customs counted 3.4 million tonnes of steel in 2024, down from 2023."
SUMMARY = "Rating: False → Mostly false; analysis: '3.2 million' → '3.4 million'"


@pytest.fixture
def published(checker, reviewer, editor):
    return publish_factcheck(checker=checker, reviewer=reviewer, editor=editor, analysis=ANALYSIS)


def correct_one_number(claim, editor):
    """What the editor does: revise, change the rating and one number of the analysis."""
    claim = claim_transition(claim=claim, action="revise", actor=editor, comment="A reader wrote in.")
    write_verdict(claim, actor=editor, rating="Mostly false", analysis=CORRECTED)
    claim.refresh_from_db()
    return claim


def test_the_editor_submits_their_correction_and_one_approval_publishes_it(
    published, editor, reviewer, checker
):
    claim = correct_one_number(published, editor)

    # The note starts from what changed since the publication.
    assert selectors.publication_changes_summary(claim=claim) == SUMMARY

    assert "submit" in workflow.available_actions(claim, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    assert claim.state == S.IN_REVIEW
    verdict = claim.verdict
    verdict.refresh_from_db()
    # Authorship: the editor made and submitted the change; the fact-checker wrote the first version.
    assert (verdict.author, verdict.last_edited_by, verdict.submitted_by) == (checker, editor, editor)
    assert (verdict.correction_note, verdict.correction_note_kind) == (SUMMARY, "correction")

    claim = claim_transition(
        claim=claim, action="approve", actor=reviewer, expected_revision=verdict.revision
    )
    assert claim.state == S.PUBLISHED
    correction = Publication.objects.get(claim=claim, version=2)
    assert (correction.note, correction.note_kind, correction.published_by) == (SUMMARY, "correction", editor)
    assert correction.rating_label == "Mostly false"
    assert correction.content["verdict"]["analysis"] == CORRECTED
    assert correction.verdict_revision == verdict.revision

    steps = list(
        Transition.objects.filter(claim=claim, id__gt=_publish_of_version_one(claim))
        .order_by("id")
        .values_list("action", "from_state", "to_state", "actor__username")
    )
    assert steps == [
        ("revise", S.PUBLISHED, S.RESEARCHING, editor.username),
        ("submit", S.RESEARCHING, S.IN_REVIEW, editor.username),
        ("approve", S.IN_REVIEW, S.APPROVED, reviewer.username),
        ("publish", S.APPROVED, S.PUBLISHED, editor.username),
    ]
    assert "bob-test's approval" in Transition.objects.filter(claim=claim).order_by("id").last().comment
    # Two people, and the history names the editor for every change to the verdict after the revise.
    assert {step[3] for step in steps} == {editor.username, reviewer.username}
    since_revise = _verdict_entries_after_revise(claim)
    assert since_revise and {entry["actor"] for entry in since_revise} == {editor.username}


def _publish_of_version_one(claim) -> int:
    return (
        Transition.objects.filter(claim=claim, action="publish")
        .order_by("id")
        .values_list("id", flat=True)[0]
    )


def _verdict_entries_after_revise(claim) -> list[dict]:
    """The verdict's history rows from the revise on, until the approval (the reviewer's review row)."""
    timeline = selectors.claim_timeline(claim=claim)
    revise_at = Transition.objects.filter(claim=claim, action="revise").latest("id").created_at
    approve_at = Transition.objects.filter(claim=claim, action="approve").latest("id").created_at
    return [e for e in timeline if e["kind"] == "verdict" and revise_at <= e["at"] < approve_at]


def test_the_editor_cannot_approve_their_own_correction_even_as_a_reviewer(published, editor, reviewer):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    # Editors do not review; and an editor made a reviewer later still never approves what they submitted.
    assert "approve" not in workflow.available_actions(claim, editor)
    with pytest.raises(NotPermitted):
        claim_transition(claim=claim, action="approve", actor=editor)
    editor.role = Role.REVIEWER
    editor.save()
    claim.refresh_from_db()
    assert "approve" not in workflow.available_actions(claim, editor)
    with pytest.raises(NotPermitted) as refused:
        claim_transition(claim=claim, action="approve", actor=editor)
    assert "four eyes" in refused.value.message
    assert not Review.objects.filter(reviewer=editor).exists()
    claim.refresh_from_db()
    assert claim.state == S.IN_REVIEW


def test_a_correction_made_outside_the_verdict_is_still_not_approved_by_its_submitter(
    published, editor, reviewer
):
    """The submitter, not only the verdict's writers: an editor who changed only the evidence."""
    claim = claim_transition(claim=published, action="revise", actor=editor)
    add_evidence(claim, actor=editor, title="Customs, revised series", stance="context")
    claim = claim_transition(claim=claim, action="submit", actor=editor, note="We added the revised series.")
    verdict = claim.verdict
    verdict.refresh_from_db()
    assert verdict.last_edited_by != editor and verdict.submitted_by == editor
    editor.role = Role.REVIEWER
    editor.save()
    with pytest.raises(NotPermitted):
        claim_transition(claim=claim, action="approve", actor=editor)
    editor.role = Role.EDITOR  # back at the desk: the approval publishes the correction in their name
    editor.save()
    assert claim_transition(claim=claim, action="approve", actor=reviewer).state == S.PUBLISHED


@pytest.mark.parametrize("who", ["author", "last_edited_by", "submitted_by"])
def test_the_database_refuses_an_approval_by_whoever_wrote_edited_or_submitted_the_verdict(
    who, published, editor, checker
):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor)
    verdict = claim.verdict
    verdict.refresh_from_db()
    member = getattr(verdict, who)
    # A row written past the service (the admin's raw save, a shell, a forgotten code path).
    with pytest.raises(IntegrityError, match="four eyes"), transaction.atomic():
        Review.objects.create(
            verdict=verdict, revision=verdict.revision, reviewer=member, decision=ReviewDecision.APPROVE
        )
    # Someone else's approval goes in.
    other = UserFactory(role=Role.REVIEWER)
    Review.objects.create(
        verdict=verdict, revision=verdict.revision, reviewer=other, decision=ReviewDecision.APPROVE
    )


def test_an_editor_submits_only_a_correction_not_a_first_check(checker, editor):
    claim = make_claim(author=checker)
    claim = claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    assert "submit" not in workflow.available_actions(claim, editor)
    with pytest.raises(NotPermitted) as refused:
        claim_transition(claim=claim, action="submit", actor=editor)
    assert refused.value.message == workflow.ACTIONS["submit"].refused
    # Nor does a first submission take a note for readers (there is nothing to correct).
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="submit", actor=checker, note="Fixed a number.")
    assert refused.value.code == "note_unexpected"


def test_without_a_note_the_approval_stops_at_approved_for_the_editor_to_publish(published, editor, reviewer):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor)
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED
    assert not Publication.objects.filter(claim=claim, version=2).exists()
    claim = claim_transition(
        claim=claim, action="publish", actor=editor, note=SUMMARY, note_kind="correction"
    )
    assert claim.state == S.PUBLISHED


def test_a_correction_a_fact_checker_submits_waits_for_an_editor(published, editor, reviewer, checker):
    claim = correct_one_number(published, editor)
    claim = claim_transition(
        claim=claim, action="submit", actor=checker, note=SUMMARY, note_kind="correction"
    )
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED  # a fact-checker does not publish, so nor does their submission
    # The note they proposed is the editor's starting point.
    claim.verdict.refresh_from_db()
    assert claim.verdict.correction_note == SUMMARY


def test_an_editor_who_can_no_longer_publish_gets_no_publication_on_approval(
    published, editor, reviewer, second_editor
):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    editor.is_active = False
    editor.save()
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == S.APPROVED
    claim = claim_transition(
        claim=claim, action="publish", actor=second_editor, note=SUMMARY, note_kind="correction"
    )
    assert Publication.objects.get(claim=claim, version=2).published_by == second_editor


def test_the_shared_step_takes_the_quick_path(published, editor, reviewer):
    claim = publish_correction(
        published, editor=editor, reviewer=reviewer, note=SUMMARY, rating="Mostly false"
    )
    assert Publication.objects.get(claim=claim, version=2).rating_label == "Mostly false"


def test_two_approvals_needed_publish_on_the_second(settings, published, editor, reviewer, second_reviewer):
    settings.REQUIRED_APPROVALS = 2
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    assert claim_transition(claim=claim, action="approve", actor=reviewer).state == S.IN_REVIEW
    assert claim_transition(claim=claim, action="approve", actor=second_reviewer).state == S.PUBLISHED
    assert Publication.objects.filter(claim=claim).count() == 2


def test_a_change_after_submission_needs_a_fresh_review_before_it_publishes(published, editor, reviewer):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    read = claim.verdict.revision
    write_verdict(claim, actor=editor, rating="Mostly false", analysis=CORRECTED + " Source: customs.")
    with pytest.raises(Conflict) as refused:
        claim_transition(claim=claim, action="approve", actor=reviewer, expected_revision=read)
    assert refused.value.code == "stale_revision"
    assert Publication.objects.filter(claim=claim).count() == 1


def test_a_new_revision_starts_without_the_last_corrections_note(published, editor, reviewer):
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    claim = claim_transition(claim=claim, action="approve", actor=reviewer)
    claim = claim_transition(claim=claim, action="revise", actor=editor)
    claim.verdict.refresh_from_db()
    assert (claim.verdict.correction_note, claim.verdict.correction_note_kind) == ("", "")


# --- The summary of what changed ------------------------------------------------------------------


def test_word_changes_show_the_changed_number_with_its_unit():
    assert word_changes(ANALYSIS, CORRECTED) == ["'3.2 million' → '3.4 million'"]
    assert word_changes("Exports fell.", "Exports fell sharply.") == ["added 'sharply'"]
    assert word_changes("Exports fell sharply.", "Exports fell.") == ["removed 'sharply'"]
    assert word_changes("Same text.", "Same  text.") == []


def test_the_summary_names_each_field_and_list_that_changed():
    before = {
        "verdict": {"rating": "False", "headline": "H", "conclusion": "C", "analysis": ANALYSIS},
        "claim": {"text": "T", "summary": "S"},
        "evidence": [{"title": "Customs"}],
        "rebuttals": [{"party": "Ministry"}],
    }
    after = {
        "verdict": {"rating": "False", "headline": "H2", "conclusion": "C", "analysis": CORRECTED},
        "claim": {"text": "T", "summary": "S"},
        "evidence": [{"title": "Customs"}, {"title": "OECD"}],
        "rebuttals": [],
    }
    assert changes_summary(before, after) == (
        "Headline: H → H2; analysis: '3.2 million' → '3.4 million'; "
        "evidence added: 'OECD'; rebuttal removed: 'Ministry'"
    )
    assert changes_summary(before, before) == ""


def test_through_the_admin_the_same_rules_hold(client, published, admin_member, reviewer):
    """An admin corrects, submits with the note, and cannot approve it there either."""
    from django.contrib.admin.utils import quote
    from django.urls import reverse

    client.force_login(admin_member)
    url = reverse("admin:claims_claim_transition", args=[quote(published.pk)])
    assert client.post(url, {"action": "revise"}).status_code == 302
    write_verdict(published, actor=admin_member, rating="Mostly false", analysis=CORRECTED)
    sent = client.post(url, {"action": "submit", "note": SUMMARY, "note_kind": "correction"})
    assert sent.status_code == 302
    refused = client.post(url, {"action": "approve"})
    assert refused.status_code == 200  # the form again, approve not among its choices
    assert not Review.objects.filter(reviewer=admin_member).exists()
    published.refresh_from_db()
    assert published.state == S.IN_REVIEW

    claim = claim_transition(claim=published, action="approve", actor=reviewer)
    assert claim.state == S.PUBLISHED
    assert Publication.objects.get(claim=claim, version=2).published_by == admin_member


def test_the_approval_that_publishes_announces_both_to_newsrooms(published, editor, reviewer, admin_member):
    """claim.approved (by the reviewer) and factcheck.corrected (by the editor), in that order."""
    from factcheck.models import Webhook, WebhookDelivery

    Webhook.objects.create(
        created_by=admin_member,
        url="https://newsroom.example/hooks",
        events=["claim.approved", "factcheck.corrected"],
        secret="whsec_test",
    )
    claim = correct_one_number(published, editor)
    claim = claim_transition(claim=claim, action="submit", actor=editor, note=SUMMARY, note_kind="correction")
    claim_transition(claim=claim, action="approve", actor=reviewer)
    sent = [
        (d.event_type, d.payload["data"]["actor"]["username"]) for d in WebhookDelivery.objects.order_by("id")
    ]
    assert sent == [("claim.approved", reviewer.username), ("factcheck.corrected", editor.username)]
    corrected = WebhookDelivery.objects.get(event_type="factcheck.corrected").payload["data"]["fact_check"]
    assert corrected["version"] == 2
