"""The desk's search box forgives a misspelt word, in a real browser (issue 15, point 7)."""

import pytest
from playwright.sync_api import expect

from claims import services
from tests.factories import add_evidence, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_misspelt_query_typed_in_the_search_box_finds_the_claim(open_as, live_server, checker):
    ridership = make_claim(author=checker, text="Bus ridership fell by a third after the fares went up.")
    make_claim(author=checker, text="Riders of the metro pay more.")
    in_evidence = make_claim(author=checker, text="Fares went up in May.")
    add_evidence(in_evidence, actor=checker, title="Transit authority timetable")
    services.appearance_create(claim=in_evidence, actor=checker, outlet="Bloomberg", medium="tv")

    page, _ = open_as(checker)
    page.goto(f"{live_server.url}/claims/")
    box = page.get_by_label("Search", exact=True)
    box.fill("ridershp")
    box.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 claim matches.")
    results = page.get_by_role("table", name="Claims")
    found = results.get_by_role("link", name="Bus ridership fell by a third")
    expect(found).to_have_attribute("href", f"/claims/{ridership.pk}/")
    expect(results.get_by_text("Riders of the metro")).to_have_count(0)
    expect(page.get_by_label("Search", exact=True)).to_have_value("ridershp")  # what was typed stays

    # A typo in a word of the evidence, and a word of the outlet, find the claim they belong to.
    for typed in ("timetabel", "bloomberg"):
        box = page.get_by_label("Search", exact=True)
        box.fill(typed)
        box.press("Enter")
        expect(page.get_by_role("status")).to_have_text("1 claim matches.")
        expect(results.get_by_role("link", name="Fares went up in May.")).to_be_visible()
