"""Logging from a candidates page happens once: Back and the button again, a double click, a copy.

Also: the intake pages that only take a form's POST send a browser that opens them by their
address back to /intake/ instead of an empty 405.
"""

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from claims.intake.services import AlreadyLogged, intake_claims_log
from claims.models import Appearance, Claim
from factcheck.models import IdempotencyRecord
from tests.factories import ClaimantFactory, make_claim
from tests.html_forms import form_fields

ARTICLE = (
    "Howard Lutnick, the U.S. Secretary of Commerce, spoke on Tuesday.\n\n"
    '"Steel imports from Korea rose 40 percent last year," Lutnick said in an interview. '
    '"Korea dumped 2 million tonnes of steel on our market in 2024."'
)
ALREADY = "These claims were logged already from this page"


@pytest.fixture
def logged_in(client, checker):
    client.force_login(checker)
    return client


def candidates_page(client) -> tuple[str, dict]:
    page = client.post("/intake/", {"text": ARTICLE}).content.decode()
    assert 'name="submission"' in page
    return page, form_fields(page) | {"outlet": "Business Channel"}


def index_of(fields: dict, fragment: str) -> int:
    for name, value in fields.items():
        if name.endswith("-text") and fragment in value:
            return int(name.split("-")[1])
    raise AssertionError(f"no candidate says {fragment!r}")


# --- The same page posted again -------------------------------------------------------------------


@pytest.mark.django_db
def test_back_and_log_again_logs_nothing_twice_and_shows_the_first_claims(logged_in):
    _, fields = candidates_page(logged_in)
    steel = index_of(fields, "Steel imports")
    ticked = fields | {f"candidates-{steel}-pick": "on"}

    first = logged_in.post("/intake/log/", ticked)
    assert first.status_code == 302 and first["Location"].startswith("/intake/logged/?ids=")
    (claim,) = Claim.objects.all()

    # Back, then the button again; then once more with another candidate ticked as well.
    again = logged_in.post("/intake/log/", ticked)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    more = ticked | {f"candidates-{index_of(fields, 'dumped')}-pick": "on"}
    shown = logged_in.post("/intake/log/", more, follow=True)
    page = shown.content.decode()
    assert ALREADY in page and 'role="status"' in page
    assert f'href="/claims/{claim.pk}/"' in page
    assert Claim.objects.count() == 1 and Appearance.objects.count() == 1


@pytest.mark.django_db
def test_a_page_that_was_refused_can_still_be_logged_once_corrected(logged_in):
    _, fields = candidates_page(logged_in)
    ticked = fields | {f"candidates-{index_of(fields, 'Steel imports')}-pick": "on"}
    refused = logged_in.post("/intake/log/", ticked | {"outlet": "", "url": ""})
    assert refused.status_code == 200 and "Say where the article appeared" in refused.content.decode()
    assert not Claim.objects.exists()
    # The page as it came back keeps its key: logged now, then once only.
    kept = form_fields(refused.content.decode())
    assert kept["submission"] == fields["submission"]
    assert logged_in.post("/intake/log/", ticked).status_code == 302
    assert logged_in.post("/intake/log/", ticked).status_code == 302
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_every_candidates_page_has_a_key_of_its_own(logged_in):
    _, one = candidates_page(logged_in)
    _, two = candidates_page(logged_in)
    assert len(one["submission"]) >= 20 and one["submission"] != two["submission"]


@pytest.mark.django_db
def test_the_article_posted_again_by_back_gives_the_same_page_key_so_it_is_logged_once(logged_in):
    # The key comes with the empty form: Back from the logged page makes the browser post the
    # article again, and the candidates page it gets back is the same page.
    start = form_fields(logged_in.get("/intake/").content.decode())
    assert len(start["submission"]) >= 20
    pasted = {"text": ARTICLE, "submission": start["submission"]}
    first = form_fields(logged_in.post("/intake/", pasted).content.decode())
    assert first["submission"] == start["submission"]
    ticked = first | {
        "outlet": "Business Channel",
        f"candidates-{index_of(first, 'Steel imports')}-pick": "on",
    }
    logged = logged_in.post("/intake/log/", ticked)
    assert logged.status_code == 302

    reposted = form_fields(logged_in.post("/intake/", pasted).content.decode())
    assert reposted["submission"] == start["submission"]
    ticked = reposted | {
        "outlet": "Business Channel",
        f"candidates-{index_of(first, 'Steel imports')}-pick": "on",
    }
    again = logged_in.post("/intake/log/", ticked, follow=True)
    assert ALREADY in again.content.decode() and again.redirect_chain[-1][0] == logged["Location"]
    assert Claim.objects.count() == 1
    # "Start again" gives a new form, so a new page.
    assert form_fields(logged_in.get("/intake/").content.decode())["submission"] != start["submission"]


@pytest.mark.parametrize("key", ["", "short", "k" * 65, "<script>"])
@pytest.mark.django_db
def test_an_odd_key_in_the_article_form_is_replaced_by_a_new_one(logged_in, key):
    page = logged_in.post("/intake/", {"text": ARTICLE, "submission": key}).content.decode()
    given = form_fields(page)["submission"]
    assert given != key and len(given) >= 20 and "<script>" not in page


@pytest.mark.django_db
def test_a_key_is_the_members_own(client, checker, other_checker):
    client.force_login(checker)
    _, fields = candidates_page(client)
    ticked = fields | {f"candidates-{index_of(fields, 'Steel imports')}-pick": "on"}
    assert client.post("/intake/log/", ticked).status_code == 302
    client.logout()
    client.force_login(other_checker)
    # Another member posting the same key is not sent to the first member's claims.
    response = client.post("/intake/log/", ticked)
    assert response.status_code == 200 and ALREADY not in response.content.decode()
    assert "Claim " in response.content.decode() and "already states this" in response.content.decode()
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("key", ["k" * 65, "bad\x00key"])
@pytest.mark.django_db
def test_a_forged_key_is_refused_and_nothing_is_logged(logged_in, key):
    _, fields = candidates_page(logged_in)
    ticked = fields | {f"candidates-{index_of(fields, 'Steel imports')}-pick": "on", "submission": key}
    response = logged_in.post("/intake/log/", ticked)
    assert response.status_code == 200 and "reload it" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_key_is_forgotten_after_its_time_and_the_copy_check_still_holds(logged_in, settings):
    _, fields = candidates_page(logged_in)
    ticked = fields | {f"candidates-{index_of(fields, 'Steel imports')}-pick": "on"}
    assert logged_in.post("/intake/log/", ticked).status_code == 302
    old = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS + 1)
    assert IdempotencyRecord.objects.filter(owner__startswith="intake-page:").update(created_at=old) == 1
    response = logged_in.post("/intake/log/", ticked)
    assert response.status_code == 200 and "already states this" in response.content.decode()
    assert Claim.objects.count() == 1


# --- Two posts at once (a double click) -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_page_at_once_log_once(checker):
    candidate = {
        "text": "Steel imports from Korea rose 40 percent last year.",
        "speaker": "Howard Lutnick",
        "score": 0.8,
        "reasons": ["a number"],
    }
    barrier = threading.Barrier(2)
    outcomes = []

    def post():
        try:
            barrier.wait(timeout=10)
            claims = intake_claims_log(
                candidates=[candidate], actor=checker, outlet="Business Channel", submission="one-page-key"
            )
            outcomes.append(("logged", [c.pk for c in claims]))
        except AlreadyLogged as error:
            outcomes.append(("already", error.claim_ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["already", "logged"]
    assert outcomes[0][1] == outcomes[1][1] == list(Claim.objects.values_list("pk", flat=True))
    assert Claim.objects.count() == 1


# --- A statement the desk has logged before --------------------------------------------------------


@pytest.mark.django_db
def test_a_candidate_the_desk_has_is_marked_and_not_copied_unless_asked(logged_in, checker):
    earlier = make_claim(
        author=checker,
        text="Steel imports from Korea rose 40 percent last year.",
        claimant=ClaimantFactory(name="Howard Lutnick", title="Commerce Secretary"),
    )
    page, fields = candidates_page(logged_in)
    # The page says so before anything is ticked, with a link to the claim.
    assert "Logged already:" in page and f'href="/claims/{earlier.pk}/">claim {earlier.pk}</a>' in page
    steel = index_of(fields, "Steel imports")
    assert f'name="candidates-{steel}-log_again"' in page
    assert len(re.findall(r'name="candidates-\d+-log_again"', page)) == 1  # only beside that candidate

    ticked = fields | {f"candidates-{steel}-pick": "on"}
    refused = logged_in.post("/intake/log/", ticked)
    answer = refused.content.decode()
    assert refused.status_code == 200
    assert f"Claim {earlier.pk} already states this, by Howard Lutnick" in answer
    assert "Log a copy anyway" in answer
    assert Claim.objects.count() == 1

    copied = logged_in.post("/intake/log/", ticked | {f"candidates-{steel}-log_again": "on"})
    assert copied.status_code == 302
    assert Claim.objects.filter(claimant__name="Howard Lutnick").count() == 2


@pytest.mark.django_db
def test_the_copy_check_ignores_spacing_and_case_but_not_the_speaker(checker):
    make_claim(
        author=checker,
        text="Steel imports from Korea rose 40 percent last year.",
        claimant=ClaimantFactory(name="Howard Lutnick"),
    )
    same = {"text": "steel imports from  Korea rose 40 percent LAST year.", "speaker": "howard lutnick"}
    with pytest.raises(ValidationError) as error:
        intake_claims_log(candidates=[same], actor=checker, outlet="Business Channel")
    assert "already states this" in str(error.value.message_dict["candidates[0]"])
    # The same words by someone else are their claim, not a copy.
    other = intake_claims_log(candidates=[same | {"speaker": "Ahn Min-jae"}], actor=checker, outlet="X")
    assert len(other) == 1


@pytest.mark.django_db
def test_the_same_statement_ticked_twice_is_said(checker):
    candidate = {"text": "Korea dumped 2 million tonnes of steel in 2024.", "speaker": "Howard Lutnick"}
    with pytest.raises(ValidationError) as error:
        intake_claims_log(candidates=[candidate, dict(candidate)], actor=checker, outlet="Business Channel")
    assert "ticked twice" in str(error.value.message_dict["candidates[1]"])
    assert not Claim.objects.exists()


# --- Form targets opened by their address --------------------------------------------------------


@pytest.mark.parametrize("path", ["/intake/log/", "/intake/duplicates/"])
@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.django_db
def test_a_form_target_opened_by_its_address_goes_to_the_intake_page(logged_in, path, method):
    response = getattr(logged_in, method)(path)
    assert response.status_code == 302 and response["Location"] == "/intake/"
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_form_target_still_refuses_other_methods_and_asks_for_a_login_first(client, checker):
    anonymous = client.get("/intake/log/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(checker)
    assert client.put("/intake/log/").status_code == 405
    assert client.delete("/intake/duplicates/").status_code == 405
