"""Changes requested is visible: a badge in the desk's lists, the reviewer's comment at the top of the
claim page until the claim is submitted again, and returned work first in "My queue"."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import ClaimState
from tests.factories import claim_in_state

COMMENT = "The 2023 tariff figure needs its source."


@pytest.fixture
def people(checker, reviewer, editor):
    return {"checker": checker, "reviewer": reviewer, "editor": editor}


@pytest.fixture
def returned(people, reviewer):
    claim = claim_in_state(ClaimState.IN_REVIEW, **people, text="Sent back.")
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment=COMMENT)
    claim.refresh_from_db()
    return claim


def rows(html: str) -> list[str]:
    return re.findall(r"<tr role=\"row\">(.*?)</tr>", html, flags=re.S)[1:]


def test_the_claim_page_shows_the_request_at_the_top_until_the_claim_is_submitted_again(
    client, returned, checker, reviewer
):
    client.force_login(checker)
    html = client.get(f"/claims/{returned.pk}/").content.decode()
    banner = html.split('id="changes-requested"')[1].split("</div>")[0]
    assert "Changes requested" in banner and reviewer.get_username() in banner and COMMENT in banner
    assert html.index('id="changes-requested"') < html.index('id="actions-title"')

    services.claim_transition(claim=returned, action="submit", actor=checker)

    assert 'id="changes-requested"' not in client.get(f"/claims/{returned.pk}/").content.decode()


def test_the_desk_and_the_claim_list_badge_returned_work_and_only_that(client, returned, people, checker):
    other = claim_in_state(ClaimState.RESEARCHING, **people, text="Fresh.")
    client.force_login(checker)

    for url in ("/", "/claims/"):
        html = client.get(url).content.decode()
        badged = [row for row in rows(html) if "badge--returned" in row]
        assert len(badged) == 1 and "Sent back." in badged[0], url
        assert any("Fresh." in row and "badge--returned" not in row for row in rows(html)), url
    assert other.state == ClaimState.RESEARCHING


def test_my_queue_puts_returned_work_first_even_before_overdue_work(client, returned, people, checker):
    overdue = claim_in_state(ClaimState.RESEARCHING, **people, text="Late.")
    overdue.due_on = datetime.date(2020, 1, 1)
    overdue.save(update_fields=["due_on"])
    client.force_login(checker)

    queue = rows(client.get("/").content.decode().split('id="queue-title"')[1].split("</section>")[0])

    assert "Sent back." in queue[0] and "Late." in queue[1]


def test_the_badge_costs_no_extra_query_per_claim(client, returned, people, checker, reviewer):
    client.force_login(checker)
    with CaptureQueriesContext(connection) as few:
        client.get("/claims/")
    for n in range(5):
        claim = claim_in_state(ClaimState.IN_REVIEW, **people, text=f"C{n}")
        services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="again")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/claims/").content.decode()
    assert len(many) == len(few)
    assert html.count("badge--returned") == 6
