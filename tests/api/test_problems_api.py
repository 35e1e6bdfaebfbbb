"""Every class of bad input gets a clear application/problem+json answer that names the field; never a 500."""

import base64

import pytest
from django.test import Client

from claims.models import Claim, ClaimState
from tests.api.conftest import PROBLEM, assert_problem
from tests.factories import add_evidence, claim_in_state, make_claim

pytestmark = pytest.mark.django_db

CLAIM = {"text": "Steel imports doubled.", "claimant": {"name": "A Minister"}}


@pytest.fixture
def alice(checker, token_for):
    return token_for(checker)


@pytest.fixture
def researching(checker, reviewer, editor):
    return claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)


def post_raw(client, url, body: str, content_type="application/json", **extra):
    return client.generic("POST", url, body, content_type=content_type, **extra)


# --- The body -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "unterminated',
        "{'text': 'single quotes'}",
        '{"text": NaN, "claimant": 1}',
        '{"text": "a", "claimant": Infinity}',
        '{"text": "\\ud800 lone surrogate", "claimant": {"name": "X"}}',
        "\xff\xfe not UTF-8",
    ],
    ids=["unterminated", "single-quotes", "nan", "infinity", "lone-surrogate", "not-utf8"],
)
def test_malformed_json_is_400(body, alice):
    response = post_raw(alice, "/api/v1/claims/", body.encode("latin-1") if body.startswith("\xff") else body)
    assert_problem(response, 400, says="JSON parse error")
    assert not Claim.objects.exists()


@pytest.mark.parametrize("body", ["[]", '"a claim"', "42", "null"])
def test_a_body_that_is_not_an_object_is_400(body, alice):
    assert_problem(post_raw(alice, "/api/v1/claims/", body), 400)


def test_a_body_that_is_not_json_is_415(alice):
    response = post_raw(
        alice, "/api/v1/claims/", "text=hello", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 415, says="unsupported media type")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": 123, "claimant": {"name": "A"}}, "text"),
        ({"text": ["a"], "claimant": {"name": "A"}}, "text"),
        (CLAIM | {"claimant": True}, "claimant"),
        (CLAIM | {"claimant": "A Minister"}, "claimant"),
        (CLAIM | {"claimant": 10**30}, "claimant"),
        (CLAIM | {"claimant": {"name": 5}}, "claimant"),
        (CLAIM | {"topics": "trade"}, "topics"),
        (CLAIM | {"topics": ["trade", 5]}, "topics"),
        (CLAIM | {"appearances": {"outlet": "CNBC"}}, "appearances"),
        (CLAIM | {"appearances": [{"outlet": "CNBC", "is_first": "yes"}]}, "appearances"),
        (CLAIM | {"claimed_on": 20250715}, "claimed_on"),
        (CLAIM | {"summary": None}, "summary"),
        (CLAIM | {"text": "nul \x00 inside"}, "text"),
    ],
)
def test_wrong_types_are_400_naming_the_field(body, field, alice):
    assert_problem(alice.post("/api/v1/claims/", body, format="json"), 400, field=field)
    assert not Claim.objects.exists()


def test_unknown_fields_are_400_naming_them(alice, researching):
    response = alice.post("/api/v1/claims/", CLAIM | {"sumary": "typo"}, format="json")
    problem = assert_problem(response, 400, field="sumary")
    assert "summary" in problem["errors"]["sumary"][0]  # the known fields are listed
    etag = alice.get(f"/api/v1/claims/{researching.pk}/")["ETag"]
    sneaky = alice.patch(
        f"/api/v1/claims/{researching.pk}/", {"state": "published"}, format="json", HTTP_IF_MATCH=etag
    )
    assert_problem(sneaky, 400, field="state")
    assert Claim.objects.get(pk=researching.pk).state == ClaimState.RESEARCHING
    nested = alice.post("/api/v1/claims/", CLAIM | {"claimant": {"name": "B", "party": "X"}}, format="json")
    assert nested.json()["errors"] == {
        "claimant": {"party": [nested.json()["errors"]["claimant"]["party"][0]]}
    }


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("evidence/", {"stance": "maybe", "title": "T", "url": "https://e.org/"}, "stance"),
        ("evidence/", {"stance": "refutes", "kind": "rumour", "title": "T", "url": "https://e.org/"}, "kind"),
        (
            "evidence/",
            {
                "stance": "refutes",
                "title": "T",
                "url": "https://e.org/",
                "source": {"name": "S", "kind": "blog"},
            },
            "source",
        ),
        ("appearances/", {"outlet": "Spotify", "medium": "podcast"}, "medium"),
        ("rebuttals/", {"party": "P", "statement": "S", "kind": "shrug"}, "kind"),
        ("transitions/", {"action": "fast_track"}, "action"),
        ("transitions/", {"action": "publish", "note_kind": "apology"}, "note_kind"),
    ],
)
def test_unknown_enum_values_are_400_naming_the_field(url, body, field, alice, researching):
    response = alice.post(f"/api/v1/claims/{researching.pk}/{url}", body, format="json")
    problem = assert_problem(response, 400, field=field)
    assert "not a valid choice" in str(problem["errors"][field])


def test_an_unknown_medium_inside_a_new_claim_names_the_appearance(alice):
    body = CLAIM | {
        "appearances": [{"outlet": "CNBC", "medium": "tv"}, {"outlet": "Spotify", "medium": "podcast"}]
    }
    problem = assert_problem(alice.post("/api/v1/claims/", body, format="json"), 400, field="appearances")
    # Items of a list are named by their position; only the wrong ones are listed.
    assert list(problem["errors"]["appearances"]) == ["1"]
    assert "podcast" in problem["errors"]["appearances"]["1"]["medium"][0]


def test_overlong_strings_are_400(alice, researching):
    problem = assert_problem(
        alice.post("/api/v1/claims/", CLAIM | {"summary": "x" * 76}, format="json"), 400, field="summary"
    )
    assert "75" in problem["errors"]["summary"][0]
    assert alice.post("/api/v1/claims/", CLAIM | {"summary": "x" * 75}, format="json").status_code == 201
    evidence = alice.post(
        f"/api/v1/claims/{researching.pk}/evidence/",
        {"stance": "refutes", "title": "T" * 301, "url": "https://e.org/"},
        format="json",
    )
    assert_problem(evidence, 400, field="title")
    assert_problem(alice.post("/api/v1/claimants/", {"name": "N" * 201}, format="json"), 400, field="name")


@pytest.mark.parametrize("value", ["2025-13-45", "2025-02-30", "15/07/2025", "yesterday", ""])
def test_invalid_dates_are_400(value, alice, researching):
    assert_problem(
        alice.post("/api/v1/claims/", CLAIM | {"claimed_on": value}, format="json"), 400, field="claimed_on"
    )
    evidence = alice.post(
        f"/api/v1/claims/{researching.pk}/evidence/",
        {"stance": "refutes", "title": "T", "url": "https://e.org/", "published_on": value},
        format="json",
    )
    assert_problem(evidence, 400, field="published_on")


def test_invalid_urls_and_language_tags_are_400(alice):
    bad_url = CLAIM | {"appearances": [{"url": "javascript:alert(1)"}]}
    assert_problem(alice.post("/api/v1/claims/", bad_url, format="json"), 400, field="appearances")
    assert_problem(
        alice.post("/api/v1/claims/", CLAIM | {"language": "english!"}, format="json"), 400, field="language"
    )
    assert alice.post("/api/v1/claims/", CLAIM | {"language": "pt-BR"}, format="json").status_code == 201


def test_an_unknown_rating_label_is_400_and_lists_the_scale(alice, researching):
    response = alice.put(
        f"/api/v1/claims/{researching.pk}/verdict/",
        {"rating": "Pants on fire", "conclusion": "No."},
        format="json",
    )
    problem = assert_problem(response, 400, field="rating")
    assert "Mostly false" in problem["errors"]["rating"][0]
    for wrong in (3, "False\x00", "", "x" * 61):
        assert_problem(
            alice.put(f"/api/v1/claims/{researching.pk}/verdict/", {"rating": wrong}, format="json"),
            400,
            field="rating",
        )
    # Labels are matched without regard to case, and slugs work too.
    ok = alice.put(
        f"/api/v1/claims/{researching.pk}/verdict/",
        {"rating": "mostly-false", "conclusion": "No."},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["rating"] == "Mostly false"


def test_unknown_members_are_400(researching, token_for, editor):
    erin = token_for(editor)
    for assignee in ("nobody", "bad\x00name", True, 10**30, ""):
        response = erin.post(
            f"/api/v1/claims/{researching.pk}/transitions/",
            {"action": "assign", "assignee": assignee},
            format="json",
        )
        assert_problem(response, 400, field="assignee")


# --- Query parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("state=pending", "state"),
        ("state=NEW", "state"),
        ("rating=Pants%20on%20fire", "rating"),
        ("claimant=abc", "claimant"),
        ("claimant=1.5", "claimant"),
        ("created_after=2025-13-45", "created_after"),
        ("updated_before=not-a-date", "updated_before"),
        ("language=english!", "language"),
        ("q=" + "x" * 501, "q"),
        ("q=nul%00", "q"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("page_size=-5", "page_size"),
        ("cursor=garbage", "cursor"),
        ("cursor=" + base64.b64encode(b"p=abc").decode(), "cursor"),
        ("cursor=" + base64.b64encode(b"o=-1").decode(), "cursor"),
        # Decodes, but without a position (`p`): not a `next` link of ours, never page 1 again.
        ("cursor=" + base64.b64encode(b"o=5").decode(), "cursor"),
        ("cursor=" + base64.b64encode(b"r=1").decode(), "cursor"),
        ("cursor=" + base64.b64encode(b"x=1").decode(), "cursor"),
        ("cursor=" + base64.b64encode(b"p=").decode(), "cursor"),
        ("q=steel&cursor=garbage", "cursor"),
        ("q=steel&cursor=" + base64.urlsafe_b64encode(b'{"o": 99999999999}').decode(), "cursor"),
        ("stat=new", "stat"),
    ],
)
def test_bad_query_parameters_are_400_naming_them(query, field, alice):
    assert_problem(alice.get(f"/api/v1/claims/?{query}"), 400, field=field)


def test_bad_query_parameters_of_other_lists_are_400(alice):
    assert_problem(alice.get("/api/v1/claimants/?name=" + "n" * 201), 400, field="name")
    assert_problem(alice.get("/api/v1/sources/?name=a%00b"), 400, field="name")
    assert_problem(alice.get("/api/v1/sources/?nmae=x"), 400, field="nmae")
    assert_problem(alice.get("/api/v1/claimants/?page_size=1000"), 400, field="page_size")
    no_position = base64.b64encode(b"o=1").decode()
    assert_problem(alice.get(f"/api/v1/claimants/?cursor={no_position}"), 400, field="cursor")
    # An empty cursor is no cursor: the first page.
    assert alice.get("/api/v1/claimants/?cursor=").status_code == 200


# --- Resources and methods ------------------------------------------------------------------------


def test_unknown_resources_are_404(alice, checker):
    claim = make_claim(author=checker)
    assert_problem(alice.get("/api/v1/claims/999999/"), 404, says="no claim 999999")
    assert_problem(alice.get("/api/v1/claims/99999999999999999999/"), 404)
    assert_problem(alice.get(f"/api/v1/claims/{claim.pk}/evidence/999999/"), 404, says="no evidence 999999")
    assert_problem(alice.get("/api/v1/claims/999999/evidence/"), 404)
    assert_problem(alice.get("/api/v1/claimants/999999/"), 404, says="no claimant")
    assert_problem(alice.get("/api/v1/sources/999999/"), 404, says="no source")
    assert_problem(alice.get("/api/v1/claims/999999/history/"), 404)
    assert_problem(alice.get("/api/v1/claims/999999/transitions/"), 404)
    assert_problem(alice.post("/api/v1/claims/999999/transitions/", {"action": "submit"}, format="json"), 404)


def test_evidence_of_another_claim_is_not_found_through_this_one(alice, checker):
    one, other = make_claim(author=checker), make_claim(author=checker)
    evidence = add_evidence(one, actor=checker)
    assert alice.get(f"/api/v1/claims/{one.pk}/evidence/{evidence.pk}/").status_code == 200
    assert_problem(alice.get(f"/api/v1/claims/{other.pk}/evidence/{evidence.pk}/"), 404)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/claims/abc/", "/api/nothing/", "/api/v1/claims/1/verdict/extra/"],
)
def test_unknown_api_paths_are_404_problems_not_html(path, alice):
    response = alice.get(path)
    assert_problem(response, 404)
    assert b"<html" not in response.content.lower()


def test_a_missing_trailing_slash_is_a_clear_404_not_a_redirect(alice):
    response = alice.post("/api/v1/claims", CLAIM, format="json")
    assert_problem(response, 404, says="/api/v1/claims/")
    assert not Claim.objects.exists()


def test_methods_an_endpoint_does_not_have_are_405_with_allow(alice, checker):
    claim = make_claim(author=checker)
    response = alice.delete(f"/api/v1/claims/{claim.pk}/")
    assert_problem(response, 405, says="DELETE")
    assert set(response["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH"}
    assert_problem(alice.put("/api/v1/claims/", CLAIM, format="json"), 405)
    assert_problem(alice.delete(f"/api/v1/claims/{claim.pk}/history/"), 405)


def test_errors_are_problem_json_even_for_a_browser(alice):
    response = alice.get("/api/v1/claims/999999/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["status"] == 404


def test_a_server_error_on_an_api_path_is_problem_json(settings, checker):
    settings.ROOT_URLCONF = "tests.api.failing_urls"
    browser = Client(raise_request_exception=False)
    response = browser.get("/api/v1/failing/")
    assert_problem(response, 500, says="went wrong on our side")
    assert "a bug in a view" not in response.content.decode()  # no internals leak
    # Outside /api/ the site keeps its own error page.
    page = browser.get("/failing/")
    assert page.status_code == 500 and not page["Content-Type"].startswith(PROBLEM)


# --- Body size ------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413_before_it_is_read(alice, settings):
    settings.API_MAX_BODY_BYTES = 2048
    big = CLAIM | {"text": "x" * 3000}
    response = alice.post("/api/v1/claims/", big, format="json")
    assert_problem(response, 413, says="limit is 2048 bytes")
    # A declared length is judged before a single byte is read: here the body is not even there.
    declared = post_raw(alice, "/api/v1/claims/", "{}", CONTENT_LENGTH=str(10**9))
    assert_problem(declared, 413)
    assert not Claim.objects.exists()
    small = alice.post("/api/v1/claims/", CLAIM | {"text": "x" * 1000}, format="json")
    assert small.status_code == 201


def test_a_content_length_that_is_not_a_number_is_400(alice):
    assert_problem(post_raw(alice, "/api/v1/claims/", "{}", CONTENT_LENGTH="ten"), 400, says="Content-Length")
