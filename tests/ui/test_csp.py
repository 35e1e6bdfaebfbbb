"""The Content-Security-Policy holds in a real browser: the pages and the API docs break none of it."""

import pytest

from tests.ui.conftest import watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_watch_sees_a_violation(browser):
    """The browser tests' check itself: an inline script on a page whose policy forbids it is caught."""
    context = browser.new_context()
    try:
        violations = watch_csp(context)
        page = context.new_page()
        # Answered by the browser itself (no server, nothing sent anywhere).
        page.route(
            "http://127.0.0.1:9/probe",
            lambda route: route.fulfill(
                status=200,
                headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
                body="<!doctype html><title>probe</title><script>document.title = 'ran'</script>",
            ),
        )
        page.goto("http://127.0.0.1:9/probe")
        page.wait_for_function("() => true")
        assert page.title() == "probe"
        assert len(violations) == 1 and violations[0].startswith("script-src-elem | inline"), violations
    finally:
        context.close()


def test_the_api_docs_load_and_run_a_request_under_the_policy(open_as, live_server):
    page, watch = open_as(None)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    assert page.locator(".info .title").inner_text().startswith("Fact-check workbench API")
    # Try one public operation from the page: Swagger UI's own script calls the API.
    operation = page.locator("#operations-fact-checks-factchecks_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    watch.assert_clean()
