"""Review guarantees through the API: shared rows changed by PATCH go back to review, and the public
API never shows words nobody reviewed (issue "Review guarantees", points 2 and 4)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims import services
from claims.models import ClaimState, Publication
from evidence import services as evidence_services
from tests.api.conftest import assert_problem
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim, write_verdict
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db

UNREVIEWED = "Zebras audit the marmalade reserves"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    cache.clear()
    yield
    cache.clear()


def patch(client, url, body):
    return client.patch(url, body, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])


def transition(client, claim, action, **fields):
    return client.post(f"/api/v1/claims/{claim.pk}/transitions/", {"action": action, **fields}, format="json")


def approved_citing(source, *, checker, reviewer, editor, claimant=None):
    claim = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, claimant=claimant
    )
    add_evidence(claim, actor=checker, source=source)
    write_verdict(claim, actor=checker)
    services.claim_transition(claim=claim, action="submit", actor=checker)
    return services.claim_transition(claim=claim, action="approve", actor=reviewer)


@pytest.mark.parametrize("row", ["claimant", "source"])
def test_a_patched_claimant_or_source_is_reviewed_before_it_is_published(
    token_for, checker, reviewer, editor, row
):
    claimant = ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce")
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    claim = approved_citing(source, checker=checker, reviewer=reviewer, editor=editor, claimant=claimant)
    approved = claim.verdict.revision
    fact_checker, desk_editor, desk_reviewer = token_for(checker), token_for(editor), token_for(reviewer)

    url, body = {
        "claimant": (f"/api/v1/claimants/{claimant.pk}/", {"name": UNREVIEWED}),
        "source": (f"/api/v1/sources/{source.pk}/", {"name": UNREVIEWED}),
    }[row]
    changed = patch(fact_checker, url, body)
    assert changed.status_code == 200, changed.content

    shown = fact_checker.get(f"/api/v1/claims/{claim.pk}/").json()
    assert shown["state"] == ClaimState.IN_REVIEW
    verdict = fact_checker.get(f"/api/v1/claims/{claim.pk}/verdict/").json()
    assert verdict["revision"] == approved + 1
    assert_problem(transition(desk_editor, claim, "publish"), 409, says="in review")
    assert not Publication.objects.filter(claim=claim).exists()
    stale = transition(desk_reviewer, claim, "approve", expected_revision=approved)
    assert_problem(stale, 409, says="revision")

    # Once a second person has read it, it is published as read.
    assert transition(desk_reviewer, claim, "approve", expected_revision=approved + 1).status_code == 200
    assert transition(desk_editor, claim, "publish").status_code == 200
    content = Publication.objects.get(claim=claim).content
    published = content["claimant"]["name"] if row == "claimant" else content["evidence"][0]["source"]["name"]
    assert published == UNREVIEWED


def test_the_public_api_never_shows_a_duplicate_nobody_reviewed(client, token_for, checker, reviewer, editor):
    original = publish_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, text="Steel imports doubled last year."
    )
    repeat = make_claim(author=checker, text=f"{UNREVIEWED}, and steel imports doubled.")
    services.appearance_create(claim=repeat, actor=checker, outlet="Unreviewed FM", medium="radio")
    writer = token_for(checker)
    linked = writer.post(
        f"/api/v1/claims/{repeat.pk}/duplicate-of/", {"duplicate_of": original.pk}, format="json"
    )
    assert linked.status_code == 200, linked.content

    anon = APIClient()
    slug = Publication.objects.get(claim=original).slug
    for url in (
        f"/api/v1/fact-checks/{original.pk}/",
        f"/api/v1/fact-checks/{original.pk}/claimreview",
        "/api/v1/fact-checks/?q=steel",
        "/api/v1/fact-checks/claimreview-feed",
        "/api/factchecktools/v1alpha1/claims:search?query=steel%20imports",
    ):
        response = anon.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert str(original.pk).encode() in body or b"steel" in body.lower(), url
        assert UNREVIEWED.encode() not in body and b"Unreviewed FM" not in body, url
    page = client.get(f"/fact-checks/{slug}/").content.decode()
    assert UNREVIEWED not in page and "Unreviewed FM" not in page and "Also checked as" not in page
