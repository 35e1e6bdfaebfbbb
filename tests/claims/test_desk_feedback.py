"""The desk says what happened where the member is looking: refusals at the top of the section they
concern, actions not open yet with what they wait for, POST-only addresses that lead back, and text
saved as typed without the browser's line endings."""

import pytest
from django.urls import reverse

from claims import selectors
from claims.models import Claim, ClaimState, Verdict
from tests.claims.test_views import claim_form_data, verdict_data
from tests.factories import claim_in_state, make_claim, write_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "extra", "anchor"),
    [
        ("claims:action", ["approve"], ""),
        ("claims:verdict", [], "#verdict"),
        ("claims:verdict-preview", [], "#verdict"),
        ("claims:appearance-add", [], "#appearances"),
        ("claims:appearance-remove", [1], "#appearances"),
    ],
)
def test_a_post_only_address_opened_in_the_browser_leads_back_to_the_workspace(
    client, checker, name, extra, anchor
):
    claim = make_claim(author=checker)
    client.force_login(checker)

    response = client.get(reverse(name, args=[claim.pk, *extra]))

    assert response.status_code == 302
    assert response["Location"] == reverse("claims:workspace", args=[claim.pk]) + anchor
    assert client.put(reverse(name, args=[claim.pk, *extra])).status_code == 405


def test_a_refused_appearance_says_so_at_the_top_of_its_section_and_takes_the_focus(client, checker):
    claim = make_claim(author=checker)
    client.force_login(checker)

    response = client.post(
        reverse("claims:appearance-add", args=[claim.pk]),
        {"appearance-url": "bad url", "appearance-medium": "tv"},
    )

    html = response.content.decode()
    notice = html.index("Not added yet: the messages beside the fields below say what to change.")
    assert 'role="alert" tabindex="-1" autofocus>Not added yet' in html
    assert notice < html.index("Enter a valid URL.")
    assert 'value="bad url"' in html  # what was typed is still there


def test_a_refused_action_says_why_at_the_top_of_its_form(client, checker, editor):
    claim = make_claim(author=checker)
    client.force_login(editor)

    html = client.post(reverse("claims:action", args=[claim.pk, "dismiss"]), {}).content.decode()

    assert 'role="alert" tabindex="-1" autofocus>Not done yet:' in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_submit_not_open_yet_is_shown_with_what_it_waits_for(client, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    write_verdict(claim, actor=checker, conclusion="")
    client.force_login(checker)

    html = client.get(reverse("claims:workspace", args=[claim.pk])).content.decode()

    assert 'id="action-submit-waiting"' in html
    assert "Not yet: Before submitting, add" in html and "evidence" in html
    assert "No workflow action on this claim is yours" not in html
    assert 'id="action-submit"' not in html  # no form to send until it is complete


def test_text_typed_in_a_browser_is_saved_with_plain_newlines_and_an_unchanged_save_changes_nothing(
    client, checker
):
    claim = make_claim(author=checker)
    client.force_login(checker)
    analysis = "Customs data show a fall.\r\n\r\nThe ministry agrees."
    url = reverse("claims:verdict", args=[claim.pk])

    client.post(url, verdict_data(claim, revision=0, **{"verdict-analysis": analysis}))
    assert Verdict.objects.get().analysis == "Customs data show a fall.\n\nThe ministry agrees."
    client.post(
        url,
        verdict_data(
            claim, revision=1, **{"verdict-analysis": analysis, "verdict-headline": "A new headline"}
        ),
    )

    changed = [e for e in selectors.claim_timeline(claim=claim) if e["kind"] == "verdict" and e["changes"]]
    assert [sorted(e["changes"]) for e in changed] == [["headline", "revision"]]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("language", "English!!", "Use a language tag such as en, de or pt-BR."),
        ("text", "x" * 20_001, "Ensure this value has at most 20000 characters"),
    ],
)
def test_a_claim_logged_in_the_desk_is_held_to_the_apis_limits(client, checker, field, value, says):
    client.force_login(checker)

    html = client.post("/claims/new/", claim_form_data(**{field: value})).content.decode()

    assert f'id="id_{field}_error"' in html and says in html
    assert not Claim.objects.exists()


def test_a_new_claim_tells_its_logger_that_an_editor_assigns_it_first(client, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.NEW, checker=checker, reviewer=reviewer, editor=editor)
    client.force_login(checker)

    html = client.get(reverse("claims:workspace", args=[claim.pk])).content.decode()

    others = html.split('id="actions-others"')[1].split("</div>")[0]
    assert "<strong>Assign</strong>: an editor can do this." in others
    client.force_login(editor)
    html = client.get(reverse("claims:workspace", args=[claim.pk])).content.decode()
    assert 'id="action-assign"' in html and 'id="actions-others"' not in html  # the editor's own move


def test_a_claim_in_review_tells_its_writer_who_decides(client, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
    client.force_login(checker)

    html = client.get(reverse("claims:workspace", args=[claim.pk])).content.decode()

    others = html.split('id="actions-others"')[1].split("</div>")[0]
    assert (
        "<strong>Approve</strong>: a reviewer who did not write, last edit or submit the verdict can do this."
        in others
    )
