"""Query counts are tested numbers: a page of 50 claims costs what a page of 5 does, and at most 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import ClaimState
from evidence import services as evidence_services
from tests.factories import add_evidence, claim_in_state, write_verdict

pytestmark = pytest.mark.django_db

LIST_BUDGET = 10
STATES = [
    ClaimState.NEW,
    ClaimState.RESEARCHING,
    ClaimState.IN_REVIEW,
    ClaimState.APPROVED,
    ClaimState.PUBLISHED,
]


def build_claim(members, state, *, extra_evidence=0):
    """A claim with all the API nests: appearances, evidence of two stances, a rebuttal, verdict, reviews."""
    checker, reviewer, editor = members["checker"], members["second_reviewer"], members["editor"]
    # Content is added before review (added later it would send the claim back to review).
    reviewed = state in (ClaimState.APPROVED, ClaimState.PUBLISHED)
    start = ClaimState.IN_REVIEW if reviewed else state
    claim = claim_in_state(start, checker=checker, reviewer=reviewer, editor=editor, text=f"Claim in {state}")
    services.appearance_create(claim=claim, actor=checker, outlet="CNBC", medium="tv")
    if start != ClaimState.NEW:
        evidence_services.rebuttal_create(claim=claim, actor=checker, party="Ministry", statement="No.")
        add_evidence(claim, actor=checker, stance="supports", title="Import volumes")
    if start == ClaimState.RESEARCHING:
        write_verdict(claim, actor=checker)
    for n in range(extra_evidence):
        add_evidence(claim, actor=checker, title=f"Extra {n}")
    if reviewed:
        services.claim_transition(claim=claim, action="approve", actor=reviewer)
    if state == ClaimState.PUBLISHED:
        services.claim_transition(claim=claim, action="publish", actor=editor)
    return claim


@pytest.fixture
def fifty_claims(members):
    return [build_claim(members, STATES[n % len(STATES)]) for n in range(50)]


def count(client, url) -> int:
    assert client.get(url).status_code == 200  # warm-up: the token's last-used time is written once a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("role", ["reviewer", "editor", "checker"])
def test_listing_5_or_50_claims_costs_the_same_few_queries(role, fifty_claims, members, token_for):
    client = token_for(members[role])
    body = client.get("/api/v1/claims/?page_size=50").json()
    assert len(body["results"]) == 50
    assert any(c["verdict"] and c["reviews"] and c["evidence"] and c["rebuttals"] for c in body["results"])
    assert any(c["available_actions"] for c in body["results"])
    five = count(client, "/api/v1/claims/?page_size=5")
    fifty = count(client, "/api/v1/claims/?page_size=50")
    assert five == fifty <= LIST_BUDGET
    # Searching and filtering keep the shape.
    assert count(client, "/api/v1/claims/?q=claim&page_size=5") == count(
        client, "/api/v1/claims/?q=claim&page_size=50"
    )
    assert len(client.get("/api/v1/claims/?state=in_review&page_size=50").json()["results"]) == 10
    assert count(client, "/api/v1/claims/?state=in_review&page_size=50") == fifty


def test_a_claim_its_actions_and_its_lists_cost_the_same_whatever_they_hold(members, token_for):
    client = token_for(members["editor"])
    small = build_claim(members, ClaimState.IN_REVIEW)
    large = build_claim(members, ClaimState.IN_REVIEW, extra_evidence=12)
    for _ in range(6):
        evidence_services.rebuttal_create(
            claim=large, actor=members["checker"], party="Party", statement="No."
        )
        services.appearance_create(claim=large, actor=members["checker"], outlet="Outlet", medium="radio")
    for suffix in ("", "transitions/", "evidence/", "rebuttals/", "appearances/", "verdict/", "history/"):
        cheap = count(client, f"/api/v1/claims/{small.pk}/{suffix}")
        rich = count(client, f"/api/v1/claims/{large.pk}/{suffix}")
        assert cheap == rich <= LIST_BUDGET, suffix or "detail"


def test_claimants_and_sources_lists_are_constant(members, token_for):
    from tests.factories import ClaimantFactory

    client = token_for(members["checker"])
    ClaimantFactory.create_batch(30)
    for n in range(30):
        evidence_services.source_create(name=f"Source {n}", actor=members["checker"])
    for url in ("/api/v1/claimants/", "/api/v1/sources/"):
        assert count(client, f"{url}?page_size=3") == count(client, f"{url}?page_size=30") <= 4
