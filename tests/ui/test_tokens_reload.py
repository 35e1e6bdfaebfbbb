"""In Chromium: reloading the tokens page after creating a token neither creates another nor shows
the secret again."""

import pytest

from factcheck.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reloading_neither_creates_nor_shows_again(open_as, live_server, checker):
    page, watch = open_as(checker)
    page.goto(f"{live_server.url}/account/tokens/")
    page.get_by_label("Name", exact=True).fill("Newsroom CMS")
    page.get_by_label("claims:read").check()
    assert page.get_by_label("webhooks:manage").count() == 0  # a fact-checker could never use it
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("fcw_")
    assert page.url == f"{live_server.url}/account/tokens/"

    page.reload()

    assert page.get_by_label("Token", exact=True).count() == 0
    assert secret not in page.content()
    assert page.get_by_role("button", name="Revoke Newsroom CMS").count() == 1
    assert ApiToken.objects.filter(user=checker).count() == 1
    watch.assert_clean()
