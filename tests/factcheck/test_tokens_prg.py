"""/account/tokens/: create answers with a redirect (reload never creates a second token), the secret
is shown on the next page only, scopes are those the member's role can use, and no link is dead."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from factcheck.models import ApiToken, TokenScope
from factcheck.services import api_token_authenticate, api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


SECRET = re.compile(r'id="token-secret"[^>]*value="(fcw_[^"]+)"')
SCOPE_BOXES = re.compile(r'<input type="checkbox" id="[^"]+" name="scopes" value="([^"]+)"')


def field_error(body: str, field: str) -> str:
    match = re.search(rf'<p id="token-{field}-error" class="field-error">(.*?)</p>', body, re.DOTALL)
    return match.group(1) if match else ""


def create(client, name="Newsroom CMS", scopes=("claims:read",)):
    return client.post("/account/tokens/", {"name": name, "scopes": list(scopes), "expires_on": ""})


def test_create_redirects_and_the_next_page_shows_the_secret_once(client, checker):
    client.force_login(checker)

    posted = create(client)

    assert posted.status_code == 302 and posted["Location"] == "/account/tokens/"
    assert b"fcw_" not in posted.content
    shown = client.get("/account/tokens/")
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    body = shown.content.decode()
    secret = SECRET.search(body).group(1)
    token = ApiToken.objects.get(user=checker)
    assert api_token_authenticate(secret) == token
    assert "Your new token “Newsroom CMS”" in body and "shown only this once" in body

    # Reloading the page: no second token, no secret, not even in the session any more.
    reloaded = client.get("/account/tokens/")
    assert "no-store" in reloaded["Cache-Control"]
    assert secret not in reloaded.content.decode() and not SECRET.search(reloaded.content.decode())
    assert "shown only this once" not in reloaded.content.decode()
    assert ApiToken.objects.filter(user=checker).count() == 1
    assert all(secret not in str(s.get_decoded()) for s in Session.objects.all())


def test_following_the_redirect_in_one_go_shows_the_secret(client, checker):
    client.force_login(checker)
    response = client.post(
        "/account/tokens/", {"name": "Nightly import", "scopes": ["claims:submit"]}, follow=True
    )
    assert response.redirect_chain == [("/account/tokens/", 302)]
    assert SECRET.search(response.content.decode())
    assert ApiToken.objects.filter(user=checker).count() == 1


def test_the_secret_waits_in_the_members_own_session_only(client, checker, other_checker):
    client.force_login(checker)
    create(client)

    other = Client()
    other.force_login(other_checker)
    assert not SECRET.search(other.get("/account/tokens/").content.decode())
    assert SECRET.search(client.get("/account/tokens/").content.decode())


def test_invalid_input_is_answered_in_place_and_creates_nothing(client, checker):
    client.force_login(checker)
    response = client.post("/account/tokens/", {"name": "Kept name", "scopes": []})
    assert response.status_code == 200
    body = response.content.decode()
    assert field_error(body, "scopes") == "Choose at least one scope."
    assert 'value="Kept name"' in body
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["fact-checker", "reviewer", "editor"])
def test_members_who_cannot_manage_webhooks_are_not_offered_that_scope(client, role):
    member = UserFactory(username=f"{role}-scopes", role=role)
    client.force_login(member)

    offered = SCOPE_BOXES.findall(client.get("/account/tokens/").content.decode())

    assert offered == [s for s in TokenScope.values if s != TokenScope.WEBHOOKS_MANAGE]


def test_admins_are_offered_every_scope(client, admin_member):
    client.force_login(admin_member)
    offered = SCOPE_BOXES.findall(client.get("/account/tokens/").content.decode())
    assert offered == list(TokenScope.values)

    assert create(client, scopes=["webhooks:manage"]).status_code == 302
    assert ApiToken.objects.get(user=admin_member).scopes == ["webhooks:manage"]


@pytest.mark.parametrize("role", ["fact-checker", "editor"])
def test_a_forged_scope_the_role_cannot_use_is_refused_beside_the_field(client, role):
    member = UserFactory(username=f"{role}-forger", role=role)
    client.force_login(member)

    response = create(client, name="Webhook robot", scopes=["claims:read", "webhooks:manage"])

    assert response.status_code == 200
    body = response.content.decode()
    assert field_error(body, "scopes").startswith("Your role cannot use webhooks:manage. Only admins")
    assert 'value="Webhook robot"' in body and 'value="claims:read" checked' in body
    assert not ApiToken.objects.exists()


def test_an_unknown_scope_still_gets_the_usual_message(client, checker):
    client.force_login(checker)
    body = create(client, scopes=["everything"]).content.decode()
    assert "everything is not one of the available choices" in field_error(body, "scopes")


def test_the_api_link_leads_to_the_api_docs(client, checker):
    client.force_login(checker)
    body = client.get("/account/tokens/").content.decode()
    assert 'href="/api/v1/"' not in body
    assert '<a href="/api/docs/">REST API</a>' in body
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_no_link_on_the_page_is_dead(client, admin_member):
    api_token_create(user=admin_member, name="Listed", scopes=["claims:read"])
    client.force_login(admin_member)
    create(client, name="Just made")
    body = client.get("/account/tokens/").content.decode()
    assert SECRET.search(body)  # the page with every section on show

    links = set(re.findall(r'<a [^>]*href="(/[^"#]*)"', body))
    assert {"/api/docs/", "/admin/factcheck/user/", "/admin/factcheck/webhook/"} <= links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    forms = set(re.findall(r'<form method="post" action="([^"]+)"', body))
    assert "/account/tokens/" in forms and len(forms) >= 3  # create, revoke each, log out


# --- The secret between the POST and the GET -------------------------------------------------------


def sessions_text() -> str:
    return " ".join(str(s.get_decoded()) for s in Session.objects.all())


def test_the_secret_is_never_kept_whole_in_the_session_store(client, checker):
    client.force_login(checker)

    posted = create(client)

    # Between the POST and the GET the server holds it sealed; the pad went to this browser only.
    assert "fcw_" not in sessions_text()
    pad = posted.cookies["new_token_pad"]
    assert pad["httponly"] and pad["samesite"] == "Strict" and pad["path"] == "/account/tokens/"
    assert 0 < int(pad["max-age"]) <= 300
    shown = client.get("/account/tokens/")
    secret = SECRET.search(shown.content.decode()).group(1)
    assert api_token_authenticate(secret) == ApiToken.objects.get(user=checker)
    # Shown once: the sealed copy and the pad are both gone.
    assert shown.cookies["new_token_pad"].value == "" and "tokens:new-secret" not in sessions_text()


def test_the_session_alone_does_not_give_the_secret(client, checker):
    client.force_login(checker)
    create(client)

    # Someone holding the session (its row, or its cookie) but not the pad sees no secret; it is spent.
    thief = Client()
    thief.cookies["sessionid"] = client.cookies["sessionid"].value
    body = thief.get("/account/tokens/").content.decode()
    assert not SECRET.search(body) and "fcw_" not in body
    assert "Its secret can no longer be shown" in body
    assert not SECRET.search(client.get("/account/tokens/").content.decode())
    assert "tokens:new-secret" not in sessions_text()


def test_a_secret_not_collected_in_time_is_not_shown(client, checker):
    client.force_login(checker)
    create(client, name="Forgotten")
    session = client.session
    kept = session["tokens:new-secret"]
    session["tokens:new-secret"] = kept | {"at": kept["at"] - 301}
    session.save()

    body = client.get("/account/tokens/").content.decode()

    assert not SECRET.search(body) and "fcw_" not in body
    assert "Your new token “Forgotten” was created" in body and "Revoke it below" in body
    assert "tokens:new-secret" not in sessions_text()
