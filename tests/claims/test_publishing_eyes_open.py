"""Publishing with eyes open: share tags and a byline on public pages, a site-wide corrections page and
feed, the public home for visitors, and SITE_URL that follows the port."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claims.models import ClaimState, Publication
from tests.factories import claim_in_state, make_claim
from tests.workflow import publish_factcheck, republish, revise

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


class HeadTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        if tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href", "")


def head_tags(html: str) -> HeadTags:
    parser = HeadTags()
    parser.feed(html)
    return parser


@pytest.fixture
def people(checker, reviewer, editor):
    checker.first_name, checker.last_name = "Ana", "Kim"
    checker.save()
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


def test_a_fact_check_page_has_canonical_and_share_tags_and_names_its_writer(client, db, people, settings):
    settings.SITE_URL = "https://checks.example.org"
    claim = publish_factcheck(**people, headline="Electricity is not free in Korea", rating="False")
    slug = claim.publications.get().slug

    html = client.get(f"/fact-checks/{slug}/").content.decode()

    tags = head_tags(html)
    url = f"https://checks.example.org/fact-checks/{slug}/"
    assert tags.links["canonical"] == url
    assert tags.meta["og:url"] == url and tags.meta["og:type"] == "article"
    assert tags.meta["og:title"] == tags.meta["twitter:title"] == "Electricity is not free in Korea"
    assert tags.meta["og:description"].startswith("False: ")
    assert tags.meta["twitter:card"] == "summary"
    assert tags.meta["og:site_name"] == settings.FACTCHECK_ORG_NAME
    assert '<span class="byline">Ana Kim</span>' in html


def test_a_desk_that_does_not_name_its_writers_publishes_no_name(client, db, people, settings):
    settings.FACTCHECK_BYLINE_AUTHORS = False
    claim = publish_factcheck(**people)

    html = client.get(f"/fact-checks/{claim.publications.get().slug}/").content.decode()

    assert "Ana Kim" not in html and 'class="byline"' not in html
    assert claim.publications.get().content["verdict"]["authors"] == []


def test_the_name_is_kept_with_the_publication_not_read_from_the_member_later(client, db, people):
    claim = publish_factcheck(**people)
    people["checker"].first_name = "Changed"
    people["checker"].save()

    html = client.get(f"/fact-checks/{claim.publications.get().slug}/").content.decode()

    assert "Ana Kim" in html and "Changed" not in html


def test_the_corrections_page_lists_every_correction_newest_first_and_no_first_version(client, db, people):
    first = publish_factcheck(**people, text="Steel imports doubled.", headline="First one")
    second = publish_factcheck(**people, text="Power is almost free.", headline="Second one")
    publish_factcheck(**people, text="Never corrected.", headline="Left alone")
    republish(first, **people, rating="Mostly false", note="The 2023 figure was wrong.")
    republish(second, **people, rating="True", note="New data came in.", note_kind="update")

    response = client.get("/corrections/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("New data came in.") < html.index("The 2023 figure was wrong.")
    assert "Left alone" not in html
    assert f'href="/fact-checks/{first.publications.get(version=2).slug}/#version-2"' in html
    assert head_tags(html).links["canonical"].endswith("/corrections/")
    # Every public page links to it.
    assert 'href="/corrections/"' in client.get("/fact-checks/").content.decode()


def test_the_corrections_feed_is_atom_with_one_entry_per_correction(client, db, people, settings):
    settings.SITE_URL = "https://checks.example.org"
    claim = publish_factcheck(**people, headline="Checked once")
    republish(claim, **people, rating="Mostly false", note="We misread the table.")

    response = client.get("/corrections/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text == "Correction: The revised headline"
    assert entries[0].find(f"{ATOM}summary").text == "We misread the table."
    assert entries[0].find(f"{ATOM}id").text.endswith("#version-2")


def test_a_visitor_at_the_root_gets_the_published_fact_checks_and_a_member_the_desk(client, db, people):
    publish_factcheck(**people, headline="A public verdict")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "A public verdict" in html and 'href="/accounts/login/"' in html
    client.force_login(people["checker"])
    assert 'id="queue-title">My queue</h2>' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123", "SITE_URL": "https://checks.example.org/"}, "https://checks.example.org"),
    ],
)
def test_site_url_follows_the_port_when_unset(environment, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")} | environment
    result = subprocess.run(
        [sys.executable, "-c", "from factcheck import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_the_desk_previews_the_public_page_before_publishing_and_nothing_is_written(client, db, people):
    claim = claim_in_state(ClaimState.APPROVED, **people, text="Electricity is almost free.")
    client.force_login(people["editor"])
    workspace = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'href="/claims/{claim.pk}/public-preview/"' in workspace

    response = client.get(f"/claims/{claim.pk}/public-preview/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview, not published." in html and '<meta name="robots" content="noindex">' in html
    assert "Electricity is almost free." in html and "Ana Kim" in html
    assert 'rel="canonical"' not in html  # a preview is never the page to share
    assert not Publication.objects.exists()


def test_a_preview_shows_a_correction_as_the_next_version_above_the_published_log(client, db, people):
    claim = publish_factcheck(**people, headline="First verdict")
    revise(
        claim, checker=people["checker"], editor=people["editor"], rating="True", headline="Corrected verdict"
    )
    client.force_login(people["reviewer"])

    html = client.get(f"/claims/{claim.pk}/public-preview/").content.decode()

    assert "Corrected" in html and "version 2" in html and "version 1" in html
    assert Publication.objects.filter(claim=claim).count() == 1


def test_there_is_no_preview_without_a_rated_verdict_and_visitors_get_none(client, db, people):
    claim = make_claim(author=people["checker"])
    assert client.get(f"/claims/{claim.pk}/public-preview/").status_code == 302  # to the login page
    client.force_login(people["checker"])

    response = client.get(f"/claims/{claim.pk}/public-preview/", follow=True)

    assert "the verdict needs a rating first" in response.content.decode()


def test_publishing_says_where_the_public_page_is(client, db, people):
    claim = claim_in_state(ClaimState.APPROVED, **people)
    client.force_login(people["editor"])

    response = client.post(f"/claims/{claim.pk}/actions/publish/", {}, follow=True)

    slug = claim.publications.get().slug
    assert f'<a href="/fact-checks/{slug}/">See the public page</a>' in response.content.decode()
