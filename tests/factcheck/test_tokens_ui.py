"""Members manage their own API tokens at /account/tokens/ (test client)."""

import datetime
import re

import pytest
from django.utils import timezone

from factcheck.models import ApiToken
from factcheck.services import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'id="token-secret"[^>]*value="(fcw_[^"]+)"')


def field_error(body: str, field: str) -> str:
    match = re.search(rf'<p id="token-{field}-error" class="field-error">(.*?)</p>', body, re.DOTALL)
    return match.group(1) if match else ""


def test_members_only(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/account/tokens/", {"name": "x", "scopes": ["claims:read"]}).status_code == 302
    assert not ApiToken.objects.exists()


def test_create_shows_the_secret_once_and_it_works(client, checker):
    client.force_login(checker)
    response = client.post(
        "/account/tokens/",
        {"name": "Newsroom CMS", "scopes": ["factchecks:read", "claims:read"], "expires_on": ""},
    )

    assert response.status_code == 302 and response["Location"] == "/account/tokens/"  # reload-safe
    shown = client.get(response["Location"])
    assert "no-store" in shown["Cache-Control"]
    body = shown.content.decode()
    secret = SECRET.search(body).group(1)
    token = ApiToken.objects.get(user=checker)
    assert token.name == "Newsroom CMS"
    assert token.scopes == ["claims:read", "factchecks:read"]
    assert token.expires_at is None
    assert secret not in token.key_hash
    assert api_token_authenticate(secret) == token
    assert "shown only this once" in body

    again = client.get("/account/tokens/").content.decode()
    assert secret not in again
    assert "Newsroom CMS" in again and f"{token.prefix}…" in again


def test_expiry_is_the_end_of_the_chosen_day(client, checker):
    client.force_login(checker)
    day = timezone.localdate() + datetime.timedelta(days=10)
    client.post(
        "/account/tokens/", {"name": "Nightly import", "scopes": ["claims:submit"], "expires_on": day}
    )
    token = ApiToken.objects.get(user=checker)
    assert timezone.localtime(token.expires_at) == timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def test_bad_input_is_explained_beside_each_field_and_kept(client, checker):
    client.force_login(checker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post("/account/tokens/", {"name": "", "expires_on": yesterday.isoformat()})

    assert response.status_code == 200
    body = response.content.decode()
    assert field_error(body, "name") == "This field is required."
    assert field_error(body, "scopes") == "Choose at least one scope."
    assert field_error(body, "expiry") == "Choose today or a later day."
    assert f'value="{yesterday.isoformat()}"' in body
    assert 'aria-invalid="true"' in body and "token-name-error" in body
    assert not SECRET.search(body)
    assert not ApiToken.objects.exists()

    kept = client.post(
        "/account/tokens/", {"name": "Keeps <b>this</b>", "scopes": ["claims:read"], "expires_on": "soon"}
    )
    kept_body = kept.content.decode()
    assert 'value="Keeps &lt;b&gt;this&lt;/b&gt;"' in kept_body
    assert 'value="claims:read" checked' in kept_body
    assert field_error(kept_body, "expiry") == "Enter a valid date."
    assert not ApiToken.objects.exists()


def test_an_unknown_scope_is_refused(client, checker):
    client.force_login(checker)
    body = client.post("/account/tokens/", {"name": "CMS", "scopes": ["everything"]}).content.decode()
    assert "Select a valid choice. everything is not one of the available choices." in field_error(
        body, "scopes"
    )
    assert not ApiToken.objects.exists()


def test_list_shows_last_use_and_status(client, checker):
    used, secret = api_token_create(user=checker, name="Used one", scopes=["claims:read"])
    api_token_create(user=checker, name="Idle one", scopes=["claims:read"])
    api_token_authenticate(secret)
    used.refresh_from_db()
    client.force_login(checker)

    body = client.get("/account/tokens/").content.decode()

    used_row = re.search(
        r'<tr role="row">\s*<th scope="row" role="rowheader">Used one.*?</tr>', body, re.DOTALL
    )
    idle_row = re.search(
        r'<tr role="row">\s*<th scope="row" role="rowheader">Idle one.*?</tr>', body, re.DOTALL
    )
    used_row, idle_row = used_row.group(0), idle_row.group(0)
    assert f'datetime="{timezone.localtime(used.last_used_at).isoformat()}"' in used_row
    assert "Never used" in idle_row and "Never used" not in used_row
    assert "Active" in used_row


def test_revoke_own_token(client, checker):
    token, secret = api_token_create(user=checker, name="Old CMS", scopes=["claims:read"])
    client.force_login(checker)

    response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None
    body = response.content.decode()
    assert "Revoked “Old CMS”" in body
    assert '<span class="status status--off">Revoked</span>' in body
    assert f"/account/tokens/{token.pk}/revoke/" not in body  # no second revoke button


def test_nobody_revokes_another_members_token(client, checker, other_checker):
    token, secret = api_token_create(user=other_checker, name="Carol's", scopes=["claims:read"])
    client.force_login(checker)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Carol's" not in client.get("/account/tokens/").content.decode()


def test_admins_get_links_to_members_and_webhooks(client, admin_member, checker):
    client.force_login(admin_member)
    body = client.get("/account/tokens/").content.decode()
    assert 'href="/admin/factcheck/user/"' in body
    assert 'href="/admin/"' in body and "Webhooks" in body

    client.force_login(checker)
    assert 'href="/admin/factcheck/user/"' not in client.get("/account/tokens/").content.decode()


def test_scopes_are_the_token_scopes(client, admin_member):
    from factcheck.models import TokenScope

    client.force_login(admin_member)  # an admin can use every scope (webhooks:manage is admins' only)
    body = client.get("/account/tokens/").content.decode()
    for value, label in TokenScope.choices:
        assert f'value="{value}"' in body
        assert label in body
