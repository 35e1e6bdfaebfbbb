"""The whole review workflow over HTTP, as the desk works it: alice checks, bob reviews, erin edits."""

import pytest

from tests.api.conftest import assert_problem

pytestmark = pytest.mark.django_db

LUTNICK = {
    "text": "China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
    "summary": "Asian countries give away electricity and dump steel in the U.S.",
    "claimant": {"name": "Howard Lutnick", "title": "U.S. Secretary of Commerce"},
    "claimed_on": "2025-07-15",
    "language": "en",
    "topics": ["Trade", "steel"],
    "appearances": [
        {
            "url": "https://www.cnbc.com/video/2025/07/15/lutnick-interview.html",
            "outlet": "CNBC",
            "medium": "tv",
            "appeared_on": "2025-07-15",
            "is_first": True,
        }
    ],
}


@pytest.fixture
def desk(token_for, checker, reviewer, editor):
    """Token clients for alice (fact-checker), bob (reviewer) and erin (editor)."""
    return {
        "alice": token_for(checker, name="Alice's CMS"),
        "bob": token_for(reviewer, name="Bob's review tool"),
        "erin": token_for(editor, name="Erin's desk"),
    }


def act(client, claim_id, action, **fields):
    return client.post(f"/api/v1/claims/{claim_id}/transitions/", {"action": action, **fields}, format="json")


def actions(client, claim_id) -> list[str]:
    response = client.get(f"/api/v1/claims/{claim_id}/transitions/")
    assert response.status_code == 200
    return response.json()["available_actions"]


def test_a_fact_check_from_logging_to_correction(desk, checker):
    alice, bob, erin = desk["alice"], desk["bob"], desk["erin"]

    # alice logs the claim.
    created = alice.post("/api/v1/claims/", LUTNICK, format="json")
    assert created.status_code == 201, created.content
    claim = created.json()
    cid = claim["id"]
    assert created["Location"] == f"/api/v1/claims/{cid}/"
    assert claim["state"] == "new"
    assert claim["claimant"]["name"] == "Howard Lutnick"
    assert claim["topics"] == ["trade", "steel"]
    assert claim["verdict"] is None and claim["reviews"] == []
    assert claim["available_actions"] == ["take"]  # a new claim she could take herself

    # Only an editor assigns: alice is refused (403), erin assigns her.
    assert_problem(act(alice, cid, "assign", assignee=checker.username), 403, says="editor")
    assert actions(erin, cid) == ["assign", "take", "dismiss"]
    assigned = act(erin, cid, "assign", assignee=checker.pk)
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["state"] == "researching"
    assert assigned.json()["assignee"] == {"id": checker.pk, "username": checker.username}

    # Submitting with nothing to review: allowed for alice in principle, not now (409, says what is missing).
    body = assert_problem(act(alice, cid, "submit"), 409, says="verdict with a rating")
    assert body["code"] == "incomplete"

    # Evidence of two stances, a source found-or-created by name, and a rebuttal.
    refutes = alice.post(
        f"/api/v1/claims/{cid}/evidence/",
        {
            "stance": "refutes",
            "kind": "dataset",
            "title": "Industrial electricity prices, 2024",
            "url": "https://www.iea.org/data-and-statistics",
            "source": {"name": "International Energy Agency", "kind": "official_statistics"},
            "excerpt": "Korean industrial tariffs were above the OECD median.",
            "published_on": "2025-03-01",
        },
        format="json",
    )
    assert refutes.status_code == 201, refutes.content
    assert refutes.json()["source"]["name"] == "International Energy Agency"
    supports = alice.post(
        f"/api/v1/claims/{cid}/evidence/",
        {
            "stance": "supports",
            "title": "Steel import volumes from Korea",
            "url": "https://www.trade.gov/steel",
            "source": refutes.json()["source"]["id"],
        },
        format="json",
    )
    assert supports.status_code == 201, supports.content
    assert supports.json()["source"]["id"] == refutes.json()["source"]["id"]
    rebuttal = alice.post(
        f"/api/v1/claims/{cid}/rebuttals/",
        {
            "party": "Ministry of Trade, Industry and Energy (Korea)",
            "statement": "The claim that Korea provides electricity almost for free is not factual.",
            "url": "https://www.motie.go.kr/",
            "stated_on": "2025-07-16",
        },
        format="json",
    )
    assert rebuttal.status_code == 201, rebuttal.content

    # The verdict: first PUT needs no If-Match.
    verdict = alice.put(
        f"/api/v1/claims/{cid}/verdict/",
        {
            "rating": "Mostly false",
            "headline": "Electricity is not free in Korea or Japan",
            "conclusion": "Industrial power costs money in all three countries.",
            "analysis": "Tariff data from the IEA show ...",
        },
        format="json",
    )
    assert verdict.status_code == 201, verdict.content
    assert verdict.json()["rating"] == "Mostly false" and verdict.json()["revision"] == 1
    assert actions(alice, cid) == ["submit"]
    submitted = act(alice, cid, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "in_review"

    # A forged approval by the author is refused as not permitted (403), and says why.
    forged = assert_problem(act(alice, cid, "approve"), 403, says="reviewer")
    assert forged["code"] == "refused"
    # Publishing is an editor's: bob may never (403); erin may, but not before approval (409).
    assert_problem(act(bob, cid, "publish"), 403, says="editor")
    assert_problem(act(erin, cid, "publish"), 409, says="approved")
    # Requesting changes needs a comment: 409, not 403 (bob may, just not without saying what).
    missing = assert_problem(act(bob, cid, "request_changes"), 409, says="comment")
    assert missing["code"] == "comment_required"
    assert actions(bob, cid) == ["request_changes", "approve"]

    approved = act(bob, cid, "approve", comment="Sources check out.")
    assert approved.status_code == 200, approved.content
    approved = approved.json()
    assert approved["state"] == "approved"
    assert [(r["reviewer"], r["decision"], r["is_current"]) for r in approved["reviews"]] == [
        ("bob-test", "approve", True)
    ]
    # Reviewing twice is a conflict, not a permission problem.
    assert_problem(act(bob, cid, "approve"), 409)

    published = act(erin, cid, "publish")
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"
    assert actions(erin, cid) == ["revise"]
    assert actions(alice, cid) == []

    # Published content is frozen: changes are refused until an editor revises (409, with the reason).
    item = alice.get(f"/api/v1/claims/{cid}/evidence/{supports.json()['id']}/")
    frozen = alice.patch(
        f"/api/v1/claims/{cid}/evidence/{supports.json()['id']}/",
        {"title": "Changed after publication"},
        format="json",
        HTTP_IF_MATCH=item["ETag"],
    )
    assert_problem(frozen, 409, says="revise")

    # erin revises; alice updates the verdict (now If-Match is required), and it goes round again.
    revised = act(erin, cid, "revise")
    assert revised.status_code == 200 and revised.json()["state"] == "researching"
    current = alice.get(f"/api/v1/claims/{cid}/verdict/")
    updated = alice.put(
        f"/api/v1/claims/{cid}/verdict/",
        {
            "rating": "False",
            "headline": "Electricity is not free in Korea or Japan",
            "conclusion": "Industrial power costs money in all three countries; new tariff data confirm it.",
            "analysis": "Tariff data from the IEA and KEPCO show ...",
        },
        format="json",
        HTTP_IF_MATCH=current["ETag"],
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["rating"] == "False"
    assert updated.json()["revision"] > current.json()["revision"]
    assert act(alice, cid, "submit").json()["state"] == "in_review"
    assert act(bob, cid, "approve").json()["state"] == "approved"

    # The second publication needs a correction or update note for readers.
    no_note = assert_problem(act(erin, cid, "publish"), 409, says="note")
    assert no_note["code"] == "note_required"
    again = act(
        erin, cid, "publish", note="We changed the rating after new tariff data.", note_kind="correction"
    )
    assert again.status_code == 200, again.content
    assert again.json()["state"] == "published"

    # The timeline shows every step, attributed to the member and the token they used.
    history = alice.get(f"/api/v1/claims/{cid}/history/")
    assert history.status_code == 200
    transitions = [e for e in history.json()["results"] if e["kind"] == "transition" and e["verb"] == "added"]
    assert [(e["fields"]["action"], e["actor"]) for e in transitions] == [
        ("assign", "erin-test"),
        ("submit", "alice-test"),
        ("approve", "bob-test"),
        ("publish", "erin-test"),
        ("revise", "erin-test"),
        ("submit", "alice-test"),
        ("approve", "bob-test"),
        ("publish", "erin-test"),
    ]
    token_names = {e["actor"]: e["token"] for e in transitions}
    assert token_names == {
        "erin-test": f"{desk['erin'].token.pk}:Erin's desk",
        "alice-test": f"{desk['alice'].token.pk}:Alice's CMS",
        "bob-test": f"{desk['bob'].token.pk}:Bob's review tool",
    }
    publications = [e for e in history.json()["results"] if e["kind"] == "publication"]
    assert [p["fields"]["version"] for p in publications] == [1, 2]
    assert publications[1]["fields"]["note"] == "We changed the rating after new tariff data."


def test_every_write_is_attributed_to_the_member_and_the_token(desk, checker, editor):
    alice, erin = desk["alice"], desk["erin"]
    cid = alice.post("/api/v1/claims/", LUTNICK, format="json").json()["id"]
    detail = alice.get(f"/api/v1/claims/{cid}/")
    patched = alice.patch(
        f"/api/v1/claims/{cid}/",
        {"summary": "Asian countries give away power and dump steel"},
        format="json",
        HTTP_IF_MATCH=detail["ETag"],
    )
    assert patched.status_code == 200, patched.content
    act(erin, cid, "assign", assignee=checker.username)
    evidence = alice.post(
        f"/api/v1/claims/{cid}/evidence/",
        {"stance": "context", "title": "Background", "url": "https://example.org/a"},
        format="json",
    ).json()
    etag = alice.get(f"/api/v1/claims/{cid}/evidence/{evidence['id']}/")["ETag"]
    removed = alice.delete(f"/api/v1/claims/{cid}/evidence/{evidence['id']}/", HTTP_IF_MATCH=etag)
    assert removed.status_code == 204

    entries = alice.get(f"/api/v1/claims/{cid}/history/").json()["results"]
    alice_token = f"{alice.token.pk}:Alice's CMS"
    by_what = {(e["kind"], e["verb"]): e for e in entries}
    assert by_what[("claim", "added")]["actor"] == "alice-test"
    assert by_what[("claim", "added")]["token"] == alice_token
    assert by_what[("appearance", "added")]["token"] == alice_token
    summary_change = next(e for e in entries if e["kind"] == "claim" and "summary" in e["changes"])
    assert summary_change["changes"]["summary"] == [
        LUTNICK["summary"],
        "Asian countries give away power and dump steel",
    ]
    assert (summary_change["actor"], summary_change["token"]) == ("alice-test", alice_token)
    assigned = next(e for e in entries if e["kind"] == "claim" and "assignee_id" in e["changes"])
    assert (assigned["actor"], assigned["actor_id"]) == ("erin-test", editor.pk)
    assert assigned["token"] == f"{erin.token.pk}:Erin's desk"
    assert by_what[("evidence", "removed")]["token"] == alice_token

    # A change made in the UI (a session, no token) is attributed to the member alone.
    from rest_framework.test import APIClient

    session = APIClient()
    session.force_login(checker)
    etag = session.get(f"/api/v1/claims/{cid}/")["ETag"]
    assert (
        session.patch(
            f"/api/v1/claims/{cid}/", {"topics": ["energy"]}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    entries = alice.get(f"/api/v1/claims/{cid}/history/").json()["results"]
    topics_change = next(e for e in entries if e["kind"] == "claim" and "topics" in e["changes"])
    assert (topics_change["actor"], topics_change["token"]) == ("alice-test", None)
