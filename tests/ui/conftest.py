"""Browser tests: Playwright drives Debian's Chromium against a live server."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls made
    # by the test itself (setting up rows) are still synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --- Content-Security-Policy: every browser test fails on a violation ----------------------------

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation([event.effectiveDirective, event.blockedURI || "inline", event.sourceFile || "",
                         event.lineNumber, event.sample || ""].join(" | "));
}, true);
"""


def watch_csp(context) -> list[str]:
    """Record every `securitypolicyviolation` event any page of the context fires (directive, what was
    blocked, where, a sample). Chromium also logs each to the console, which PageWatch keeps."""
    violations: list[str] = []
    context.expose_binding(
        "__cspViolation", lambda source, text: violations.append(f"{text} ({source['page'].url})")
    )
    context.add_init_script(REPORT_VIOLATIONS)
    return violations


def assert_no_csp_violation(violations: list[str]) -> None:
    assert violations == [], f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert_no_csp_violation(violations)


# --- Watching pages: no dialog, no script error, no console error, nothing beyond loopback -------

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class PageWatch:
    """Records what a page must never do: open a dialog, log a console error, throw, break the
    Content-Security-Policy, or reach past loopback.

    Requests to any other host are aborted (and recorded), so a test never sends traffic out.
    """

    def __init__(self, page):
        from urllib.parse import urlsplit

        self.dialogs: list[str] = []
        self.console: list[str] = []  # every message, to show beside a failure
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = watch_csp(page.context)
        self.page_errors: list[str] = []
        self.outside_requests: list[str] = []

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        def on_console(message):
            self.console.append(f"{message.type}: {message.text}")
            if message.type == "error":
                self.console_errors.append(f"{message.text} ({page.url})")

        def route(route):
            url = route.request.url
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"} or parts.hostname in LOOPBACK_HOSTS:
                route.continue_()
            else:
                self.outside_requests.append(url)
                route.abort()

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.route("**/*", route)

    def assert_clean(self):
        assert_no_csp_violation(self.csp_violations)
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page_errors == [], f"script errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.outside_requests == [], f"requests beyond 127.0.0.1: {self.outside_requests}"


def log_in(page, base_url: str, user, password: str | None = None) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user, width=1280) -> (page, watch): a fresh browser context, logged in, watched.

    Every page opened is checked again when the test ends.
    """
    opened = []

    def open_page(user=None, *, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(10_000)
        watch = PageWatch(page)
        opened.append((context, watch))
        if user is not None:
            log_in(page, live_server.url, user)
        return page, watch

    yield open_page
    try:
        for _, watch in opened:
            watch.assert_clean()
    finally:
        for context, _ in opened:
            context.close()
