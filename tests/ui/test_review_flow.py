"""The full flow in a real browser, three members at once: log, research, review, publish, correct.

An anonymous reader (a browser context of their own, never logged in) follows it on the public
page: the fact-check with valid ClaimReview JSON-LD once published, the published version (never
the draft) while a revision is under way, and the correction once it is published.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from claims.models import Claim, ClaimState, Publication, Review
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S."
SUMMARY = "Asian countries give away electricity and dump steel in the U.S."


def claimreview_in_page(page: Page) -> dict:
    """The page's one JSON-LD block as the browser reads it (JSON.parse of the script's text)."""
    return page.evaluate(
        """() => {
            const blocks = document.querySelectorAll('script[type="application/ld+json"]');
            if (blocks.length !== 1) throw new Error(`expected one JSON-LD block, found ${blocks.length}`);
            return JSON.parse(blocks[0].textContent);
        }"""
    )


def read_public_page(page: Page, url: str, seen: list[str]) -> dict:
    """Open the public page as the reader; remember everything it showed; return its ClaimReview."""
    page.goto(url)
    expect(page.get_by_role("region", name="Our verdict")).to_be_visible()
    seen.append(page.content())
    return claimreview_in_page(page)


def test_a_claim_goes_from_logged_to_published_and_corrected(open_as, live_server, checker, reviewer, editor):
    base = live_server.url
    alice, alice_watch = open_as(checker)
    bob, bob_watch = open_as(reviewer)
    erin, erin_watch = open_as(editor)

    # alice logs the claim; erin, the editor, assigns it to her.
    claim_id = desk.log_claim(
        alice,
        base,
        text=STATEMENT,
        summary=SUMMARY,
        claimant="Howard Lutnick",
        title="U.S. Secretary of Commerce",
    )
    assert desk.state_shown(alice) == "New"
    desk.open_workspace(erin, base, claim_id)
    assert desk.action_buttons(erin) == ["Assign", "Take it", "Dismiss"]
    desk.take_action(erin, "Assign", fields={"Assign to": checker.username})
    assert desk.state_shown(erin) == "Researching"

    # alice gathers evidence of two stances and a rebuttal, in place.
    desk.open_workspace(alice, base, claim_id)
    desk.add_evidence(
        alice,
        stance="Refutes",
        title="Korean customs statistics 2024",
        url="https://example.org/customs",
        source="Korea Customs Service",
        excerpt="Steel exports to the U.S. fell 8 per cent.",
    )
    desk.add_evidence(
        alice,
        stance="Supports",
        title="Industrial electricity tariffs, OECD",
        url="https://example.org/tariffs",
        source="OECD",
        excerpt="Industrial power is cheaper in Korea than the OECD average.",
    )
    expect(alice.locator("#evidence .stance-group").filter(has_text="Refutes (1)")).to_be_visible()
    expect(alice.locator("#evidence .stance-group").filter(has_text="Supports (1)")).to_be_visible()
    desk.add_rebuttal(alice, party="Korean Ministry of Trade", statement="This is not factual.")

    # She drafts the verdict, previews the analysis, saves and submits.
    alice.locator("#verdict form").get_by_label("Analysis").fill("Customs data **contradict** the claim.")
    alice.get_by_role("button", name="Preview the analysis").click()
    expect(alice.locator("#analysis-preview strong")).to_have_text("contradict")
    desk.write_verdict(
        alice, rating="False", headline="Steel exports fell", conclusion="The numbers say otherwise."
    )
    desk.take_action(alice, "Submit for review")
    assert desk.state_shown(alice) == "In review"

    # alice may not approve her own verdict: no button, and a forged request is refused.
    assert desk.action_buttons(alice) == []
    expect(alice.get_by_role("button", name="Approve")).to_have_count(0)
    token = alice.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    forged = alice.request.post(
        f"{base}/claims/{claim_id}/actions/approve/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/claims/{claim_id}/"},
    )
    assert forged.status == 403
    assert "Only a reviewer can review a verdict." in forged.text()
    assert Claim.objects.get(pk=claim_id).state == ClaimState.IN_REVIEW
    assert not Review.objects.exists()

    # bob finds it in his inbox and requests changes with a comment.
    bob.goto(f"{base}/")
    bob.locator("#inbox-title + p + .table-wrap").get_by_role("link").first.click()
    expect(bob.get_by_role("heading", name="What you can do now")).to_be_visible()
    assert desk.action_buttons(bob) == ["Request changes", "Approve"]
    desk.take_action(bob, "Request changes", comment="Add the 2023 figure for comparison.")
    assert desk.state_shown(bob) == "Researching"

    # alice reads the comment, edits the verdict and resubmits.
    alice.reload()
    expect(alice.locator("#reviews")).to_contain_text("Add the 2023 figure for comparison.")
    desk.write_verdict(alice, conclusion="Exports fell in 2024 compared with 2023.")
    desk.take_action(alice, "Submit for review")

    # bob approves the new revision.
    bob.reload()
    desk.take_action(bob, "Approve", comment="Clear and sourced.")
    assert desk.state_shown(bob) == "Approved"

    # erin sees it waiting and publishes it.
    erin.goto(f"{base}/")
    expect(erin.locator("#approved-title").locator("..")).to_contain_text(
        "Asian countries give away electricity"
    )
    desk.open_workspace(erin, base, claim_id)
    desk.take_action(erin, "Publish")
    assert desk.state_shown(erin) == "Published"
    first = Publication.objects.get(claim_id=claim_id)
    assert first.version == 1 and first.rating_label == "False"
    assert first.content["verdict"]["conclusion"] == "Exports fell in 2024 compared with 2023."
    expect(erin.locator("#publications")).to_contain_text("Version 1")

    # An anonymous reader finds it, asking in other words, and reads it with valid ClaimReview markup.
    reader, reader_watch = open_as()
    public_url = f"{base}/fact-checks/{first.slug}/"
    seen: list[str] = []
    reader.goto(f"{base}/fact-checks/")
    reader.get_by_label("Search fact-checks").fill(
        "Japan, China and Korea give power away almost free, then dumped steel on America"
    )
    reader.get_by_role("button", name="Show").click()
    reader.get_by_role("link", name="Steel exports fell").click()
    expect(reader).to_have_url(public_url)
    markup = read_public_page(reader, public_url, seen)
    assert markup["@type"] == "ClaimReview"
    assert markup["reviewRating"]["alternateName"] == "False"
    assert markup["claimReviewed"] == SUMMARY and len(markup["claimReviewed"]) <= 75
    assert markup["itemReviewed"]["author"]["name"] == "Howard Lutnick"
    assert markup["url"].endswith(f"/fact-checks/{first.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Steel exports fell")
    expect(reader.get_by_role("region", name="Our verdict")).to_contain_text(
        "Exports fell in 2024 compared with 2023."
    )
    expect(reader.get_by_role("button", name="Log out")).to_have_count(0)

    # erin starts a revision; it goes through review again.
    desk.take_action(erin, "Revise", comment="A reader sent the 2025 figures.")
    assert desk.state_shown(erin) == "Researching"
    alice.reload()
    desk.write_verdict(
        alice,
        headline="Steel exports fell two years running",
        conclusion="Exports fell in 2024 and again in early 2025.",
    )
    # Meanwhile the reader still sees version 1, never the draft that nobody has approved.
    markup = read_public_page(reader, public_url, seen)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Steel exports fell")
    expect(reader.get_by_role("region", name="Our verdict")).to_contain_text(
        "Exports fell in 2024 compared with 2023."
    )
    assert markup["reviewRating"]["alternateName"] == "False"
    assert markup["headline"] == "Steel exports fell"
    desk.take_action(alice, "Submit for review")
    read_public_page(reader, public_url, seen)  # and in review, still version 1
    bob.reload()
    desk.take_action(bob, "Approve")

    # erin publishes again, with a correction note (refused in words without one).
    erin.reload()
    form = erin.get_by_role("form", name="Publish", exact=True)
    form.get_by_role("button", name="Publish").click()
    expect(erin.locator("#id_action-publish-note_error")).to_contain_text("add a correction or update note")
    erin.get_by_role("form", name="Publish", exact=True).get_by_label("Kind of note").select_option(
        "correction"
    )
    desk.take_action(
        erin, "Publish", fields={"Note for readers": "We added the early 2025 figures to the conclusion."}
    )
    second = Publication.objects.get(claim_id=claim_id, version=2)
    assert second.note_kind == "correction"
    assert second.note == "We added the early 2025 figures to the conclusion."
    expect(erin.locator("#publications")).to_contain_text("We added the early 2025 figures")

    # The reader now sees version 2, with the correction in the log; the draft never showed before it.
    assert not any("early 2025" in page or "two years running" in page for page in seen)
    markup = read_public_page(reader, public_url, seen)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Steel exports fell two years running")
    expect(reader.get_by_role("region", name="Our verdict")).to_contain_text(
        "Exports fell in 2024 and again in early 2025."
    )
    corrections = reader.get_by_role("region", name="Corrections and updates")
    expect(corrections).to_contain_text("Correction")
    expect(corrections).to_contain_text("We added the early 2025 figures to the conclusion.")
    expect(corrections).to_contain_text("First published")
    expect(reader.locator(".factcheck__header")).to_contain_text(re.compile(r"Last correction"))
    assert markup["@type"] == "ClaimReview" and markup["headline"] == "Steel exports fell two years running"
    assert markup["reviewRating"]["alternateName"] == "False"

    for watch in (alice_watch, bob_watch, erin_watch, reader_watch):
        watch.assert_clean()
