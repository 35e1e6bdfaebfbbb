"""With DEBUG=false, errors on the site's pages are the site's own 404, 403 and 500 pages; the API
keeps answering problem+json.

This module is also the URLconf of its tests (the site's URLs plus two views that fail), so a
real 500 goes through the middleware and Django's handler as in production.
"""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import include, path
from django.views import defaults

from factcheck.roles import Role
from tests.factories import UserFactory


def boom(request, **kwargs):
    raise RuntimeError("a failure nobody planned for")


urlpatterns = [
    path("boom/", boom),
    path("api/v1/boom/", boom),
    path("", include("factcheck.urls")),
]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def site_page(response) -> str:
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert 'class="brand">Fact-check workbench</a>' in body
    assert "/static/factcheck/site.css" in body
    assert 'href="/fact-checks/"' in body  # a way on: the published fact-checks
    return body


@pytest.mark.django_db
def test_a_missing_public_page_is_the_sites_404(production, client):
    for missing in ("/no-such-page/", "/fact-checks/no-such-fact-check/"):
        response = client.get(missing)

        assert response.status_code == 404, missing
        assert template_names(response)[:2] == ["404.html", "base.html"], missing
        body = site_page(response)
        assert "We could not find that page" in body
        assert f"<code>{missing}</code>" in body
        assert "Not Found" not in body
        assert 'href="/accounts/login/"' in body  # the header still offers to log in


@pytest.mark.django_db
def test_a_members_404_leads_back_to_the_desk(production, client, checker):
    client.force_login(checker)
    response = client.get("/claims/999999/")
    assert response.status_code == 404
    body = site_page(response)
    assert '<a href="/">My desk</a>: the claims assigned to you' in body
    assert checker.username in body  # the header knows who is logged in


@pytest.mark.django_db
def test_the_404_page_escapes_the_address(production, client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;alert(1)" in response.content.decode()


@pytest.mark.django_db
def test_a_page_the_member_may_not_see_is_the_sites_403(production, client):
    # Staff without permissions in the admin: Django refuses with PermissionDenied.
    member = UserFactory(username="staff-no-perms", role=Role.EDITOR, is_staff=True)
    client.force_login(member)

    response = client.get("/admin/factcheck/user/")

    assert response.status_code == 403
    assert "403.html" in template_names(response)
    body = site_page(response)
    assert "You cannot open this page" in body
    assert "Your role (Editor) does not allow it" in body
    assert '<a href="/">Back to my desk</a>' in body


@pytest.mark.django_db
def test_an_unexpected_failure_is_the_sites_500(production):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert template_names(response) == ["500.html"]
    body = site_page(response)
    assert "Something went wrong on our side" in body
    assert "a failure nobody planned for" not in body and "Traceback" not in body


def test_the_500_page_needs_no_database_and_no_context(production):
    # No django_db mark: any query would fail the test. No request context either, as Django
    # renders it when the failure may be the database itself.
    response = defaults.server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "/static/factcheck/site.css" in body
    assert "{%" not in body and "{{" not in body


@pytest.mark.django_db
def test_the_api_keeps_answering_problems(production, client, checker):
    client.force_login(checker)
    for address in ("/api/v1/no-such-thing/", "/api/v1/claims/999999/"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/problem+json", address
        assert json.loads(response.content)["status"] == 404

    failing = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert failing.status_code == 500
    assert failing["Content-Type"] == "application/problem+json"
    assert json.loads(failing.content)["status"] == 500
