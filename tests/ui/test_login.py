import pytest

from claims.models import ClaimState
from tests.factories import PASSWORD, claim_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_sees_the_claims(page, live_server, checker, reviewer, editor):
    claim_in_state(
        ClaimState.RESEARCHING,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text="China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
    )
    page.goto(f"{live_server.url}/")  # a visitor's home is the published fact-checks, with a way in
    page.get_by_role("link", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(checker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    # The home page is the member's desk: the claim assigned to them is in their queue, with its state.
    assert page.get_by_role("heading", name="My queue").is_visible()
    row = page.get_by_role("row").filter(has_text="dump steel to the U.S.")
    assert row.count() == 1
    assert "Researching" in row.inner_text()


def test_wrong_password_keeps_the_username_and_says_why(page, live_server, checker):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(checker.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert "correct username and password" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Username").input_value() == checker.username


def test_many_wrong_passwords_pause_logging_in_and_the_form_says_so(page, live_server, checker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    page.goto(f"{live_server.url}/accounts/login/")
    for attempt in ["guess-1", "guess-2", "guess-3", PASSWORD]:
        page.get_by_label("Username").fill(checker.username)
        page.get_by_label("Password").fill(attempt)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    # Even the right password is refused now, and the form says why and what to do.
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert").inner_text()
    assert "Too many failed logins for this account or from this address" in alert
    assert "Try again in 15 minutes, or ask an admin to unlock the account." in alert
