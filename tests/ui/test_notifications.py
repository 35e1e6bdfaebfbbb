"""Notifications in a real browser: a fact-checker submits, the reviewer's bell counts it, and the
reviewer opens the notification to land on the claim, where the bell is empty again."""

import pytest
from playwright.sync_api import expect

from claims.models import ClaimState
from tests.factories import add_evidence, claim_in_state, write_verdict
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_submission_rings_the_reviewers_bell_and_opens_the_claim(
    open_as, live_server, checker, reviewer, editor
):
    base = live_server.url
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker, headline="Steel exports fell")
    alice, _ = open_as(checker)
    bob, _ = open_as(reviewer)

    bell = bob.get_by_test_id("bell")
    expect(bell.locator(".bell__count")).to_have_text("0")

    desk.open_workspace(alice, base, claim.pk)
    desk.take_action(alice, "Submit for review")
    assert desk.state_shown(alice) == "In review"
    expect(alice.get_by_test_id("bell").locator(".bell__count")).to_have_text("1")  # her assignment

    bob.reload()
    expect(bell.locator(".bell__count")).to_have_text("1")
    expect(bell).to_have_accessible_name("Notifications: 1 unread")
    bell.click()
    expect(bob.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = bob.get_by_role("button", name=f"A verdict waits for your review: {claim}")
    expect(item).to_be_visible()
    item.click()

    bob.wait_for_url(f"{base}/claims/{claim.pk}/")
    assert desk.state_shown(bob) == "In review"
    expect(bob.locator("#review-bar").get_by_role("button", name="Approve")).to_be_visible()  # the review bar
    expect(bell.locator(".bell__count")).to_have_text("0")
