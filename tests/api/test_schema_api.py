"""The OpenAPI schema is complete and valid, and the interactive docs render from the app's own files."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from rest_framework.test import APIClient

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Every claims endpoint and the methods it documents.
DOCUMENTED = {
    "/api/v1/claims/": {"get", "post"},
    "/api/v1/claims/{id}/": {"get", "patch"},
    "/api/v1/claims/{id}/verdict/": {"get", "put"},
    "/api/v1/claims/{id}/transitions/": {"get", "post"},
    "/api/v1/claims/{id}/history/": {"get"},
    "/api/v1/claims/{id}/appearances/": {"get", "post"},
    "/api/v1/claims/{id}/appearances/{item_pk}/": {"get", "patch", "delete"},
    "/api/v1/claims/{id}/evidence/": {"get", "post"},
    "/api/v1/claims/{id}/evidence/{item_pk}/": {"get", "patch", "delete"},
    "/api/v1/claims/{id}/rebuttals/": {"get", "post"},
    "/api/v1/claims/{id}/rebuttals/{item_pk}/": {"get", "patch", "delete"},
    "/api/v1/claimants/": {"get", "post"},
    "/api/v1/claimants/{id}/": {"get", "patch"},
    "/api/v1/sources/": {"get", "post"},
    "/api/v1/sources/{id}/": {"get", "patch"},
}


def test_manage_py_spectacular_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/api/v1/claims/{id}/transitions/" in out.read_text()


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _parameters(operation, where):
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == where}


def test_the_schema_documents_every_claims_endpoint_and_method(schema):
    for path, methods in DOCUMENTED.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))


def test_the_schema_documents_the_contract_headers_and_errors(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (manage.py create_api_token)",
    }
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for path, methods in DOCUMENTED.items():
        for method in methods:
            operation = schema["paths"][path][method]
            assert "application/problem+json" in operation["responses"]["default"]["content"], (path, method)
            headers = _parameters(operation, "header")
            if method in ("patch", "delete"):
                assert headers["If-Match"]["required"] is True, (path, method)
            if method == "post":
                assert "Idempotency-Key" in headers, (path, method)
            if (
                method == "get"
                and "{" in path
                and not path.endswith(("/history/", "/appearances/", "/evidence/", "/rebuttals/"))
            ):
                assert "ETag" in operation["responses"]["200"]["headers"], (path, method)
    verdict_put = schema["paths"]["/api/v1/claims/{id}/verdict/"]["put"]
    assert _parameters(verdict_put, "header")["If-Match"].get("required", False) is False
    assert {"200", "201"} <= set(verdict_put["responses"])


def test_the_claims_list_is_documented_as_cursor_pages_with_its_filters(schema):
    listing = schema["paths"]["/api/v1/claims/"]["get"]
    query = _parameters(listing, "query")
    assert {
        "q",
        "state",
        "claimant",
        "assignee",
        "topic",
        "rating",
        "language",
        "created_after",
        "created_before",
        "updated_after",
        "updated_before",
        "cursor",
        "page_size",
    } <= set(query)
    assert set(query["state"]["schema"]["enum"]) == {
        "new",
        "researching",
        "in_review",
        "approved",
        "published",
        "dismissed",
    }
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][page["$ref"].rsplit("/", 1)[1]]
    assert set(page["required"]) == {"results", "next"}
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    assert {
        "id",
        "state",
        "claimant",
        "appearances",
        "evidence",
        "rebuttals",
        "verdict",
        "reviews",
        "available_actions",
    } <= set(claim)
    evidence_input = schema["components"]["schemas"]["EvidenceInputRequest"]["properties"]
    assert evidence_input["stance"] == {"$ref": "#/components/schemas/StanceEnum"}
    assert schema["components"]["schemas"]["StanceEnum"]["enum"] == ["supports", "refutes", "context"]
    summary = schema["components"]["schemas"]["ClaimCreateRequest"]["properties"]["summary"]
    assert summary["maxLength"] == 75


@pytest.mark.django_db(transaction=True)
def test_the_docs_page_uses_only_the_apps_own_assets(live_server):
    html = urlopen(f"{live_server.url}/api/docs/", timeout=10).read().decode()
    assert 'id="swagger-ui"' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(not urlsplit(a).netloc for a in assets), assets
    assert not re.search(r"cdn|unpkg|jsdelivr", html, re.IGNORECASE)
    for asset in assets:
        with urlopen(f"{live_server.url}{asset}", timeout=10) as response:
            assert response.status == 200, asset
            assert len(response.read()) > 100, asset


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_render_in_a_browser_that_can_reach_nothing_but_the_app(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium`")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    app = urlsplit(live_server.url).netloc
    elsewhere = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()

            def only_the_app(route):
                if urlsplit(route.request.url).netloc == app or route.request.url.startswith("data:"):
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_app)
            page.goto(f"{live_server.url}/api/docs/")
            page.wait_for_selector(".opblock-summary-path", timeout=20_000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert any("/api/v1/claims/{id}/transitions/" in p.replace("\u200b", "") for p in paths), paths[
                :5
            ]
            assert page.locator(".info .title").inner_text().startswith("Fact-check workbench API")
        finally:
            browser.close()
    assert elsewhere == [], "the docs reached outside the app"
