"""Inputs found to slip past the API's checks in an audit: each is a 4xx problem now, never a 500 and
never a silent accept of a value of the wrong kind."""

import json

import pytest

from claims.models import Claim
from tests.api.conftest import assert_problem
from tests.api.endpoints import ENDPOINTS
from tests.factories import make_claim
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_the_browsable_api_for_every_list_not_a_500(api, token_for, editor, world):
    public = ["/api/v1/fact-checks/", "/api/v1/fact-checks/claimreview-feed"]
    for url in public:
        assert api.get(url, HTTP_ACCEPT=HTML).status_code < 500, url
    client = token_for(editor)
    lists = [template.format(**world) for _, method, template, *_ in ENDPOINTS if method == "get"]
    for url in public + lists:
        response = client.get(url, HTTP_ACCEPT=HTML)
        assert response.status_code < 500, (url, response.status_code)
    page = api.get("/api/v1/fact-checks/", HTTP_ACCEPT=HTML)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


def test_json_nested_deeper_than_python_parses_is_a_400(token_for, editor):
    client = token_for(editor)
    for body in (
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": "x"})[:-1] + ', "a": ' + "[" * 50_000 + "]" * 50_000 + "}",
    ):
        response = client.generic("POST", "/api/v1/claims/", body, "application/json")
        assert_problem(response, 400, says="nested too deeply")
    assert not Claim.objects.exists()


@pytest.mark.parametrize("digits", ["²", "٣", "３"])  # superscript two, Arabic-Indic three, full-width three
def test_digits_that_are_not_ascii_are_not_numbers(token_for, editor, checker, digits):
    client = token_for(editor)
    claim = make_claim(author=checker)

    assigned = client.post(
        f"/api/v1/claims/{claim.pk}/transitions/", {"action": "assign", "assignee": digits}, format="json"
    )
    assert_problem(assigned, 400, field="assignee")
    claim.refresh_from_db()
    assert claim.assignee_id is None  # "٣" was read as member 3 before

    listed = client.get("/api/v1/claims/", {"assignee": digits})
    assert listed.status_code == 200 and listed.json()["results"] == []  # a username nobody has
    assert_problem(
        client.get("/api/v1/claims/similar/", {"text": "steel", "limit": digits}), 400, field="limit"
    )


def test_an_import_file_name_with_a_nul_or_too_long_is_refused_by_name(token_for, editor):
    client = token_for(editor)
    body = b'{"text": "A claim.", "claimant": "Someone"}\n'
    for name in ("a\x00b.jsonl", "x" * 256 + ".jsonl"):
        response = client.generic("POST", f"/api/v1/imports/?filename={name}", body, "application/x-ndjson")
        assert_problem(response, 400, field="filename")


@pytest.mark.parametrize(
    ("url", "unknown"),
    [
        ("/api/v1/fact-checks/?ratng=False", "ratng"),
        ("/api/v1/fact-checks/?bogus=1", "bogus"),
        ("/api/v1/fact-checks/claimreview-feed?x=1", "x"),
        ("/api/v1/fact-checks/{claim}/?expand=all", "expand"),
        ("/api/v1/fact-checks/{claim}/claimreview?x=1", "x"),
    ],
)
def test_a_misspelt_parameter_of_the_public_api_is_named_not_ignored(api, members, url, unknown):
    claim = publish_factcheck(
        checker=members["checker"], reviewer=members["reviewer"], editor=members["editor"]
    )
    response = api.get(url.format(claim=claim.pk))
    assert_problem(response, 400, field=unknown)
    assert api.get("/api/v1/fact-checks/?rating=False").status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("duplicate-of", {"duplicate_of": "3"}, "duplicate_of"),
        ("duplicate-of", {"duplicate_of": 4.0}, "duplicate_of"),
        ("duplicate-of", {"duplicate_of": True}, "duplicate_of"),
        ("intake", {"text": "Lutnick said steel imports doubled.", "min_score": "0.5"}, "min_score"),
        ("intake", {"text": "Lutnick said steel imports doubled.", "min_score": True}, "min_score"),
        ("intake", {"text": "   "}, "text"),
    ],
)
def test_numbers_must_be_json_numbers_and_text_must_be_text(token_for, checker, path, body, field):
    client = token_for(checker)
    claim = make_claim(author=checker)
    make_claim(author=checker, text="Another claim.")  # ids 3 and 4 may well exist: still refused
    url = f"/api/v1/claims/{claim.pk}/duplicate-of/" if path == "duplicate-of" else "/api/v1/intake/"

    assert_problem(client.post(url, body, format="json"), 400, field=field)
    claim.refresh_from_db()
    assert claim.duplicate_of_id is None


def test_a_patch_that_changes_nothing_writes_nothing(token_for, checker):
    client = token_for(checker)
    claim = make_claim(author=checker)
    url = f"/api/v1/claims/{claim.pk}/"
    etag = client.get(url)["ETag"]

    for body in ({}, {"text": claim.text, "topics": claim.topics}):
        response = client.patch(url, body, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, response.content
        assert response["ETag"] == etag  # a client holding it is not sent a 412 for nothing
    assert Claim.objects.get(pk=claim.pk).updated_at == claim.updated_at
    changed = client.patch(url, {"summary": "Steel"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_external_id_taken_is_a_409_that_names_the_claim(token_for, editor):
    client = token_for(editor)
    first = client.post(
        "/api/v1/claims/", {"text": "One.", "claimant": {"name": "A"}, "external_id": "pf-1"}, format="json"
    )
    assert first.status_code == 201, first.content

    again = client.post(
        "/api/v1/claims/", {"text": "Two.", "claimant": {"name": "B"}, "external_id": "pf-1"}, format="json"
    )

    body = assert_problem(again, 409, says=f"Claim {first.json()['id']} already has the external_id")
    assert "claim_external_id_unique" not in json.dumps(body)
    assert Claim.objects.count() == 1
