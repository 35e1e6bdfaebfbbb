"""A reader sends a claim from the public site and follows it by its private status link to the
published fact-check, in a real browser."""

import pytest

from claims import services as claim_services
from claims.models import ReaderRequest
from claims.requests import services as request_services
from tests.factories import add_evidence, write_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "A viral post says wheat prices in Kenya tripled this spring"


def test_a_reader_sends_a_claim_and_follows_it_to_the_fact_check(
    open_as, live_server, checker, reviewer, editor
):
    page, watch = open_as()
    page.goto(f"{live_server.url}/methodology/")
    page.get_by_role("link", name="Send us a claim").first.click()
    page.wait_for_url(f"{live_server.url}/send-a-claim/")

    # A wrong link is answered beside its field, and what was typed stays.
    page.get_by_label("What did you see or hear?").fill(TEXT)
    page.get_by_label("Where? (a link)").fill("http://192.168.0.1/post")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Give a public web address").is_visible()
    assert page.get_by_label("What did you see or hear?").input_value() == TEXT

    page.get_by_label("Where? (a link)").fill("https://social.example.org/p/42")
    page.get_by_label("Your email (optional)").fill("reader@example.org")
    page.get_by_label("Email me when the fact-check is published").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"{live_server.url}/requests/**")
    status_url = page.url
    assert page.get_by_role("status").filter(has_text="we received it").is_visible()
    assert "An editor reads it" in page.locator("#request-status").inner_text()
    assert "reader@example.org" not in page.content()

    # An editor makes a claim from it: the reader sees it being checked.
    request = ReaderRequest.objects.get()
    assert request.url == "https://social.example.org/p/42"
    claim = request_services.request_claim_create(
        request_id=request.pk, actor=editor, claimant="A viral post"
    )
    page.goto(status_url)
    assert "A fact-checker is on it" in page.locator("#request-status").inner_text()

    # Published: the status page links to the fact-check.
    claim = claim_services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker, headline="Prices rose, but did not triple")
    claim_services.claim_transition(claim=claim, action="submit", actor=checker)
    claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim_services.claim_transition(claim=claim, action="publish", actor=editor)
    page.goto(status_url)
    page.get_by_role("link", name="read the fact-check").click()
    page.wait_for_url(f"{live_server.url}/fact-checks/**")
    assert page.get_by_role("heading", name="Prices rose, but did not triple").is_visible()
    watch.assert_clean()
