"""The claim desk's pages through Django's test client: what they show, what they refuse, in words."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import selectors, services
from claims.models import Claim, Claimant, ClaimState, Publication, Transition, Verdict
from claims.selectors import rating_get
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, make_claim, write_verdict

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def workspace(claim):
    return reverse("claims:workspace", args=[claim.pk])


def action_url(claim, name):
    return reverse("claims:action", args=[claim.pk, name])


def buttons(html: str) -> list[str]:
    """The workflow actions the workspace offers a form (and a button) for, in order."""
    return re.findall(r'<form method="post" action="/claims/\d+/actions/([a-z_]+)/"', html)


@pytest.fixture
def logged_in(client):
    def as_member(user):
        client.force_login(user)
        return client

    return as_member


# --- Login and home ----------------------------------------------------------------


def test_desk_pages_need_a_login(client, checker):
    claim = make_claim(author=checker)
    # "/" is the desk for members and the public home for visitors (test_publishing_eyes_open.py).
    for url in ["/claims/", "/claims/new/", workspace(claim)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_home_shows_my_queue_overdue_first(logged_in, checker, reviewer, editor):
    today = timezone.localdate()
    later = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, text="Later"
    )
    late = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, text="Late"
    )
    services.claim_update(claim=later, actor=editor, due_on=today + datetime.timedelta(days=20))
    services.claim_update(claim=late, actor=editor, due_on=today - datetime.timedelta(days=1))
    make_claim(author=checker, text="Nobody's claim")

    html = logged_in(checker).get("/").content.decode()

    queue = html.split('id="queue-title"')[1].split("</section>")[0]
    assert queue.index("Late") < queue.index("Later")
    assert "Overdue" in queue and "1 overdue" in queue
    assert "Nobody&#x27;s claim" not in queue
    assert "Review inbox" not in html  # not a reviewer
    assert "Approved, waiting to publish" not in html  # not an editor


def test_review_inbox_lists_what_this_reviewer_may_review(logged_in, settings, checker, reviewer, editor):
    waiting = claim_in_state(
        ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor, text="Wait"
    )
    reviewed = claim_in_state(
        ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor, text="Done"
    )
    services.claim_transition(claim=reviewed, action="request_changes", actor=reviewer, comment="Sources?")
    services.claim_transition(claim=reviewed, action="submit", actor=checker)
    with_approval = claim_in_state(
        ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor, text="Mine already"
    )
    settings.REQUIRED_APPROVALS = 2  # bob's approval alone leaves it in review
    services.claim_transition(claim=with_approval, action="approve", actor=reviewer)

    inbox = logged_in(reviewer).get("/").content.decode().split('id="inbox-title"')[1].split("</section>")[0]

    assert "Wait" in inbox and "Done" in inbox  # resubmitted: a new revision to review
    assert "Mine already" not in inbox  # already approved this revision
    assert waiting.text in inbox


def test_editor_sees_approved_claims_waiting_and_counts_by_state(logged_in, checker, reviewer, editor):
    claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor, text="Ready to go")
    make_claim(author=checker, text="Fresh one")

    html = logged_in(editor).get("/").content.decode()

    approved = html.split('id="approved-title"')[1].split("</section>")[0]
    assert "Ready to go" in approved
    new = html.split('id="new-title"')[1].split("</section>")[0]
    assert "Fresh one" in new
    assert re.search(r"<strong>1</strong> Approved", html)
    assert re.search(r"<strong>1</strong> New", html)


def test_logging_out_returns_to_the_login_page(logged_in, checker):
    client = logged_in(checker)
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in html and 'name="next" value="/accounts/login/"' in html
    response = client.post("/accounts/logout/", {"next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 200  # the public home (tests/claims/test_publishing_eyes_open.py)


def test_navigation_shows_what_the_role_can_use(logged_in, checker, reviewer):
    assert "Log a claim" in logged_in(checker).get("/").content.decode()
    assert "Log a claim" not in logged_in(reviewer).get("/").content.decode()


# --- The claim list ------------------------------------------------------------------


def test_claim_list_searches_filters_and_sorts(logged_in, checker, reviewer, editor):
    steel = make_claim(author=checker, text="Korea dumps steel on the U.S. market.")
    make_claim(author=checker, text="Electricity is almost free in Japan.")
    researching = claim_in_state(
        ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor, text="Tariffs doubled."
    )
    client = logged_in(checker)

    found = client.get("/claims/", {"q": "steel"}).content.decode()
    assert steel.text in found and "Electricity" not in found

    by_state = client.get("/claims/", {"state": "researching"}).content.decode()
    assert researching.text in by_state and steel.text not in by_state

    by_claimant = client.get("/claims/", {"claimant": steel.claimant_id}).content.decode()
    assert steel.text in by_claimant and researching.text not in by_claimant

    oldest = client.get("/claims/", {"sort": "oldest"}).content.decode()
    assert oldest.index("Korea dumps") < oldest.index("Tariffs doubled")
    newest = client.get("/claims/").content.decode()
    assert newest.index("Tariffs doubled") < newest.index("Korea dumps")


def test_claim_list_paginates_and_keeps_the_filters(logged_in, checker):
    claimant = ClaimantFactory()
    for n in range(30):
        make_claim(author=checker, claimant=claimant, text=f"Numbered claim {n}.")
    client = logged_in(checker)

    first = client.get("/claims/", {"q": "numbered"}).content.decode()
    assert "Page 1 of 2" in first
    assert "q=numbered&amp;page=2" in first
    second = client.get("/claims/", {"q": "numbered", "page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert second.count('class="claim-text"') == 5


def test_claim_list_ignores_and_names_bad_filters(logged_in, checker):
    make_claim(author=checker, text="Still listed.")
    response = logged_in(checker).get(
        "/claims/",
        {
            "state": "nonsense",
            "claimant": "abc",
            "assignee": "99999999999999999999",
            "page": "zzz",
            "sort": "x",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Still listed." in html
    assert 'id="id_state_error"' in html and 'id="id_claimant_error"' in html
    assert 'id="id_assignee_error"' in html


# --- Logging a claim -----------------------------------------------------------------


def claim_form_data(**overrides):
    return {
        "text": "China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
        "summary": "Asian countries give away electricity and dump steel in the U.S.",
        "claimant": "",
        "claimant_name": "Howard Lutnick",
        "claimant_title": "U.S. Secretary of Commerce",
        "claimant_kind": "person",
        "claimed_on": "2025-07-15",
        "language": "en",
        "topics": "Trade, steel",
        "appearance_url": "https://example.org/interview",
        "appearance_outlet": "CNBC",
        "appearance_medium": "tv",
        "appearance_on": "2025-07-15",
    } | overrides


def test_logging_a_claim_with_a_new_claimant_and_its_first_appearance(logged_in, checker):
    response = logged_in(checker).post("/claims/new/", claim_form_data())

    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == workspace(claim)
    assert claim.claimant.name == "Howard Lutnick" and claim.claimant.title == "U.S. Secretary of Commerce"
    assert claim.topics == ["trade", "steel"]
    assert claim.claimed_on == datetime.date(2025, 7, 15)
    first = claim.appearances.get()
    assert first.is_first and first.outlet == "CNBC" and first.medium == "tv"


def test_a_fact_checker_logs_a_claim_and_takes_it_in_one_step(logged_in, checker):
    form_page = logged_in(checker).get("/claims/new/").content.decode()
    assert re.search(r'<input type="checkbox" name="assign_to_me"[^>]*checked', form_page)

    response = logged_in(checker).post("/claims/new/", claim_form_data(assign_to_me="on"), follow=True)

    claim = Claim.objects.get()
    assert (claim.state, claim.assignee) == (ClaimState.RESEARCHING, checker)
    taken = Transition.objects.get(claim=claim)
    assert (taken.action, taken.actor, taken.from_state) == ("take", checker, ClaimState.NEW)
    assert "Claim logged and assigned to you." in response.content.decode()


def test_an_editor_logs_for_the_desk_unless_she_ticks_assign_to_me(logged_in, editor):
    form_page = logged_in(editor).get("/claims/new/").content.decode()
    assert re.search(r'<input type="checkbox" name="assign_to_me"', form_page)
    assert not re.search(r'<input type="checkbox" name="assign_to_me"[^>]*checked', form_page)

    logged_in(editor).post("/claims/new/", claim_form_data())

    claim = Claim.objects.get()
    assert (claim.state, claim.assignee) == (ClaimState.NEW, None)
    assert not Transition.objects.filter(claim=claim).exists()


def test_logging_a_claim_for_an_existing_claimant(logged_in, checker):
    claimant = ClaimantFactory(name="Korean Ministry of Trade")
    logged_in(checker).post(
        "/claims/new/", claim_form_data(claimant=claimant.pk, claimant_name="", appearance_url="")
    )
    claim = Claim.objects.get()
    assert claim.claimant == claimant
    assert Claimant.objects.count() == 1
    assert claim.appearances.get().outlet == "CNBC"


def test_bad_claim_input_sits_beside_the_field_and_keeps_what_was_typed(logged_in, checker):
    response = logged_in(checker).post(
        "/claims/new/",
        claim_form_data(summary="x" * 80, claimant_name="", appearance_url="not a url"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert Claim.objects.count() == 0
    assert re.search(r'id="id_summary_error"[^>]*><li>Ensure this value has at most 75 characters', html)
    assert 'id="id_claimant_error"' in html and "Pick a claimant" in html
    assert 'id="id_appearance_url_error"' in html
    assert "dump steel to the U.S." in html  # the statement as typed
    assert 'value="not a url"' in html
    assert 'aria-invalid="true"' in html


def test_a_reviewer_cannot_log_claims(logged_in, reviewer):
    response = logged_in(reviewer).post("/claims/new/", claim_form_data())
    assert response.status_code == 403
    assert "Only fact-checkers and editors" in response.content.decode()
    assert Claim.objects.count() == 0
    assert Claimant.objects.count() == 0  # nothing half-written


def test_summary_counter_is_rendered_with_maxlength(logged_in, checker):
    html = logged_in(checker).get("/claims/new/").content.decode()
    assert 'maxlength="75"' in html
    assert 'data-count-for="id_summary"' in html and "0 of 75 characters" in html


# --- The workspace ----------------------------------------------------------------------


def test_workspace_offers_exactly_the_available_actions(logged_in, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)

    assert buttons(logged_in(checker).get(workspace(claim)).content.decode()) == []
    assert buttons(logged_in(reviewer).get(workspace(claim)).content.decode()) == [
        "request_changes",
        "approve",
    ]
    assert buttons(logged_in(editor).get(workspace(claim)).content.decode()) == []

    new = make_claim(author=checker)
    assert buttons(logged_in(editor).get(workspace(new)).content.decode()) == ["assign", "take", "dismiss"]


def test_a_forged_approve_by_the_author_is_refused_in_words(logged_in, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)

    response = logged_in(checker).post(action_url(claim, "approve"), {})

    assert response.status_code == 403
    assert "Only a reviewer can review a verdict." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW


def test_request_changes_without_a_comment_asks_for_one_beside_the_field(
    logged_in, checker, reviewer, editor
):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    client = logged_in(reviewer)

    response = client.post(action_url(claim, "request_changes"), {"action-request_changes-comment": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_action-request_changes-comment_error"' in html
    assert "needs a comment saying what to change" in html
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW

    response = client.post(
        action_url(claim, "request_changes"), {"action-request_changes-comment": "Cite it."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.RESEARCHING
    page = client.get(workspace(claim)).content.decode()
    assert "Cite it." in page and "Request changes: done" in page


def test_assign_and_a_wrong_state_refusal(logged_in, checker, editor):
    claim = make_claim(author=checker)
    client = logged_in(editor)
    response = client.post(action_url(claim, "assign"), {"action-assign-assignee": checker.pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.RESEARCHING and claim.assignee == checker

    response = client.post(action_url(claim, "reopen"), {}, follow=True)
    assert "“Reopen” needs it to be dismissed" in response.content.decode()


def test_second_publication_needs_a_note_beside_the_field(logged_in, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    services.claim_transition(claim=claim, action="revise", actor=editor)
    write_verdict(claim, actor=checker, conclusion="Corrected numbers.")
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    client = logged_in(editor)

    html = client.get(workspace(claim)).content.decode()
    assert 'name="action-publish-note"' in html

    response = client.post(action_url(claim, "publish"), {"action-publish-note_kind": "correction"})
    assert 'id="id_action-publish-note_error"' in response.content.decode()
    assert Publication.objects.filter(claim=claim).count() == 1

    client.post(
        action_url(claim, "publish"),
        {"action-publish-note_kind": "correction", "action-publish-note": "We corrected the 2024 figure."},
    )
    latest = Publication.objects.filter(claim=claim).order_by("-version").first()
    assert latest.version == 2 and latest.note_kind == "correction"
    assert "We corrected the 2024 figure." in client.get(workspace(claim)).content.decode()


def test_hostile_text_is_shown_as_text_in_the_workspace_and_lists(logged_in, checker, reviewer, editor):
    claimant = ClaimantFactory(name=HOSTILE)
    claim = make_claim(author=checker, claimant=claimant, text=f"Claim {HOSTILE}", summary="<b>bold</b>")
    add_evidence(claim, actor=checker, title=HOSTILE, excerpt=HOSTILE)
    write_verdict(claim, actor=checker, headline=HOSTILE, analysis=f"# Heading\n\n{HOSTILE} **fine**")
    client = logged_in(reviewer)

    for url in [workspace(claim), "/claims/", "/"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html
        assert "onerror=alert(1)" not in html.replace("onerror=alert(1)&gt;", "")
    html = client.get(workspace(claim)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<strong>fine</strong>" in html  # the analysis is Markdown, sanitised
    assert "<h3>Heading</h3>" in html


# --- Verdict editing and conflicts ------------------------------------------------------


def verdict_data(claim, *, revision, rating="False", **overrides):
    return {
        "verdict-rating": rating_get(label=rating).pk if rating else "",
        "verdict-headline": "Not what the data show",
        "verdict-conclusion": "Imports fell.",
        "verdict-analysis": "Customs data **show** a fall.",
        "verdict-expected_revision": revision,
    } | overrides


def test_saving_a_verdict_and_previewing_without_javascript(logged_in, checker):
    claim = make_claim(author=checker)
    client = logged_in(checker)

    preview = client.post(
        reverse("claims:verdict", args=[claim.pk]),
        verdict_data(
            claim, revision=0, **{"preview": "1", "verdict-analysis": "A **strong** <script>x</script>"}
        ),
    )
    assert "A <strong>strong</strong>" in preview.content.decode()
    assert "<script>x" not in preview.content.decode()
    assert not Verdict.objects.exists()

    response = client.post(reverse("claims:verdict", args=[claim.pk]), verdict_data(claim, revision=0))
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert verdict.rating.label == "False" and verdict.conclusion == "Imports fell."


def test_verdict_preview_endpoint_sanitises(logged_in, checker):
    claim = make_claim(author=checker)
    response = logged_in(checker).post(
        reverse("claims:verdict-preview", args=[claim.pk]),
        {"verdict-analysis": '[x](javascript:alert(1)) <img src=x onerror="alert(1)"> *ok*'},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<em>ok</em>" in html
    assert "javascript:" not in html and "onerror" not in html and "<img" not in html


def test_a_stale_verdict_shows_both_versions_and_keeps_what_was_typed(logged_in, checker, other_checker):
    claim = make_claim(author=checker)
    write_verdict(claim, actor=checker, conclusion="First draft.")
    # Someone else saves while the first writer is still typing on revision 1.
    write_verdict(claim, actor=other_checker, conclusion="Their newer conclusion.")
    client = logged_in(checker)

    response = client.post(
        reverse("claims:verdict", args=[claim.pk]),
        verdict_data(claim, revision=1, **{"verdict-conclusion": "My careful rewrite."}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this verdict" in html
    assert "Their newer conclusion." in html  # theirs
    assert "My careful rewrite." in html  # mine, still in the form
    assert 'name="verdict-expected_revision" value="2"' in html
    assert Verdict.objects.get().conclusion == "Their newer conclusion."

    # Saving again from their revision is a deliberate overwrite.
    client.post(
        reverse("claims:verdict", args=[claim.pk]),
        verdict_data(claim, revision=2, **{"verdict-conclusion": "My careful rewrite."}),
    )
    assert Verdict.objects.get().conclusion == "My careful rewrite."


def claim_edit_data(claim, started_from: str) -> dict:
    return {
        "text": "My corrected statement.",
        "summary": "",
        "claimant": claim.claimant_id,
        "language": "en",
        "topics": "",
        "updated_at": started_from,
    }


def test_a_stale_claim_edit_shows_both_versions(logged_in, checker, other_checker):
    claim = make_claim(author=checker, text="Original statement.")
    client = logged_in(checker)
    form = client.get(reverse("claims:edit", args=[claim.pk])).content.decode()
    started_from = re.search(r'name="updated_at" value="([^"]+)"', form).group(1)
    services.claim_update(claim=claim, actor=other_checker, text="Their corrected statement.")

    data = claim_edit_data(claim, started_from)
    html = client.post(reverse("claims:edit", args=[claim.pk]), data).content.decode()

    assert "Someone else changed this claim" in html
    assert "Their corrected statement." in html and "My corrected statement." in html
    claim.refresh_from_db()
    assert claim.text == "Their corrected statement."

    fresh = re.search(r'name="updated_at" value="([^"]+)"', html).group(1)
    response = client.post(reverse("claims:edit", args=[claim.pk]), data | {"updated_at": fresh})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "My corrected statement."


def test_appearances_are_added_and_removed(logged_in, checker):
    claim = make_claim(author=checker)
    client = logged_in(checker)

    bad = client.post(reverse("claims:appearance-add", args=[claim.pk]), {"appearance-medium": "tv"})
    assert 'id="id_appearance-url_error"' in bad.content.decode()

    client.post(
        reverse("claims:appearance-add", args=[claim.pk]),
        {"appearance-outlet": "KBS", "appearance-medium": "tv", "appearance-is_first": "on"},
    )
    appearance = claim.appearances.get()
    assert appearance.outlet == "KBS" and appearance.is_first
    client.post(reverse("claims:appearance-remove", args=[claim.pk, appearance.pk]))
    assert not claim.appearances.exists()


def test_unknown_claims_and_actions_are_404(logged_in, checker):
    client = logged_in(checker)
    assert client.get("/claims/999999/").status_code == 404
    claim = make_claim(author=checker)
    assert client.post(f"/claims/{claim.pk}/actions/explode/").status_code == 404


def test_workspace_costs_the_same_queries_with_more_evidence(logged_in, checker):
    claim = make_claim(author=checker)
    write_verdict(claim, actor=checker, rating="False")
    add_evidence(claim, actor=checker)
    client = logged_in(checker)
    client.get(workspace(claim))  # once, so per-process caches (matching's word statistics) are warm

    with CaptureQueriesContext(connection) as few:
        client.get(workspace(claim))
    for n in range(8):
        add_evidence(
            claim, actor=checker, title=f"More {n}", stance=["supports", "refutes", "context"][n % 3]
        )
    with CaptureQueriesContext(connection) as many:
        client.get(workspace(claim))
    assert len(many) == len(few)


def test_the_changes_requested_banner_costs_no_query_of_its_own(
    logged_in, checker, reviewer, editor, django_assert_num_queries
):
    """The workspace's claim holds its transitions: the banner reads them rather than asking again."""
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    services.claim_transition(
        claim=claim, action="request_changes", actor=reviewer, comment="Source the tariff."
    )

    loaded = selectors.claim_get_for_workspace(pk=claim.pk)
    with django_assert_num_queries(0):
        returned = selectors.claim_changes_requested(claim=loaded)
    assert (returned.action, returned.actor, returned.comment) == (
        "request_changes",
        reviewer,
        "Source the tariff.",
    )
    plain = Claim.objects.get(pk=claim.pk)
    with django_assert_num_queries(1):  # a claim loaded without its transitions asks once
        assert selectors.claim_changes_requested(claim=plain).pk == returned.pk

    html = logged_in(checker).get(workspace(claim)).content.decode()
    assert 'id="changes-requested"' in html and f"by {reviewer.get_username()}" in html


def test_workspace_shows_claims_possibly_already_checked(logged_in, checker):
    text = "China, Japan and Korea provide electricity almost for free and dump steel in the United States."
    earlier = make_claim(author=checker, text=text)
    later = make_claim(author=checker, text=text)

    html = logged_in(checker).get(workspace(later)).content.decode()

    panel = html.split("Possibly already checked")[1].split("</section>")[0]
    assert f'href="/claims/{earlier.pk}/"' in panel


@pytest.mark.parametrize(
    "started_from",
    ["not a time", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-23:59", "2026-01-01T00:00:00+23:59"],
)
def test_a_claim_edit_from_a_tampered_version_is_refused_not_a_500(logged_in, checker, started_from):
    claim = make_claim(author=checker, text="Original statement.")
    client = logged_in(checker)
    response = client.post(reverse("claims:edit", args=[claim.pk]), claim_edit_data(claim, started_from))

    assert response.status_code == 200
    html = response.content.decode()
    assert "My corrected statement." in html  # what was typed is kept
    assert "Someone else changed this claim" in html or "reload it and make your change again" in html
    claim.refresh_from_db()
    assert claim.text == "Original statement."


@pytest.mark.parametrize("revision", ["two", "-1", "99999999999999999999"])
def test_a_verdict_from_a_tampered_revision_is_refused_and_the_text_kept(logged_in, checker, revision):
    claim = make_claim(author=checker)
    client = logged_in(checker)

    response = client.post(
        reverse("claims:verdict", args=[claim.pk]),
        verdict_data(claim, revision=revision, **{"verdict-conclusion": "Kept while refused."}),
    )

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "reload it and make your change again" in html or "Someone else changed this verdict" in html
    assert "Kept while refused." in html
    assert not Verdict.objects.filter(claim=claim).exists()
