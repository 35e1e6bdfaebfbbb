"""POST /api/v1/requests/: partners' tip lines send readers' requests (scope claims:submit)."""

import uuid
from functools import partial

import pytest

from claims.models import ReaderRequest, RequestSource
from claims.requests import links
from tests.api.conftest import assert_problem

pytestmark = pytest.mark.django_db

TEXT = "Wheat prices in Kenya tripled this spring, a viral post says"


def body(**fields):
    return {"text": TEXT, **fields}


def test_a_partner_sends_a_request_and_gets_the_private_status_link(checker, token_for):
    partner = token_for(checker, scopes=["claims:submit"], name="WhatsApp tip line")
    address = f"r-{uuid.uuid4().hex[:8]}@example.org"
    answer = partner.post(
        "/api/v1/requests/",
        body(url="https://social.example.org/p/9", language="sw", email=address, consent=True),
        format="json",
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert set(data) == {"id", "status", "received_at", "status_url"}
    assert data["status"] == "received"
    assert address not in answer.content.decode()
    taken = ReaderRequest.objects.get(pk=data["id"])
    assert (taken.source, taken.partner, taken.partner_token_id) == (
        RequestSource.API,
        "WhatsApp tip line",
        partner.token.pk,
    )
    assert taken.contact.email == address and taken.language == "sw"
    token = data["status_url"].rsplit("/requests/", 1)[1].strip("/")
    assert links.status_request_id(token) == taken.pk
    assert answer["Location"] == data["status_url"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"text": ""}, "text"),
        ({"text": "<script></script>"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": 5}, "text"),
        ({"url": "http://192.168.1.1/"}, "url"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"email": "nobody"}, "email"),
        ({"consent": "yes"}, "consent"),
        ({"language": "english"}, "language"),
        ({"sender": "me"}, "sender"),
    ],
)
def test_wrong_input_is_problem_json_naming_the_field(fields, field, checker, token_for):
    partner = token_for(checker, scopes=["claims:submit"])
    answer = partner.post("/api/v1/requests/", body(**fields), format="json")
    problem = assert_problem(answer, 400)
    assert field in problem["errors"], problem
    assert ReaderRequest.objects.count() == 0


def test_the_per_email_rate_limit_answers_429_problem_json_with_retry_after(settings, checker, token_for):
    settings.REQUESTS_PER_EMAIL_PER_HOUR = 1
    partner = token_for(checker, scopes=["claims:submit"])
    address = f"r-{uuid.uuid4().hex[:8]}@example.org"
    assert partner.post("/api/v1/requests/", body(email=address), format="json").status_code == 201
    refused = partner.post("/api/v1/requests/", body(text="Another one", email=address), format="json")
    problem = assert_problem(refused, 429)
    assert "Too many requests" in problem["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 3601


def test_control_characters_go_and_nul_or_lone_surrogates_are_refused(checker, token_for):
    partner = token_for(checker, scopes=["claims:submit"])
    post = partial(partner.generic, "POST", "/api/v1/requests/", content_type="application/json")
    answer = post('{"text": "Steel \\u0007doubled\\u001b", "language": "en"}')
    assert answer.status_code == 201, answer.content
    assert ReaderRequest.objects.get().text == "Steel doubled"
    assert_problem(post('{"text": "Steel \\u0000doubled"}'), 400, field="text")
    assert_problem(post('{"text": "Steel \\ud800 doubled"}'), 400, says="surrogate")
    assert ReaderRequest.objects.count() == 1


def test_a_token_without_claims_submit_is_refused(checker, token_for):
    reader = token_for(checker, scopes=["claims:read"])
    assert_problem(reader.post("/api/v1/requests/", body(), format="json"), 403, says="lacks the scope")


def test_anonymous_callers_are_refused(api):
    assert_problem(api.post("/api/v1/requests/", body(), format="json"), 401)
