"""Review beside the content: a review keeps what its reviewer read, the reviewer sees word by word
what changed since (or since the last publication), and acts from a review bar that stays in view."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import ClaimState, Review, Verdict
from claims.selectors import claim_get_for_workspace, claim_review_changes
from evidence.services import evidence_update
from tests.factories import add_evidence, claim_in_state, write_verdict
from tests.workflow import publish_factcheck, revise

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ANALYSIS = " ".join(f"Paragraph word{i}." for i in range(300))


def in_review(checker, reviewer, editor):
    claim = claim_in_state(
        ClaimState.IN_REVIEW,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text="Steel imports doubled last year.",
    )
    return claim


def changes_for(claim, user):
    return claim_review_changes(claim=claim_get_for_workspace(pk=claim.pk), user=user)


def send_back_and_fix(claim, *, checker, reviewer):
    """The reviewer asks for changes; the fact-checker rewrites, adds and edits evidence, resubmits."""
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add 2023.")
    evidence = claim.evidence.get()
    write_verdict(
        claim,
        actor=checker,
        rating="Mostly false",
        conclusion="The numbers say otherwise: imports fell 8 per cent compared with 2023.",
        analysis=ANALYSIS.replace("word250.", "word250 (revised)."),
    )
    evidence_update(evidence=evidence, actor=checker, title="Customs statistics 2024")
    add_evidence(claim, actor=checker, title="Customs statistics 2023", stance="context", excerpt="Up 3%.")
    services.claim_update(claim=claim, actor=checker, text="Steel imports doubled in 2024.")
    services.claim_transition(claim=claim, action="submit", actor=checker)


def test_a_review_keeps_what_its_reviewer_read(checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)

    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add 2023.")

    content = Review.objects.get().content
    assert content["claim"] == {"text": "Steel imports doubled last year.", "summary": ""}
    assert content["verdict"]["rating"] == "False"
    assert content["verdict"]["conclusion"] == "The numbers say otherwise."
    assert content["verdict"]["revision"] == claim.verdict.revision
    assert [(e["title"], e["stance"]) for e in content["evidence"]] == [("Customs statistics", "refutes")]


def test_the_reviewer_sees_word_by_word_what_changed_since_their_last_review(checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    reviewed_revision = claim.verdict.revision
    write_verdict(claim, actor=checker, analysis=ANALYSIS)  # in review: a new revision, before the review
    reviewed_revision += 1
    send_back_and_fix(claim, checker=checker, reviewer=reviewer)

    changes = changes_for(claim, reviewer)

    assert (changes.base, changes.revision) == ("review", reviewed_revision)
    assert [c.label for c in changes.claim] == ["Statement"]
    assert changes.claim[0].diff.as_text() == "Steel imports doubled [-last year-]{+in 2024+}."
    verdict = {c.label: c.diff.as_text() for c in changes.verdict}
    assert verdict["Rating"] == "[-False-]{+Mostly false+}"
    assert verdict["Conclusion"] == (
        "The numbers say otherwise{+: imports fell 8 per cent compared with 2023+}."
    )
    # A change deep in a long analysis: shown with a few words around it, the rest collapsed.
    assert "word250{+ (revised)+}." in verdict["Analysis"]
    assert verdict["Analysis"].startswith("…") and verdict["Analysis"].endswith("…")
    assert len(verdict["Analysis"]) < 200
    assert "Headline" not in verdict  # unchanged
    evidence = [
        (e.status, e.title, [(c.label, c.diff.as_text()) for c in e.changes]) for e in changes.evidence
    ]
    assert evidence == [  # by stance, as the workspace groups them
        ("added", "Customs statistics 2023", []),
        ("changed", "Customs statistics 2024", [("Title", "Customs statistics{+ 2024+}")]),
    ]


def test_one_who_never_reviewed_it_compares_with_the_last_publication(
    checker, reviewer, second_reviewer, editor
):
    claim = publish_factcheck(checker=checker, reviewer=reviewer, editor=editor, analysis="Imports fell.")
    revise(claim, checker=checker, editor=editor, rating="Half true", conclusion="Imports rose a little.")
    services.claim_transition(claim=claim, action="submit", actor=checker)

    changes = changes_for(claim, second_reviewer)

    assert (changes.base, changes.version) == ("publication", 1)
    verdict = {c.label: c.diff.as_text() for c in changes.verdict}
    assert verdict["Rating"] == "[-False-]{+Half true+}"
    assert verdict["Conclusion"] == "[-The numbers say otherwise-]{+Imports rose a little+}."
    assert changes.evidence == [] and changes.evidence_unchanged == 1


def test_nothing_to_compare_with_before_any_review_or_publication(checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    assert changes_for(claim, reviewer) is None


def test_a_review_written_before_reviews_kept_their_content_says_so(checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add 2023.")
    Review.objects.update(content={})  # as migrated: earlier reviews kept nothing
    services.claim_transition(claim=claim, action="submit", actor=checker)

    changes = changes_for(claim, reviewer)

    assert changes.is_unknown and not changes.changed


def test_the_changes_cost_no_query_on_the_workspace_claim(checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    send_back_and_fix(claim, checker=checker, reviewer=reviewer)
    loaded = claim_get_for_workspace(pk=claim.pk)

    with CaptureQueriesContext(connection) as queries:
        changes = claim_review_changes(claim=loaded, user=reviewer)

    assert changes.changed
    assert len(queries) == 0


# --- The page -----------------------------------------------------------------------------


@pytest.fixture
def page_of(client):
    def get(user, claim, **kwargs):
        client.force_login(user)
        return client.get(reverse("claims:workspace", args=[claim.pk]), **kwargs).content.decode()

    return get


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_the_reviewer_acts_from_the_review_bar_and_sees_the_changes_first(page_of, checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    send_back_and_fix(claim, checker=checker, reviewer=reviewer)

    html = page_of(reviewer, claim)

    bar = section(html, "review-bar")
    assert re.findall(r'action="/claims/\d+/actions/([a-z_]+)/"', bar) == ["request_changes", "approve"]
    revision = Verdict.objects.get(claim=claim).revision
    assert re.search(rf'name="action-approve-revision" value="{revision}"', bar)
    assert f"Your review of revision {revision}" in bar
    assert '<label for="id_action-request_changes-comment">What needs to change</label>' in bar
    # The header points to the bar instead of holding the same forms.
    actions = section(html, "actions")
    assert "/actions/approve/" not in actions
    assert 'href="#review-bar"' in actions
    # The bar comes after the verdict in the page (it sticks to the bottom while reading).
    assert html.index('id="verdict"') < html.index('id="review-bar"')
    changes = section(html, "review-changes")
    assert html.index('id="review-changes"') < html.index('id="verdict"')
    assert "What changed since you reviewed revision" in changes
    assert '<del><span class="visually-hidden">removed: </span>False</del>' in changes
    assert '<ins><span class="visually-hidden">added: </span>Mostly false</ins>' in changes


def test_the_author_has_no_review_bar(page_of, checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    html = page_of(checker, claim)
    assert 'id="review-bar"' not in html and 'id="review-changes"' not in html


def test_content_in_the_diff_is_escaped(page_of, checker, reviewer, editor):
    claim = in_review(checker, reviewer, editor)
    services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="More.")
    write_verdict(claim, actor=checker, conclusion=f"Now {HOSTILE} here.")
    services.claim_transition(claim=claim, action="submit", actor=checker)

    changes = section(page_of(reviewer, claim), "review-changes")

    assert "<script>" not in changes and "<img" not in changes
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in changes


def test_request_changes_from_the_bar_without_a_comment_says_so_beside_the_field(
    client, checker, reviewer, editor
):
    claim = in_review(checker, reviewer, editor)
    client.force_login(reviewer)

    response = client.post(
        reverse("claims:action", args=[claim.pk, "request_changes"]),
        {"action-request_changes-comment": " ", "action-request_changes-revision": claim.verdict.revision},
    )

    bar = section(response.content.decode(), "review-bar")
    assert 'id="id_action-request_changes-comment_error"' in bar
    assert 'role="alert"' in bar
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
