"""Idempotency-Key on creating POSTs: repeats replay, other bodies get 422, keys are per caller and expire."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim, Claimant, ClaimState, Transition
from evidence.models import Evidence
from factcheck.models import IdempotencyRecord
from tests.api.conftest import assert_problem
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db

CLAIM = {
    "text": "Korea provides electricity almost for free.",
    "claimant": {"name": "Howard Lutnick", "title": "U.S. Secretary of Commerce"},
}


def test_the_same_key_and_body_replays_the_first_response_and_creates_nothing(checker, token_for):
    client = token_for(checker)
    first = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="cms-42")
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    # The same JSON with other key order and spacing is the same request.
    again = client.generic(
        "POST",
        "/api/v1/claims/",
        '{"claimant": {"title": "U.S. Secretary of Commerce", "name": "Howard Lutnick"},\n'
        ' "text": "Korea provides electricity almost for free."}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="cms-42",
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again["Location"] == first["Location"] and again["ETag"] == first["ETag"]
    assert Claim.objects.count() == 1
    assert Claimant.objects.count() == 1


def test_the_same_key_with_another_body_is_422(checker, token_for):
    client = token_for(checker)
    assert client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="k1").status_code == 201
    other = client.post(
        "/api/v1/claims/", CLAIM | {"text": "Japan too."}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert_problem(other, 422, says="Idempotency-Key was used for another request")
    # ... and so is the same key on another endpoint.
    elsewhere = client.post(
        "/api/v1/claimants/", {"name": "Someone"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert_problem(elsewhere, 422)
    assert Claim.objects.count() == 1
    assert not Claimant.objects.filter(name="Someone").exists()


def test_keys_belong_to_their_caller(checker, other_checker, token_for):
    alice, carol = token_for(checker), token_for(other_checker)
    first = alice.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    second = carol.post(
        "/api/v1/claims/", CLAIM | {"text": "Carol's."}, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second
    assert first.json()["id"] != second.json()["id"]
    # Two tokens of one member are two callers too.
    alice_again = token_for(checker)
    third = alice_again.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert third.status_code == 201 and "Idempotent-Replayed" not in third
    assert Claim.objects.count() == 3


def test_keys_expire(checker, token_for, settings):
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 2
    client = token_for(checker)
    first = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="daily-import")
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1, minutes=59))
    replay = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="daily-import")
    assert replay["Idempotent-Replayed"] == "true" and replay.json()["id"] == first.json()["id"]
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2, minutes=1))
    fresh = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="daily-import")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh
    assert fresh.json()["id"] != first.json()["id"]
    assert IdempotencyRecord.objects.count() == 1, "the expired record is gone"


def test_a_failed_create_is_not_kept_so_the_key_can_be_retried(checker, token_for):
    client = token_for(checker)
    invalid = client.post("/api/v1/claims/", {"text": ""}, format="json", HTTP_IDEMPOTENCY_KEY="retry-me")
    assert_problem(invalid, 400, field="claimant")
    assert not IdempotencyRecord.objects.exists()
    retried = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY="retry-me")
    assert retried.status_code == 201


@pytest.mark.parametrize("key", ["", "   ", "x" * 201, "tab\tinside"])
def test_a_key_must_be_1_to_200_printable_characters(key, checker, token_for):
    client = token_for(checker)
    response = client.post("/api/v1/claims/", CLAIM, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert_problem(response, 400, field="Idempotency-Key")
    assert not Claim.objects.exists()


def test_every_creating_post_accepts_a_key(checker, reviewer, editor, token_for):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    client = token_for(checker)
    creates = [
        ("/api/v1/claimants/", {"name": "Yoon Suk Yeol"}),
        ("/api/v1/sources/", {"name": "KEPCO"}),
        (f"/api/v1/claims/{claim.pk}/appearances/", {"outlet": "KBS", "medium": "tv"}),
        (
            f"/api/v1/claims/{claim.pk}/evidence/",
            {"stance": "refutes", "title": "T", "url": "https://e.org/"},
        ),
        (f"/api/v1/claims/{claim.pk}/rebuttals/", {"party": "MOTIE", "statement": "Not so."}),
    ]
    for url, body in creates:
        first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=f"key-{url}")
        again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=f"key-{url}")
        assert first.status_code == again.status_code == 201, (url, first.content)
        assert again["Idempotent-Replayed"] == "true"
        assert again.json()["id"] == first.json()["id"]
        listing = client.get(url)
        results = listing.json()["results"]
        assert len([r for r in results if r["id"] == first.json()["id"]]) == 1
    assert Evidence.objects.filter(claim=claim).count() == 1


def test_a_retried_transition_is_applied_once(checker, reviewer, editor, token_for):
    claim = claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor)
    erin = token_for(editor)
    body = {"action": "publish"}
    first = erin.post(
        f"/api/v1/claims/{claim.pk}/transitions/", body, format="json", HTTP_IDEMPOTENCY_KEY="p1"
    )
    again = erin.post(
        f"/api/v1/claims/{claim.pk}/transitions/", body, format="json", HTTP_IDEMPOTENCY_KEY="p1"
    )
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert Transition.objects.filter(claim=claim, action="publish").count() == 1
    assert claim.publications.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_row(checker, token_for):
    client_count = 4
    clients = [token_for(checker) for _ in range(client_count)]
    # One caller: every thread uses the same token.
    secret = clients[0].secret
    barrier = threading.Barrier(client_count)
    responses = []

    def create():
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        try:
            barrier.wait(timeout=10)
            body = CLAIM | {"external_id": "wire-2025-07-15-001"}
            responses.append(client.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="race"))
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(client_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.status_code for r in responses] == [201] * client_count, [r.content for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(1 for r in responses if "Idempotent-Replayed" not in r) == 1
    assert Claim.objects.count() == 1
    assert Claimant.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
