"""Taking a claim and undoing a removal, in the browser.

A fact-checker logs a claim from intake, assigned to herself in the same step; another takes a new
claim from the desk's list (htmx: the row says it is hers). Removed evidence is gone from the page,
then back with Undo; a removed rebuttal comes back with Restore in the history.
"""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimState
from evidence.models import Evidence, Rebuttal
from evidence.services import rebuttal_create, rebuttal_delete
from tests.factories import add_evidence, make_claim
from tests.ui import desk_steps as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "\n\n".join(
    [
        "Seoul rejects U.S. claim that Korea dumps cheap steel",
        "WASHINGTON — Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.",
        '"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview.',
    ]
)


def test_a_fact_checker_logs_from_intake_assigned_to_herself_and_another_takes_one_from_the_desk(
    open_as, live_server, checker, other_checker
):
    waiting = make_claim(author=checker, text="Electricity is almost free in Korea.")

    # alice logs a claim from intake: "Assign to me" is ticked for a fact-checker.
    page, _ = open_as(checker)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_label("Article or transcript").fill(ARTICLE)
    page.get_by_role("button", name="Find the claims").click()
    expect(page.get_by_role("heading", name="Candidate claims")).to_be_visible()
    expect(page.get_by_label("Assign to me")).to_be_checked()
    page.locator("li.candidate").filter(has_text="Steel imports from Korea").get_by_label(
        "Log this claim"
    ).check()
    page.get_by_label("Outlet").fill("Business Channel")
    page.get_by_role("button", name="Log the ticked claims").click()
    expect(page.get_by_role("heading", name="Claims logged")).to_be_visible()
    logged = Claim.objects.get(text__contains="Steel imports from Korea")
    assert (logged.state, logged.assignee) == (ClaimState.RESEARCHING, checker)
    page.goto(f"{live_server.url}/")
    queue = page.locator("section", has=page.locator("#queue-title"))
    expect(queue).to_contain_text("Steel imports from Korea")

    # carol takes the waiting claim from her desk's list, with a due date, without leaving the page.
    page, _ = open_as(other_checker)
    new = page.locator("section", has=page.locator("#new-title"))
    row = new.get_by_role("row").filter(has_text="Electricity is almost free")
    row.get_by_label(f"Due on (optional), claim {waiting.pk}").fill("2099-01-31")
    row.get_by_role("button", name="Take it").click()
    expect(new.get_by_role("status")).to_have_text("Taken: it is yours now, in your queue.")
    expect(new.get_by_role("row").filter(has_text="Electricity is almost free")).to_contain_text("carol-test")
    assert page.url == f"{live_server.url}/"  # in place: no page load
    waiting.refresh_from_db()
    assert (waiting.state, waiting.assignee, str(waiting.due_on)) == (
        ClaimState.RESEARCHING,
        other_checker,
        "2099-01-31",
    )
    page.reload()
    expect(page.locator("section", has=page.locator("#queue-title"))).to_contain_text(
        "Electricity is almost free"
    )


def test_removed_evidence_is_gone_then_back_with_undo(open_as, live_server, checker):
    claim = make_claim(author=checker)
    add_evidence(claim, actor=checker, title="Korean customs statistics")
    page, _ = open_as(checker)
    desk.open_workspace(page, live_server.url, claim.pk)
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("heading", name="Korean customs statistics")).to_be_visible()

    evidence.get_by_role("button", name="Remove the evidence “Korean customs statistics”").click()

    expect(evidence.get_by_role("status")).to_contain_text("Evidence removed.")
    expect(evidence.get_by_role("heading", name="Korean customs statistics")).to_have_count(0)
    assert not Evidence.objects.filter(claim=claim).exists()

    evidence.get_by_role("button", name="Undo (put the evidence back)").click()

    expect(evidence.get_by_role("status")).to_have_text("Evidence restored.")
    expect(evidence.get_by_role("heading", name="Korean customs statistics")).to_be_visible()
    assert Evidence.objects.filter(claim=claim).count() == 1


def test_a_removed_rebuttal_is_restored_from_the_history(open_as, live_server, checker):
    claim = make_claim(author=checker)
    rebuttal = rebuttal_create(
        claim=claim, actor=checker, party="Korean trade ministry", statement="Not factual.", kind="denial"
    )
    rebuttal_delete(rebuttal=rebuttal, actor=checker)
    page, _ = open_as(checker)
    desk.open_workspace(page, live_server.url, claim.pk)
    expect(page.locator("#rebuttals")).not_to_contain_text("Korean trade ministry")
    history = page.locator("ol.timeline")
    removal = history.get_by_role("listitem").filter(has_text="Removed the rebuttal by Korean trade ministry")

    removal.get_by_role("button", name="Restore the rebuttal removed here").click()

    expect(page.get_by_role("status").filter(has_text="Rebuttal restored.")).to_be_visible()
    expect(page.locator("#rebuttals")).to_contain_text("Korean trade ministry")
    expect(history.get_by_role("button", name="Restore the rebuttal removed here")).to_have_count(0)
    assert Rebuttal.objects.filter(claim=claim).count() == 1


def test_the_list_of_claims_to_take_stacks_on_a_phone(open_as, live_server, checker, other_checker):
    make_claim(author=checker, text="China, Japan, and Korea provide electricity almost for free.")
    page, _ = open_as(other_checker, width=375, height=800)
    row = page.locator("section", has=page.locator("#new-title")).locator("table.stack tbody tr").first
    take = row.locator('td[data-label="Take"]')
    box = take.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    expect(take.get_by_role("button", name="Take it")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
