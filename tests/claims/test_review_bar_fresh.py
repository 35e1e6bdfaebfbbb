"""The review bar never lets a reviewer vouch for a revision they did not read.

A reviewer reads the workspace while a fact-checker keeps working on the claim in place (htmx: the
evidence and rebuttal sections, on the fact-checker's own page). The reviewer's bar asks the server
every few seconds whether the revision it shows is still the claim's; once it moved on, it says so
and offers to read the new revision in place, keeping what was typed in the bar. A review posted
from the old revision anyway is refused in words, with the page showing the new revision and the
typed comment still in its field.
"""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import ClaimState, Review, Verdict
from evidence.models import Evidence
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def in_review(checker, reviewer, editor):
    return claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)


def revision_of(claim) -> int:
    return Verdict.objects.get(claim=claim).revision


def edit_evidence_in_place(client, claim, checker, excerpt: str) -> None:
    """What the fact-checker's page sends when she saves an evidence item in its section (htmx)."""
    evidence = Evidence.objects.get(claim=claim)
    client.force_login(checker)
    prefix = f"evidence-{evidence.pk}"
    data = {
        "stance": evidence.stance,
        "title": evidence.title,
        "kind": evidence.kind,
        "url": evidence.url,
        "source_name": "",
        "source_kind": "other",
        "excerpt": excerpt,
        "updated_at": evidence.updated_at.isoformat(),
    }
    response = client.post(
        reverse("claims:evidence:evidence-edit", args=[claim.pk, evidence.pk]),
        {f"{prefix}-{key}": value for key, value in data.items()},
        **HTMX,
    )
    assert response.status_code == 200 and "Evidence saved." in response.content.decode()


def bar_of(html: str) -> str:
    start = html.index('id="review-bar"')
    return html[start : html.index("</section>", start)]


def check_url(claim, revision) -> str:
    return f"{reverse('claims:review-bar-check', args=[claim.pk])}?revision={revision}"


def test_the_bar_asks_whether_its_revision_is_still_the_claims(client, in_review, reviewer, settings):
    settings.REVIEW_BAR_CHECK_SECONDS = 7
    client.force_login(reviewer)

    bar = bar_of(client.get(reverse("claims:workspace", args=[in_review.pk])).content.decode())

    revision = revision_of(in_review)
    check = re.search(r'<div id="review-bar-check"[^>]*>', bar).group(0)
    assert f'hx-get="{check_url(in_review, revision)}"' in check
    assert 'hx-trigger="every 7s"' in check and 'aria-live="polite"' in check


def test_while_nothing_changed_the_check_answers_nothing(
    client, in_review, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    client.get(reverse("claims:workspace", args=[in_review.pk]))  # the session is warm, as in a browser
    url = check_url(in_review, revision_of(in_review))

    with django_assert_num_queries(3):  # the session, the member, the claim's state and revision
        response = client.get(url, **HTMX)

    assert response.status_code == 204 and response.content == b""


def test_after_an_in_place_edit_the_reviewers_bar_learns_the_new_revision(
    client, in_review, checker, reviewer, django_assert_num_queries
):
    read = revision_of(in_review)
    edit_evidence_in_place(client, in_review, checker, "Steel exports fell 9.5 per cent.")
    client.force_login(reviewer)

    with django_assert_num_queries(3):
        response = client.get(check_url(in_review, read), **HTMX)

    # 286: htmx swaps the answer in and stops asking; the bar's forms still say what was read.
    assert response.status_code == 286
    html = response.content.decode()
    assert f"Revision {read + 1} is here" in html
    assert f"you were reading revision {read}" in html
    link = re.search(r"<a [^>]*>Read revision \d+</a>", html).group(0)
    assert f'hx-get="/claims/{in_review.pk}/?read_from={read}"' in link
    assert 'hx-target="#workspace"' in link and 'hx-swap="outerHTML"' in link
    assert f'href="/claims/{in_review.pk}/?read_from={read}#review-bar"' in link


def test_a_claim_that_left_review_is_said_too(client, in_review, reviewer, second_reviewer):
    read = revision_of(in_review)
    services.claim_transition(claim=in_review, action="approve", actor=second_reviewer)
    client.force_login(reviewer)

    response = client.get(check_url(in_review, read), **HTMX)

    assert response.status_code == 286
    assert "This claim is no longer in review: it is approved now." in response.content.decode()


def test_reading_the_new_revision_in_place_answers_the_workspace_alone(client, in_review, checker, reviewer):
    read = revision_of(in_review)
    edit_evidence_in_place(client, in_review, checker, "Steel exports fell 9.5 per cent.")
    client.force_login(reviewer)

    response = client.get(f"/claims/{in_review.pk}/?read_from={read}", HTTP_HX_TARGET="workspace", **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div class="workspace" id="workspace"')  # a part, not a page
    assert "<html" not in html
    assert f"Now showing revision {read + 1} (you were reading revision {read})" in html
    bar = bar_of(html)
    assert f"Your review of revision {read + 1}" in bar
    assert f'name="action-approve-revision" value="{read + 1}"' in bar
    assert "Steel exports fell 9.5 per cent." in html
    # What the reviewer typed survives the swap: htmx keeps these elements as they are in the page.
    assert re.search(r'<div class="field" id="action-request_changes-comment-field" hx-preserve', bar)
    assert re.search(
        r'<details class="review-bar__comment" id="action-approve-comment-field" hx-preserve', bar
    )


@pytest.mark.parametrize("action", ["approve", "request_changes"])
def test_a_review_of_a_stale_revision_is_refused_keeping_what_was_typed(
    client, in_review, checker, reviewer, action
):
    read = revision_of(in_review)
    edit_evidence_in_place(client, in_review, checker, "Steel exports fell 9.5 per cent.")
    client.force_login(reviewer)

    response = client.post(
        reverse("claims:action", args=[in_review.pk, action]),
        {f"action-{action}-revision": read, f"action-{action}-comment": "Cite table 3 for the 2023 figure."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    bar = bar_of(html)
    assert "The verdict changed while you were reading it" in bar and 'role="alert"' in bar
    assert f"it is at revision {read + 1} now, you read revision {read}" in bar
    assert "Cite table 3 for the 2023 figure.</textarea>" in bar  # nothing typed is lost
    assert f"Your review of revision {read + 1}" in bar
    assert f'name="action-{action}-revision" value="{read + 1}"' in bar
    assert "Steel exports fell 9.5 per cent." in html  # the page shows the revision now reviewed
    in_review.refresh_from_db()
    assert in_review.state == ClaimState.IN_REVIEW and not Review.objects.exists()

    again = client.post(
        reverse("claims:action", args=[in_review.pk, action]),
        {
            f"action-{action}-revision": read + 1,
            f"action-{action}-comment": "Cite table 3 for the 2023 figure.",
        },
    )
    assert again.status_code == 302
    assert Review.objects.get().revision == read + 1


def test_a_check_after_the_session_ended_says_so_and_stops_asking(client, in_review):
    url = check_url(in_review, revision_of(in_review))

    response = client.get(url, **HTMX)

    assert response.status_code == 286  # htmx stops polling
    assert "You are signed out." in response.content.decode()
    assert "<html" not in response.content.decode().lower()
    # Outside htmx, the usual way to the login page.
    assert client.get(url).status_code == 302
