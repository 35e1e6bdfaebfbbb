"""The one-number correction in a real browser, as the issue measured it: two people, counted clicks.

Before: three people and 14 clicks (the editor revised, a fact-checker had to submit, a reviewer
approved, the editor published). Now, measured by this test (clicks as the page sees them, page
loads as main-frame navigations; logging in and typing aside):

- erin, editor: 5 clicks. Revise; the rating "Mostly false"; into the analysis (she types 3.4 for
  3.2); Save the verdict; Submit for review (the correction note is already there, from what
  changed). 4 page loads: the claim, then one per form sent.
- bob, reviewer: 2 clicks. The claim in his review inbox; Approve, which publishes the correction.
  3 page loads: his desk, the claim, the approval.
- Total: 7 clicks, 7 page loads, 2 people.

The test asserts at most 10 clicks and exactly 2 people, and docs/BENCHMARKS.md records the numbers.
"""

import pytest
from playwright.sync_api import expect

from claims.models import Publication, Review, Transition
from tests.ui import desk_steps as desk
from tests.workflow import publish_factcheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANALYSIS = "Customs counted 3.2 million tonnes of steel exports to the U.S. in 2024."
NOTE = "Rating: False → Mostly false; analysis: '3.2 million' → '3.4 million'"


def test_a_one_number_correction_takes_an_editor_a_reviewer_and_at_most_ten_clicks(
    open_as, live_server, checker, reviewer, editor
):
    base = live_server.url
    claim = publish_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, analysis=ANALYSIS, summary="Steel exports doubled"
    )
    public_url = f"{base}/fact-checks/{claim.publications.get().slug}/"
    erin, erin_watch = open_as(editor)
    bob, bob_watch = open_as(reviewer)
    erin_path, bob_path = desk.PathCounter(erin), desk.PathCounter(bob)

    # erin opens the claim (from the reader's e-mail) and revises it.
    erin_path.start(f"{base}/claims/{claim.pk}/")
    erin.get_by_role("form", name="Revise", exact=True).get_by_role("button", name="Revise").click()
    expect(erin.get_by_role("status").filter(has_text="Revise: done")).to_be_visible()

    # She changes the rating and the one number, and saves.
    form = erin.locator("#verdict form")
    form.get_by_label("Mostly false", exact=True).check()
    analysis = form.get_by_label("Analysis")
    analysis.click()
    analysis.fill(analysis.input_value().replace("3.2 million", "3.4 million"))
    form.get_by_role("button", name="Save the verdict").click()
    expect(erin.get_by_role("status").filter(has_text="Verdict saved")).to_be_visible()

    # She submits it herself: the note for readers starts from what changed.
    submit = erin.get_by_role("form", name="Submit for review", exact=True)
    expect(submit.get_by_label("Note for readers")).to_have_value(NOTE)
    expect(submit.get_by_label("Kind of note")).to_have_value("correction")
    submit.get_by_role("button", name="Submit for review").click()
    expect(erin.get_by_role("status").filter(has_text="Submit for review: done")).to_be_visible()
    assert desk.state_shown(erin) == "In review"
    expect(erin.locator("#verdict .meta")).to_contain_text(f"submitted by {editor.username}")

    # Four eyes: no Approve for erin, and a forged approval is refused.
    expect(erin.get_by_role("button", name="Approve")).to_have_count(0)
    token = erin.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    forged = erin.request.post(
        f"{base}/claims/{claim.pk}/actions/approve/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/claims/{claim.pk}/"},
    )
    assert forged.status == 403
    assert not Review.objects.filter(reviewer=editor).exists()

    # bob finds it in his inbox and approves: that publishes the correction.
    bob_path.start(f"{base}/")
    bob.get_by_role("table", name="Claims waiting for my review").get_by_role("link").first.click()
    desk.take_action(bob, "Approve")
    assert desk.state_shown(bob) == "Published"
    expect(bob.get_by_role("status").get_by_role("link", name="See the public page")).to_be_visible()

    correction = Publication.objects.get(claim=claim, version=2)
    assert (correction.note, correction.note_kind, correction.published_by) == (NOTE, "correction", editor)
    assert correction.rating_label == "Mostly false"
    people = set(
        Transition.objects.filter(claim=claim, id__gt=_first_publish_id(claim)).values_list(
            "actor", flat=True
        )
    )
    assert people == {editor.pk, reviewer.pk}

    clicks = erin_path.clicks + bob_path.clicks
    print(f"\nclicks: erin {erin_path.clicks}, bob {bob_path.clicks}")
    print(f"page loads: erin {len(erin_path.page_loads)}, bob {len(bob_path.page_loads)}")
    assert (len(erin_path.clicks), len(bob_path.clicks)) == (5, 2), clicks
    assert len(clicks) <= 10
    assert (len(erin_path.page_loads), len(bob_path.page_loads)) == (4, 3)

    # The reader sees the corrected number and the note.
    reader, reader_watch = open_as()
    reader.goto(public_url)
    expect(reader.get_by_role("region", name="Corrections and updates")).to_contain_text(NOTE)
    expect(reader.locator("body")).to_contain_text("3.4 million")

    for watch in (erin_watch, bob_watch, reader_watch):
        watch.assert_clean()


def _first_publish_id(claim) -> int:
    return (
        Transition.objects.filter(claim=claim, action="publish")
        .order_by("id")
        .values_list("id", flat=True)[0]
    )
