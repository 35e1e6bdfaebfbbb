"""A reviewer vouches for the revision they read: an approval (or a request for changes) from a page
opened before the verdict changed is refused, in the desk and through the API."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import ClaimState, Review
from factcheck.services import api_token_create
from tests.factories import claim_in_state, write_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(checker, reviewer, editor):
    return claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)


@pytest.mark.parametrize("action", ["approve", "request_changes"])
def test_a_review_from_a_page_opened_before_the_verdict_changed_is_refused(
    client, in_review, checker, reviewer, action
):
    client.force_login(reviewer)
    page = client.get(reverse("claims:workspace", args=[in_review.pk])).content.decode()
    form = re.search(rf'<form[^>]*id="action-{action}".*?</form>', page, re.S).group(0)
    read = re.search(rf'name="action-{action}-revision" value="(\d+)"', form).group(1)
    write_verdict(in_review, actor=checker, conclusion="Rewritten while the reviewer was reading.")

    response = client.post(
        reverse("claims:action", args=[in_review.pk, action]),
        {f"action-{action}-revision": read, f"action-{action}-comment": "Looks right to me."},
        follow=True,
    )

    html = response.content.decode()
    assert "The verdict changed while you were reading it" in html
    in_review.refresh_from_db()
    assert in_review.state == ClaimState.IN_REVIEW and not Review.objects.exists()
    assert "Rewritten while the reviewer was reading." in html  # the page now shows what changed

    fresh = re.search(rf'name="action-{action}-revision" value="(\d+)"', html).group(1)
    assert int(fresh) == int(read) + 1
    again = client.post(
        reverse("claims:action", args=[in_review.pk, action]),
        {f"action-{action}-revision": fresh, f"action-{action}-comment": "Read it again: fine."},
    )
    assert again.status_code == 302
    assert Review.objects.get().revision == int(fresh)


def test_the_api_takes_the_revision_reviewed_and_refuses_a_stale_one(in_review, checker, reviewer, editor):
    _, secret = api_token_create(user=reviewer, name="Review tool", scopes=["claims:read", "claims:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/claims/{in_review.pk}/transitions/"
    read = client.get(f"/api/v1/claims/{in_review.pk}/verdict/").json()["revision"]
    write_verdict(in_review, actor=checker, conclusion="Changed after the reviewer fetched it.")

    stale = client.post(url, {"action": "approve", "expected_revision": read}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_revision"
    assert stale["Content-Type"].startswith("application/problem+json")

    current = client.post(url, {"action": "approve", "expected_revision": read + 1}, format="json")
    assert current.status_code == 200, current.content
    assert current.json()["state"] == ClaimState.APPROVED
    without = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    optional = client.post(f"/api/v1/claims/{without.pk}/transitions/", {"action": "approve"}, format="json")
    assert optional.status_code == 200  # the revision stays optional for API clients
