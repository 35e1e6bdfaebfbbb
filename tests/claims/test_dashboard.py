"""The dashboard through the test client and its selectors: numbers computed in SQL, charts as SVG."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from claims import selectors, services
from claims.models import Claim, ClaimState
from factcheck.roles import Role
from tests.factories import (
    ClaimantFactory,
    UserFactory,
    add_evidence,
    claim_in_state,
    make_claim,
    write_verdict,
)

pytestmark = pytest.mark.django_db


class _Tables(HTMLParser):
    """Rows of the data tables under the charts: {caption text: [[cell, ...], ...]}."""

    def __init__(self):
        super().__init__()
        self.tables, self._caption, self._row, self._cell, self._in_caption = {}, None, None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in_caption, self._caption = True, ""
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
            self.tables[self._caption.strip()] = []
        elif tag in {"td", "th"} and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._caption is not None and self._row:
                self.tables[self._caption.strip()].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def data_tables(body: str) -> dict:
    parser = _Tables()
    parser.feed(body)
    return {caption: rows[1:] for caption, rows in parser.tables.items()}  # without the header row


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


def test_members_only(client, checker):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(checker)
    assert client.get("/dashboard/").status_code == 200


def test_claims_by_state_and_verdicts_by_rating(client, people):
    claim_in_state(ClaimState.NEW, **people)
    claim_in_state(ClaimState.NEW, **people)
    claim_in_state(ClaimState.RESEARCHING, **people)
    claim_in_state(ClaimState.PUBLISHED, **people)  # rated False by the factory
    half = claim_in_state(ClaimState.RESEARCHING, **people)
    write_verdict(half, actor=people["checker"], rating="Half true")
    client.force_login(people["checker"])

    body = client.get("/dashboard/").content.decode()

    tables = data_tables(body)
    states = {row[0]: row[1] for row in tables["Claims by state"]}
    assert states == {
        "New": "2",
        "Researching": "2",
        "In review": "0",
        "Approved": "0",
        "Published": "1",
        "Dismissed": "0",
    }
    ratings = {row[0]: row[1:] for row in tables["Verdicts by rating"]}
    assert ratings["False"] == ["1", "1"]  # one verdict, published now
    assert ratings["Half true"] == ["1", "0"]
    assert ratings["True"] == ["0", "0"]
    assert list(ratings)[0] == "True" and "Unverifiable" in ratings  # the scale's order, every label


def test_every_chart_is_an_accessible_svg_with_a_table(client, people):
    claim_in_state(ClaimState.IN_REVIEW, **people, due_on=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(people["editor"])

    body = client.get("/dashboard/").content.decode()

    # The charts: every SVG but decorative icons (the notification bell is aria-hidden).
    svgs = [
        svg for svg in re.findall(r"<svg\b[^>]*>.*?</svg>", body, re.DOTALL) if "aria-hidden" not in svg[:200]
    ]
    assert len(svgs) == 6
    for svg in svgs:
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg).group(1)
        assert 'role="img"' in svg
        assert f'<title id="{chart_id}-title">' in svg and f'<desc id="{chart_id}-desc">' in svg
        assert svg.count('class="chart__label"') >= 1
    # Bars where there is something to count (the weeks chart has no publication yet: no bar, a note).
    assert sum("<rect" in svg for svg in svgs) == 5
    assert "nothing published" in svgs[2]
    assert body.count("Show the data as a table") == 6
    # The description reads out the data the bars show.
    assert "Claims by state. New: 0; Researching: 0; In review: 1;" in body


def test_median_days_from_logged_to_published_per_week(client, people):
    today = timezone.localdate()
    for days in (2, 6, 10):
        claim = claim_in_state(ClaimState.APPROVED, **people)
        Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
        services.claim_transition(claim=claim, action="publish", actor=people["editor"])

    weeks = selectors.dashboard_time_to_publish(weeks=4, today=today)

    assert [w["week_start"] for w in weeks] == [
        today - datetime.timedelta(days=today.weekday(), weeks=n) for n in (3, 2, 1, 0)
    ]
    assert weeks[-1]["published"] == 3
    assert weeks[-1]["median_days"] == pytest.approx(6, abs=0.01)
    assert all(w["median_days"] is None and w["published"] == 0 for w in weeks[:-1])

    client.force_login(people["checker"])
    body = client.get("/dashboard/").content.decode()
    rows = data_tables(body)["Median days from logged to first published, per week (last 12 weeks)"]
    assert rows[-1][1:] == ["6.0 days", "3"]
    assert rows[0][1:] == ["nothing published", "0"]


def test_a_revision_does_not_count_as_a_first_publication(people):
    claim = claim_in_state(ClaimState.PUBLISHED, **people)
    services.claim_transition(claim=claim, action="revise", actor=people["editor"])
    write_verdict(claim, actor=people["checker"], rating="Half true")
    services.claim_transition(claim=claim, action="submit", actor=people["checker"])
    services.claim_transition(claim=claim, action="approve", actor=people["reviewer"])
    services.claim_transition(
        claim=claim, action="publish", actor=people["editor"], note="Rating changed.", note_kind="correction"
    )
    assert selectors.dashboard_time_to_publish(weeks=1)[0]["published"] == 1


def test_open_work_per_reviewer_follows_four_eyes(client, people, second_reviewer, settings):
    settings.REQUIRED_APPROVALS = 2  # an approval leaves the claim in review for a second reviewer
    bob, dave = people["reviewer"], second_reviewer
    first = claim_in_state(ClaimState.IN_REVIEW, **people)
    claim_in_state(ClaimState.IN_REVIEW, **people)
    services.claim_transition(claim=first, action="approve", actor=bob)
    # A member who wrote a verdict and later became a reviewer may not review it.
    carol = UserFactory(username="carol-writer", role=Role.FACT_CHECKER)
    own = make_claim(author=carol)
    services.claim_transition(claim=own, action="assign", actor=people["editor"], assignee=carol)
    add_evidence(own, actor=carol)
    write_verdict(own, actor=carol)
    services.claim_transition(claim=own, action="submit", actor=carol)
    carol.role = Role.REVIEWER
    carol.save()

    rows = {row["reviewer"].username: row for row in selectors.dashboard_reviewer_workload()}

    assert rows[bob.username]["can_review"] == 2  # the second claim and carol's; not the one he approved
    assert rows[bob.username]["reviews_total"] == 1 and rows[bob.username]["reviews_recent"] == 1
    assert rows[dave.username]["can_review"] == 3
    assert rows["carol-writer"]["can_review"] == 2  # never her own verdict
    assert "alice-test" not in rows  # reviewers only

    client.force_login(bob)
    table = data_tables(client.get("/dashboard/").content.decode())[
        "Claims in review each reviewer can review now"
    ]
    assert ["bob-test", "2", "1", "1"] in table
    assert ["dave-test", "3", "0", "0"] in table


def test_overdue_claims(client, people, other_checker):
    today = timezone.localdate()
    late = today - datetime.timedelta(days=4)
    hostile = ClaimantFactory(name="<img src=x onerror=alert(1)> Mallory")
    a = make_claim(author=people["checker"], due_on=late, summary="Late and new", claimant=hostile)
    b = claim_in_state(ClaimState.RESEARCHING, **people, due_on=today - datetime.timedelta(days=1))
    claim_in_state(ClaimState.PUBLISHED, **people, due_on=late)  # done: not overdue
    claim_in_state(ClaimState.DISMISSED, **people, due_on=late)  # dismissed: not overdue
    make_claim(author=people["checker"], due_on=today)  # due today: not yet overdue
    make_claim(author=people["checker"])  # no due date

    overdue = selectors.dashboard_overdue_claims(today=today)
    assert [c.pk for c in overdue] == [a.pk, b.pk]
    by_assignee = selectors.dashboard_overdue_by_assignee(today=today)
    assert sorted(by_assignee, key=lambda r: r["assignee"] or "") == [
        {"assignee": None, "overdue": 1},
        {"assignee": "alice-test", "overdue": 1},
    ]

    client.force_login(other_checker)
    body = client.get("/dashboard/").content.decode()
    rows = data_tables(body)["Overdue claims, most overdue first"]
    assert len(rows) == 2
    assert rows[0][0].startswith("Late and new") and rows[1][0].startswith("Steel imports doubled")
    assert rows[0][2] == "Unassigned" and "4 days overdue" in rows[0][3]
    assert rows[1][2] == "alice-test" and "1 day overdue" in rows[1][3]
    assert f'href="/claims/{a.pk}/"' in body
    assert escape("<img src=x onerror=alert(1)> Mallory") in body
    assert "<img" not in body


def test_dashboard_costs_the_same_queries_for_few_and_many_claims(client, people, second_reviewer):
    late = timezone.localdate() - datetime.timedelta(days=2)
    claim_in_state(ClaimState.IN_REVIEW, **people, due_on=late)
    client.force_login(people["editor"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dashboard/").status_code == 200
    for state in (ClaimState.NEW, ClaimState.IN_REVIEW, ClaimState.PUBLISHED, ClaimState.APPROVED):
        claim_in_state(state, **people, due_on=late)
    UserFactory(username="another-reviewer", role=Role.REVIEWER)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/dashboard/").status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 14  # 13, and the bell's unread count in the header (one COUNT)


# --- Reader requests ---------------------------------------------------------------------------


def _requests(n, *, days_ago=0, claim=None, editor=None, is_held=False):
    """`n` requests that came `days_ago` days ago, attached to `claim` by `editor` (the service)."""
    from claims.models import ReaderRequest
    from claims.requests.services import request_attach

    came = timezone.now() - datetime.timedelta(days=days_ago)
    made = [
        ReaderRequest.objects.create(text=f"Is it true {i}?", source="web", created_at=came, is_held=is_held)
        for i in range(n)
    ]
    if claim is not None:
        request_attach(request_ids=[r.pk for r in made], claim=claim, actor=editor)
    return made


def test_reader_requests_per_week_share_answered_median_and_most_asked(client, people):
    today = timezone.localdate()
    editor = people["editor"]
    # Asked about 4 days before it was published: three requests, answered.
    answered = claim_in_state(ClaimState.APPROVED, **people, text="The bridge cost ten billion.")
    _requests(3, days_ago=4, claim=answered, editor=editor)
    services.claim_transition(claim=answered, action="publish", actor=editor)
    # Asked 2 days ago, still being checked: not answered.
    waiting = claim_in_state(ClaimState.RESEARCHING, **people, text="Tap water is unsafe here.")
    _requests(2, days_ago=2, claim=waiting, editor=editor)
    # A request for a claim published before it came: answered at once (zero days).
    _requests(1, days_ago=0, claim=answered, editor=editor)
    # Unattached (triage), three weeks old; and a held flood that counts nowhere.
    _requests(1, days_ago=21)
    _requests(5, is_held=True)

    answers = selectors_requests().dashboard_request_answers()
    assert answers["requests"] == 7 and answers["answered"] == 4
    assert answers["share_answered"] == pytest.approx(4 / 7)
    assert answers["median_days"] == pytest.approx(4, abs=0.01)  # 4, 4, 4 and 0

    client.force_login(people["checker"])
    body = client.get("/dashboard/").content.decode()
    assert 'data-figure="requests">7<' in body
    assert 'data-figure="share-answered">57% (4 of 7)<' in body
    assert 'data-figure="median-answer">4.0 days<' in body

    weeks = data_tables(body)["Reader requests per week (last 12 weeks)"]
    assert len(weeks) == 12
    by_week = {row[0]: row[1] for row in weeks}
    # The weeks of each request, by the week it came (counted in the site's time zone).
    expected = {}
    for days, n in ((4, 3), (2, 2), (0, 1), (21, 1)):
        came = timezone.localtime(timezone.now() - datetime.timedelta(days=days)).date()
        monday = came - datetime.timedelta(days=came.weekday())
        label = f"Week of {monday.day} {monday:%b %Y}"
        expected[label] = expected.get(label, 0) + n
    assert {label: int(count) for label, count in by_week.items() if count != "0"} == expected
    assert weeks[-1][0] == f"Week of {(today - datetime.timedelta(days=today.weekday())).day} " + (
        f"{today - datetime.timedelta(days=today.weekday()):%b %Y}"
    )

    most = data_tables(body)["Claims most asked about, most requests first"]
    assert all(row[0].startswith(text) for row, text in zip(most, ("The bridge", "Tap water"), strict=True))
    assert [row[2] for row in most] == ["4 readers", "2 readers"]
    # Each links to its claim, and the link works.
    links = re.findall(
        r'<a href="(/claims/\d+/)">', body.split('id="most-asked-title"')[1].split("</table>")[0]
    )
    assert links == [f"/claims/{answered.pk}/", f"/claims/{waiting.pk}/"]
    page = client.get(links[0])
    assert page.status_code == 200 and "The bridge cost ten billion." in page.content.decode()


def test_no_requests_yet_reads_plainly(client, people):
    client.force_login(people["checker"])
    body = client.get("/dashboard/").content.decode()
    assert 'data-figure="share-answered">no requests yet<' in body
    assert 'data-figure="median-answer">nothing answered yet<' in body
    assert "No request is attached to a claim yet." in body


def test_most_asked_keeps_the_top_ten(people):
    for n in range(1, 13):
        claim = claim_in_state(ClaimState.NEW, **people)
        _requests(n, claim=claim, editor=people["editor"])
    rows = selectors_requests().dashboard_most_asked()
    assert [row["asked"] for row in rows] == list(range(12, 2, -1))


def test_dashboard_costs_the_same_queries_for_few_and_many_requests(client, people):
    claim = claim_in_state(ClaimState.PUBLISHED, **people)
    _requests(1, claim=claim, editor=people["editor"])
    client.force_login(people["editor"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dashboard/").status_code == 200
    for days in (1, 8, 15):
        other = claim_in_state(ClaimState.RESEARCHING, **people)
        _requests(4, days_ago=days, claim=other, editor=people["editor"])
        _requests(3, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/dashboard/").status_code == 200
    assert len(many) == len(few) == 14, [q["sql"][:120] for q in many.captured_queries]


def selectors_requests():
    from claims.requests import selectors as request_selectors

    return request_selectors
