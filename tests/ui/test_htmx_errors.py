"""In-place (htmx) requests that cannot be done, in a real browser: an item someone else removed is
said in its place; a request the server refuses, a whole page answered where a part was expected,
or a connection that is down is said at the top of the page, and nothing else is swapped in."""

import re

import pytest
from playwright.sync_api import expect

from evidence import services as evidence_services
from evidence.models import Evidence
from tests.factories import add_evidence, make_claim
from tests.ui import desk_steps as desk
from tests.ui.conftest import PageWatch, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def edit_link(page):
    return page.locator("#evidence").get_by_role("link", name=re.compile("^Edit"))


def test_editing_evidence_someone_removed_meanwhile_says_so_in_its_place(
    open_as, live_server, checker, other_checker
):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Customs statistics")
    page, _ = open_as(checker)
    desk.open_workspace(page, live_server.url, claim.pk)
    evidence_services.evidence_delete(evidence=evidence, actor=other_checker)

    edit_link(page).click()

    removed = page.locator(f"#evidence-{evidence.pk}")
    expect(removed).to_have_text(re.compile(r"^Someone else removed this evidence meanwhile"))
    expect(removed).to_be_focused()
    expect(page.get_by_role("heading", name="What you can do now")).to_be_visible()  # the page stays
    removed.get_by_role("link", name="Reload the workspace").click()
    expect(page.locator("#evidence")).not_to_contain_text("Customs statistics")
    # open_as checks at the end: no console error, no script error (the answer was a 200 fragment).


def test_failed_in_place_requests_are_said_at_the_top_of_the_page(browser, live_server, checker):
    claim = make_claim(author=checker)
    add_evidence(claim, actor=checker, title="Customs statistics")
    context = browser.new_context()
    try:
        page, other_tab = context.new_page(), context.new_page()
        page.set_default_timeout(10_000)
        other_tab.set_default_timeout(10_000)
        watch = PageWatch(page)
        log_in(page, live_server.url, checker)
        desk.open_workspace(page, live_server.url, claim.pk)
        failure = page.locator("#htmx-failure .message--error")

        # The session ends in another tab: the login page is not swapped into the evidence section.
        other_tab.goto(f"{live_server.url}/")
        other_tab.get_by_role("button", name="Log out").click()
        other_tab.wait_for_url(re.compile("/accounts/login/"))
        edit_link(page).click()
        expect(failure).to_have_text(
            re.compile(
                r"Could not complete “Edit the evidence “Customs statistics””: .*has your session ended"
            )
        )
        expect(failure).to_be_focused()
        expect(page.locator("#evidence form.item")).to_have_count(0)
        expect(page.locator("#evidence").get_by_label("Password")).to_have_count(0)

        # Logged in again in the other tab, this page's CSRF token is stale: the server answers 403.
        log_in(other_tab, live_server.url, checker)
        page.locator("#evidence").get_by_role("button", name=re.compile("^Remove")).click()
        expect(failure).to_have_text(
            re.compile(
                r"Could not complete “Remove the evidence “Customs statistics””: the server answered 403"
            )
        )
        expect(failure.get_by_role("link", name="Reload the page")).to_have_attribute(
            "href", f"/claims/{claim.pk}/"
        )
        expect(page.locator("#evidence article.item")).to_have_count(1)
        assert Evidence.objects.filter(claim=claim).count() == 1

        # The connection drops.
        context.set_offline(True)
        edit_link(page).click()
        expect(failure).to_have_text(
            re.compile(r"Could not complete “Edit .*”: the server could not be reached")
        )
        context.set_offline(False)
        expect(page.locator("#htmx-failure p")).to_have_count(1)  # one message, the latest

        failure.get_by_role("link", name="Reload the page").click()
        expect(page.locator("#htmx-failure")).to_have_count(0)
        edit_link(page).click()
        expect(page.locator("#evidence form.item")).to_be_visible()

        assert watch.dialogs == [] and watch.page_errors == [] and watch.outside_requests == []
        expected = re.compile(r"403|Response Status Error|ERR_INTERNET_DISCONNECTED|sendError|htmx")
        unexpected = [message for message in watch.console_errors if not expected.search(message)]
        assert unexpected == [], unexpected
    finally:
        context.close()
