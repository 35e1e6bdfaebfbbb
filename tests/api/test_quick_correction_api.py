"""The quick correction over HTTP: erin (editor) corrects one number and submits it with its note;
bob's approval publishes it; erin's own approval is refused, whatever role her token acts with."""

import pytest

from claims.models import ClaimState, Publication
from factcheck.roles import Role
from tests.api.conftest import assert_problem
from tests.api.test_workflow_api import act, actions
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db

NOTE = "Rating: False → Mostly false; analysis: '3.2 million' → '3.4 million'"


@pytest.fixture
def published(checker, reviewer, editor):
    return publish_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, analysis="Customs counted 3.2 million tonnes."
    )


def correct(erin, cid):
    assert act(erin, cid, "revise").json()["state"] == "researching"
    current = erin.get(f"/api/v1/claims/{cid}/verdict/")
    updated = erin.put(
        f"/api/v1/claims/{cid}/verdict/",
        {
            **{k: current.json()[k] for k in ("headline", "conclusion")},
            "rating": "Mostly false",
            "analysis": "Customs counted 3.4 million tonnes.",
        },
        format="json",
        HTTP_IF_MATCH=current["ETag"],
    )
    assert updated.status_code == 200, updated.content


def test_the_editor_submits_the_correction_and_the_reviewers_approval_publishes_it(
    token_for, published, editor, reviewer
):
    erin, bob = token_for(editor, name="Erin's desk"), token_for(reviewer, name="Bob's review tool")
    cid = published.pk
    correct(erin, cid)
    assert "submit" in actions(erin, cid)

    submitted = act(erin, cid, "submit", note=NOTE, note_kind="correction")
    assert submitted.status_code == 200, submitted.content
    verdict = erin.get(f"/api/v1/claims/{cid}/verdict/").json()
    assert (verdict["last_edited_by"], verdict["submitted_by"]) == (editor.username, editor.username)
    assert (verdict["correction_note"], verdict["correction_note_kind"]) == (NOTE, "correction")

    # erin may not approve what she submitted: not offered, and refused (403, four eyes).
    assert "approve" not in actions(erin, cid)
    assert_problem(act(erin, cid, "approve"), 403)

    approved = act(bob, cid, "approve", expected_revision=verdict["revision"])
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == ClaimState.PUBLISHED
    correction = Publication.objects.get(claim_id=cid, version=2)
    assert (correction.note, correction.published_by) == (NOTE, editor)
    assert (correction.rating_label, correction.content["verdict"]["analysis"]) == (
        "Mostly false",
        "Customs counted 3.4 million tonnes.",
    )


def test_a_token_of_the_submitter_made_reviewer_is_refused_by_four_eyes(token_for, published, editor):
    erin = token_for(editor, name="Erin's desk")
    cid = published.pk
    correct(erin, cid)
    assert act(erin, cid, "submit", note=NOTE, note_kind="correction").status_code == 200
    editor.role = Role.REVIEWER
    editor.save()
    body = assert_problem(act(erin, cid, "approve"), 403, says="four eyes")
    assert "submitted" in body["detail"]


def test_an_editor_cannot_submit_a_first_check_nor_a_note_without_a_publication(
    token_for, checker, editor, reviewer
):
    from tests.factories import add_evidence, claim_in_state, write_verdict

    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    erin, alice = token_for(editor, name="Erin's desk"), token_for(checker, name="Alice's CMS")
    assert_problem(act(erin, claim.pk, "submit"), 403, says="correction of a published fact-check")
    body = assert_problem(act(alice, claim.pk, "submit", note="Fixed."), 409, says="has not been published")
    assert body["code"] == "note_unexpected"
