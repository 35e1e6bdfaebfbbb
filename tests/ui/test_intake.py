"""Intake in the browser: paste an article, see the candidates and what was checked before, tick, log."""

import re

import pytest
from playwright.sync_api import expect

from claims import matching
from claims.models import Appearance, Claim
from tests.factories import ClaimantFactory, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "\n\n".join(
    [
        "Seoul rejects U.S. claim that Korea dumps cheap steel",
        "WASHINGTON — Howard Lutnick, the U.S. Secretary of Commerce, said on Tuesday that Asian producers "
        "are flooding the American market with subsidised metal.",
        '"China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.," '
        "Lutnick said in an interview with Business Channel. "
        '"Steel imports from Korea rose 40 percent last year."',
        'Korea\'s trade minister, Ahn Min-jae, dismissed the accusation. "Korean steel is not subsidised," '
        'Ahn told reporters. "Our industrial electricity prices are higher than the OECD average."',
        'He called the remarks "deeply disappointing" and said he hoped the allies could resolve the matter.',
    ]
)


def candidate(page, fragment):
    return page.locator("li.candidate").filter(has_text=fragment)


def test_paste_tick_and_log_claims_in_one_step(open_as, live_server, checker):
    matching.statistics_forget()
    earlier = make_claim(
        author=checker,
        text="China, Japan and Korea give electricity away almost free and dump steel in the United States.",
        claimant=ClaimantFactory(name="Howard Lutnick", title="Secretary of Commerce"),
    )
    page, _ = open_as(checker)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_label("Article or transcript").fill(ARTICLE)
    page.get_by_role("button", name="Find the claims").click()
    expect(page.get_by_role("heading", name="Candidate claims")).to_be_visible()

    steel = candidate(page, "Steel imports from Korea rose 40 percent")
    expect(steel.locator(".candidate__speaker")).to_have_text("Howard Lutnick")
    expect(steel).to_contain_text("U.S. Secretary of Commerce")
    expect(steel).to_contain_text("a number")
    expect(steel.locator(".score")).to_have_text(re.compile(r"^\d+ desk score$"))
    ahn = candidate(page, "Korean steel is not subsidised")
    expect(ahn.locator(".candidate__speaker")).to_have_text("Ahn Min-jae")

    # Matching marks the claim the desk has logged before, with a link to it.
    dumping = candidate(page, "provide electricity almost for free")
    expect(dumping.get_by_role("note")).to_contain_text("Already checked?")
    expect(dumping.get_by_role("link", name=re.compile("give electricity away"))).to_have_attribute(
        "href", f"/claims/{earlier.pk}/"
    )
    # Since the CheckThat calibration (similar at 0.15), a statement sharing the topic (steel, Korea)
    # may show the logged claim as a "similar" suggestion too; which suggestions appear is the matching
    # tests' and bench's concern, not this page's.

    # Nothing ticked: the page says so, and nothing is logged.
    page.get_by_label("Outlet").fill("Business Channel")
    page.get_by_role("button", name="Log the ticked claims").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick at least one candidate to log.")

    # Tick two, correct one speaker's title, and log them.
    candidate(page, "Steel imports from Korea rose 40 percent").get_by_label("Log this claim").check()
    ahn = candidate(page, "Korean steel is not subsidised")
    ahn.get_by_label("Log this claim").check()
    ahn.locator("summary", has_text="Correct the statement or speaker").click()
    ahn.get_by_label("Their title").fill("Minister of Trade, Korea")
    page.get_by_label("Article address").fill("https://news.example.org/steel")
    page.get_by_label("Appeared on").fill("2025-07-15")
    page.get_by_role("button", name="Log the ticked claims").click()

    expect(page.get_by_role("heading", name="Claims logged")).to_be_visible()
    expect(page.locator("li.item")).to_have_count(2)
    logged = Claim.objects.exclude(pk=earlier.pk).select_related("claimant").order_by("id")
    assert [(c.claimant.name, c.claimant.title) for c in logged] == [
        ("Howard Lutnick", "U.S. Secretary of Commerce"),
        ("Ahn Min-jae", "Minister of Trade, Korea"),
    ]
    assert logged[0].text == "Steel imports from Korea rose 40 percent last year."
    assert all(c.checkworthiness and c.checkworthiness >= 0.5 for c in logged)
    assert all(c.selection_reason.startswith("Picked at intake") for c in logged)
    appearances = Appearance.objects.filter(claim__in=logged)
    assert {(a.url, a.outlet, a.appeared_on.isoformat()) for a in appearances} == {
        ("https://news.example.org/steel", "Business Channel", "2025-07-15")
    }
    page.get_by_role("link", name=re.compile("Steel imports from Korea")).click()
    expect(page).to_have_url(re.compile(rf"/claims/{logged[0].pk}/$"))


def test_an_empty_paste_and_a_missing_outlet_are_said_beside_the_field(open_as, live_server, checker):
    page, _ = open_as(checker)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_role("button", name="Find the claims").click()
    expect(page.locator(".errorlist")).to_contain_text("Paste an article or transcript")
    page.get_by_label("Article or transcript").fill(ARTICLE)
    page.get_by_role("button", name="Find the claims").click()
    candidate(page, "Steel imports from Korea rose 40 percent").get_by_label("Log this claim").check()
    page.get_by_role("button", name="Log the ticked claims").click()
    outlet_errors = page.locator(".field").filter(has=page.get_by_label("Outlet")).locator(".errorlist")
    expect(outlet_errors).to_contain_text("Say where the article appeared")
    # What was ticked and typed is still there.
    expect(
        candidate(page, "Steel imports from Korea rose 40 percent").get_by_label("Log this claim")
    ).to_be_checked()
    assert Claim.objects.count() == 0


def test_the_navigation_offers_intake_to_those_who_can_log_claims(
    open_as, live_server, checker, reviewer, editor, admin_member
):
    for member in (checker, editor, admin_member):
        page, watch = open_as(member)
        nav = page.get_by_role("navigation", name="Main")
        nav.get_by_role("link", name="Intake", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/intake/")
        expect(nav.get_by_role("link", name="Intake", exact=True)).to_have_attribute("aria-current", "page")
        expect(page.get_by_label("Article or transcript")).to_be_visible()
        watch.assert_clean()
    page, watch = open_as(reviewer)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Intake")).to_have_count(0)
    watch.assert_clean()
