"""Failed logins pause logging in, per account and per address, until a cool-off or an admin ends it."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from factcheck.services import api_token_create
from tests.factories import PASSWORD, UserFactory

LIMIT = 4
PAUSED = "Too many failed logins for this account or from this address"
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def log_in(client, page, username, password, address="203.0.113.7"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_pause_the_account_the_right_one_is_refused_until_the_cool_off(
    client, settings, page, admin_member
):
    for attempt in range(LIMIT):
        response = log_in(client, page, admin_member.username, f"guess-{attempt}")
    # The failure that reaches the limit already says why.
    assert response.status_code == 429
    assert PAUSED in response.content.decode()

    response = log_in(client, page, admin_member.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html and "Try again in 15 minutes, or ask an admin to unlock the account." in html
    assert 'name="username"' in html  # the form is still there, to try again later
    assert not is_logged_in(client, admin_member)

    # The cool-off ends the pause (short here; LOGIN_COOLOFF_MINUTES in production).
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    time.sleep(1.5)
    response = log_in(client, page, admin_member.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client, admin_member)


@pytest.mark.django_db
def test_one_address_is_paused_for_every_account_after_failures_spread_over_many(checker, reviewer):
    attacker = Client()
    for n in range(LIMIT):
        log_in(attacker, "/accounts/login/", f"nobody-{n}", "guess", address="198.51.100.9")
    # The attacker's address is paused, even with a right password ...
    response = log_in(attacker, "/accounts/login/", checker.username, PASSWORD, address="198.51.100.9")
    assert response.status_code == 429 and PAUSED in response.content.decode()
    # ... while members elsewhere log in as usual.
    member = Client()
    response = log_in(member, "/accounts/login/", checker.username, PASSWORD, address="192.0.2.44")
    assert response.status_code == 302 and is_logged_in(member, checker)


@pytest.mark.django_db
def test_an_attacker_who_pauses_a_member_is_paused_too_and_cannot_stretch_the_pause(settings, checker):
    attacker = Client()
    for n in range(LIMIT):
        log_in(attacker, "/accounts/login/", checker.username, f"guess-{n}", address="198.51.100.9")
    # The attacker's address is paused for any other account as well.
    other = UserFactory(username="grace-test")
    response = log_in(attacker, "/accounts/login/", other.username, PASSWORD, address="198.51.100.9")
    assert response.status_code == 429
    # Guessing on during the pause does not stretch it: it ends a cool-off after the failure that started it.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    time.sleep(1)
    for n in range(LIMIT):
        log_in(attacker, "/accounts/login/", checker.username, f"more-{n}", address="198.51.100.9")
    time.sleep(1.5)
    member = Client()
    response = log_in(member, "/accounts/login/", checker.username, PASSWORD, address="192.0.2.44")
    assert response.status_code == 302 and is_logged_in(member, checker)


@pytest.mark.django_db
def test_an_admin_unlocks_an_account_from_the_admin_or_with_a_command(client, admin_member, checker):
    for n in range(LIMIT):
        log_in(Client(), "/accounts/login/", checker.username, f"guess-{n}", address="198.51.100.9")
    assert log_in(Client(), "/accounts/login/", checker.username, PASSWORD).status_code == 429

    # The admin lists who is paused, and from where.
    client.force_login(admin_member)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert checker.username in listing.content.decode() and "198.51.100.9" in listing.content.decode()

    call_command("axes_reset_username", checker.username)
    member = Client()
    assert log_in(member, "/accounts/login/", checker.username, PASSWORD).status_code == 302
    assert is_logged_in(member, checker)


@pytest.mark.django_db
def test_api_tokens_still_work_for_a_paused_member_from_the_paused_address(checker):
    _, secret = api_token_create(user=checker, name="Newsroom CMS", scopes=["claims:read"])
    for n in range(LIMIT):
        log_in(Client(), "/accounts/login/", checker.username, f"guess-{n}", address="127.0.0.1")
    assert log_in(Client(), "/accounts/login/", checker.username, PASSWORD, "127.0.0.1").status_code == 429

    response = Client().get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_right_password_after_a_few_wrong_ones_still_logs_in(client, checker):
    for n in range(LIMIT - 1):
        response = log_in(client, "/accounts/login/", checker.username, f"typo-{n}")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    assert log_in(client, "/accounts/login/", checker.username, PASSWORD).status_code == 302
    assert is_logged_in(client, checker)
