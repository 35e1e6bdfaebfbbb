"""Undo in the workspace without a browser: "Removed. Undo" with htmx and without JavaScript, Restore in
the history for members who may edit, and removed items nowhere public."""

import pytest
from django.urls import reverse

from claims import services as claim_services
from claims.models import ClaimState
from evidence.models import Evidence
from evidence.services import evidence_delete, evidence_restore
from tests.api.conftest import token_for  # noqa: F401 (a fixture)
from tests.factories import add_evidence, claim_in_state, make_claim, write_verdict

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def writer(client, checker):
    client.force_login(checker)
    return client


def restore_url(claim, evidence):
    return reverse("claims:evidence:evidence-restore", args=[claim.pk, evidence.pk])


def test_with_htmx_the_section_says_removed_and_undo_puts_it_back(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Customs statistics")

    removed = writer.post(reverse("claims:evidence:evidence-remove", args=[claim.pk, evidence.pk]), **HTMX)

    html = removed.content.decode()
    assert "Evidence removed." in html and f'hx-post="{restore_url(claim, evidence)}"' in html
    assert "Customs statistics" not in html.split('id="evidence"')[1].split("</section>")[0]

    undone = writer.post(restore_url(claim, evidence), **HTMX)

    section = undone.content.decode().split('id="evidence"')[1].split("</section>")[0]
    assert "Evidence restored." in section and "Customs statistics" in section
    assert Evidence.objects.filter(pk=evidence.pk, claim=claim).exists()


def test_without_javascript_the_workspace_offers_undo_until_it_is_back(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Customs statistics")

    removed = writer.post(reverse("claims:evidence:evidence-remove", args=[claim.pk, evidence.pk]))

    assert removed["Location"] == f"/claims/{claim.pk}/?undo=evidence-{evidence.pk}#evidence"
    page = writer.get(removed["Location"]).content.decode()
    assert "Evidence removed." in page and f'action="{restore_url(claim, evidence)}"' in page
    restored = writer.post(restore_url(claim, evidence))
    assert restored["Location"] == f"/claims/{claim.pk}/#evidence-{evidence.pk}"
    # The same address again offers nothing: the evidence is back.
    assert f'action="{restore_url(claim, evidence)}"' not in writer.get(removed["Location"]).content.decode()
    # A second Undo (another tab) says so in words.
    again = writer.post(restore_url(claim, evidence), follow=True).content.decode()
    assert "This evidence is on the claim already: someone restored it." in again


def test_an_appearance_is_removed_and_put_back_without_javascript(writer, checker):
    claim = make_claim(
        author=checker, appearances=[{"url": "https://example.org/tv", "outlet": "Business TV"}]
    )
    appearance = claim.appearances.get()

    removed = writer.post(reverse("claims:appearance-remove", args=[claim.pk, appearance.pk]))

    assert removed["Location"] == f"/claims/{claim.pk}/?undo=appearance-{appearance.pk}#appearances"
    section = writer.get(removed["Location"]).content.decode().split('id="appearances"')[1]
    section = section.split("</section>")[0]
    assert "Appearance removed." in section and "Business TV" not in section
    url = reverse("claims:appearance-restore", args=[claim.pk, appearance.pk])
    assert f'action="{url}"' in section
    writer.post(url)
    assert claim.appearances.get().outlet == "Business TV"


def test_the_history_offers_restore_only_to_who_may_edit_and_only_for_what_is_gone(client, checker, reviewer):
    claim = make_claim(author=checker)
    kept = add_evidence(claim, actor=checker, title="Kept")
    gone = add_evidence(claim, actor=checker, title="Gone")
    evidence_delete(evidence=gone, actor=checker)
    evidence_delete(evidence=kept, actor=checker)
    evidence_restore(claim=claim, evidence_id=kept.pk, actor=checker)

    client.force_login(checker)
    history = client.get(f"/claims/{claim.pk}/").content.decode().split('id="history-title"')[1]
    assert history.count('class="inline restore"') == 1
    assert f'action="{restore_url(claim, gone)}"' in history
    client.force_login(reviewer)
    history = client.get(f"/claims/{claim.pk}/").content.decode().split('id="history-title"')[1]
    assert 'class="inline restore"' not in history
    refused = client.post(restore_url(claim, gone), **HTMX)  # htmx answers 200, with the refusal in words
    assert "Not done: Only fact-checkers and editors can change a claim" in refused.content.decode()
    assert not Evidence.objects.filter(pk=gone.pk).exists()


def test_removed_evidence_is_never_public_nor_in_the_api_and_a_published_claim_restores_nothing(
    client,
    checker,
    reviewer,
    editor,
    token_for,  # noqa: F811
):
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    add_evidence(claim, actor=checker, title="Customs statistics")
    gone = add_evidence(claim, actor=checker, title="A blog post")
    write_verdict(claim, actor=checker)
    evidence_delete(evidence=gone, actor=checker)

    api = token_for(checker).get(f"/api/v1/claims/{claim.pk}/").json()
    assert [item["title"] for item in api["evidence"]] == ["Customs statistics"]

    claim_services.claim_transition(claim=claim, action="submit", actor=checker)
    claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim_services.claim_transition(claim=claim, action="publish", actor=editor)
    slug = claim.publications.get().slug
    public = client.get(reverse("public-factcheck-detail", args=[slug])).content.decode()
    assert "Customs statistics" in public and "A blog post" not in public

    client.force_login(checker)
    history = client.get(f"/claims/{claim.pk}/").content.decode().split('id="history-title"')[1]
    assert 'class="inline restore"' not in history  # published: an editor revises first
    response = client.post(restore_url(claim, gone), follow=True)
    assert "an editor has to revise it before its content can change" in response.content.decode()
    assert not Evidence.objects.filter(pk=gone.pk).exists()
