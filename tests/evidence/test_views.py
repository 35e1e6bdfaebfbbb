"""Evidence and rebuttals in the workspace: in place with htmx, and plain POSTs without JavaScript."""

import pytest
from django.urls import reverse

from claims.models import ClaimState
from evidence.models import Evidence, Rebuttal, Source
from tests.factories import add_evidence, claim_in_state, make_claim

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def url(name, claim, *args):
    return reverse(f"claims:evidence:{name}", args=[claim.pk, *args])


def evidence_data(prefix="evidence", **overrides):
    data = {
        "stance": "refutes",
        "title": "Korean customs statistics 2024",
        "kind": "dataset",
        "url": "https://example.org/customs",
        "source_name": "Korea Customs Service",
        "source_kind": "official_statistics",
        "excerpt": "Steel exports to the U.S. fell 8 per cent.",
    } | overrides
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.fixture
def writer(client, checker):
    client.force_login(checker)
    return client


def test_adding_evidence_without_javascript_comes_back_to_the_workspace(writer, checker):
    claim = make_claim(author=checker)

    response = writer.post(url("evidence-add", claim), evidence_data())

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#evidence"
    evidence = Evidence.objects.get()
    assert evidence.stance == "refutes" and evidence.source.name == "Korea Customs Service"
    assert evidence.source.kind == "official_statistics" and evidence.added_by == checker
    page = writer.get(f"/claims/{claim.pk}/").content.decode()
    assert "Korean customs statistics 2024" in page and "Evidence added." in page


def test_adding_evidence_with_htmx_answers_with_the_section_and_the_header(writer, checker):
    claim = make_claim(author=checker)

    response = writer.post(url("evidence-add", claim), evidence_data(), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="evidence"')
    assert "Korean customs statistics 2024" in html and "Evidence added." in html
    assert 'id="claim-header" class="claim-header" hx-swap-oob="true"' in html
    assert "<html" not in html
    assert 'rel="noopener noreferrer"' in html
    assert 'data-archive-status="pending"' in html


def test_bad_evidence_input_sits_beside_the_field_and_keeps_what_was_typed(writer, checker):
    claim = make_claim(author=checker)

    for headers in ({}, HTMX):
        response = writer.post(
            url("evidence-add", claim),
            evidence_data(url="", offline_reference="", title="Typed title stays"),
            **headers,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_evidence-url_error"' in html
        assert "Give a URL, or an offline reference" in html
        assert 'value="Typed title stays"' in html
        assert '<details class="add" open>' in html
    assert not Evidence.objects.exists()

    response = writer.post(url("evidence-add", claim), evidence_data(stance="", url="nope"), **HTMX)
    html = response.content.decode()
    assert 'id="id_evidence-stance_error"' in html and 'id="id_evidence-url_error"' in html


def test_editing_evidence_in_place(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Old title")

    form = writer.get(url("evidence-edit", claim, evidence.pk), **HTMX).content.decode()
    assert form.lstrip().startswith(f'<form id="evidence-{evidence.pk}"')
    assert 'value="Old title"' in form

    cancel = writer.get(url("evidence-item", claim, evidence.pk), **HTMX).content.decode()
    assert f'<article class="item" id="evidence-{evidence.pk}"' in cancel

    prefix = f"evidence-{evidence.pk}"
    bad = writer.post(url("evidence-edit", claim, evidence.pk), evidence_data(prefix, title=""), **HTMX)
    assert f'id="id_{prefix}-title_error"' in bad.content.decode()

    saved = writer.post(
        url("evidence-edit", claim, evidence.pk),
        evidence_data(prefix, title="New title", stance="context"),
        **HTMX,
    )
    assert "Evidence saved." in saved.content.decode()
    evidence.refresh_from_db()
    assert evidence.title == "New title" and evidence.stance == "context"


def test_editing_without_javascript_shows_the_form_in_the_workspace(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Old title")

    page = writer.get(url("evidence-edit", claim, evidence.pk)).content.decode()
    assert "<!doctype html>" in page and f'<form id="evidence-{evidence.pk}"' in page

    response = writer.post(url("evidence-edit", claim, evidence.pk), evidence_data(f"evidence-{evidence.pk}"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#evidence-{evidence.pk}")
    assert writer.get(url("evidence-item", claim, evidence.pk)).status_code == 302


def test_removing_evidence(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker)

    html = writer.post(url("evidence-remove", claim, evidence.pk), **HTMX).content.decode()

    assert "Evidence removed." in html
    assert not Evidence.objects.exists()


def test_evidence_of_another_claim_is_404(writer, checker):
    claim, other = make_claim(author=checker), make_claim(author=checker)
    evidence = add_evidence(other, actor=checker)
    assert writer.get(url("evidence-edit", claim, evidence.pk)).status_code == 404
    assert writer.post(url("evidence-remove", claim, evidence.pk)).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_reviewer_cannot_add_evidence(client, checker, reviewer):
    claim = make_claim(author=checker)
    client.force_login(reviewer)

    response = client.post(url("evidence-add", claim), evidence_data())
    assert response.status_code == 403
    assert "Only fact-checkers and editors can change a claim" in response.content.decode()

    htmx = client.post(url("evidence-add", claim), evidence_data(), **HTMX)
    assert "Not done: Only fact-checkers and editors" in htmx.content.decode()
    assert not Evidence.objects.exists()
    assert not Source.objects.filter(name="Korea Customs Service").exists()


def test_published_claims_refuse_evidence_changes_in_words(writer, checker, reviewer, editor):
    claim = claim_in_state(ClaimState.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    evidence = claim.evidence.get()

    response = writer.post(url("evidence-remove", claim, evidence.pk), follow=True)

    assert "This fact-check is published" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_adding_evidence_changes_the_actions_offered(writer, checker, editor):
    from claims import services
    from tests.factories import write_verdict

    claim = make_claim(author=checker)
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    write_verdict(claim, actor=checker)
    assert 'actions/submit/"' not in writer.get(f"/claims/{claim.pk}/").content.decode()

    html = writer.post(url("evidence-add", claim), evidence_data(), **HTMX).content.decode()

    header = html.split('id="claim-header"')[1]
    assert 'actions/submit/"' in header


def test_rebuttals_are_added_edited_and_removed(writer, checker):
    claim = make_claim(author=checker)
    data = {
        "rebuttal-party": "Korean Ministry of Trade",
        "rebuttal-kind": "denial",
        "rebuttal-statement": "This is not factual.",
        "rebuttal-url": "https://example.org/ministry",
        "rebuttal-stated_on": "2025-07-16",
    }

    added = writer.post(url("rebuttal-add", claim), data, **HTMX).content.decode()
    assert added.lstrip().startswith('<section id="rebuttals"') and "This is not factual." in added
    rebuttal = Rebuttal.objects.get()

    bad = writer.post(url("rebuttal-add", claim), data | {"rebuttal-statement": ""}, **HTMX).content.decode()
    assert 'id="id_rebuttal-statement_error"' in bad and 'value="Korean Ministry of Trade"' in bad

    prefix = f"rebuttal-{rebuttal.pk}"
    edit = {key.replace("rebuttal-", f"{prefix}-"): value for key, value in data.items()}
    writer.post(
        url("rebuttal-edit", claim, rebuttal.pk), edit | {f"{prefix}-statement": "Not factual at all."}
    )
    rebuttal.refresh_from_db()
    assert rebuttal.statement == "Not factual at all."

    response = writer.post(url("rebuttal-remove", claim, rebuttal.pk))
    assert response.status_code == 302 and response["Location"].endswith("#rebuttals")
    assert not Rebuttal.objects.exists()


def test_hostile_evidence_and_rebuttals_show_as_text(writer, checker):
    claim = make_claim(author=checker)
    add_evidence(claim, actor=checker, title=HOSTILE, excerpt=HOSTILE)
    writer.post(
        url("rebuttal-add", claim),
        {"rebuttal-party": HOSTILE, "rebuttal-kind": "denial", "rebuttal-statement": HOSTILE},
    )

    html = writer.get(f"/claims/{claim.pk}/").content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 4


def test_withheld_sources_are_marked_in_the_workspace(writer, checker):
    claim = make_claim(author=checker)
    writer.post(url("evidence-add", claim), evidence_data(is_withheld="on"))
    assert Evidence.objects.get().is_withheld
    assert "Source withheld from the public" in writer.get(f"/claims/{claim.pk}/").content.decode()
