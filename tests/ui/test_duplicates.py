"""Duplicates in a real browser: a writer links a claim to the one already checked, a reader follows it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Claim, ClaimState, Publication
from tests.factories import ClaimantFactory, claim_in_state, make_claim
from tests.ui import desk_steps as desk
from tests.workflow import publish_revision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_a_writer_links_a_duplicate_and_a_reader_follows_it_to_the_fact_check(
    open_as, live_server, checker, reviewer, editor
):
    base = live_server.url
    original = claim_in_state(
        ClaimState.PUBLISHED,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text="Steel imports from Korea rose 40 percent last year.",
    )
    again = make_claim(
        author=checker,
        text=f"Korean steel imports are up 40 percent {HOSTILE}",
        claimant=ClaimantFactory(name=f"Jane Roe {HOSTILE}", title=""),
    )
    services.appearance_create(
        claim=again,
        actor=checker,
        outlet="Town Hall Radio",
        medium="radio",
        appeared_on=datetime.date(2025, 8, 2),
        is_first=True,
    )
    page, watch = open_as(checker)
    desk.open_workspace(page, base, again.pk)
    panel = page.get_by_role("region", name="Possibly already checked")
    panel.locator("summary", has_text="Link as a duplicate").click()
    form = panel.get_by_role("form", name="Link as a duplicate")

    # A number that is no claim is said beside the field, with what was typed.
    form.get_by_label("Number of the claim it repeats").fill("12ab")
    form.get_by_role("button", name="Mark as a duplicate").click()
    field = page.get_by_role("form", name="Link as a duplicate").get_by_label(
        "Number of the claim it repeats"
    )
    expect(field).to_have_value("12ab")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("There is no claim with this number."))

    field.fill(str(original.pk))
    page.get_by_role("form", name="Link as a duplicate").get_by_role(
        "button", name="Mark as a duplicate"
    ).click()
    expect(
        page.get_by_role("status").filter(has_text=f"Marked as a duplicate of claim {original.pk}.")
    ).to_be_visible()
    assert Claim.objects.get(pk=again.pk).duplicate_of_id == original.pk
    panel = page.get_by_role("region", name="Possibly already checked")
    expect(panel).to_contain_text("Steel imports from Korea rose 40 percent last year.")

    # The workspace leads to the published fact-check. Its page shows what was reviewed: the link
    # is listed once the fact-check's next revision, which shows it to a reviewer, is published.
    panel.get_by_role("link", name="read the fact-check").click()
    slug = Publication.objects.get(claim=original).slug
    expect(page).to_have_url(f"{base}/fact-checks/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.get_by_role("region", name="Also checked as").count() == 0
    services.claim_transition(claim=original, action="revise", actor=editor)
    publish_revision(
        original, checker=checker, reviewer=reviewer, editor=editor, note="Lists the claim made again.",
        note_kind="update",
    )  # fmt: skip
    page.reload()
    also = page.get_by_role("region", name="Also checked as")
    expect(also).to_contain_text(f"Jane Roe {HOSTILE} — “Korean steel imports are up 40 percent {HOSTILE}”")
    expect(also).to_contain_text("(Town Hall Radio, 2 August 2025)")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img").count() == 0

    # An anonymous reader sees the same.
    reader, reader_watch = open_as()
    reader.goto(f"{base}/fact-checks/{slug}/")
    expect(reader.get_by_role("region", name="Also checked as")).to_contain_text("Town Hall Radio")
    watch.assert_clean()
    reader_watch.assert_clean()
