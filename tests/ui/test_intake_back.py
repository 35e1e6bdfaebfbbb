"""In Chromium: Back after logging claims from an article, then the button again, logs nothing twice
and shows the first claims; the form's own address typed in leads to the intake page."""

import pytest

from claims.models import Claim
from tests.claims.test_intake_resubmit import ALREADY, ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_and_log_again_shows_the_first_claims(open_as, live_server, checker):
    page, watch = open_as(checker)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_label("Article or transcript").fill(ARTICLE)
    page.get_by_role("button", name="Find the claims").click()
    steel = page.locator("li.candidate").filter(has_text="Steel imports from Korea rose 40 percent")
    steel.get_by_label("Log this claim").check()
    page.get_by_label("Outlet").fill("Business Channel")
    page.get_by_role("button", name="Log the ticked claims").click()
    page.get_by_role("heading", name="Claims logged").wait_for()
    first = page.url

    page.go_back()  # Chromium posts the article again
    page.get_by_role("button", name="Log the ticked claims").click()
    page.get_by_role("heading", name="Claims logged").wait_for()

    (claim,) = Claim.objects.all()
    assert page.url == first and f"ids={claim.pk}" in first
    assert ALREADY in page.get_by_role("status").inner_text()
    assert page.locator("li.item").count() == 1

    response = page.goto(f"{live_server.url}/intake/log/")
    assert (response.status, page.url) == (200, f"{live_server.url}/intake/")
    page.get_by_role("heading", name="Intake: find the claims in an article").wait_for()
    watch.assert_clean()
