"""Public fact-check pages, methodology, dashboard and API tokens in a real browser."""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, ClaimantFactory, make_claim
from tests.public_content import HOSTILE_CLAIMANT, publish_hostile_factcheck, publish_sourced_factcheck
from tests.workflow import publish_revision, revise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Watch:
    """What a page did that it must not: console errors, script errors, dialogs, requests off loopback."""

    def __init__(self, page):
        self.console_errors, self.page_errors, self.dialogs, self.outside = [], [], [], []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)
        # Every request is checked, and one that would leave the machine is stopped before it does.
        page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname not in LOOPBACK:
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()

    def assert_clean(self):
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert self.outside == []


def slug_of(claim) -> str:
    return claim.publications.values_list("slug", flat=True).first()


def log_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def claimreview_in_page(page) -> dict:
    """The JSON-LD block as the browser reads it: JSON.parse of the script element's text."""
    return page.evaluate(
        """() => {
            const blocks = document.querySelectorAll('script[type="application/ld+json"]');
            if (blocks.length !== 1) throw new Error(`expected one JSON-LD block, found ${blocks.length}`);
            return JSON.parse(blocks[0].textContent);
        }"""
    )


def test_anonymous_reader_finds_the_fact_check_with_valid_claimreview(
    page, live_server, checker, reviewer, editor
):
    watch = Watch(page)
    claim = publish_sourced_factcheck(
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        claimant=ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce"),
        summary="Lutnick says steel imports doubled",
        rating="Mostly false",
        headline="Imports rose, they did not double",
        analysis="The **customs data** show a 4 percent rise.",
    )

    page.goto(f"{live_server.url}/fact-checks/")
    page.get_by_label("Search fact-checks").fill("steel")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Imports rose, they did not double").click()

    page.wait_for_url(f"{live_server.url}/fact-checks/{slug_of(claim)}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Imports rose, they did not double"
    verdict = page.get_by_role("region", name="Our verdict")
    assert "Mostly false" in verdict.inner_text()  # written out, not only a colour
    assert page.locator(".prose strong").inner_text() == "customs data"
    markup = claimreview_in_page(page)
    assert markup["@type"] == "ClaimReview"
    assert markup["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert markup["itemReviewed"]["author"]["name"] == "Howard Lutnick"
    assert markup["url"].endswith(f"/fact-checks/{slug_of(claim)}/")
    assert page.get_by_role("button", name="Log out").count() == 0
    watch.assert_clean()


def test_the_draft_of_a_revision_never_shows_until_it_is_published_with_its_correction(
    page, live_server, checker, reviewer, editor
):
    watch = Watch(page)
    claim = publish_sourced_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, rating="False", headline="The published headline"
    )
    url = f"{live_server.url}/fact-checks/{slug_of(claim)}/"
    seen = []

    def read():
        page.goto(url)
        text = page.locator("main").inner_text()
        seen.append(text)
        return text, claimreview_in_page(page)

    text, markup = read()
    assert "The published headline" in text and markup["reviewRating"]["alternateName"] == "False"

    revise(claim, checker=checker, editor=editor, rating="True", headline="The revised headline")
    text, markup = read()
    assert "The published headline" in text
    assert markup["reviewRating"]["alternateName"] == "False"
    assert "The revised headline" not in page.content()

    publish_revision(
        claim,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        note="We misread the customs table: imports did double.",
    )
    text, markup = read()
    assert page.get_by_role("heading", level=1).inner_text() == "The revised headline"
    assert markup["reviewRating"]["alternateName"] == "True"
    corrections = page.get_by_role("region", name="Corrections and updates").inner_text()
    assert "Correction" in corrections and "We misread the customs table: imports did double." in corrections
    assert "First published" in corrections
    # Before the second publication no page ever showed the draft.
    assert all("A draft conclusion nobody approved." not in earlier for earlier in seen[:2])
    watch.assert_clean()


def test_hostile_text_runs_no_script_and_opens_no_dialog_anywhere(
    page, live_server, checker, reviewer, editor
):
    watch = Watch(page)
    claim = publish_hostile_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    # An overdue claim by the same hostile claimant puts the name on the dashboard too.
    make_claim(
        author=checker,
        claimant=claim.claimant,
        summary="Mallory again",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    public_pages = [
        "/fact-checks/",
        f"/fact-checks/{slug_of(claim)}/",
        "/fact-checks/?q=Mallory",
        "/methodology/",
    ]

    for path in public_pages:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("main img").count() == 0, path

    detail = f"{live_server.url}/fact-checks/{slug_of(claim)}/"
    page.goto(detail)
    assert HOSTILE_CLAIMANT in page.locator(".quote figcaption").inner_text()
    assert "window.__xss=1" in page.locator(".quote blockquote").inner_text()  # shown as text
    markup = claimreview_in_page(page)
    assert markup["itemReviewed"]["author"]["name"] == HOSTILE_CLAIMANT
    assert markup["headline"] == page.get_by_role("heading", level=1).inner_text()
    assert "<img src=x onerror=" in markup["headline"]

    log_in(page, live_server.url, checker)
    for path in ("/dashboard/", "/account/tokens/", f"/fact-checks/{slug_of(claim)}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__xss") is None, path
    page.goto(f"{live_server.url}/dashboard/")
    assert (
        HOSTILE_CLAIMANT in page.get_by_role("table", name="Overdue claims, most overdue first").inner_text()
    )
    watch.assert_clean()


def test_375px_wide_nothing_scrolls_sideways(browser, live_server, checker, reviewer, editor):
    claim = publish_hostile_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    make_claim(
        author=checker,
        text="An overdue claim with an unbroken word " + "x" * 120,
        due_on=timezone.localdate() - datetime.timedelta(days=9),
    )
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    watch = Watch(page)
    try:
        paths = ["/fact-checks/", f"/fact-checks/{slug_of(claim)}/", "/methodology/"]
        member_paths = ["/dashboard/", "/account/tokens/"]
        wide = {}
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            wide[path] = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        log_in(page, live_server.url, checker)
        for path in member_paths:
            page.goto(f"{live_server.url}{path}")
            wide[path] = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        # The tokens page with a token in its table and the secret on show.
        page.get_by_label("Name", exact=True).fill("A newsroom integration with a rather long name")
        page.get_by_label("factchecks:read").check()
        page.get_by_role("button", name="Create token").click()
        page.wait_for_load_state("load")
        wide["/account/tokens/ (created)"] = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert wide == {path: 0 for path in wide}
        watch.assert_clean()
    finally:
        context.close()


def test_dashboard_draws_its_charts_and_opens_their_tables_by_keyboard(
    page, live_server, checker, reviewer, editor
):
    from claims.models import ReaderRequest
    from claims.requests.services import request_attach

    watch = Watch(page)
    published = publish_sourced_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    make_claim(author=checker, due_on=timezone.localdate() - datetime.timedelta(days=1))
    asked = [ReaderRequest.objects.create(text=f"Is this true? {n}", source="web") for n in range(3)]
    request_attach(request_ids=[r.pk for r in asked], claim=published, actor=editor)
    ReaderRequest.objects.create(text="Another thing to check", source="web")  # waits in triage

    log_in(page, live_server.url, editor)
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    charts = page.locator('svg[role="img"]')
    assert charts.count() == 6
    for index in range(6):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 200 and box["height"] > 40
    assert page.get_by_role("img", name="Claims by state").count() == 1
    bars = page.locator("svg .chart__bar")
    assert bars.count() >= 6
    assert max(bars.nth(i).bounding_box()["width"] for i in range(bars.count())) > 100

    summary = page.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    table = page.get_by_role("table", name="Claims by state")
    assert table.is_visible()
    assert "Published" in table.inner_text()

    # Reader requests: the figures, the weekly chart and the claims most asked about, linked.
    readers = page.locator("#reader-requests")
    assert readers.locator('[data-figure="requests"]').inner_text() == "4"
    assert readers.locator('[data-figure="share-answered"]').inner_text() == "75% (3 of 4)"
    assert page.get_by_role("img", name="Reader requests per week (last 12 weeks)").count() == 1
    most_asked = page.get_by_role("table", name="Claims most asked about, most requests first")
    assert "3 readers" in most_asked.inner_text()
    most_asked.get_by_role("link").first.click()
    page.wait_for_url(f"{live_server.url}/claims/{published.pk}/")
    watch.assert_clean()


def test_member_creates_and_revokes_a_token_in_the_browser(page, live_server, checker):
    watch = Watch(page)
    log_in(page, live_server.url, checker)
    page.get_by_role("link", name="API tokens").click()

    page.get_by_role("button", name="Create token").click()
    assert page.locator("#token-name-error").inner_text() == "This field is required."
    assert page.locator("#token-scopes-error").inner_text() == "Choose at least one scope."

    page.get_by_label("Name", exact=True).fill("Newsroom CMS")
    page.get_by_label("claims:read").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("fcw_")

    page.goto(f"{live_server.url}/account/tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Newsroom CMS").click()
    assert "Revoked “Newsroom CMS”" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Revoke Newsroom CMS").count() == 0
    watch.assert_clean()


def test_reading_works_without_javascript(browser, live_server, checker, reviewer, editor):
    claim = publish_sourced_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, rating="Half true", headline="Half of it holds"
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/fact-checks/")
        page.get_by_label("Rating").select_option("Half true")
        page.get_by_role("button", name="Show").click()
        page.get_by_role("link", name="Half of it holds").click()
        page.wait_for_url(f"{live_server.url}/fact-checks/{slug_of(claim)}/")
        assert "Half true" in page.get_by_role("region", name="Our verdict").inner_text()
        assert page.get_by_role("region", name="Evidence").is_visible()
        page.get_by_role("link", name="what the ratings mean").click()
        assert page.get_by_role("heading", level=1).inner_text() == "How we check claims"
    finally:
        context.close()
