"""Review beside the content, in a real browser: the reviewer sees what changed since their last
review, reads down to the verdict and acts from the review bar without scrolling back up; the
history reloads after an in-place edit."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import ClaimState, Review
from tests.factories import claim_in_state, write_verdict
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANALYSIS = "\n\n".join(
    f"Paragraph {i}: customs data for the year, line by line, month by month." for i in range(40)
)


def sent_back_and_resubmitted(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add 2023.")
    write_verdict(
        claim,
        actor=checker,
        conclusion="The numbers say otherwise: imports fell compared with 2023.",
        analysis=ANALYSIS,
    )
    services.claim_transition(claim=claim, action="submit", actor=checker)
    return claim


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize("width,height", [(375, 740), (1280, 900)], ids=["phone", "desktop"])
def test_the_reviewer_sees_the_diff_and_acts_from_the_bar_beside_the_verdict(
    open_as, live_server, checker, reviewer, editor, width, height
):
    claim = sent_back_and_resubmitted(checker, reviewer, editor)
    bob, _ = open_as(reviewer, width=width, height=height)

    desk.open_workspace(bob, live_server.url, claim.pk)

    changes = bob.get_by_role("region", name="What changed since you reviewed revision 2")
    expect(changes).to_be_visible()
    expect(changes.locator("ins").filter(has_text="imports fell compared with 2023")).to_be_visible()
    expect(changes.get_by_text("Analysis")).to_be_visible()

    # The reviewer reads down to the verdict (far below the header)…
    bob.locator("#verdict-title").scroll_into_view_if_needed()
    bob.locator("#verdict .prose").get_by_text("Paragraph 20:").scroll_into_view_if_needed()
    scrolled_to = bob.evaluate("window.scrollY")
    assert scrolled_to > 600
    # …and the review actions are right there, in view.
    bar = bob.get_by_role("region", name="Your review of revision 4")
    approve = bar.get_by_role("button", name="Approve", exact=True)
    request = bar.get_by_role("button", name="Request changes", exact=True)
    expect(approve).to_be_in_viewport(ratio=1)
    expect(request).to_be_in_viewport(ratio=1)
    assert in_viewport(bob, approve) and in_viewport(bob, request)
    assert bob.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways

    # With the keyboard: the comment field by its label, then the button.
    comment = bar.get_by_label("What needs to change")
    comment.focus()
    bob.keyboard.type("Say which table the 2023 figure is from.")
    bob.keyboard.press("Tab")
    expect(request).to_be_focused()
    assert abs(bob.evaluate("window.scrollY") - scrolled_to) < 50  # the page did not move, least of all up
    bob.keyboard.press("Enter")

    expect(bob.get_by_role("status").filter(has_text="Request changes: done")).to_be_visible()
    assert desk.state_shown(bob) == "Researching"
    latest = Review.objects.order_by("-id").first()
    assert (latest.reviewer, latest.revision, latest.comment) == (
        reviewer,
        4,
        "Say which table the 2023 figure is from.",
    )


def test_approving_from_the_bar(open_as, live_server, checker, reviewer, editor):
    claim = sent_back_and_resubmitted(checker, reviewer, editor)
    bob, _ = open_as(reviewer)
    desk.open_workspace(bob, live_server.url, claim.pk)

    assert desk.action_buttons(bob) == ["Request changes", "Approve"]
    bob.locator("#reviews").scroll_into_view_if_needed()
    desk.take_action(bob, "Approve", comment="Clear now.")

    assert desk.state_shown(bob) == "Approved"
    expect(bob.locator("#review-bar")).to_have_count(0)  # nothing left to review
    expect(bob.locator("#history")).to_contain_text("Approved revision 4 (now approved)")


def test_the_history_reloads_after_an_in_place_edit(open_as, live_server, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    alice, _ = open_as(checker)
    desk.open_workspace(alice, live_server.url, claim.pk)
    history = alice.locator("#history")
    expect(history).to_contain_text("Assigned to alice-test (now researching)")
    entries_before = history.locator("li").count()

    desk.add_evidence(
        alice,
        stance="Refutes",
        title="Korean customs statistics 2024",
        url="https://example.org/customs",
        source="Korea Customs Service",
        excerpt="Steel exports to the U.S. fell 8 per cent.",
    )

    # No reload of the page: the history part reloaded itself.
    expect(history.locator("li").first).to_contain_text("Added evidence “Korean customs statistics 2024”")
    expect(history.locator("li")).to_have_count(entries_before + 1)
    assert "/claims/" in alice.url and "#" not in alice.url

    # An edit in place: the history says what changed, word by word.
    item = alice.locator("#evidence .item").filter(has_text="Korean customs statistics 2024")
    item.get_by_role("link", name="Edit").click()
    form = alice.locator("#evidence form").filter(has=alice.get_by_role("button", name="Save"))
    form.get_by_label("Excerpt").fill("Steel exports to the U.S. fell 9.5 per cent.")
    form.get_by_role("button", name="Save").click()
    latest = history.locator("li").first
    expect(latest).to_contain_text("Edited evidence “Korean customs statistics 2024”")
    expect(latest.locator("del")).to_contain_text("8")
    expect(latest.locator("ins")).to_contain_text("9.5")
    expect(history.locator("li")).to_have_count(entries_before + 2)
