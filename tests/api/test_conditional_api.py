"""ETag on every single-resource GET; If-Match on every change to an existing resource."""

import threading

import pytest
from django.db import connection

from claims.models import ClaimState, Verdict
from tests.api.conftest import assert_problem
from tests.api.endpoints import ENDPOINTS
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db

SINGLE_NAMES = {
    "claim",
    "verdict",
    "actions",
    "appearance",
    "evidence item",
    "rebuttal",
    "claimant",
    "source",
}
SINGLE_RESOURCES = [e for e in ENDPOINTS if e[0] in SINGLE_NAMES]
CONDITIONAL_WRITES = [e for e in ENDPOINTS if e[5]]


def test_the_tables_cover_every_kind_of_resource():
    assert len(SINGLE_RESOURCES) == len(SINGLE_NAMES)
    assert {e[1] for e in CONDITIONAL_WRITES} == {"patch", "put", "delete"}
    assert len(CONDITIONAL_WRITES) == 10


@pytest.mark.parametrize("endpoint", SINGLE_RESOURCES, ids=[e[0] for e in SINGLE_RESOURCES])
def test_every_single_resource_get_has_an_etag_and_answers_if_none_match(endpoint, world, token_for, editor):
    client = token_for(editor)
    url = endpoint[2].format(**world)
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    assert client.get(url)["ETag"] == etag, "the same representation has the same ETag"
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag and not unchanged.content
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("endpoint", CONDITIONAL_WRITES, ids=[e[0] for e in CONDITIONAL_WRITES])
def test_a_change_without_if_match_is_428(endpoint, world, token_for, editor):
    client = token_for(editor)
    name, method, template, body, *_ = endpoint
    url = template.format(**world)
    before = client.get(url).json()
    response = getattr(client, method)(url, body() if body else None, format="json")
    assert_problem(response, 428, says="If-Match")
    assert client.get(url).json() == before, "nothing changed"


@pytest.mark.parametrize("endpoint", CONDITIONAL_WRITES, ids=[e[0] for e in CONDITIONAL_WRITES])
def test_a_change_with_a_stale_etag_is_412(endpoint, world, token_for, editor, checker):
    client = token_for(editor)
    name, method, template, body, ok, *_ = endpoint
    url = template.format(**world)
    stale = client.get(url)["ETag"]
    # Someone else changes the resource meanwhile (with the ETag of their own representation).
    other = token_for(checker)
    theirs = other.get(url)["ETag"]
    if method == "delete":
        edit_body = next(e[3] for e in CONDITIONAL_WRITES if e[2] == template and e[1] == "patch")()
        intervening = other.patch(url, edit_body, format="json", HTTP_IF_MATCH=theirs)
    else:
        intervening = getattr(other, method)(url, body(), format="json", HTTP_IF_MATCH=theirs)
    assert intervening.status_code == 200, intervening.content
    current = client.get(url)
    assert current["ETag"] != stale
    response = getattr(client, method)(url, body() if body else None, format="json", HTTP_IF_MATCH=stale)
    assert_problem(response, 412, says="changed since you read it")
    assert client.get(url).json() == current.json(), "nothing changed"
    # With the current ETag (also among others, or as a weak tag from a proxy) it goes through.
    retry = getattr(client, method)(
        url, body() if body else None, format="json", HTTP_IF_MATCH=f'"other", W/{current["ETag"]}'
    )
    assert retry.status_code == ok, retry.content


def test_the_response_to_a_change_carries_the_new_etag(world, token_for, editor):
    client = token_for(editor)
    url = f"/api/v1/claims/{world['claim']}/"
    etag = client.get(url)["ETag"]
    changed = client.patch(url, {"topics": ["trade"]}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] == client.get(url)["ETag"] != etag
    again = client.patch(url, {"topics": ["energy"]}, format="json", HTTP_IF_MATCH=changed["ETag"])
    assert again.status_code == 200


def test_the_first_verdict_needs_no_if_match_and_the_next_one_does(checker, reviewer, editor, token_for):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    client = token_for(checker)
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    assert_problem(client.get(url), 404, says="no verdict yet")
    verdict = {"rating": "False", "headline": "No", "conclusion": "Wrong.", "analysis": ""}
    # If-Match names a version: nothing exists yet, so it cannot match.
    assert_problem(client.put(url, verdict, format="json", HTTP_IF_MATCH='"abc"'), 412)
    created = client.put(url, verdict, format="json")
    assert created.status_code == 201, created.content
    assert created["ETag"] == client.get(url)["ETag"]
    assert_problem(client.put(url, verdict | {"conclusion": "Still wrong."}, format="json"), 428)
    updated = client.put(
        url, verdict | {"conclusion": "Still wrong."}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert updated.status_code == 200 and updated.json()["revision"] == 2
    assert Verdict.objects.get(claim=claim).conclusion == "Still wrong."


@pytest.mark.django_db(transaction=True)
def test_two_writers_with_the_same_etag_get_one_success_and_one_412(checker, reviewer, editor, token_for):
    """The If-Match check and the write happen under the claim's row lock, so they cannot interleave."""
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    url = f"/api/v1/claims/{claim.pk}/"
    clients = [token_for(checker), token_for(editor)]
    etag = clients[0].get(url)["ETag"]
    barrier = threading.Barrier(2)
    statuses = []

    def edit(client, summary):
        try:
            barrier.wait(timeout=10)
            response = client.patch(url, {"summary": summary}, format="json", HTTP_IF_MATCH=etag)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(client, f"Summary {n}")) for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 412]
