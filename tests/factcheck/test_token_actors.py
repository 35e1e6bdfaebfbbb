"""A token's secret reaches only the member it acts for, and history names who created or revoked it.

The audit: an admin created a token for a reviewer in the admin (which showed its secret), approved
their own verdict with it and published; history said the reviewer had created the token.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from factcheck.admin import HistoryEventAdmin
from factcheck.models import ApiToken
from factcheck.services import api_token_authenticate, api_token_create
from tests.database import subprocess_database_url

BASE_DIR = Path(__file__).resolve().parents[2]
ADD = reverse("admin:factcheck_apitoken_add")
CHANGELIST = reverse("admin:factcheck_apitoken_changelist")

ApiTokenEvent = apps.get_model("factcheck", "ApiTokenEvent")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def event_context(token: ApiToken, label: str) -> dict:
    event = ApiTokenEvent.objects.get(pgh_obj_id=token.pk, pgh_label=label)
    return event.pgh_context or {}


def revoked_event_context(token: ApiToken) -> dict:
    events = ApiTokenEvent.objects.filter(pgh_obj_id=token.pk, pgh_label="update", revoked_at__isnull=False)
    return events.get().pgh_context or {}


# --- Nobody mints a token for someone else -------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_cannot_create_a_token_for_a_reviewer(client, admin_member, reviewer):
    client.force_login(admin_member)

    assert client.get(ADD).status_code == 403
    posted = client.post(ADD, {"user": reviewer.pk, "name": "Review robot", "scopes": ["claims:write"]})

    assert posted.status_code == 403
    assert b"fcw_" not in posted.content
    assert not ApiToken.objects.exists()
    # Not even offered: the list of everyone's tokens has no "Add" button.
    assert ADD not in client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_the_admin_can_still_revoke_anyones_token_and_is_named_for_it(client, admin_member, reviewer):
    token, secret = api_token_create(user=reviewer, name="Review tool", scopes=["claims:read"])
    client.force_login(admin_member)

    changelist = client.get(CHANGELIST).content.decode()
    assert "Review tool" in changelist and secret not in changelist
    assert client.get(reverse("admin:factcheck_apitoken_change", args=[token.pk])).status_code == 200
    bulk = {"action": "revoke_selected", "_selected_action": [token.pk]}
    assert client.post(CHANGELIST, bulk).status_code == 302

    assert api_token_authenticate(secret) is None
    context = revoked_event_context(token)
    assert context["user"] == admin_member.pk and context["username"] == admin_member.username


@pytest.mark.django_db
def test_the_tokens_page_creates_a_token_only_for_the_member_and_names_them(client, admin_member, reviewer):
    client.force_login(admin_member)
    # A forged `user` field is no part of the form: the token is the admin's own.
    client.post("/account/tokens/", {"name": "Mine", "scopes": ["claims:read"], "user": reviewer.pk})

    token = ApiToken.objects.get()
    assert token.user == admin_member
    context = event_context(token, "insert")
    assert context["user"] == admin_member.pk and context["username"] == admin_member.username


@pytest.mark.django_db
def test_a_member_revoking_their_own_token_is_named_for_it(client, reviewer):
    token, _ = api_token_create(user=reviewer, name="Review tool", scopes=["claims:read"])
    client.force_login(reviewer)

    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302

    assert revoked_event_context(token)["username"] == reviewer.username


# --- The operator's command on the server ------------------------------------------------------------


@pytest.mark.django_db
def test_a_token_made_by_the_command_is_recorded_as_the_operators_not_the_members(reviewer):
    out = io.StringIO()
    call_command("create_api_token", "--user", reviewer.username, "--scopes", "claims:read", stdout=out)

    token = ApiToken.objects.get(user=reviewer)
    context = event_context(token, "insert")
    assert context["command"] == "create_api_token" and context["operator"]
    assert "user" not in context and "username" not in context
    assert f"It acts as {reviewer.username}" in out.getvalue()

    event = ApiTokenEvent.objects.get(pgh_obj_id=token.pk, pgh_label="insert")
    shown = HistoryEventAdmin(ApiTokenEvent, None).actor(event)
    assert shown == f"create_api_token (server login {context['operator']})"


@pytest.mark.django_db(transaction=True)
def test_the_command_records_the_servers_login(reviewer):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "create_api_token",
            "--user",
            reviewer.username,
            "--scopes",
            "claims:read",
        ],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": subprocess_database_url(), "LOGNAME": "ops-on-call"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    context = event_context(ApiToken.objects.get(user=reviewer), "insert")
    assert context["operator"] == "ops-on-call"
    assert "user" not in context
