"""The review bar in a real browser, while someone else works on the claim: a fact-checker edits the
evidence in place on her page; the reviewer's bar, without a reload, says that a new revision is
there and shows it in place, keeping the comment he was typing; a review sent from the old revision
is refused with the comment kept."""

import pytest
from playwright.sync_api import expect

from claims.models import ClaimState, Review, Verdict
from tests.factories import claim_in_state
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Say which table of the customs data the figure is from."


def edit_excerpt_in_place(page, excerpt: str) -> None:
    item = page.locator("#evidence .item").filter(has_text="Customs statistics")
    item.get_by_role("link", name="Edit").click()
    form = page.locator("#evidence form").filter(has=page.get_by_role("button", name="Save"))
    form.get_by_label("Excerpt").fill(excerpt)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#evidence").get_by_role("status")).to_have_text("Evidence saved.")


def test_the_reviewers_bar_shows_the_new_revision_without_a_reload(
    open_as, live_server, checker, reviewer, editor, settings
):
    settings.REVIEW_BAR_CHECK_SECONDS = 1
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    read = Verdict.objects.get(claim=claim).revision
    alice, _ = open_as(checker)
    bob, _ = open_as(reviewer)
    desk.open_workspace(alice, live_server.url, claim.pk)
    desk.open_workspace(bob, live_server.url, claim.pk)
    bar = bob.locator("#review-bar")
    expect(bar.locator("#review-bar-title")).to_have_text(f"Your review of revision {read}")
    bar.get_by_label("What needs to change").fill(COMMENT)
    # He makes the field taller (the browser writes that into its style attribute, as a drag would).
    bar.get_by_label("What needs to change").evaluate("field => { field.style.height = '7rem'; }")
    bob.evaluate("window.notReloaded = true")

    # alice works on, in place, on her own page.
    edit_excerpt_in_place(alice, "Steel exports to the U.S. fell 9.5 per cent.")

    # bob's bar learns it by itself: the forms he has still say what he read.
    expect(bar.locator("#review-bar-check")).to_contain_text(f"Revision {read + 1} is here", timeout=15_000)
    assert bar.locator("input[name=action-request_changes-revision]").input_value() == str(read)

    # He reads the new revision in place: no reload, his comment is still there.
    bar.get_by_role("link", name=f"Read revision {read + 1}").click()
    expect(bob.locator("#reread")).to_contain_text(f"Now showing revision {read + 1}")
    expect(bob.locator("#reread")).to_be_focused()
    bar = bob.locator("#review-bar")
    expect(bar.locator("#review-bar-title")).to_have_text(f"Your review of revision {read + 1}")
    expect(bob.locator("#evidence")).to_contain_text("fell 9.5 per cent")
    expect(bob.locator("#history")).to_contain_text("Edited evidence")
    expect(bar.get_by_label("What needs to change")).to_have_value(COMMENT)
    assert bar.get_by_label("What needs to change").evaluate("field => field.style.height") == "7rem"
    assert bar.locator("input[name=action-request_changes-revision]").input_value() == str(read + 1)
    assert bob.evaluate("window.notReloaded") is True
    expect(bar.locator("#review-bar-check")).to_be_empty()  # asking again, about the new revision

    bar.get_by_role("button", name="Request changes", exact=True).click()
    expect(bob.get_by_role("status").filter(has_text="Request changes: done")).to_be_visible()
    review = Review.objects.get()
    assert (review.reviewer, review.revision, review.comment) == (reviewer, read + 1, COMMENT)


def test_a_review_from_the_old_revision_is_refused_and_keeps_the_comment(
    open_as, live_server, checker, reviewer, editor, settings
):
    settings.REVIEW_BAR_CHECK_SECONDS = 600  # the check has not come yet when he presses the button
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    read = Verdict.objects.get(claim=claim).revision
    alice, _ = open_as(checker)
    bob, _ = open_as(reviewer)
    desk.open_workspace(alice, live_server.url, claim.pk)
    desk.open_workspace(bob, live_server.url, claim.pk)
    bob.locator("#review-bar").get_by_label("What needs to change").fill(COMMENT)

    edit_excerpt_in_place(alice, "Steel exports to the U.S. fell 9.5 per cent.")
    bob.locator("#review-bar").get_by_role("button", name="Request changes", exact=True).click()

    bar = bob.locator("#review-bar")
    expect(bar.get_by_role("alert")).to_contain_text("The verdict changed while you were reading it")
    expect(bar.locator("#review-bar-title")).to_have_text(f"Your review of revision {read + 1}")
    expect(bar.get_by_label("What needs to change")).to_have_value(COMMENT)
    expect(bob.locator("#evidence")).to_contain_text("fell 9.5 per cent")
    assert not Review.objects.exists()

    bar.get_by_role("button", name="Request changes", exact=True).click()
    expect(bob.get_by_role("status").filter(has_text="Request changes: done")).to_be_visible()
    assert Review.objects.get().revision == read + 1
