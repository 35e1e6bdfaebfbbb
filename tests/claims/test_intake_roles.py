"""Who runs intake: the roles that log claims (fact-checkers, editors, admins), never reviewers.

Intake exists to log claims, which a reviewer may not; a URL makes the server fetch a page for them.
The page, the API and the service refuse alike, and nothing is read, queued or fetched.
"""

import pytest
from rest_framework.test import APIClient

from claims.intake import services as intake_services
from claims.models import IntakeJob
from factcheck.errors import NotPermitted
from factcheck.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ARTICLE = '"Steel imports from Korea rose 40 percent last year," Howard Lutnick said in an interview.'
REFUSAL = "Only fact-checkers, editors and admins run intake"


def api_client(member) -> APIClient:
    _, secret = api_token_create(user=member, name="Intake tool", scopes=["claims:submit", "claims:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_reviewer_is_refused_the_intake_page(client, reviewer):
    client.force_login(reviewer)

    page = client.get("/intake/")
    pasted = client.post("/intake/", {"text": ARTICLE})
    by_url = client.post("/intake/", {"url": "https://news.example.org/steel"})

    for response in (page, pasted, by_url):
        body = response.content.decode()
        assert response.status_code == 403 and REFUSAL in body
        assert 'name="text"' not in body and "Steel imports" not in body
    assert not IntakeJob.objects.exists()
    assert 'href="/intake/"' not in client.get("/").content.decode()


def test_a_reviewers_token_is_refused_intake_by_the_api(reviewer):
    client = api_client(reviewer)

    for body in ({"text": ARTICLE}, {"url": "https://news.example.org/steel"}):
        response = client.post("/api/v1/intake/", body, format="json")
        assert response.status_code == 403, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        assert REFUSAL in response.json()["detail"]
    assert not IntakeJob.objects.exists()


def test_the_service_refuses_a_reviewers_url(reviewer):
    with pytest.raises(NotPermitted, match=REFUSAL):
        intake_services.intake_job_create(url="https://news.example.org/steel", actor=reviewer)
    assert not IntakeJob.objects.exists()


@pytest.mark.parametrize("role", ["fact-checker", "editor", "admin"])
def test_the_roles_that_log_claims_run_intake(client, role):
    member = UserFactory(username=f"{role}-intake", role=role)
    client.force_login(member)

    assert client.get("/intake/").status_code == 200
    assert "Steel imports" in client.post("/intake/", {"text": ARTICLE}).content.decode()
    api = api_client(member).post("/api/v1/intake/", {"text": ARTICLE}, format="json")
    assert api.status_code == 200 and api.json()["candidates"]
