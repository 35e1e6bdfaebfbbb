"""Fact Check Tools compatibility, tested with Google's own client library against a live server.

The client is google-api-python-client with its bundled factchecktools v1alpha1
discovery document; only its root URL points at us (a loopback live server).
"""

import datetime
import json

import httplib2
import pgtrigger
import pytest
from django.core.cache import cache
from django.utils import timezone
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from claims import services
from claims.models import Publication
from tests.factories import ClaimantFactory
from tests.workflow import publish_factcheck, revise

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://www.factcheck.example.org"
    settings.FACTCHECK_ORG_NAME = "Example Fact Desk"
    return settings


@pytest.fixture
def http():
    """A plain HTTP client for what Google's client cannot send; closed after the test, so the
    live server's request threads end and give back their database connections."""
    client = httplib2.Http(proxy_info=None, timeout=30)
    yield client
    client.close()


@pytest.fixture
def factchecktools(live_server):
    """Google's client, unchanged, with our base URL as its root."""
    # An explicit Http (no proxy) keeps the client on loopback and away from any credential lookup.
    service = build(
        "factchecktools",
        "v1alpha1",
        developerKey="any-key-is-ignored",
        static_discovery=True,
        cache_discovery=False,
        http=httplib2.Http(proxy_info=None, timeout=30),
        client_options={"api_endpoint": live_server.url + "/api/factchecktools/"},
    )
    yield service
    service.close()


@pytest.fixture
def desk(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


@pytest.fixture
def steel(desk, site):
    return publish_factcheck(
        **desk,
        text="China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
        summary="Asian countries subsidise electricity and dump steel",
        claimant=ClaimantFactory(name="Howard Lutnick", title="U.S. Secretary of Commerce"),
        claimed_on=datetime.date(2025, 7, 15),
        rating="Mostly false",
        headline="Electricity is not free in Korea",
    )


def test_search_returns_claims_in_google_shape(factchecktools, steel):
    response = factchecktools.claims().search(query="electricity steel", languageCode="en-US").execute()
    publication = Publication.objects.get(claim=steel)
    assert response == {
        "claims": [
            {
                "text": "Asian countries subsidise electricity and dump steel",
                "claimant": "Howard Lutnick",
                "claimDate": "2025-07-15T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Example Fact Desk", "site": "factcheck.example.org"},
                        "url": f"https://www.factcheck.example.org/fact-checks/{publication.slug}/",
                        "title": "Electricity is not free in Korea",
                        "reviewDate": publication.published_at.astimezone(datetime.UTC).strftime(
                            "%Y-%m-%dT%H:%M:%SZ"
                        ),
                        "textualRating": "Mostly false",
                        "languageCode": "en",
                    }
                ],
            }
        ]
    }


def test_nothing_found_is_an_empty_response(factchecktools, steel):
    assert factchecktools.claims().search(query="volcanoes").execute() == {}
    assert factchecktools.claims().search(query="steel", languageCode="de").execute() == {}


def test_paging_with_page_tokens_and_offset(factchecktools, desk, site):
    claims = [publish_factcheck(**desk, text=f"Steel dumping claim {n}.") for n in range(5)]
    expected = {c.pk for c in claims}

    request = factchecktools.claims().search(query="steel dumping", pageSize=2)
    response = request.execute()
    pages, texts = 0, []
    while request is not None:
        pages += 1
        assert len(response["claims"]) <= 2
        texts += [c["text"] for c in response["claims"]]
        # The client's own paging helper follows nextPageToken.
        request = factchecktools.claims().search_next(request, response)
        if request is not None:
            response = request.execute()
    assert pages == 3
    assert sorted(texts) == sorted(f"Steel dumping claim {n}." for n in range(5))
    assert len(expected) == 5

    first = factchecktools.claims().search(query="steel dumping", pageSize=2).execute()
    second = (
        factchecktools.claims()
        .search(query="steel dumping", pageSize=2, pageToken=first["nextPageToken"])
        .execute()
    )
    by_offset = factchecktools.claims().search(query="steel dumping", pageSize=2, offset=2).execute()
    assert by_offset["claims"] == second["claims"]
    last = factchecktools.claims().search(query="steel dumping", pageSize=10, offset=4).execute()
    assert len(last["claims"]) == 1 and "nextPageToken" not in last

    default = factchecktools.claims().search(query="steel dumping").execute()
    assert len(default["claims"]) == 5 and "nextPageToken" not in default


def test_publisher_site_filter(factchecktools, steel):
    search = factchecktools.claims().search
    for ours in (
        "factcheck.example.org",
        "www.factcheck.example.org",
        "example.org",
        "https://factcheck.example.org/",
    ):
        found = search(reviewPublisherSiteFilter=ours).execute()
        assert [c["claimant"] for c in found["claims"]] == ["Howard Lutnick"], ours
    assert search(reviewPublisherSiteFilter="another-desk.org").execute() == {}
    assert search(query="steel", reviewPublisherSiteFilter="another-desk.org").execute() == {}


def test_max_age_days_counts_the_newer_of_claim_date_and_review_date(factchecktools, desk, site):
    old = publish_factcheck(**desk, text="Old steel claim.", claimed_on=datetime.date(2019, 1, 1))
    recently_said = publish_factcheck(
        **desk,
        text="Recently repeated steel claim.",
        claimed_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    fresh = publish_factcheck(**desk, text="Fresh steel claim.")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    # Publications are immutable in the product; here two are dated back to stand for old fact-checks.
    with pgtrigger.ignore("claims.Publication:publication_immutable"):
        Publication.objects.filter(claim__in=[old, recently_said]).update(published_at=long_ago)

    def texts(**params):
        response = factchecktools.claims().search(query="steel", **params).execute()
        return sorted(c["text"] for c in response.get("claims", []))

    assert texts() == ["Fresh steel claim.", "Old steel claim.", "Recently repeated steel claim."]
    assert texts(maxAgeDays=30) == ["Fresh steel claim.", "Recently repeated steel claim."]
    assert texts(maxAgeDays=1) == ["Fresh steel claim."]
    assert texts(maxAgeDays=2_000_000_000) == texts()
    assert fresh.pk


def test_standard_client_parameters_are_accepted_and_ignored(factchecktools, steel, live_server, http):
    response = (
        factchecktools.claims()
        .search(query="steel", fields="claims(text)", prettyPrint=False, quotaUser="newsroom-7", alt="json")
        .execute()
    )
    assert response["claims"][0]["claimReview"][0]["textualRating"] == "Mostly false"

    url = (
        live_server.url + "/api/factchecktools/v1alpha1/claims:search?query=steel&key=abc&callback=cb"
        "&%24.xgafv=2&access_token=t&oauth_token=t&upload_protocol=raw&uploadType=media"
    )
    # A client configured with Google OAuth credentials sends its token: it reads as anonymous.
    resp, content = http.request(url, headers={"Authorization": "Bearer ya29.a-google-access-token"})
    assert resp.status == 200
    assert resp["content-type"].startswith("application/json")
    assert json.loads(content)["claims"][0]["claimant"] == "Howard Lutnick"


def test_only_publications_are_searched(factchecktools, desk, site):
    claim = publish_factcheck(**desk, text="Steel imports doubled last year.", rating="False")
    revise(claim, checker=desk["checker"], editor=desk["editor"], rating="True", headline="Draft headline")

    found = factchecktools.claims().search(query="steel imports").execute()
    review = found["claims"][0]["claimReview"][0]
    assert review["textualRating"] == "False"
    assert review["title"] == "Not what the data show"

    services.claim_transition(claim=claim, action="submit", actor=desk["checker"])
    services.claim_transition(claim=claim, action="approve", actor=desk["reviewer"])
    services.claim_transition(
        claim=claim, action="publish", actor=desk["editor"], note="New figures.", note_kind="update"
    )
    review = factchecktools.claims().search(query="steel imports").execute()["claims"][0]["claimReview"][0]
    assert review["textualRating"] == "True"
    first = Publication.objects.get(claim=claim, version=1)
    assert review["reviewDate"] == first.published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(excinfo):
    body = json.loads(excinfo.value.content)
    return excinfo.value.resp.status, body["error"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Either query or reviewPublisherSiteFilter must be set"),
        ({"query": "steel", "pageToken": "not-a-token"}, "Invalid pageToken"),
        ({"query": "steel", "pageSize": -1}, "pageSize must not be negative"),
        ({"query": "steel", "offset": -5}, "offset must not be negative"),
        ({"query": "steel", "maxAgeDays": -1}, "maxAgeDays must not be negative"),
        ({"query": "steel", "languageCode": "en_US; drop"}, "Invalid languageCode"),
        ({"query": "x" * 501}, "query is too long"),
        ({"query": "steel", "pageToken": "eyJvIjogMWUzMH0"}, "Invalid pageToken"),  # {"o": 1e30}
        ({"query": "steel", "pageToken": "eyJvIjogMTAwMDAwMDAwMDAwMDB9"}, "Invalid pageToken"),  # 10**14
        ({"query": "steel", "pageToken": "eyJvIjogdHJ1ZX0"}, "Invalid pageToken"),  # {"o": true}
    ],
)
def test_bad_requests_raise_the_clients_http_error(factchecktools, steel, params, message):
    with pytest.raises(HttpError) as excinfo:
        factchecktools.claims().search(**params).execute()
    status, error = _error(excinfo)
    assert status == 400
    assert error["code"] == 400
    assert error["status"] == "INVALID_ARGUMENT"
    assert message in error["message"]
    assert message in excinfo.value.reason
    assert excinfo.value.error_details[0]["reason"] == "badRequest"


@pytest.mark.parametrize(
    ("query_string", "named"),
    [
        ("query=steel&pageSize=ten", "pageSize"),
        ("query=steel&offset=1.5", "offset"),
        ("query=steel&maxAgeDays=" + "9" * 5000, "maxAgeDays"),
        ("query=steel&pageSize=2147483648", "pageSize"),
        ("query=steel%00", "query"),
    ],
)
def test_malformed_parameters_are_invalid_arguments(live_server, steel, http, query_string, named):
    resp, content = http.request(
        live_server.url + "/api/factchecktools/v1alpha1/claims:search?" + query_string
    )
    assert resp.status == 400
    error = json.loads(content)["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert named in error["message"]


def test_odd_site_filters_find_nothing_rather_than_fail(live_server, steel, http):
    for site_filter in ("[::1", "http://", "%%%", "a" * 253):
        resp, content = http.request(
            live_server.url
            + "/api/factchecktools/v1alpha1/claims:search?reviewPublisherSiteFilter="
            + site_filter
        )
        assert resp.status in (200, 400), site_filter
        if resp.status == 200:
            assert json.loads(content) == {}


def test_other_methods_get_a_google_error(live_server, steel, http):
    resp, content = http.request(
        live_server.url + "/api/factchecktools/v1alpha1/claims:search?query=steel", method="POST", body=""
    )
    assert resp.status == 405
    assert json.loads(content)["error"]["code"] == 405


def test_throttled_callers_get_a_google_resource_exhausted_error(factchecktools, steel, site):
    site.API_THROTTLE_ANONYMOUS = "2/min"
    for _ in range(2):
        assert factchecktools.claims().search(query="steel").execute()["claims"]
    with pytest.raises(HttpError) as excinfo:
        factchecktools.claims().search(query="steel").execute()
    status, error = _error(excinfo)
    assert status == 429
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert int(excinfo.value.resp["retry-after"]) > 0


def test_a_token_of_ours_needs_the_factchecks_scope(live_server, steel, checker, http):
    from factcheck.services import api_token_create

    _, reader = api_token_create(user=checker, name="Reader", scopes=["factchecks:read"])
    _, writer = api_token_create(user=checker, name="Writer", scopes=["claims:write"])
    url = live_server.url + "/api/factchecktools/v1alpha1/claims:search?query=steel"
    resp, _ = http.request(url, headers={"Authorization": f"Bearer {reader}"})
    assert resp.status == 200
    resp, content = http.request(url, headers={"Authorization": f"Bearer {writer}"})
    assert resp.status == 403
    assert json.loads(content)["error"]["status"] == "PERMISSION_DENIED"


# --- Matching: a question asked in other words still finds the fact-check ------------------------

REWORDED = "Japan, China and Korea give power away almost free, then dumped steel on America"


def test_a_reworded_truncated_or_recased_query_finds_the_fact_check(factchecktools, steel, desk):
    publish_factcheck(**desk, text="Tariffs raised steel prices.", headline="Prices rose for other reasons")
    search = factchecktools.claims().search
    # Taken word for word (a quoted phrase is web-search syntax, so not matched), nothing states it ...
    assert search(query=f'"{REWORDED}"').execute() == {}
    # ... but matching finds the fact-check that says the same thing, however it is put.
    for query in (
        REWORDED,
        REWORDED.upper(),
        "korea japan and china supply electricity nearly for free and dump steel in the united states",
        "Says China, Japan and Korea provided electricity almost for free",
    ):
        found = search(query=query, languageCode="en").execute()
        assert [(c["claimant"], c["claimReview"][0]["textualRating"]) for c in found["claims"]] == [
            ("Howard Lutnick", "Mostly false")
        ], query
        assert found["claims"][0]["claimReview"][0]["url"].endswith(
            f"/fact-checks/{steel.publications.get().slug}/"
        )


def test_the_closest_statement_comes_first(factchecktools, steel, desk):
    cheap = publish_factcheck(**desk, text="Korea provides cheap electricity to its steel makers.")
    found = factchecktools.claims().search(query="Korea provides electricity almost for free").execute()
    assert [c["text"] for c in found["claims"]] == [
        "Asian countries subsidise electricity and dump steel",
        Publication.objects.get(claim=cheap).claim_reviewed,
    ]


def test_matching_reads_the_published_statement_never_a_revision(factchecktools, steel, desk):
    services.claim_transition(claim=steel, action="revise", actor=desk["editor"])
    services.claim_update(
        claim=steel,
        actor=desk["checker"],
        text="Korea dumps steel, and zebras crossed the border at Panmunjom.",
    )
    search = factchecktools.claims().search
    assert search(query="zebras crossing the border at panmunjom").execute() == {}
    found = search(query=REWORDED).execute()
    assert [c["claimant"] for c in found["claims"]] == ["Howard Lutnick"]
