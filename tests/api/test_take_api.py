"""Taking a claim over the API: the workflow's `take`, with a token's `claims:write` scope."""

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimState
from tests.api.conftest import assert_problem
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def take(client, claim_id, **fields):
    return client.post(f"/api/v1/claims/{claim_id}/transitions/", {"action": "take", **fields}, format="json")


def test_a_fact_checker_takes_a_new_claim_with_a_due_date(token_for, checker):
    claim = make_claim(author=checker)
    alice = token_for(checker)
    assert alice.get(f"/api/v1/claims/{claim.pk}/transitions/").json()["available_actions"] == ["take"]
    due = timezone.localdate() + datetime.timedelta(days=4)

    response = take(alice, claim.pk, due_on=due.isoformat())

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "researching" and body["assignee"]["username"] == checker.username
    assert Claim.objects.get(pk=claim.pk).due_on == due


def test_a_token_without_claims_write_is_not_offered_take_and_is_refused(token_for, checker):
    claim = make_claim(author=checker)
    reader = token_for(checker, scopes=("claims:read", "claims:submit"))
    assert reader.get(f"/api/v1/claims/{claim.pk}/transitions/").json()["available_actions"] == []
    assert take(reader, claim.pk).status_code == 403
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_refusals_are_problems(token_for, checker, other_checker, reviewer):
    claim = make_claim(author=checker)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert assert_problem(take(token_for(checker), claim.pk, due_on=past), 409)["code"] == "due_on_past"
    assert_problem(take(token_for(reviewer), claim.pk), 403, says="fact-checkers and editors")
    assert take(token_for(checker), claim.pk).status_code == 200
    second = assert_problem(take(token_for(other_checker), claim.pk), 409, says="alice-test took")
    assert second["code"] == "wrong_state"
    assert take(token_for(checker), claim.pk, due_on="soon").status_code == 400
