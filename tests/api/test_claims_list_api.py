"""The claims list: cursor pages of `results` with a `next` link, every filter, ranked full-text search."""

import datetime

import pytest
from django.utils import timezone

from claims import services
from claims.models import Claim, ClaimState
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim, write_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(checker, token_for):
    return token_for(checker, scopes=["claims:read"])


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [claim["id"] for claim in response.json()["results"]]


def test_pages_follow_next_links_until_none(alice, checker):
    created = [make_claim(author=checker, text=f"Claim number {n}").pk for n in range(7)]
    seen, url, pages = [], "/api/v1/claims/?page_size=3", 0
    while url:
        response = alice.get(url)
        body = response.json()
        assert set(body) == {"results", "next"}
        seen += ids(response)
        url = body["next"]
        pages += 1
    assert pages == 3
    assert seen == sorted(created, reverse=True), "newest first, each claim once"


def test_a_page_is_stable_while_claims_are_added(alice, checker):
    for n in range(4):
        make_claim(author=checker, text=f"Claim {n}")
    first = alice.get("/api/v1/claims/?page_size=2").json()
    make_claim(author=checker, text="A newer claim, added between two pages")
    second = alice.get(first["next"])
    assert len(set(ids(second)) & {c["id"] for c in first["results"]}) == 0
    assert len(ids(second)) == 2


def test_page_size_defaults_and_tops_out_at_100(alice, checker, settings):
    claimant = ClaimantFactory()
    Claim.objects.bulk_create(
        [Claim(text=f"Bulk {n}", claimant=claimant, created_by=checker) for n in range(105)]
    )
    assert len(ids(alice.get("/api/v1/claims/"))) == 20
    full = alice.get("/api/v1/claims/?page_size=100")
    assert len(ids(full)) == 100 and full.json()["next"]
    assert alice.get("/api/v1/claims/?page_size=101").status_code == 400


def test_filters(alice, members):
    checker, editor, reviewer = members["checker"], members["editor"], members["reviewer"]
    lutnick = ClaimantFactory(name="Howard Lutnick")
    other = ClaimantFactory(name="Someone Else")
    steel = make_claim(author=checker, claimant=lutnick, text="Korea dumps steel.", topics=["Steel", "trade"])
    power = make_claim(author=checker, claimant=lutnick, text="Power is free in Japan.", language="ja")
    rated = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, claimant=other
    )
    write_verdict(rated, actor=checker, rating="Mostly false")
    add_evidence(rated, actor=checker)
    untouched = make_claim(author=checker, claimant=other, text="Untouched.")
    Claim.objects.filter(pk=untouched.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30),
        updated_at=timezone.now() - datetime.timedelta(days=30),
    )

    assert ids(alice.get("/api/v1/claims/?state=researching")) == [rated.pk]
    assert set(ids(alice.get("/api/v1/claims/?state=new"))) == {steel.pk, power.pk, untouched.pk}
    assert set(ids(alice.get(f"/api/v1/claims/?claimant={lutnick.pk}"))) == {steel.pk, power.pk}
    assert ids(alice.get(f"/api/v1/claims/?assignee={checker.pk}")) == [rated.pk]
    assert ids(alice.get(f"/api/v1/claims/?assignee={checker.username}")) == [rated.pk]
    assert ids(alice.get("/api/v1/claims/?assignee=nobody")) == []
    assert ids(alice.get("/api/v1/claims/?topic=steel")) == [steel.pk]
    assert ids(alice.get("/api/v1/claims/?topic=STEEL")) == [steel.pk]
    assert ids(alice.get("/api/v1/claims/?rating=Mostly%20false")) == [rated.pk]
    assert ids(alice.get("/api/v1/claims/?rating=mostly-false")) == [rated.pk]
    assert ids(alice.get("/api/v1/claims/?rating=True")) == []
    assert ids(alice.get("/api/v1/claims/?language=ja")) == [power.pk]
    week_ago = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
    assert ids(alice.get(f"/api/v1/claims/?created_before={week_ago}")) == [untouched.pk]
    assert untouched.pk not in ids(alice.get(f"/api/v1/claims/?created_after={week_ago}"))
    assert ids(alice.get(f"/api/v1/claims/?updated_before={week_ago}T00:00:00Z")) == [untouched.pk]
    recent = ids(alice.get(f"/api/v1/claims/?updated_after={week_ago}"))
    assert set(recent) == {steel.pk, power.pk, rated.pk}
    # Filters combine.
    assert ids(alice.get(f"/api/v1/claims/?claimant={lutnick.pk}&language=en")) == [steel.pk]


def test_search_ranks_the_best_match_first_and_pages_too(alice, checker):
    passing = make_claim(
        author=checker,
        text="The minister spoke about many things: schools, hospitals, roads, pensions, the weather, "
        "the budget and, once, in passing, electricity.",
    )
    about = make_claim(
        author=checker, text="Electricity is almost free in Korea.", summary="Electricity free"
    )
    unrelated = make_claim(author=checker, text="Steel imports doubled.")
    results = ids(alice.get("/api/v1/claims/?q=electricity"))
    assert results == [about.pk, passing.pk]
    assert unrelated.pk not in results
    # Web-search syntax: a phrase and an exclusion.
    assert ids(alice.get('/api/v1/claims/?q="almost free"')) == [about.pk]
    assert ids(alice.get("/api/v1/claims/?q=electricity -korea")) == [passing.pk]
    # Ranked results page by position.
    first = alice.get("/api/v1/claims/?q=electricity&page_size=1").json()
    assert [c["id"] for c in first["results"]] == [about.pk]
    second = alice.get(first["next"]).json()
    assert [c["id"] for c in second["results"]] == [passing.pk]
    assert second["next"] is None
    # The claimant's name is searched too, and search combines with filters.
    named = make_claim(author=checker, text="Prices rose.", claimant=ClaimantFactory(name="Howard Lutnick"))
    assert ids(alice.get("/api/v1/claims/?q=lutnick")) == [named.pk]
    assert ids(alice.get("/api/v1/claims/?q=electricity&state=researching")) == []


def test_each_claim_in_the_list_nests_its_work(alice, members):
    checker = members["checker"]
    claim = claim_in_state(
        ClaimState.IN_REVIEW, checker=checker, reviewer=members["reviewer"], editor=members["editor"]
    )
    services.appearance_create(claim=claim, actor=checker, outlet="CNBC", medium="tv", is_first=True)
    item = alice.get("/api/v1/claims/").json()["results"][0]
    assert item["id"] == claim.pk
    assert {
        "claimant",
        "appearances",
        "evidence",
        "rebuttals",
        "verdict",
        "reviews",
        "available_actions",
    } <= set(item)
    assert item["appearances"][0]["outlet"] == "CNBC"
    assert item["evidence"][0]["stance"] == "refutes"
    assert item["verdict"]["rating"] == "False"
    # This token only reads: it may take no action.
    assert item["available_actions"] == []
