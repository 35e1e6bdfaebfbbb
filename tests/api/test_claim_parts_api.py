"""Appearances, evidence, rebuttals, claimants, sources: create, list, change, remove; published is frozen."""

import pytest

from claims.models import Appearance, Claimant, ClaimState
from evidence.models import Evidence, Rebuttal, Source
from tests.api.conftest import assert_problem
from tests.factories import ClaimantFactory, claim_in_state, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(checker, token_for):
    return token_for(checker)


@pytest.fixture
def claim(checker, reviewer, editor):
    return claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)


def patch(client, url, body):
    return client.patch(url, body, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])


def delete(client, url):
    return client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"])


def test_evidence_round_trip(alice, claim):
    base = f"/api/v1/claims/{claim.pk}/evidence/"
    created = alice.post(
        base,
        {
            "stance": "context",
            "kind": "statement",
            "title": "Ministry statement",
            "offline_reference": "Press briefing, 16 July 2025",
            "source": {"name": "Ministry of Trade", "kind": "government"},
            "is_withheld": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["url"] == "" and item["offline_reference"] == "Press briefing, 16 July 2025"
    assert item["is_withheld"] is True and item["added_by"] == "alice-test"
    assert created["Location"] == f"{base}{item['id']}/"
    source = Source.objects.get(name="Ministry of Trade")
    # The same source named again is found, not duplicated.
    again = alice.post(
        base,
        {"stance": "refutes", "title": "T", "url": "https://e.org/", "source": {"name": "ministry of trade"}},
        format="json",
    )
    assert again.json()["source"]["id"] == source.pk
    assert [e["id"] for e in alice.get(base).json()["results"]] == [item["id"], again.json()["id"]]

    changed = patch(
        alice, f"{base}{item['id']}/", {"stance": "refutes", "is_withheld": False, "source": None}
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["stance"], changed.json()["is_withheld"], changed.json()["source"]) == (
        "refutes",
        False,
        None,
    )
    # Neither a URL nor a reference: refused with the field named.
    assert_problem(patch(alice, f"{base}{item['id']}/", {"offline_reference": ""}), 400, field="url")
    assert delete(alice, f"{base}{item['id']}/").status_code == 204
    assert not Evidence.objects.filter(pk=item["id"]).exists()
    assert_problem(alice.get(f"{base}{item['id']}/"), 404)


def test_rebuttal_round_trip(alice, claim):
    base = f"/api/v1/claims/{claim.pk}/rebuttals/"
    created = alice.post(
        base,
        {
            "party": "Korea Iron & Steel Association",
            "kind": "counter_claim",
            "statement": "Korean steel is priced at market rates.",
            "url": "https://www.kosa.or.kr/",
            "stated_on": "2025-07-16",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert created.json()["stated_on"] == "2025-07-16"
    changed = patch(alice, f"{base}{rid}/", {"stated_on": None, "kind": "denial"})
    assert (changed.json()["stated_on"], changed.json()["kind"]) == (None, "denial")
    assert_problem(patch(alice, f"{base}{rid}/", {"statement": ""}), 400, field="statement")
    assert delete(alice, f"{base}{rid}/").status_code == 204
    assert not Rebuttal.objects.filter(pk=rid).exists()


def test_appearance_round_trip_and_the_first_mark_moves(alice, claim):
    base = f"/api/v1/claims/{claim.pk}/appearances/"
    first = alice.post(base, {"outlet": "CNBC", "medium": "tv", "is_first": True}, format="json").json()
    second = alice.post(
        base, {"url": "https://x.com/post/1", "medium": "social", "appeared_on": "2025-07-14"}, format="json"
    ).json()
    assert_problem(alice.post(base, {"medium": "tv"}, format="json"), 400, field="url")
    moved = patch(alice, f"{base}{second['id']}/", {"is_first": True})
    assert moved.status_code == 200 and moved.json()["is_first"] is True
    assert Appearance.objects.get(pk=first["id"]).is_first is False
    listed = alice.get(base).json()["results"]
    assert [a["id"] for a in listed][0] == second["id"]
    assert delete(alice, f"{base}{first['id']}/").status_code == 204
    assert [a["id"] for a in alice.get(base).json()["results"]] == [second["id"]]


def test_a_published_claim_refuses_changes_until_revised(members, token_for):
    checker, editor = members["checker"], members["editor"]
    published = claim_in_state(
        ClaimState.PUBLISHED, checker=checker, reviewer=members["reviewer"], editor=editor
    )
    alice = token_for(checker)
    evidence = published.evidence.first()
    base = f"/api/v1/claims/{published.pk}"
    attempts = [
        alice.post(
            f"{base}/evidence/", {"stance": "refutes", "title": "T", "url": "https://e.org/"}, format="json"
        ),
        alice.post(f"{base}/rebuttals/", {"party": "P", "statement": "S"}, format="json"),
        alice.post(f"{base}/appearances/", {"outlet": "O"}, format="json"),
        patch(alice, f"{base}/evidence/{evidence.pk}/", {"title": "Changed"}),
        delete(alice, f"{base}/evidence/{evidence.pk}/"),
        patch(alice, f"{base}/", {"summary": "Changed"}),
    ]
    verdict = alice.get(f"{base}/verdict/")
    attempts.append(
        alice.put(
            f"{base}/verdict/",
            {"rating": "True", "conclusion": "x"},
            format="json",
            HTTP_IF_MATCH=verdict["ETag"],
        )
    )
    for response in attempts:
        problem = assert_problem(response, 409, says="published")
        assert problem["code"] == "published"
    assert Evidence.objects.filter(pk=evidence.pk, title="Customs statistics").exists()

    erin = token_for(editor)
    assert erin.post(f"{base}/transitions/", {"action": "revise"}, format="json").status_code == 200
    assert delete(alice, f"{base}/evidence/{evidence.pk}/").status_code == 204


def test_claimants(alice, checker):
    created = alice.post(
        "/api/v1/claimants/",
        {"name": "Howard  Lutnick", "title": "U.S. Secretary of Commerce"},
        format="json",
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert created.json()["name"] == "Howard Lutnick"
    duplicate = alice.post(
        "/api/v1/claimants/", {"name": "howard lutnick", "title": "U.S. Secretary of Commerce"}, format="json"
    )
    assert_problem(duplicate, 409, says="already exists")
    changed = patch(alice, f"/api/v1/claimants/{cid}/", {"kind": "person", "title": "Former Secretary"})
    assert changed.status_code == 200 and changed.json()["title"] == "Former Secretary"
    assert_problem(patch(alice, f"/api/v1/claimants/{cid}/", {"kind": "robot"}), 400, field="kind")
    ClaimantFactory(name="Someone Else")
    assert [c["name"] for c in alice.get("/api/v1/claimants/?name=lutn").json()["results"]] == [
        "Howard Lutnick"
    ]
    # A claim can name its claimant by id.
    claim = alice.post("/api/v1/claims/", {"text": "Steel.", "claimant": cid}, format="json")
    assert claim.status_code == 201 and claim.json()["claimant"]["id"] == cid
    assert Claimant.objects.filter(name__iexact="howard lutnick").count() == 1


def test_sources(alice):
    created = alice.post(
        "/api/v1/sources/",
        {"name": "KEPCO", "kind": "company", "url": "https://home.kepco.co.kr/"},
        format="json",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    assert_problem(
        alice.post("/api/v1/sources/", {"name": "kepco"}, format="json"), 409, says="already exists"
    )
    changed = patch(alice, f"/api/v1/sources/{sid}/", {"name": "Korea Electric Power Corporation"})
    assert changed.json()["name"] == "Korea Electric Power Corporation"
    assert_problem(patch(alice, f"/api/v1/sources/{sid}/", {"url": "not a url"}), 400, field="url")
    listing = alice.get("/api/v1/sources/?name=electric").json()
    assert [s["id"] for s in listing["results"]] == [sid] and listing["next"] is None


def test_claim_patch_changes_only_what_is_sent(alice, checker):
    claim = make_claim(author=checker, summary="Old summary", topics=["steel"])
    response = patch(
        alice, f"/api/v1/claims/{claim.pk}/", {"claimed_on": "2025-07-15", "claimant": {"name": "New Person"}}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["claimed_on"], body["summary"], body["topics"]) == ("2025-07-15", "Old summary", ["steel"])
    assert body["claimant"]["name"] == "New Person"
