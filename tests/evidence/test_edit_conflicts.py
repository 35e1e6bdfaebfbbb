"""Two people on one claim: an edit saved meanwhile is not silently overwritten, an item removed
meanwhile is said in words, and the POST-only URLs opened by GET go back to the workspace."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from evidence import services
from evidence.models import Evidence, Rebuttal
from factcheck.errors import Conflict
from tests.factories import add_evidence, make_claim

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, claim, *args):
    return reverse(f"claims:evidence:{name}", args=[claim.pk, *args])


@pytest.fixture
def writer(client, checker):
    client.force_login(checker)
    return client


@pytest.fixture
def other_writer(other_checker):
    """A second member, in a browser of their own."""
    other = Client()
    other.force_login(other_checker)
    return other


def hidden_version(html: str, prefix: str) -> str:
    match = re.search(rf'<input type="hidden" name="{prefix}-updated_at" value="([^"]+)"', html)
    assert match, f"no version in the form of {prefix}"
    return match.group(1)


def evidence_form_data(evidence: Evidence, version: str, **changes) -> dict:
    """The edit form as the browser sends it: what was shown, with the member's changes."""
    data = {
        "stance": evidence.stance,
        "title": evidence.title,
        "kind": evidence.kind,
        "url": evidence.url,
        "offline_reference": evidence.offline_reference,
        "source_name": evidence.source.name if evidence.source else "",
        "source_kind": evidence.source.kind if evidence.source else "other",
        "excerpt": evidence.excerpt,
        "updated_at": version,
    } | changes
    return {f"evidence-{evidence.pk}-{name}": value for name, value in data.items()}


def rebuttal_form_data(rebuttal: Rebuttal, version: str, **changes) -> dict:
    data = {
        "party": rebuttal.party,
        "kind": rebuttal.kind,
        "statement": rebuttal.statement,
        "url": rebuttal.url,
        "updated_at": version,
    } | changes
    return {f"rebuttal-{rebuttal.pk}-{name}": value for name, value in data.items()}


def open_edit_form(client, claim, name: str, item) -> str:
    html = client.get(url(f"{name}-edit", claim, item.pk), **HTMX).content.decode()
    return hidden_version(html, f"{name}-{item.pk}")


# --- 1. Lost updates -----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "without javascript"])
def test_an_evidence_edit_saved_meanwhile_is_shown_beside_what_was_typed(
    writer, other_writer, checker, headers
):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Customs statistics", excerpt="Exports fell.")
    version_a = open_edit_form(writer, claim, "evidence", evidence)
    version_b = open_edit_form(other_writer, claim, "evidence", evidence)
    assert version_a == version_b == evidence.updated_at.isoformat()

    saved = writer.post(
        url("evidence-edit", claim, evidence.pk),
        evidence_form_data(evidence, version_a, title="Customs statistics 2024"),
        **HTMX,
    )
    assert "Evidence saved." in saved.content.decode()

    response = other_writer.post(
        url("evidence-edit", claim, evidence.pk),
        evidence_form_data(evidence, version_b, excerpt="Steel exports fell 8 per cent."),
        **headers,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Evidence saved." not in html
    assert "Someone else changed this evidence while you were editing" in html
    assert "Someone else changed this evidence meanwhile." in html
    if not headers:
        assert '<p class="message message--error" role="alert"><strong>Not done:</strong>' in html
    theirs = html.split('<div class="theirs">')[1].split("</div>")[0]
    assert "<dd>Customs statistics 2024</dd>" in theirs and "<dd>Exports fell.</dd>" in theirs
    assert "Steel exports fell 8 per cent.</textarea>" in html  # what B typed is kept
    evidence.refresh_from_db()
    assert evidence.title == "Customs statistics 2024" and evidence.excerpt == "Exports fell."
    fresh = hidden_version(html, f"evidence-{evidence.pk}")
    assert fresh == evidence.updated_at.isoformat() != version_b

    # Saving again from their version is a deliberate overwrite: B's form, as B sees it, wins.
    again = other_writer.post(
        url("evidence-edit", claim, evidence.pk),
        evidence_form_data(
            evidence, fresh, title="Customs statistics", excerpt="Steel exports fell 8 per cent."
        ),
        **HTMX,
    )
    assert "Evidence saved." in again.content.decode()
    evidence.refresh_from_db()
    assert evidence.title == "Customs statistics" and evidence.excerpt == "Steel exports fell 8 per cent."


def test_a_rebuttal_edit_saved_meanwhile_is_not_overwritten(writer, other_writer, checker):
    claim = make_claim(author=checker)
    rebuttal = services.rebuttal_create(
        claim=claim, actor=checker, party="Ministry of Trade", kind="denial", statement="Not factual."
    )
    version_a = open_edit_form(writer, claim, "rebuttal", rebuttal)
    version_b = open_edit_form(other_writer, claim, "rebuttal", rebuttal)
    writer.post(
        url("rebuttal-edit", claim, rebuttal.pk),
        rebuttal_form_data(rebuttal, version_a, party="Korean Ministry of Trade"),
        **HTMX,
    )

    html = other_writer.post(
        url("rebuttal-edit", claim, rebuttal.pk),
        rebuttal_form_data(rebuttal, version_b, statement="This is not factual at all."),
        **HTMX,
    ).content.decode()

    assert "Someone else changed this rebuttal while you were editing" in html
    assert "<dd>Korean Ministry of Trade</dd>" in html
    assert "This is not factual at all.</textarea>" in html
    rebuttal.refresh_from_db()
    assert rebuttal.party == "Korean Ministry of Trade" and rebuttal.statement == "Not factual."

    fresh = hidden_version(html, f"rebuttal-{rebuttal.pk}")
    other_writer.post(
        url("rebuttal-edit", claim, rebuttal.pk),
        rebuttal_form_data(
            rebuttal, fresh, party="Korean Ministry of Trade", statement="Not factual at all."
        ),
        **HTMX,
    )
    rebuttal.refresh_from_db()
    assert rebuttal.statement == "Not factual at all."


def test_a_version_that_cannot_be_read_is_said_above_the_form(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Old title")

    html = writer.post(
        url("evidence-edit", claim, evidence.pk),
        evidence_form_data(evidence, "yesterday-ish", title="New title"),
        **HTMX,
    ).content.decode()

    assert "This form was opened from a version we cannot read" in html
    assert 'value="New title"' in html
    evidence.refresh_from_db()
    assert evidence.title == "Old title"


def test_the_services_refuse_a_stale_version(checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Old title")
    started_from = evidence.updated_at
    services.evidence_update(evidence=evidence, actor=checker, expected_updated_at=started_from, title="A")

    with pytest.raises(Conflict) as refused:
        services.evidence_update(
            evidence=evidence, actor=checker, expected_updated_at=started_from, title="B"
        )
    assert refused.value.code == "stale_evidence"
    evidence.refresh_from_db()
    assert evidence.title == "A"

    rebuttal = services.rebuttal_create(claim=claim, actor=checker, party="P", kind="denial", statement="S")
    with pytest.raises(Conflict) as refused:
        services.rebuttal_update(
            rebuttal=rebuttal,
            actor=checker,
            expected_updated_at=rebuttal.updated_at - datetime.timedelta(microseconds=1),
            statement="T",
        )
    assert refused.value.code == "stale_rebuttal"
    services.rebuttal_update(rebuttal=rebuttal, actor=checker, expected_updated_at=None, statement="T")
    rebuttal.refresh_from_db()
    assert rebuttal.statement == "T"


# --- 2. Removed meanwhile ------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["evidence-edit", "evidence-item"])
def test_opening_evidence_someone_removed_says_so_in_its_place(writer, checker, view):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker)
    services.evidence_delete(evidence=evidence, actor=checker)

    response = writer.get(url(view, claim, evidence.pk), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps 2xx answers only
    assert html.lstrip().startswith(
        f'<p id="evidence-{evidence.pk}" class="notice notice--refusal" role="alert"'
    )
    assert "Someone else removed this evidence meanwhile" in html
    assert f'<a href="/claims/{claim.pk}/#evidence">Reload the workspace</a>' in html
    assert "<html" not in html
    assert writer.get(url(view, claim, evidence.pk)).status_code == 404  # without htmx: a 404 page


def test_opening_a_rebuttal_someone_removed_says_so_in_its_place(writer, checker):
    claim = make_claim(author=checker)
    rebuttal = services.rebuttal_create(claim=claim, actor=checker, party="P", kind="denial", statement="S")
    services.rebuttal_delete(rebuttal=rebuttal, actor=checker)

    html = writer.get(url("rebuttal-edit", claim, rebuttal.pk), **HTMX).content.decode()

    assert html.lstrip().startswith(f'<p id="rebuttal-{rebuttal.pk}"')
    assert "Someone else removed this rebuttal meanwhile" in html
    assert f'href="/claims/{claim.pk}/#rebuttals"' in html


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "without javascript"])
def test_saving_evidence_someone_removed_keeps_what_was_typed(writer, checker, headers):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker, title="Customs statistics")
    version = open_edit_form(writer, claim, "evidence", evidence)
    typed = evidence_form_data(evidence, version, excerpt="Typed while it was removed.")
    services.evidence_delete(evidence=evidence, actor=checker)

    response = writer.post(url("evidence-edit", claim, evidence.pk), typed, **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else removed this evidence meanwhile, so your changes were not saved." in html
    add_form = html.split('<details class="add" open>')[1]
    assert 'name="evidence-title" value="Customs statistics"' in add_form
    assert "Typed while it was removed.</textarea>" in add_form
    assert "updated_at" not in add_form.split("</form>")[0]
    assert not Evidence.objects.exists()


def test_saving_a_rebuttal_someone_removed_keeps_what_was_typed(writer, checker):
    claim = make_claim(author=checker)
    rebuttal = services.rebuttal_create(claim=claim, actor=checker, party="P", kind="denial", statement="S")
    typed = rebuttal_form_data(rebuttal, rebuttal.updated_at.isoformat(), statement="Typed meanwhile.")
    services.rebuttal_delete(rebuttal=rebuttal, actor=checker)

    html = writer.post(url("rebuttal-edit", claim, rebuttal.pk), typed, **HTMX).content.decode()

    assert "Someone else removed this rebuttal meanwhile" in html
    assert "Typed meanwhile.</textarea>" in html.split('<details class="add" open>')[1]


def test_removing_evidence_someone_removed_already(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker)
    services.evidence_delete(evidence=evidence, actor=checker)

    response = writer.post(url("evidence-remove", claim, evidence.pk), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="evidence"')
    assert "Someone else had already removed this evidence." in html


# --- 3. POST-only URLs opened by GET -------------------------------------------------------------


def test_post_only_urls_opened_by_get_go_back_to_the_workspace(writer, checker):
    claim = make_claim(author=checker)
    evidence = add_evidence(claim, actor=checker)
    rebuttal = services.rebuttal_create(claim=claim, actor=checker, party="P", kind="denial", statement="S")
    workspace = f"/claims/{claim.pk}/"

    for address, anchor in (
        (url("evidence-add", claim), "#evidence"),
        (url("evidence-remove", claim, evidence.pk), "#evidence"),
        (url("rebuttal-add", claim), "#rebuttals"),
        (url("rebuttal-remove", claim, rebuttal.pk), "#rebuttals"),
    ):
        for method in (writer.get, writer.head):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"] == workspace + anchor
        assert writer.put(address).status_code == 405
        assert writer.delete(address).status_code == 405

    assert (
        Evidence.objects.filter(pk=evidence.pk).exists() and Rebuttal.objects.filter(pk=rebuttal.pk).exists()
    )
    page = writer.get(url("evidence-add", claim), follow=True)
    assert page.status_code == 200 and page.redirect_chain == [(f"{workspace}#evidence", 302)]


def test_post_only_urls_still_ask_strangers_to_log_in(client, checker):
    claim = make_claim(author=checker)

    response = client.get(url("evidence-add", claim))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
