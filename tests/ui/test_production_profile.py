"""Pages under the production profile (gunicorn, DEBUG=false) load with their styles and scripts and no
console error, in a real browser: the app serves its own static files."""

import pytest
from django.contrib.auth.hashers import make_password

from factcheck.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.ui.conftest import PageWatch, log_in

pytestmark = pytest.mark.browser


def open_watched(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page, PageWatch(page)


def styled(page) -> bool:
    """True when site.css applied: the body no longer has the browser's default 8 px margin."""
    return page.evaluate("getComputedStyle(document.body).margin") != "8px"


def test_public_pages_load_their_css_and_js(browser, production_server):
    context, page, watch = open_watched(browser)
    try:
        for path in ("/accounts/login/", "/fact-checks/", "/methodology/"):
            failed = []
            page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
            response = page.goto(f"http://localhost:{production_server}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("load")
            assert styled(page), path
            assert failed == [], failed
        watch.assert_clean()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_member_works_in_the_desk_with_htmx_loaded(browser, production_server):
    # localhost is a secure context, so the production profile's Secure cookies are kept over http.
    member = UserFactory(username="prod-alice", role=Role.FACT_CHECKER)
    # The server hashes as production does, not with the suite's fast test hasher.
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save(update_fields=["password"])
    context, page, watch = open_watched(browser)
    try:
        log_in(page, f"http://localhost:{production_server}", member)
        assert styled(page)
        assert page.evaluate("typeof window.htmx") == "object"
        watch.assert_clean()
    finally:
        context.close()


def test_the_api_docs_render_swagger_ui(browser, production_server):
    context, page, watch = open_watched(browser)
    try:
        page.goto(f"http://localhost:{production_server}/api/docs/")
        page.locator(".swagger-ui .info .title").wait_for()
        assert "API" in page.locator(".swagger-ui .info .title").inner_text()
        watch.assert_clean()
    finally:
        context.close()
