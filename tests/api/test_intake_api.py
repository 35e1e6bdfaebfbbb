"""Intake and matching API: candidates from text at once, from a URL through the worker; similar claims."""

import time

import pytest
from django.conf import settings as django_settings

from claims import matching
from claims.models import Claim, ClaimState, IntakeJob, Publication
from tests.factories import claim_in_state, make_claim
from tests.loopback import Listener, Receiver
from tests.workers import running_worker

BROKER_URL = "redis://127.0.0.1:6379/7"
PROBLEM = "application/problem+json"

ARTICLE = (
    "Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.\n\n"
    '"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview. '
    '"I am proud of what we have done," he said.\n\n'
    "Korea's trade minister, Ahn Min-jae, disagreed. "
    "The minister said Korean shipments fell by 8 percent in 2024."
)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# --- Text intake ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_text_gives_candidates_best_first_with_speaker_score_reasons_and_offsets(token_for, checker):
    client = token_for(checker, scopes=["claims:submit"])
    response = client.post("/api/v1/intake/", {"text": ARTICLE}, format="json")
    assert response.status_code == 200, response.content
    candidates = response.json()["candidates"]
    assert set(candidates[0]) == {"text", "speaker", "speaker_title", "score", "reasons", "start", "end"}
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
    steel = next(c for c in candidates if "Steel imports" in c["text"])
    assert (steel["speaker"], steel["speaker_title"]) == ("Howard Lutnick", "U.S. Secretary of Commerce")
    assert steel["score"] >= 0.6 and "a number" in steel["reasons"]
    assert ARTICLE[steel["start"] : steel["end"]] == steel["text"]
    shipments = next(c for c in candidates if "shipments" in c["text"])
    assert shipments["speaker"] == "Ahn Min-jae"
    proud = next(c for c in candidates if "proud" in c["text"])
    assert proud["score"] < 0.5 and proud["speaker"] == "Howard Lutnick"
    high = client.post("/api/v1/intake/", {"text": ARTICLE, "min_score": 0.5}, format="json").json()
    assert all(c["score"] >= 0.5 for c in high["candidates"]) and len(high["candidates"]) < len(candidates)


@pytest.mark.django_db
def test_a_text_of_100000_characters_is_answered_and_one_more_is_413(token_for, checker):
    client = token_for(checker, scopes=["claims:write"])
    limit = django_settings.INTAKE_MAX_TEXT_CHARS
    assert limit == 100_000
    text = ((ARTICLE + "\n\n") * (limit // len(ARTICLE) + 1))[:limit]
    began = time.perf_counter()
    response = client.post("/api/v1/intake/", {"text": text}, format="json")
    elapsed = time.perf_counter() - began
    assert response.status_code == 200
    assert len(response.json()["candidates"]) > 100
    # Only a bound against hanging, far from the web server's timeout: a timed test on a shared machine
    # measures the machine. Speed is the benchmark's (bench/intake_extraction.py), linearity the fuzz
    # test's (tests/claims/test_intake_linear.py).
    assert elapsed < 30, f"{elapsed:.2f} s"
    body = problem(client.post("/api/v1/intake/", {"text": text + "x"}, format="json"), 413)
    assert "100,000" in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "non_field_errors"),
        ({"text": ARTICLE, "url": "https://example.org/a"}, "non_field_errors"),
        ({"text": 42}, "text"),
        ({"text": ""}, "text"),
        ({"text": ["a", "list"]}, "text"),
        ({"url": "ftp://example.org/a"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"text": ARTICLE, "min_score": 2}, "min_score"),
        ({"text": ARTICLE, "min_score": "high"}, "min_score"),
        ({"text": ARTICLE, "language": "en"}, "language"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(token_for, checker, payload, field):
    client = token_for(checker, scopes=["claims:submit"])
    body = problem(client.post("/api/v1/intake/", payload, format="json"), 400)
    assert field in body["errors"]


@pytest.mark.django_db
def test_broken_json_and_wrong_body_shape_are_400(token_for, checker):
    client = token_for(checker, scopes=["claims:submit"])
    problem(client.post("/api/v1/intake/", "{not json", content_type="application/json"), 400)
    problem(client.post("/api/v1/intake/", [ARTICLE], format="json"), 400)


@pytest.mark.django_db
def test_intake_needs_a_submit_or_write_scope_and_similar_needs_read(api, token_for, checker):
    problem(api.post("/api/v1/intake/", {"text": ARTICLE}, format="json"), 401)
    problem(api.get("/api/v1/claims/similar", {"text": "steel"}), 401)
    reader = token_for(checker, scopes=["claims:read"])
    assert (
        "claims:submit"
        in problem(reader.post("/api/v1/intake/", {"text": ARTICLE}, format="json"), 403)["detail"]
    )
    assert reader.get("/api/v1/claims/similar", {"text": "steel imports"}).status_code == 200
    submitter = token_for(checker, scopes=["claims:submit"])
    assert submitter.post("/api/v1/intake/", {"text": ARTICLE}, format="json").status_code == 200
    problem(submitter.get("/api/v1/claims/similar", {"text": "steel imports"}), 403)


# --- Similar claims ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_similar_finds_a_reworded_claim_with_its_level(token_for, checker):
    matching.statistics_forget()
    original = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    make_claim(author=checker, text="The mayor opened a new library downtown.")
    client = token_for(checker, scopes=["claims:read"])
    response = client.get(
        "/api/v1/claims/similar", {"text": "STEEL IMPORTS FROM KOREA HAVE RISEN 40 PERCENT"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["claim_id"] == original.pk
    assert {"claim_id", "text", "claimant", "state", "score", "level"} <= set(results[0])
    assert results[0]["level"] in {"duplicate", "similar"} and results[0]["state"] == "new"
    assert [r["claim_id"] for r in results] == [original.pk]
    # With the trailing slash too, and nothing for unrelated text.
    assert client.get("/api/v1/claims/similar/", {"text": "weather in Paris"}).json() == {"results": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 10_001}, "text"),
        ({"text": "steel", "limit": "0"}, "limit"),
        ({"text": "steel", "limit": "many"}, "limit"),
        ({"text": "steel", "published": "perhaps"}, "published"),
        ({"text": "steel", "q": "steel"}, "q"),
    ],
)
def test_similar_refuses_bad_queries_with_a_problem(token_for, checker, params, field):
    client = token_for(checker, scopes=["claims:read"])
    body = problem(client.get("/api/v1/claims/similar", params), 400)
    assert field in body["errors"]


@pytest.mark.django_db
def test_linking_a_duplicate_shows_in_the_claim_json_and_can_be_undone(token_for, checker):
    original = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    again = make_claim(author=checker, text="Korean steel imports went up 40 percent last year.")
    client = token_for(checker, scopes=["claims:read", "claims:write"])
    response = client.post(
        f"/api/v1/claims/{again.pk}/duplicate-of/", {"duplicate_of": original.pk}, format="json"
    )
    assert response.json() == {"id": again.pk, "duplicate_of": original.pk}
    assert client.get(f"/api/v1/claims/{again.pk}/").json()["duplicate_of"] == original.pk
    assert client.get(f"/api/v1/claims/{original.pk}/").json()["duplicate_of"] is None
    body = problem(
        client.post(f"/api/v1/claims/{original.pk}/duplicate-of/", {"duplicate_of": again.pk}, format="json"),
        409,
    )
    assert "other way round" in body["detail"]
    problem(
        client.post(f"/api/v1/claims/{again.pk}/duplicate-of/", {"duplicate_of": 999999}, format="json"), 400
    )
    problem(
        client.post(f"/api/v1/claims/{again.pk}/duplicate-of/", {"duplicate_of": "one"}, format="json"), 400
    )
    assert client.delete(f"/api/v1/claims/{again.pk}/duplicate-of/").json()["duplicate_of"] is None
    assert Claim.objects.get(pk=again.pk).duplicate_of_id is None
    reader = token_for(checker, scopes=["claims:read"])
    problem(
        reader.post(f"/api/v1/claims/{again.pk}/duplicate-of/", {"duplicate_of": original.pk}, format="json"),
        403,
    )


@pytest.mark.django_db
def test_a_duplicate_claim_gives_the_fact_check_of_its_original(
    token_for, checker, reviewer, editor, settings
):
    settings.SITE_URL = "https://factcheck.example.org"
    original = claim_in_state(
        ClaimState.PUBLISHED,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text="Steel imports from Korea rose 40 percent last year.",
    )
    unpublished = make_claim(author=checker, text="Korean steel is dumped below cost.")
    again = make_claim(author=checker, text="Korean steel imports went up 40 percent last year.")
    other = make_claim(author=checker, text="Korean steel is sold below cost in the U.S.")
    client = token_for(checker, scopes=["claims:read", "claims:write", "factchecks:read"])
    assert client.get(f"/api/v1/claims/{again.pk}/").json()["duplicate_of_factcheck"] is None

    client.post(f"/api/v1/claims/{again.pk}/duplicate-of/", {"duplicate_of": original.pk}, format="json")
    client.post(f"/api/v1/claims/{other.pk}/duplicate-of/", {"duplicate_of": unpublished.pk}, format="json")
    body = client.get(f"/api/v1/claims/{again.pk}/").json()
    slug = Publication.objects.get(claim=original).slug
    assert body["duplicate_of"] == original.pk
    assert body["duplicate_of_factcheck"] == {
        "id": original.pk,
        "url": f"https://factcheck.example.org/fact-checks/{slug}/",
        "api_url": f"http://testserver/api/v1/fact-checks/{original.pk}/",
    }
    # The link leads to the fact-check itself.
    followed = client.get(body["duplicate_of_factcheck"]["api_url"])
    assert followed.status_code == 200 and followed.json()["id"] == original.pk
    listed = {c["id"]: c for c in client.get("/api/v1/claims/").json()["results"]}
    assert listed[again.pk]["duplicate_of_factcheck"]["id"] == original.pk
    # A duplicate of a claim not yet published has nothing to follow yet; neither has the original.
    assert listed[other.pk]["duplicate_of"] == unpublished.pk
    assert listed[other.pk]["duplicate_of_factcheck"] is None
    assert listed[original.pk]["duplicate_of_factcheck"] is None


# --- URL intake through the worker --------------------------------------------------------------


@pytest.fixture
def worker(transactional_db, broker):
    """A real Celery worker (a thread of this process) on the real Redis broker, database 7."""
    with running_worker(BROKER_URL) as running:
        yield running


def _poll(client, location, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(location).json()
        if body["status"] in {"done", "failed"}:
            return body
        time.sleep(0.1)
    raise AssertionError(f"the intake job did not finish: {body}")


def _page(article: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article.split("\n\n"))
    return (
        "<html><head><title>Seoul rejects steel claim</title></head><body><nav>Home | World</nav>"
        f"<article>{paragraphs}</article><footer>Copyright</footer></body></html>"
    ).encode()


@pytest.mark.django_db(transaction=True)
def test_a_url_is_read_by_the_worker_and_the_job_polled_to_its_candidates(
    worker, token_for, checker, settings
):
    server = Receiver(
        statuses=[200], body=_page(ARTICLE), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", server.port)})
    try:
        client = token_for(checker, scopes=["claims:submit"])
        url = f"http://127.0.0.1:{server.port}/news/steel"
        response = client.post("/api/v1/intake/", {"url": url}, format="json")
        assert response.status_code == 202, response.content
        assert response.json()["status"] == "queued"
        location = response["Location"]
        assert location == f"/api/v1/intake/jobs/{response.json()['id']}/"
        job = _poll(client, location)
        assert job["status"] == "done", job
        assert job["title"] == "Seoul rejects steel claim"
        steel = next(c for c in job["candidates"] if "Steel imports" in c["text"])
        assert steel["speaker"] == "Howard Lutnick"
        assert not [c for c in job["candidates"] if "Home" in c["text"] or "Copyright" in c["text"]]
        assert [r.path for r in server.requests] == ["/news/steel"]
        # Another member's job is not theirs to see.
        other = token_for(make_member("someone-else"), scopes=["claims:submit"])
        problem(other.get(location), 404)
    finally:
        server.close()


@pytest.mark.django_db(transaction=True)
def test_an_address_the_outbound_policy_refuses_fails_the_job_without_a_connection(
    worker, token_for, checker, settings
):
    allowed = Receiver(statuses=[200], body=_page(ARTICLE), headers={"Content-Type": "text/html"})
    internal = Listener()  # a second loopback port, the "internal service": never in the allowlist
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", allowed.port)})
    try:
        client = token_for(checker, scopes=["claims:submit"])
        response = client.post(
            "/api/v1/intake/", {"url": f"http://127.0.0.1:{internal.port}/admin"}, format="json"
        )
        assert response.status_code == 202
        job = _poll(client, response["Location"])
        assert job["status"] == "failed"
        assert "refused" in job["error"] and job["candidates"] == []
        assert internal.connections == 0
        assert IntakeJob.objects.get(pk=job["id"]).finished_at is not None
    finally:
        allowed.close()
        internal.close()


def make_member(username):
    from tests.factories import UserFactory

    return UserFactory(username=username)
