"""Intake pages without a browser: a URL's progress, the "possibly already checked" box, duplicate links."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from claims import matching
from claims.models import Claim, IntakeJob, IntakeJobStatus
from tests.factories import make_claim
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, checker):
    client.force_login(checker)
    return client


def test_intake_needs_a_login(client):
    response = client.get("/intake/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_url_makes_a_job_whose_page_shows_progress_then_the_candidates(logged_in, checker, settings):
    # No worker here: the job stays queued (the API test runs it through a real worker).
    response = logged_in.post("/intake/", {"url": "https://news.example.org/steel"})
    job = IntakeJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intake/jobs/{job.pk}/"
    page = logged_in.get(response["Location"])
    assert b"Waiting for the worker" in page.content and b'hx-trigger="every 1s"' in page.content
    fragment = logged_in.get(response["Location"], headers={"HX-Request": "true"})
    assert b"Waiting for the worker" in fragment.content and b"<html" not in fragment.content
    IntakeJob.objects.filter(pk=job.pk).update(
        status=IntakeJobStatus.DONE,
        text="Mayor Linda Okafor spoke. ...",
        candidates=[
            {
                "text": "Riverton has the lowest property tax rate in the county.",
                "speaker": "Linda Okafor",
                "speaker_title": "Mayor",
                "speaker_kind": "person",
                "score": 0.73,
                "reasons": ["a superlative", "a statistic"],
                "start": 30,
                "end": 87,
            }
        ],
    )
    done = logged_in.get(response["Location"], headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    page = logged_in.get(response["Location"])
    assert b"Riverton has the lowest property tax rate" in page.content
    assert b'value="news.example.org"' in page.content  # the outlet, from the address


def test_a_failed_job_says_why(logged_in, checker):
    job = IntakeJob.objects.create(
        url="https://news.example.org/gone",
        created_by=checker,
        status=IntakeJobStatus.FAILED,
        error="Could not read the article: the page answered 404 Not Found.",
    )
    page = logged_in.get(f"/intake/jobs/{job.pk}/")
    assert b"the page answered 404 Not Found" in page.content and b'role="alert"' in page.content


def test_someone_elses_job_is_not_found(logged_in, other_checker):
    job = IntakeJob.objects.create(url="https://news.example.org/a", created_by=other_checker)
    assert logged_in.get(f"/intake/jobs/{job.pk}/").status_code == 404


def test_the_similar_box_lists_matches_and_links_a_duplicate(logged_in, checker):
    matching.statistics_forget()
    original = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    again = make_claim(author=checker, text="Korean steel imports went up 40 percent last year, he said.")
    request = RequestFactory().get("/")
    request.user = checker
    similar = matching.claim_similar_for(again)
    html = render_to_string("claims/_similar.html", {"claim": again, "similar": similar}, request=request)
    assert "Possibly already checked" in html
    assert f'href="/claims/{original.pk}/"' in html and "Mark this claim as its duplicate" in html

    response = logged_in.post("/intake/duplicates/", {"claim": again.pk, "duplicate_of": original.pk})
    assert response.status_code == 302 and response["Location"] == f"/claims/{again.pk}/"
    again = Claim.objects.get(pk=again.pk)
    assert again.duplicate_of_id == original.pk
    html = render_to_string(
        "claims/_similar.html",
        {"claim": again, "similar": matching.claim_similar_for(again)},
        request=request,
    )
    assert f'duplicate of <a href="/claims/{original.pk}/">claim {original.pk}</a>' in html
    logged_in.post("/intake/duplicates/", {"claim": again.pk, "action": "unlink"})
    assert Claim.objects.get(pk=again.pk).duplicate_of_id is None


def test_a_refused_duplicate_link_comes_back_as_a_message(logged_in, checker):
    claim = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    response = logged_in.post(
        "/intake/duplicates/", {"claim": claim.pk, "duplicate_of": claim.pk}, follow=True
    )
    assert "cannot be a duplicate of itself" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).duplicate_of_id is None


# --- Duplicates in the workspace ------------------------------------------------------------------


def _published(checker, reviewer, editor, **kwargs):
    from claims.models import ClaimState
    from tests.factories import claim_in_state

    return claim_in_state(ClaimState.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor, **kwargs)


def test_a_writer_links_a_duplicate_by_number_and_both_workspaces_show_the_link(
    logged_in, checker, reviewer, editor
):
    from claims.models import Publication

    original = _published(
        checker, reviewer, editor, text='Steel imports <img src=x onerror="alert(1)"> rose.'
    )
    again = make_claim(author=checker, text="Korean steel imports went up, he said.")
    form = logged_in.get(f"/claims/{again.pk}/").content.decode()
    assert 'name="duplicate_of"' in form and "Number of the claim it repeats" in form

    response = logged_in.post("/intake/duplicates/", {"claim": again.pk, "duplicate_of": str(original.pk)})
    assert response.status_code == 302
    assert Claim.objects.get(pk=again.pk).duplicate_of_id == original.pk

    html = logged_in.get(f"/claims/{again.pk}/").content.decode()
    panel = html.split("Possibly already checked")[1].split("</section>")[0]
    slug = Publication.objects.get(claim=original).slug
    assert f'href="/fact-checks/{slug}/">read the fact-check</a>' in panel
    assert "Steel imports &lt;img src=x onerror=&quot;alert(1)&quot;&gt; rose." in panel
    assert "<img" not in panel
    assert "Not a duplicate" in panel and "Link it to another claim instead" in panel

    html = logged_in.get(f"/claims/{original.pk}/").content.decode()
    panel = html.split("Possibly already checked")[1].split("</section>")[0]
    assert "Linked as duplicates of this claim" in panel
    assert f'href="/claims/{again.pk}/">Korean steel imports went up, he said.</a>' in panel


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Give the number of the claim this one repeats."),
        ("abc", "There is no claim with this number."),
        ("999999", "There is no claim with this number."),
        ("99999999999999999999999", "There is no claim with this number."),
        ("self", "A claim cannot be a duplicate of itself."),
    ],
)
def test_a_refused_link_is_said_beside_the_field_with_what_was_typed(logged_in, checker, typed, says):
    claim = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    typed = str(claim.pk) if typed == "self" else typed
    response = logged_in.post("/intake/duplicates/", {"claim": claim.pk, "duplicate_of": typed})
    assert response.status_code == 200
    html = response.content.decode()
    field = html.split('id="id_duplicate_of_error"')[1].split("</form>")[0]
    assert says in field
    assert f'name="duplicate_of" value="{typed}"' in field or (typed == "" and 'name="duplicate_of"' in field)
    assert 'aria-invalid="true"' in field
    assert Claim.objects.get(pk=claim.pk).duplicate_of_id is None


def test_a_claim_with_its_own_fact_check_is_not_made_a_duplicate(logged_in, checker, reviewer, editor):
    published = _published(checker, reviewer, editor, text="Steel imports from Korea rose 40 percent.")
    other = make_claim(author=checker, text="Korean steel imports rose 40 percent.")
    response = logged_in.post("/intake/duplicates/", {"claim": published.pk, "duplicate_of": other.pk})
    assert response.status_code == 200
    assert (
        "has its own published fact-check" in response.content.decode().split('id="id_duplicate_of_error"')[1]
    )
    assert Claim.objects.get(pk=published.pk).duplicate_of_id is None


def test_a_reviewer_sees_no_link_controls_and_a_forged_link_is_refused(client, checker, reviewer):
    original = make_claim(author=checker, text="Steel imports from Korea rose 40 percent last year.")
    again = make_claim(author=checker, text="Korean steel imports went up 40 percent last year.")
    client.force_login(reviewer)
    html = client.get(f"/claims/{again.pk}/").content.decode()
    assert 'name="duplicate_of"' not in html and "Not a duplicate" not in html
    response = client.post("/intake/duplicates/", {"claim": again.pk, "duplicate_of": original.pk})
    assert response.status_code == 403
    assert "Only fact-checkers and editors can log claims and link duplicates." in response.content.decode()
    assert Claim.objects.get(pk=again.pk).duplicate_of_id is None
    assert client.post("/intake/duplicates/", {"claim": "x", "duplicate_of": original.pk}).status_code == 404


@pytest.mark.parametrize("tampered", [{"candidates-0-score": "5"}, {"job": "not a number"}])
def test_a_tampered_hidden_field_is_said_above_the_form_and_nothing_is_logged(logged_in, tampered):
    text = (
        "Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.\n\n"
        '"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview.'
    )
    page = logged_in.post("/intake/", {"text": text}).content.decode()
    assert 'name="candidates-0-score"' in page
    data = form_fields(page) | {"candidates-0-pick": "on", "outlet": "Business Channel"} | tampered

    response = logged_in.post("/intake/log/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("reload it and make your change again") == 1
    assert "Steel imports from Korea rose 40 percent last year" in html  # the candidates are still there
    assert not Claim.objects.exists()

    untouched = logged_in.post("/intake/log/", data | {k: form_fields(page)[k] for k in tampered})
    assert untouched.status_code == 302  # the same form, as the page gave it, logs the claim
    assert Claim.objects.count() == 1
