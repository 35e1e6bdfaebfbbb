"""The public pages through the test client: fact-check list and page, JSON-LD, methodology."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from claims import services
from claims.models import ClaimState, Publication, Rating
from claims.workflow import ACTIONS
from tests.factories import ClaimantFactory, claim_in_state, make_claim
from tests.public_content import (
    HOSTILE_CLAIM,
    HOSTILE_CLAIMANT,
    HOSTILE_EXCERPT,
    WITHHELD_SOURCE,
    WITHHELD_URL,
    publish_hostile_factcheck,
    publish_sourced_factcheck,
)
from tests.workflow import duplicate_claim, publish_revision, revise

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class _Elements(HTMLParser):
    """The elements a browser would build from the page: (tag, attribute names)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [name for name, _ in attrs]))


def elements(body: str) -> list[tuple[str, list[str]]]:
    parser = _Elements()
    parser.feed(body)
    return parser.found


def slug_of(claim) -> str:
    return Publication.objects.filter(claim=claim).values_list("slug", flat=True).first()


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


# --- The list ---------------------------------------------------------------------------


def test_list_shows_published_fact_checks_latest_first_and_nothing_unpublished(client, people):
    older = publish_sourced_factcheck(
        **people, summary="Older claim about wheat exports", headline="Wheat headline"
    )
    newer = publish_sourced_factcheck(
        **people, summary="Newer claim about copper prices", headline="Copper headline"
    )
    claim_in_state(ClaimState.APPROVED, **people, text="An approved but unpublished claim about tin.")

    response = client.get("/fact-checks/")

    assert response.status_code == 200
    body = page_text(response)
    assert body.index("Copper headline") < body.index("Wheat headline")
    assert "unpublished claim about tin" not in body
    assert f'href="/fact-checks/{slug_of(newer)}/"' in body
    assert f'href="/fact-checks/{slug_of(older)}/"' in body
    assert "2 fact-checks" in body


def test_search_reads_what_was_published_not_the_draft(client, people):
    claim = publish_sourced_factcheck(
        **people, summary="Minister on steel imports", headline="Steel headline"
    )
    publish_sourced_factcheck(
        **people, text="Bus fares went up twice.", summary="Mayor on bus fares", headline="Bus headline"
    )
    services.claim_transition(claim=claim, action="revise", actor=people["editor"])
    services.claim_update(claim=claim, actor=people["checker"], text="Zebras crossed the border yesterday.")

    found = page_text(client.get("/fact-checks/", {"q": "steel"}))
    assert "Steel headline" in found and "Bus headline" not in found
    assert "1 fact-check found" in found

    draft_word = page_text(client.get("/fact-checks/", {"q": "zebras"}))
    assert "Steel headline" not in draft_word
    assert "No fact-check matches" in draft_word


def test_search_finds_a_fact_check_asked_for_in_other_words(client, people):
    publish_sourced_factcheck(
        **people,
        text="China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
        headline="Electricity is not free in Korea",
    )
    publish_sourced_factcheck(**people, text="Tariffs raised steel prices.", headline="Tariffs headline")

    found = page_text(
        client.get(
            "/fact-checks/", {"q": "Japan, China and Korea give power away almost free, then dumped steel"}
        )
    )
    assert "Electricity is not free in Korea" in found and "Tariffs headline" not in found
    assert "1 fact-check found" in found


def test_filters_by_rating_and_claimant(client, people):
    lutnick = ClaimantFactory(name="Howard Lutnick")
    publish_sourced_factcheck(**people, claimant=lutnick, rating="False", headline="Lutnick false one")
    publish_sourced_factcheck(
        **people, claimant=lutnick, rating="Half true", headline="Lutnick half true one"
    )
    publish_sourced_factcheck(**people, rating="False", headline="Someone else false one")

    by_rating = page_text(client.get("/fact-checks/", {"rating": "False"}))
    assert "Lutnick false one" in by_rating and "Someone else false one" in by_rating
    assert "Lutnick half true one" not in by_rating

    both = page_text(client.get("/fact-checks/", {"rating": "false", "claimant": "Howard Lutnick"}))
    assert "Lutnick false one" in both
    assert "Someone else false one" not in both and "Lutnick half true one" not in both
    # The filter choices: the live scale and the claimants as published.
    assert '<option value="Howard Lutnick" selected>Howard Lutnick</option>' in both
    assert '<option value="Unverifiable">Unverifiable</option>' in both


def test_list_is_paginated_and_keeps_the_filters_in_page_links(client, people, monkeypatch):
    monkeypatch.setattr("claims.web.public.PAGE_SIZE", 2)
    for n in range(5):
        publish_sourced_factcheck(**people, rating="False", headline=f"Headline number {n}")

    first = page_text(client.get("/fact-checks/", {"rating": "False"}))
    assert "page 1 of 3" in first
    assert 'href="?rating=False&amp;page=2"' in first
    assert "Headline number 4" in first and "Headline number 2" not in first

    last = page_text(client.get("/fact-checks/", {"rating": "False", "page": "3"}))
    assert "Headline number 0" in last and "Headline number 4" not in last
    # A page number out of range or not a number shows a page, never an error.
    assert client.get("/fact-checks/", {"page": "99"}).status_code == 200
    assert client.get("/fact-checks/", {"page": "abc"}).status_code == 200


def test_list_costs_the_same_queries_for_few_and_many(client, people):
    publish_sourced_factcheck(**people)
    with CaptureQueriesContext(connection) as few:
        client.get("/fact-checks/")
    for _ in range(4):
        publish_sourced_factcheck(**people)
    with CaptureQueriesContext(connection) as many:
        client.get("/fact-checks/")
    assert len(many) == len(few)


# --- One fact-check -------------------------------------------------------------------------


def test_the_page_lists_the_duplicates_reviewed_and_published_with_it(client, people):
    from claims.intake import services as intake_services

    checker = people["checker"]
    claim = publish_sourced_factcheck(**people, text="Steel imports doubled last year.")
    repeat = duplicate_claim(checker)
    hostile = make_claim(
        author=checker, text=HOSTILE_CLAIM, claimant=ClaimantFactory(name=HOSTILE_CLAIMANT, title="")
    )
    make_claim(author=checker, text="Bus fares went up twice.")
    url = f"/fact-checks/{slug_of(claim)}/"
    assert "Also checked as" not in page_text(client.get(url))

    for duplicate in (repeat, hostile):
        intake_services.claim_duplicate_link(claim=duplicate, duplicate_of=claim, actor=checker)
    # Linked, not yet reviewed: the page shows the publication as it was reviewed.
    assert "Also checked as" not in page_text(client.get(url))
    services.claim_transition(claim=claim, action="revise", actor=people["editor"])
    publish_revision(claim, **people, note="Lists where the claim was made again.", note_kind="update")
    body = page_text(client.get(url))
    section = body.split('id="also-checked-title"')[1].split("</section>")[0]
    assert (
        "Jane Roe, Senator — “Imports of steel have doubled, she said.” "
        '(<a href="https://example.org/town-hall" rel="nofollow noopener noreferrer">Town Hall Radio</a>, '
        '<time datetime="2025-08-02">2 August 2025</time>)'
    ) in section
    assert f"{escape(HOSTILE_CLAIMANT)} — “{escape(HOSTILE_CLAIM)}”" in section
    assert {tag for tag, _ in elements(section)} <= {"h2", "p", "ul", "li", "a", "time"}
    assert "Bus fares went up twice." not in body
    # The JSON-LD is the latest publication's.
    latest = Publication.objects.filter(claim=claim).latest("version")
    assert json.loads(JSON_LD.search(body).group(1)) == latest.claimreview

    # An unlinked claim leaves the page with the next publication, like any change.
    intake_services.claim_duplicate_unlink(claim=hostile, actor=checker)
    assert escape(HOSTILE_CLAIM) in page_text(client.get(url))
    services.claim_transition(claim=claim, action="revise", actor=people["editor"])
    publish_revision(claim, **people, note="One claim was not the same after all.", note_kind="correction")
    body = page_text(client.get(url))
    assert "Jane Roe, Senator" in body and escape(HOSTILE_CLAIM) not in body


def test_fact_check_page_shows_the_publication(client, people):
    claim = publish_sourced_factcheck(
        **people,
        text="Steel imports doubled last year.",
        claimant=ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce"),
        rating="Mostly false",
        headline="Imports rose, they did not double",
        conclusion="Customs data show a 4 percent rise.",
        analysis="# What the data say\n\nThe **customs data** show a *small* rise.",
        withheld=True,
    )

    response = client.get(f"/fact-checks/{slug_of(claim)}/")

    assert response.status_code == 200
    body = page_text(response)
    assert '<h1 id="factcheck-title">Imports rose, they did not double</h1>' in body
    assert "Rating: </span>Mostly false" in body  # the label, not only a colour
    assert "Rated 2 on a scale from 1 to 5" in body
    assert "Customs data show a 4 percent rise." in body
    assert "Steel imports doubled last year." in body
    assert "Howard Lutnick, Secretary of Commerce" in body
    assert "Evening News" in body and "first appearance" in body
    assert "<h3>What the data say</h3>" in body  # Markdown, headings under the page's own
    assert "<strong>customs data</strong>" in body
    assert "Evidence against the claim" in body and ">Context <" in body
    assert "Customs Office (Government)" in body
    assert "The Ministry of Trade" in body and "Said the figure is wrong." in body
    assert "First published" in body and "No corrections so far." in body


def test_withheld_sources_never_reach_the_page(client, people):
    claim = publish_sourced_factcheck(**people, withheld=True)

    body = page_text(client.get(f"/fact-checks/{slug_of(claim)}/"))

    assert "An internal memo" in body
    assert "Source withheld to protect someone’s safety" in body
    assert WITHHELD_SOURCE not in body
    assert WITHHELD_URL not in body


def test_unknown_fact_check_is_not_found(client, people):
    claim_in_state(ClaimState.APPROVED, **people)
    assert client.get("/fact-checks/no-such-fact-check-1/").status_code == 404


def test_json_ld_is_the_publications_claimreview(client, people):
    claim = publish_sourced_factcheck(**people, rating="False")
    publication = Publication.objects.get(claim=claim)

    body = page_text(client.get(f"/fact-checks/{slug_of(claim)}/"))

    blocks = JSON_LD.findall(body)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data == publication.claimreview
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "False"


def test_hostile_text_is_text_everywhere_including_the_json_ld(client, people):
    claim = publish_hostile_factcheck(**people)
    publication = Publication.objects.get(claim=claim)

    for url in ("/fact-checks/", f"/fact-checks/{slug_of(claim)}/", "/fact-checks/?q=Mallory"):
        body = page_text(client.get(url))
        assert "Mallory" in body, url
        scripts = re.findall(r"<script\b[^>]*>", body)
        # Only the JSON-LD block and the app's own script files: nothing inline that text could become.
        own_files = [tag for tag in scripts if re.fullmatch(r'<script src="/static/[^"]+" defer>', tag)]
        assert len(own_files) + body.count('<script type="application/ld+json">') == len(scripts), scripts
        assert "<img" not in body, url
        parsed = elements(body)
        assert not [tag for tag, _ in parsed if tag in {"img", "iframe", "object", "embed"}], url
        assert not [(tag, names) for tag, names in parsed if any(n.startswith("on") for n in names)], url

    body = page_text(client.get(f"/fact-checks/{slug_of(claim)}/"))
    outside_json = JSON_LD.sub("", body)
    assert "window.__xss" not in " ".join(re.findall(r"<script\b[^>]*>", outside_json))
    assert escape(HOSTILE_CLAIM) in outside_json
    assert escape(HOSTILE_CLAIMANT) in outside_json
    assert escape(HOSTILE_EXCERPT) in outside_json
    # The analysis's own script and image are dropped, a javascript: link loses its href.
    assert "window.__xss=5" not in body and "window.__xss=6" not in body and "javascript:" not in body
    assert '<a href="https://example.org/stats" rel="noopener noreferrer nofollow">a source</a>' in body

    block = JSON_LD.findall(body)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block) == publication.claimreview
    assert json.loads(block)["itemReviewed"]["author"]["name"] == HOSTILE_CLAIMANT


def test_revision_in_progress_never_shows_then_the_correction_does(client, people):
    claim = publish_sourced_factcheck(**people, rating="False", headline="The published headline")
    url = f"/fact-checks/{slug_of(claim)}/"

    revise(claim, checker=people["checker"], editor=people["editor"], rating="True")
    during = page_text(client.get(url))
    assert "The published headline" in during
    assert "Rating: </span>False" in during
    assert "The revised headline" not in during
    assert "A draft conclusion nobody approved." not in during
    assert json.loads(JSON_LD.findall(during)[0])["reviewRating"]["alternateName"] == "False"

    publish_revision(
        claim,
        **people,
        note="We misread the customs table: imports did rise by 4 percent, so the claim is true.",
    )
    after = page_text(client.get(url))
    assert "The revised headline" in after
    assert "Rating: </span>True" in after
    assert "We misread the customs table" in after
    assert "<strong>Correction</strong>" in after and "First published" in after
    assert "version 2 · rated True" in after and "version 1 · rated False" in after
    markup = json.loads(JSON_LD.findall(after)[0])
    assert markup["reviewRating"]["alternateName"] == "True"
    assert markup["headline"] == "The revised headline"


# --- Methodology ------------------------------------------------------------------------------


def test_methodology_shows_the_live_scale_and_workflow(client, settings):
    settings.REQUIRED_APPROVALS = 2
    Rating.objects.filter(scale__is_default=True, label="Half true").update(
        description="Partly accurate: an edited description, read live."
    )

    body = page_text(client.get("/methodology/"))

    for rating in Rating.objects.filter(scale__is_default=True):
        assert rating.label in body
    assert "Partly accurate: an edited description, read live." in body
    assert 'Unverifiable</span> <span class="meta">(outside the scale)' in body
    for action in ACTIONS.values():
        assert f"<h3>{action.label}</h3>" in body
        assert escape(action.who[0].upper() + action.who[1:]) in body
    assert "when 2 reviewers have approved" in body
    assert "<dt>From</dt><dd>In review</dd>" in body  # request changes and approve start from here
    assert "<dt>From</dt><dd>New or Researching</dd>" in body  # assign and dismiss


def test_public_pages_need_no_login(client, people):
    claim = publish_sourced_factcheck(**people)
    for url in ("/fact-checks/", f"/fact-checks/{slug_of(claim)}/", "/methodology/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Log out" not in page_text(response)


def test_draft_of_an_unpublished_claim_has_no_public_page(client, people):
    claim = make_claim(author=people["checker"], summary="Never published")
    assert not Publication.objects.filter(claim=claim).exists()
    assert "Never published" not in page_text(client.get("/fact-checks/"))


def test_json_ld_script_escapes_what_could_end_the_block():
    from claims.publishing.jsonld import json_ld_script

    data = {"claimReviewed": "</script><script>alert(1)</script> <!-- & \u2028 “quoted”", "n": [1, None]}

    tag = str(json_ld_script(data))

    opening, closing = '<script type="application/ld+json">', "</script>"
    assert tag.startswith(opening) and tag.endswith(closing)
    body = tag[len(opening) : -len(closing)]
    assert not set("<>&") & set(body)
    assert json.loads(body) == data


def test_fact_check_page_costs_the_same_queries_with_more_versions(client, people):
    claim = publish_sourced_factcheck(**people, rating="False")
    url = f"/fact-checks/{slug_of(claim)}/"
    with CaptureQueriesContext(connection) as one_version:
        assert client.get(url).status_code == 200
    for n, rating in enumerate(("True", "Half true"), start=2):
        revise(claim, checker=people["checker"], editor=people["editor"], rating=rating)
        publish_revision(claim, **people, note=f"Update number {n}.", note_kind="update")
    with CaptureQueriesContext(connection) as three_versions:
        body = page_text(client.get(url))
    assert len(three_versions) == len(one_version)
    assert "Update number 2." in body and "Update number 3." in body
    assert body.index("Update number 3.") < body.index("Update number 2.") < body.index("First published")
