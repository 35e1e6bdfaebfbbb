"""On a phone, a list of claims is one block per claim with every column readable, not a table whose
State, Due and Rating columns sit off-screen inside a scrolling box."""

import pytest

from claims import services
from tests.factories import make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_claim_list_stacks_its_columns_at_375_px(open_as, live_server, checker, editor):
    claim = make_claim(author=checker, text="China, Japan, and Korea provide electricity almost for free.")
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    page, watch = open_as(checker, width=375, height=800)

    for url in (f"{live_server.url}/claims/", f"{live_server.url}/"):
        page.goto(url)
        row = page.locator("table.stack tbody tr").first
        for label in ("State", "Assignee", "Due", "Rating"):
            cell = row.locator(f'td[data-label="{label}"]')
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (url, label, box)
            assert cell.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    watch.assert_clean()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/claims/")
    header = page.locator("table.stack thead th", has_text="State")
    assert header.is_visible()  # a table again on a wide screen
