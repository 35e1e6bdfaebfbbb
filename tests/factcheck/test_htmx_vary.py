"""Pages that answer htmx with a fragment and a browser with the whole page say so in `Vary`."""

import pytest
from django.urls import reverse

from claims.models import ClaimState
from claims.web.claims import workspace_url
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


def vary_of(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_the_workspace_varies_on_the_htmx_headers_it_reads(client, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    client.force_login(reviewer)
    page = client.get(workspace_url(claim.pk))
    fragment = client.get(workspace_url(claim.pk), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="workspace")
    assert page.status_code == fragment.status_code == 200
    # The same address, two different answers: the whole page, and the workspace alone.
    assert b"<html" in page.content and b"<html" not in fragment.content
    for response in (page, fragment):
        assert {"hx-request", "hx-target"} <= vary_of(response)


def test_a_form_post_and_the_api_do_not_vary_on_htmx(client, checker):
    client.force_login(checker)
    posted = client.post(reverse("claims:create"), {})
    assert "hx-request" not in vary_of(posted)
    api = client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Bearer nope")
    assert api.status_code == 401
    assert "hx-request" not in vary_of(api) and "authorization" in vary_of(api)
