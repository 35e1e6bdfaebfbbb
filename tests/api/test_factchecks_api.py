"""Published fact-checks over HTTP: JSON, ClaimReview JSON-LD, the DataFeed; publications only."""

import base64
import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims import matching, services
from claims.models import Publication, Rating
from tests.factories import ClaimantFactory, make_claim
from tests.workflow import publish_factcheck, republish, revise

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"
FEED = "/api/v1/fact-checks/claimreview-feed"


def detail(claim):
    return f"/api/v1/fact-checks/{claim.pk}/"


def claimreview(claim):
    return f"/api/v1/fact-checks/{claim.pk}/claimreview"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # Every test client is 127.0.0.1: without this, the anonymous budget would carry over between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def desk(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


@pytest.fixture
def steel(desk, settings):
    settings.FACTCHECK_ORG_NAME = "Example Fact Desk"
    settings.SITE_URL = "https://factcheck.example.org"
    claimant = ClaimantFactory(name="Howard Lutnick", title="U.S. Secretary of Commerce")
    return publish_factcheck(
        **desk,
        text="China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
        summary="Asian countries subsidise electricity and dump steel",
        claimant=claimant,
        claimed_on=datetime.date(2025, 7, 15),
        rating="Mostly false",
        headline="Electricity is not free in Korea",
        appearances=[
            {"url": "https://www.cnbc.com/video/x", "outlet": "CNBC", "medium": "tv", "is_first": True},
            {"outlet": "Radio Example", "medium": "radio", "appeared_on": datetime.date(2025, 7, 16)},
        ],
        evidence=[
            {"title": "KEPCO tariffs", "url": "https://example.org/kepco", "stance": "refutes"},
        ],
        rebuttals=[
            {
                "party": "Korean Ministry of Trade",
                "statement": "The claim is not factual.",
                "url": "https://example.org/motie",
            }
        ],
    )


# --- ClaimReview -------------------------------------------------------------------------


def test_claimreview_has_every_field_google_asks_for(anon, steel, settings):
    response = anon.get(claimreview(steel))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json"
    markup = json.loads(response.content)
    publication = Publication.objects.get(claim=steel)

    assert markup["@context"] == "https://schema.org"
    assert markup["@type"] == "ClaimReview"
    assert markup["url"] == f"https://factcheck.example.org/fact-checks/{publication.slug}/"
    assert markup["claimReviewed"] == "Asian countries subsidise electricity and dump steel"
    assert markup["datePublished"] == timezone.localdate(publication.published_at).isoformat()
    assert markup["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://factcheck.example.org",
    }
    item = markup["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Howard Lutnick",
        "jobTitle": "U.S. Secretary of Commerce",
    }
    assert item["datePublished"] == "2025-07-15"
    assert item["appearance"] == [
        {"@type": "CreativeWork", "url": "https://www.cnbc.com/video/x"},
        {"@type": "CreativeWork", "name": "Radio Example", "datePublished": "2025-07-16"},
    ]
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": "https://www.cnbc.com/video/x"}

    scale = list(Rating.objects.filter(scale__is_default=True, position__isnull=False))
    mostly_false = next(r for r in scale if r.label == "Mostly false")
    assert markup["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": mostly_false.position,
        "bestRating": max(r.position for r in scale),
        "worstRating": min(r.position for r in scale),
    }
    assert markup["reviewRating"]["worstRating"] < markup["reviewRating"]["ratingValue"]
    assert markup["reviewRating"]["ratingValue"] < markup["reviewRating"]["bestRating"]


def test_unverifiable_rating_has_a_name_and_no_number(anon, desk):
    claim = publish_factcheck(**desk, rating="Unverifiable")
    rating = anon.get(claimreview(claim)).json()["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_claim_reviewed_fits_75_characters_and_carries_no_verdict(anon, desk):
    text = (
        "Every single tonne of steel that crossed the Pacific last year was sold below cost, "
        "according to the minister, who repeated it twice on national television."
    )
    claim = publish_factcheck(**desk, text=text, rating="False", headline="Wrong: exports were at cost")
    markup = json.loads(anon.get(claimreview(claim)).content)
    reviewed = markup["claimReviewed"]
    assert len(reviewed) <= 75
    assert reviewed.endswith("…")
    assert text.startswith(reviewed[:-1])
    assert "False" not in reviewed and "Wrong" not in reviewed
    listed = anon.get(detail(claim)).json()
    assert listed["claim_reviewed"] == reviewed
    assert listed["claim"]["text"] == text


def test_first_appearance_falls_back_to_the_earliest_and_dates_the_claim(anon, desk):
    claim = publish_factcheck(
        **desk,
        appearances=[
            {"url": "https://example.org/later", "outlet": "Later", "appeared_on": datetime.date(2025, 3, 2)},
            {
                "url": "https://example.org/earlier",
                "outlet": "Earlier",
                "appeared_on": datetime.date(2025, 3, 1),
            },
        ],
    )
    item = json.loads(anon.get(claimreview(claim)).content)["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://example.org/earlier"
    assert item["datePublished"] == "2025-03-01"


def test_hostile_text_stays_data(anon, desk):
    hostile = '</script><script>alert("pwned")</script> & <img src=x onerror=alert(1)> "quoted"'
    claim = publish_factcheck(**desk, text=hostile, summary='<b>bold</b> & "claims"', headline="<i>x</i>")
    response = anon.get(claimreview(claim))
    assert b"<" not in response.content and b">" not in response.content
    markup = json.loads(response.content)
    assert markup["claimReviewed"] == '<b>bold</b> & "claims"'
    assert markup["headline"] == "<i>x</i>"
    body = anon.get(detail(claim))
    assert body["Content-Type"] == "application/json"
    assert body.json()["claim"]["text"] == hostile
    feed = anon.get(FEED)
    content = b"".join(feed.streaming_content)
    assert b"</script" not in content
    assert json.loads(content)["dataFeedElement"][0]["item"][0]["claimReviewed"] == '<b>bold</b> & "claims"'


def test_claimreview_has_an_etag_and_answers_304(anon, steel):
    first = anon.get(claimreview(steel))
    assert first["ETag"] and first["Last-Modified"]
    again = anon.get(claimreview(steel), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    stale = anon.get(claimreview(steel), HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200


# --- Publications only -------------------------------------------------------------------------


def test_the_draft_of_a_revised_fact_check_never_leaks(anon, desk):
    claim = publish_factcheck(**desk, text="Steel imports doubled last year.", rating="False")
    published = anon.get(detail(claim)).json()
    revise(claim, checker=desk["checker"], editor=desk["editor"], rating="True", headline="Draft headline")
    services.claim_update(claim=claim, actor=desk["checker"], text="Steel imports tripled zanzibarite.")
    from tests.factories import add_evidence

    add_evidence(claim, actor=desk["checker"], title="Draft-only dataset", url="https://example.org/draft")

    now = anon.get(detail(claim)).json()
    assert now == published
    assert now["rating"] == "False"
    assert now["verdict"]["headline"] == "Not what the data show"
    assert [e["title"] for e in now["evidence"]] == ["Customs statistics"]
    assert anon.get(LIST).json()["results"][0] == {k: v for k, v in published.items() if k != "versions"}
    assert anon.get(LIST, {"q": "zanzibarite"}).json()["results"] == []
    assert anon.get(LIST, {"rating": "True"}).json()["results"] == []
    markup = json.loads(anon.get(claimreview(claim)).content)
    assert markup["reviewRating"]["alternateName"] == "False"
    assert "headline" not in markup or markup["headline"] != "Draft headline"
    feed = json.loads(b"".join(anon.get(FEED).streaming_content))
    assert feed["dataFeedElement"][0]["item"][0]["reviewRating"]["alternateName"] == "False"


def test_versions_and_correction_notes_after_a_second_publication(anon, desk):
    claim = publish_factcheck(**desk, rating="False")
    republish(
        claim, **desk, rating="Mostly false", note="We misread the customs table.", note_kind="correction"
    )
    v1, v2 = Publication.objects.filter(claim=claim).order_by("version")

    body = anon.get(detail(claim)).json()
    assert body["id"] == claim.pk and body["claim_id"] == claim.pk
    assert body["version"] == 2
    assert body["rating"] == "Mostly false"
    assert body["published_at"] == v1.published_at.isoformat().replace("+00:00", "Z")
    assert body["updated_at"] == v2.published_at.isoformat().replace("+00:00", "Z")
    assert [(v["version"], v["rating"], v["note_kind"], v["note"]) for v in body["versions"]] == [
        (1, "False", None, None),
        (2, "Mostly false", "correction", "We misread the customs table."),
    ]

    listing = anon.get(LIST).json()["results"]
    assert [item["id"] for item in listing] == [claim.pk]
    assert listing[0]["version"] == 2 and "versions" not in listing[0]

    markup = json.loads(anon.get(claimreview(claim)).content)
    assert markup["reviewRating"]["alternateName"] == "Mostly false"
    assert markup["datePublished"] == timezone.localdate(v1.published_at).isoformat()
    assert markup["dateModified"] == timezone.localdate(v2.published_at).isoformat()


def test_withheld_evidence_keeps_its_source_off_the_api(anon, desk):
    claim = publish_factcheck(
        **desk,
        evidence=[
            {"title": "Public statistics", "url": "https://example.org/stats"},
            {
                "title": "A document from a protected source",
                "url": "https://secret.example.net/leak",
                "offline_reference": "Drawer 7",
                "is_withheld": True,
                "stance": "refutes",
            },
        ],
    )
    response = anon.get(detail(claim))
    withheld = next(e for e in response.json()["evidence"] if e["is_withheld"])
    assert withheld == withheld | {"url": "", "offline_reference": "", "source": None}
    assert b"secret.example.net" not in response.content and b"Drawer 7" not in response.content
    assert b"secret.example.net" not in b"".join(anon.get(FEED).streaming_content)


def test_unpublished_claims_are_not_found(anon, desk):
    claim = make_claim(author=desk["checker"])
    for url in (detail(claim), claimreview(claim), "/api/v1/fact-checks/999999/"):
        response = anon.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
    assert anon.get(LIST).json() == {"next": None, "results": []}


# --- The item, the list and its filters -----------------------------------------------------------


def test_a_fact_check_item_has_the_published_content(anon, steel):
    body = anon.get(LIST).json()["results"][0]
    publication = Publication.objects.get(claim=steel)
    assert set(body) == {
        "id",
        "claim_id",
        "slug",
        "url",
        "claimreview_url",
        "claim_reviewed",
        "rating",
        "version",
        "published_at",
        "updated_at",
        "claim",
        "claimant",
        "appearances",
        "verdict",
        "evidence",
        "rebuttals",
    }
    assert body["url"] == f"https://factcheck.example.org/fact-checks/{publication.slug}/"
    assert body["claimreview_url"] == f"http://testserver/api/v1/fact-checks/{steel.pk}/claimreview"
    assert body["published_at"] == body["updated_at"]
    assert body["claimant"] == {
        "id": steel.claimant_id,
        "name": "Howard Lutnick",
        "title": "U.S. Secretary of Commerce",
        "kind": "person",
    }
    assert body["claim"]["claimed_on"] == "2025-07-15"
    assert body["verdict"]["rating"] == "Mostly false"
    assert body["verdict"]["headline"] == "Electricity is not free in Korea"
    assert [r["party"] for r in body["rebuttals"]] == ["Korean Ministry of Trade"]
    assert [a["outlet"] for a in body["appearances"]] == ["CNBC", "Radio Example"]
    single = anon.get(detail(steel))
    assert single["ETag"]
    assert single.json() == body | {"versions": single.json()["versions"]}
    assert anon.get(detail(steel), HTTP_IF_NONE_MATCH=single["ETag"]).status_code == 304


def test_filters(anon, desk):
    lutnick = ClaimantFactory(name="Howard Lutnick")
    other = ClaimantFactory(name="Someone Else")
    before_first = timezone.now()
    steel = publish_factcheck(
        **desk, text="Korea gives away electricity for free.", claimant=lutnick, rating="False"
    )
    between = timezone.now()
    german = publish_factcheck(
        **desk,
        text="Stahlimporte haben sich verdoppelt.",
        claimant=other,
        rating="Mostly true",
        language="de",
    )
    british = publish_factcheck(
        **desk, text="Tariffs raised steel prices.", claimant=other, rating="False", language="en-GB"
    )

    def ids(**params):
        response = anon.get(LIST, params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert ids() == [british.pk, german.pk, steel.pk]
    assert ids(claimant=lutnick.pk) == [steel.pk]
    assert ids(claimant=other.pk) == [british.pk, german.pk]
    assert ids(rating="False") == [british.pk, steel.pk]
    assert ids(rating="mostly-true") == [german.pk]
    assert ids(language="de") == [german.pk]
    assert ids(language="en") == [british.pk, steel.pk]
    assert ids(language="en-US") == [british.pk, steel.pk]
    assert ids(published_after=between.isoformat()) == [british.pk, german.pk]
    assert ids(published_before=between.isoformat()) == [steel.pk]
    assert ids(published_after=before_first.isoformat(), published_before=between.isoformat()) == [steel.pk]
    assert ids(updated_after=between.isoformat(), rating="False") == [british.pk]
    assert ids(q="electricity") == [steel.pk]
    assert ids(q="lutnick") == [steel.pk]
    assert ids(q="steel prices", language="en") == [british.pk]
    assert ids(q="nothing-like-this") == []


def test_search_also_matches_the_statement_put_in_other_words(anon, desk, steel):
    publish_factcheck(**desk, text="Tariffs raised steel prices.")

    def ids(q):
        response = anon.get(LIST, {"q": q})
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    reworded = "Japan, China and Korea give power away almost free, then dumped steel on America"
    assert ids(reworded) == [steel.pk]
    assert ids(reworded.lower()) == [steel.pk]
    assert ids("CHINA, JAPAN AND KOREA PROVIDED ELECTRICITY ALMOST FREE") == [steel.pk]
    # Web-search syntax is taken word for word.
    assert ids(f'"{reworded}"') == []
    assert ids("steel -tariffs") == [steel.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rating": "Pants on fire"}, "rating"),
        ({"published_after": "2025-13-45"}, "published_after"),
        ({"updated_before": "yesterday"}, "updated_before"),
        ({"claimant": "abc"}, "claimant"),
        ({"claimant": "0"}, "claimant"),
        ({"language": "en_US;drop"}, "language"),
        ({"q": "x" * 501}, "q"),
        ({"q": "steel\x00"}, "q"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_bad_filters_are_refused_with_the_field_named(anon, params, field):
    response = anon.get(LIST, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'},
        {"q": "steel -"},
        {"q": "or or and not"},
        {"q": "!!! :* & | <-> ()"},
        {"q": "'; DROP TABLE claims_publication; --"},
        {"q": "Стальной импорт 钢铁 🚢"},
        {"language": "zh-Hant-TW"},
        {"claimant": "2147483647"},
        {"published_after": "9999-12-31T23:59:59-14:00"},
        {"published_before": "0001-01-01T00:00:00+14:00"},
        {"published_after": "2025-07-01"},
        {"rating": "  false  "},
    ],
)
def test_odd_but_harmless_input_never_fails_the_server(anon, desk, params):
    publish_factcheck(**desk)
    response = anon.get(LIST, params)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["errors"]


def test_cursor_pages(anon, desk):
    claims = [publish_factcheck(**desk, text=f"Steel claim number {n}.") for n in range(5)]
    seen, url, pages = [], LIST + "?page_size=2", 0
    while url:
        body = anon.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1
    assert seen == [c.pk for c in reversed(claims)]
    assert pages == 3
    searched = anon.get(LIST, {"q": "steel claim", "page_size": 4}).json()
    assert len(searched["results"]) == 4 and searched["next"]
    rest = anon.get(searched["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    garbage = anon.get(LIST, {"cursor": "garbage"})
    assert garbage.status_code == 400
    assert "cursor" in garbage.json()["errors"]
    # A cursor that decodes but has no position is not a `next` link: 400, never page 1 again.
    no_position = anon.get(LIST, {"cursor": base64.b64encode(b"o=2").decode(), "page_size": 2})
    assert no_position.status_code == 400 and no_position["Content-Type"] == "application/problem+json"
    assert "cursor" in no_position.json()["errors"]


# --- The DataFeed -------------------------------------------------------------------------------


def test_claimreview_feed_is_a_datafeed_of_the_latest_publications(anon, desk, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    first = publish_factcheck(**desk, text="Steel imports doubled last year.")
    second = publish_factcheck(**desk, text="Electricity is free in Korea.", rating="True")
    republish(second, **desk, rating="Half true", note="New figures came out.", note_kind="update")
    make_claim(author=desk["checker"], text="Not published yet.")

    response = anon.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Last-Modified"]
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == "http://testserver/api/v1/fact-checks/claimreview-feed"
    latest = Publication.objects.get(claim=second, version=2)
    assert feed["dateModified"] == latest.published_at.isoformat()
    elements = feed["dataFeedElement"]
    assert [e["@type"] for e in elements] == ["DataFeedItem", "DataFeedItem"]
    assert [e["url"] for e in elements] == [
        f"https://factcheck.example.org/fact-checks/{p.slug}/"
        for p in (latest, Publication.objects.get(claim=first))
    ]
    reviews = [e["item"][0] for e in elements]
    assert [r["@type"] for r in reviews] == ["ClaimReview", "ClaimReview"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Half true", "False"]
    assert reviews[0] == json.loads(anon.get(claimreview(second)).content)
    assert elements[0]["dateModified"] == latest.published_at.isoformat()
    assert (
        elements[0]["dateCreated"]
        == Publication.objects.get(claim=second, version=1).published_at.isoformat()
    )

    unchanged = anon.get(FEED, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert unchanged.status_code == 304


def test_empty_feed(anon, db):
    feed = json.loads(b"".join(anon.get(FEED).streaming_content))
    assert feed["@type"] == "DataFeed" and feed["dataFeedElement"] == []


# --- Who may read --------------------------------------------------------------------------------


def _public_urls(claim):
    return [LIST, LIST + "?q=steel", detail(claim), claimreview(claim), FEED]


def test_anonymous_callers_read_everything_published(anon, desk):
    claim = publish_factcheck(**desk)
    for url in _public_urls(claim):
        response = anon.get(url)
        assert response.status_code == 200, (url, response.status_code)
    search = anon.get("/api/factchecktools/v1alpha1/claims:search", {"query": "steel"})
    assert search.status_code == 200
    assert search.json()["claims"][0]["claimReview"][0]["textualRating"] == "False"


def test_tokens_need_the_factchecks_read_scope(desk, token_for, checker):
    claim = publish_factcheck(**desk)
    reader = token_for(checker, scopes=["factchecks:read"])
    other = token_for(checker, scopes=["claims:read"])
    for url in _public_urls(claim):
        assert reader.get(url).status_code == 200, url
        refused = other.get(url)
        assert refused.status_code == 403, url
        assert "factchecks:read" in refused.json()["detail"]


def test_members_logged_in_read_too_and_unknown_tokens_are_refused(desk, checker):
    claim = publish_factcheck(**desk)
    member = APIClient()
    member.force_login(checker)
    assert member.get(detail(claim)).status_code == 200
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION="Bearer not-a-token-of-ours")
    assert stranger.get(detail(claim)).status_code == 401


def test_anonymous_callers_are_throttled_per_address(anon, desk, settings):
    claim = publish_factcheck(**desk)
    settings.API_THROTTLE_ANONYMOUS = "3/min"
    for _ in range(3):
        assert anon.get(detail(claim)).status_code == 200
    refused = anon.get(claimreview(claim))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Type"] == "application/problem+json"
    elsewhere = APIClient(REMOTE_ADDR="127.0.0.2")
    assert elsewhere.get(detail(claim)).status_code == 200


# --- Query counts ------------------------------------------------------------------------------


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_fact_checks(anon, desk):
    for n in range(5):
        publish_factcheck(**desk, text=f"Steel claim {n}.", evidence=[{}, {"title": "Second source"}])
    # Matching (searches) loads its word lists and the table's statistics once per process: count
    # the steady state, with every claim embedded.
    from claims.matching import index

    index.embeddings_backfill()
    matching.claims_similar_to_text(text="steel")
    few = {
        "list": _queries(anon, LIST, {"page_size": 100}),
        "search": _queries(anon, LIST, {"q": "steel", "page_size": 100}),
        "feed": _queries(anon, FEED),
        "claims:search": _queries(
            anon, "/api/factchecktools/v1alpha1/claims:search", {"query": "steel", "pageSize": 100}
        ),
    }
    for n in range(5, 50):
        publish_factcheck(**desk, text=f"Steel claim {n}.", evidence=[{}, {"title": "Second source"}])
    index.embeddings_backfill()
    matching.claims_similar_to_text(text="steel")
    many = {
        "list": _queries(anon, LIST, {"page_size": 100}),
        "search": _queries(anon, LIST, {"q": "steel", "page_size": 100}),
        "feed": _queries(anon, FEED),
        "claims:search": _queries(
            anon, "/api/factchecktools/v1alpha1/claims:search", {"query": "steel", "pageSize": 100}
        ),
    }
    assert many == few
    # A search: its own query, matching's lexical stage (the text's lexemes, the candidates), its
    # semantic stage (the nearest vectors: one query, or one count for the exact search) and, once
    # claims are embedded, the rows of claims only the semantic stage found (was 3 before that stage).
    assert max(many.values()) <= 5, many
    assert len(anon.get(LIST, {"page_size": 100}).json()["results"]) == 50


def test_detail_query_count_does_not_grow_with_versions(anon, desk):
    claim = publish_factcheck(**desk)
    one = _queries(anon, detail(claim))
    republish(claim, **desk, rating="Mostly false", note="First correction.")
    republish(claim, **desk, rating="Half true", note="Second correction.")
    assert _queries(anon, detail(claim)) == one <= 2
    assert len(anon.get(detail(claim)).json()["versions"]) == 3
