"""Reader requests: taken in, matched, clustered, triaged, kept private, erased (service and pages)."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from claims.models import ReaderRequest, RequestContact, RequestEmail, RequestSource
from claims.requests import guards, links, selectors, services
from factcheck.housekeeping import expired_records_delete
from tests.factories import ClaimantFactory, make_claim
from tests.workflow import publish_factcheck

pytestmark = pytest.mark.django_db

STEEL = "Steel imports from Korea doubled in 2024 according to the commerce department"


def sender() -> str:
    """A sender address of this test only (the rate limits count per address in a shared cache)."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def mail() -> str:
    return f"reader-{uuid.uuid4().hex[:10]}@example.org"


def submit(text=STEEL, **kwargs) -> ReaderRequest:
    kwargs.setdefault("sender_address", sender())
    return services.request_submit(text=text, **kwargs)


# --- 1. Taken and kept --------------------------------------------------------------------------


def test_a_request_is_kept_with_its_text_source_and_time():
    before = timezone.now()
    address = mail()
    taken = submit(url="https://news.example.org/a", language="de", email=address, consent=True)
    taken.refresh_from_db()
    assert taken.text == STEEL
    assert taken.url == "https://news.example.org/a"
    assert taken.language == "de"
    assert taken.source == RequestSource.WEB
    assert taken.created_at >= before
    assert taken.contact.email == address
    assert taken.email_digest == guards.digest("email", address)
    assert taken.sender_digest and "." not in taken.sender_digest  # a hash, never the IP


def test_without_consent_the_address_is_not_kept():
    taken = submit(email=mail(), consent=False)
    assert not RequestContact.objects.filter(request=taken).exists()
    assert taken.email_digest  # only its keyed hash, for rate limits and erasure


# --- 5. Hostile input -----------------------------------------------------------------------------


def test_no_html_is_kept():
    taken = submit(
        text='<p onclick="x()">Steel <b>doubled</b></p><script>alert(1)</script> &lt;i&gt;ok&lt;/i&gt; \x00'
    )
    assert taken.text == "Steel doubled ok"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"text": "   "}, "text"),
        ({"text": "<b></b>"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"url": "http://127.0.0.1:8000/admin/"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://user:pw@example.org/"}, "url"),
        ({"url": "https://example.org/" + "a" * 2000}, "url"),
        ({"language": "english"}, "language"),
        ({"email": "not an address"}, "email"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
    ],
)
def test_wrong_fields_are_named_and_nothing_is_kept(fields, field):
    values = {"text": STEEL, **fields}
    with pytest.raises(ValidationError) as refused:
        submit(**values)
    assert field in refused.value.message_dict
    assert ReaderRequest.objects.count() == 0


def test_rate_limit_per_address_then_per_email(settings):
    settings.REQUESTS_PER_ADDRESS_PER_HOUR = 2
    settings.REQUESTS_PER_EMAIL_PER_HOUR = 1
    address = sender()
    submit(text="First claim about steel", sender_address=address)
    submit(text="Second claim about wheat", sender_address=address)
    with pytest.raises(guards.RateLimited) as limited:
        submit(text="Third claim about rice", sender_address=address)
    assert 1 <= limited.value.retry_after <= 3601
    email = mail()
    submit(text="A claim about coal", email=email, consent=True)
    with pytest.raises(guards.RateLimited):
        submit(text="Another claim about gas", email=email.upper(), consent=True)  # same address
    assert ReaderRequest.objects.count() == 3


def test_a_flood_from_one_address_neither_fills_the_queue_nor_is_matched(
    settings, django_assert_max_num_queries
):
    settings.REQUEST_QUEUE_CAP_PER_ADDRESS = 3
    settings.REQUESTS_PER_ADDRESS_PER_HOUR = 1000
    flooder = sender()
    for n in range(8):
        submit(text=f"Flood message number {n} about the moon landing being staged", sender_address=flooder)
    held = ReaderRequest.objects.filter(is_held=True)
    assert held.count() == 5
    assert all(r.vector is None and r.suggestions == [] for r in held)  # no matching, no embedding
    submit(text="An honest reader asks about wheat prices in Kenya")
    queue = selectors.request_triage_queue()
    assert sum(c.size for c in queue) == 4  # 3 from the flood, 1 honest
    assert selectors.request_held_count() == 5
    # A held request costs the desk one cheap count, no matching: far fewer queries than a match.
    with django_assert_max_num_queries(4):  # the cap count, the insert (in a savepoint)
        submit(text="Flood message number 99", sender_address=flooder)


# --- 2. Matching, clustering, triage --------------------------------------------------------------


def test_a_duplicate_of_a_claim_is_attached_on_arrival(checker):
    claim = make_claim(author=checker, text=STEEL, claimant=ClaimantFactory(name="Howard Lutnick"))
    taken = submit(text=STEEL)
    assert taken.claim_id == claim.pk
    assert selectors.request_status(request_id=taken.pk)["status"] == selectors.STATUS_CHECKING


def test_anything_else_waits_in_triage_with_suggestions(checker):
    claim = make_claim(author=checker, text=STEEL, claimant=ClaimantFactory(name="Howard Lutnick"))
    taken = submit(text="Is it true that steel imports from Korea went up a lot?")
    assert taken.claim_id is None
    assert [s["claim_id"] for s in taken.suggestions][:1] == [claim.pk]
    [cluster] = selectors.request_triage_queue()
    assert cluster.lead == taken and cluster.suggestions[0]["claim"].pk == claim.pk
    assert selectors.request_status(request_id=taken.pk)["status"] == selectors.STATUS_RECEIVED


def test_requests_that_say_the_same_thing_cluster_before_any_claim_exists(django_assert_max_num_queries):
    first = submit(text="The new vaccine contains microchips that track people")
    second = submit(text="Vaccines have microchips inside to track everyone")
    other = submit(text="Wheat prices in Kenya tripled this spring")
    assert second.cluster_id == first.pk
    assert other.cluster_id is None
    with django_assert_max_num_queries(2):  # the requests with their contacts; the suggested claims
        queue = selectors.request_triage_queue(sort="demand")
    assert [c.size for c in queue] == [2, 1]
    assert queue[0].lead.pk == first.pk
    assert [c.lead.pk for c in selectors.request_triage_queue(sort="newest")][0] == other.pk


def test_an_editor_makes_a_claim_from_a_request_and_its_cluster_follows(editor, checker):
    first = submit(
        text="The new vaccine contains microchips that track people", url="https://social.example.org/p/1"
    )
    second = submit(text="Vaccines have microchips inside to track everyone")
    claim = services.request_claim_create(
        request_id=second.pk, actor=editor, claimant="An influencer", text=first.text
    )
    assert set(claim.reader_requests.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert claim.selection_reason == "Asked by readers"
    from claims.selectors import claim_list

    assert claim_list(filters={"sort": "demand"}).first().asked_by == 2
    with pytest.raises(Exception):  # noqa: B017 (NotPermitted: a fact-checker does not triage)
        services.request_attach(request_ids=[first.pk], claim=claim, actor=checker)


def test_claims_show_asked_by_and_the_list_sorts_by_demand(editor, checker):
    popular = make_claim(author=checker, text="A claim many readers ask about")
    quiet = make_claim(author=checker, text="A claim nobody asks about")
    for text in ("moon landing staged", "the earth is flat", "birds are drones"):
        services.request_attach(request_ids=[submit(text=text).pk], claim=popular, actor=editor)
    client = Client()
    client.force_login(editor)
    page = client.get("/claims/?sort=demand").content.decode()
    assert "Asked by 3 readers" in page
    assert page.index(f"/claims/{popular.pk}/") < page.index(f"/claims/{quiet.pk}/")
    assert "Asked by 3 readers" in client.get(f"/claims/{popular.pk}/").content.decode()


# --- 4. Privacy -----------------------------------------------------------------------------------


def test_addresses_are_masked_in_triage_and_absent_everywhere_public(editor, checker, reviewer):
    address = mail()
    claim = publish_factcheck(checker=checker, reviewer=reviewer, editor=editor, text=STEEL)
    asked = submit(text=STEEL, email=address, consent=True)
    assert asked.claim_id == claim.pk
    waiting = submit(text="Wheat prices in Kenya tripled this spring", email=address, consent=True)
    editor_client = Client()
    editor_client.force_login(editor)
    triage = editor_client.get("/claims/requests/").content.decode()
    assert address not in triage and f"{address[0]}•••@example.org" in triage
    anonymous = Client()
    slug = claim.publications.get().slug
    for path in (
        "/fact-checks/",
        f"/fact-checks/{slug}/",
        f"/requests/{links.status_token(asked.pk)}/",
        f"/requests/{links.status_token(waiting.pk)}/",
        f"/api/v1/fact-checks/{claim.pk}/",
        "/api/v1/fact-checks/",
    ):
        body = anonymous.get(path).content.decode()
        assert address not in body, path
    assert address not in editor_client.get(f"/api/v1/claims/{claim.pk}/").content.decode()


def test_the_erase_command_deletes_everything_an_address_sent(checker, editor, reviewer, capsys):
    address = mail()
    publish_factcheck(checker=checker, reviewer=reviewer, editor=editor, text=STEEL)
    mine = [submit(text=STEEL, email=address, consent=True), submit(text="Wheat in Kenya", email=address)]
    theirs = submit(text="Rice in Japan", email=mail(), consent=True)
    assert RequestEmail.objects.filter(contact__request=mine[0]).exists()
    call_command("erase_requester", address.upper())
    assert "2 requests" in capsys.readouterr().out
    assert not ReaderRequest.objects.filter(pk__in=[r.pk for r in mine]).exists()
    assert ReaderRequest.objects.filter(pk=theirs.pk).exists()
    assert not RequestContact.objects.filter(email__iexact=address).exists()


def test_the_erase_command_refuses_a_wrong_argument_in_one_line():
    with pytest.raises(CommandError) as refused:
        call_command("erase_requester", "not-an-address")
    assert refused.value.returncode == 2 and "\n" not in str(refused.value)


def test_addresses_go_retention_days_after_the_last_email(settings):
    settings.REQUEST_CONTACT_RETENTION_DAYS = 30
    old, recent, pending = (submit(text=t, email=mail(), consent=True) for t in ("a b c", "d e f", "g h i"))
    from tests.workflow import publish_factcheck as _  # noqa: F401 (the rows below need a publication)

    publication = _publication()
    now = timezone.now()
    RequestEmail.objects.create(
        contact=old.contact, publication=publication, kind="published", status="sent",
        sent_at=now - datetime.timedelta(days=31),
    )  # fmt: skip
    RequestEmail.objects.create(
        contact=recent.contact, publication=publication, kind="published", status="sent",
        sent_at=now - datetime.timedelta(days=29),
    )  # fmt: skip
    RequestEmail.objects.create(contact=pending.contact, publication=publication, kind="published")
    RequestEmail.objects.filter(contact=pending.contact).update(created_at=now - datetime.timedelta(days=60))
    counts = expired_records_delete(now=now)
    assert counts["request_contacts"] == 1
    assert set(RequestContact.objects.values_list("request_id", flat=True)) == {recent.pk, pending.pk}
    assert ReaderRequest.objects.filter(pk=old.pk).exists()  # the request stays, without its address


def _publication():
    from factcheck.roles import Role
    from tests.factories import UserFactory

    checker = UserFactory(username="p-checker", role=Role.FACT_CHECKER)
    reviewer = UserFactory(username="p-reviewer", role=Role.REVIEWER)
    editor = UserFactory(username="p-editor", role=Role.EDITOR)
    claim = publish_factcheck(
        checker=checker, reviewer=reviewer, editor=editor, text="Coal exports fell by half"
    )
    return claim.publications.get()


# --- Pages ------------------------------------------------------------------------------------------


def test_the_form_answers_wrong_input_beside_the_field_and_keeps_what_was_typed():
    client = Client(REMOTE_ADDR=sender())
    page = client.post("/send-a-claim/", {"text": STEEL, "url": "http://10.0.0.1/x", "email": "nope"})
    assert page.status_code == 200  # the form again, usable, as the desk's forms answer
    body = page.content.decode()
    assert "Give a public web address" in body and "Give an email address" in body
    assert STEEL in body
    assert ReaderRequest.objects.count() == 0


def test_the_form_takes_a_request_and_shows_its_status_link():
    client = Client(REMOTE_ADDR=sender())
    answer = client.post("/send-a-claim/", {"text": STEEL, "language": "en"}, follow=True)
    assert answer.status_code == 200
    taken = ReaderRequest.objects.get()
    token = answer.redirect_chain[-1][0].removeprefix("/requests/").removesuffix("/")
    assert links.status_request_id(token) == taken.pk
    assert "Received" in answer.content.decode() and "we received it" in answer.content.decode()


def test_the_honeypot_thanks_a_bot_and_keeps_nothing():
    client = Client(REMOTE_ADDR=sender())
    answer = client.post("/send-a-claim/", {"text": STEEL, "website": "http://spam.example"})
    assert answer.status_code == 200 and ReaderRequest.objects.count() == 0


def test_the_form_answers_429_with_retry_after(settings):
    settings.REQUESTS_PER_ADDRESS_PER_HOUR = 1
    client = Client(REMOTE_ADDR=sender())
    assert client.post("/send-a-claim/", {"text": "Steel claim one"}).status_code == 302
    refused = client.post("/send-a-claim/", {"text": "Steel claim two"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3601
    assert "Too many requests" in refused.content.decode()


def test_a_tampered_status_link_is_404():
    taken = submit()
    token = links.status_token(taken.pk)
    assert Client().get(f"/requests/{token}x/").status_code == 404
    assert Client().get(f"/requests/{links.unsubscribe_token(taken.pk)}/").status_code == 404  # other salt


def test_every_public_page_links_to_send_us_a_claim():
    for path in ("/", "/fact-checks/", "/methodology/", "/corrections/"):
        assert 'href="/send-a-claim/"' in Client().get(path).content.decode(), path


def test_the_unsubscribe_link_asks_then_deletes_the_address():
    address = mail()
    taken = submit(email=address, consent=True)
    other = submit(text="Wheat in Kenya", email=address, consent=True, sender_address=sender())
    url = f"/requests/{links.unsubscribe_token(taken.pk)}/unsubscribe/"
    assert Client().get(url).status_code == 200
    assert RequestContact.objects.filter(email=address).count() == 2  # a GET (a link scanner) changes nothing
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200  # one-click, no CSRF token
    assert not RequestContact.objects.filter(request__in=[taken, other]).exists()


# --- The desk's triage page -----------------------------------------------------------------------


def test_an_editor_attaches_a_cluster_from_the_triage_page(editor, checker):
    claim = make_claim(author=checker, text="Vaccines contain tracking microchips, a post claims")
    first = submit(text="The new vaccine contains microchips that track people")
    second = submit(text="Vaccines have microchips inside to track everyone")
    client = Client()
    client.force_login(editor)
    page = client.get("/claims/requests/")
    assert page.status_code == 200 and "Asked by 2 readers" in page.content.decode()
    answer = client.post(f"/claims/requests/{second.pk}/attach/", {"claim": claim.pk}, follow=True)
    assert "2 request(s) attached." in answer.content.decode()
    assert set(claim.reader_requests.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert "No request waits." in client.get("/claims/requests/").content.decode()


def test_an_editor_logs_a_claim_from_the_triage_page_and_bad_input_is_said(editor):
    taken = submit(text="Wheat prices in Kenya tripled this spring", url="https://social.example.org/p/7")
    client = Client()
    client.force_login(editor)
    refused = client.post(
        f"/claims/requests/{taken.pk}/claim/", {"text": taken.text, "claimant": ""}, follow=True
    )
    assert "This field is required." in refused.content.decode()
    answer = client.post(
        f"/claims/requests/{taken.pk}/claim/",
        {"text": taken.text, "claimant": "A viral post", "appearance_url": taken.url},
    )
    taken.refresh_from_db()
    assert answer.status_code == 302 and answer["Location"] == f"/claims/{taken.claim_id}/"
    assert taken.claim.appearances.get().url == "https://social.example.org/p/7"
    assert client.post("/claims/requests/999999/claim/", {"text": "x", "claimant": "y"}).status_code == 404


def test_triage_is_for_editors_only(checker):
    submit()
    client = Client()
    client.force_login(checker)
    assert client.get("/claims/requests/").status_code == 403
    assert Client().get("/claims/requests/").status_code == 302  # to the login page


def test_addresses_are_in_no_export_and_no_webhook_payload(checker, reviewer, editor, tmp_path):
    from factcheck.models import Webhook, WebhookDelivery

    Webhook.objects.create(
        created_by=editor,
        url="https://hooks.example.org/x",
        events=["factcheck.published"],
        secret="whsec_" + "A" * 32,
    )
    address = mail()
    claim = make_claim(author=checker, text=STEEL)
    submit(text=STEEL, email=address, consent=True)
    from claims import services as claim_services
    from tests.factories import add_evidence, write_verdict

    claim = claim_services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    claim_services.claim_transition(claim=claim, action="submit", actor=checker)
    claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim_services.claim_transition(claim=claim, action="publish", actor=editor)
    payloads = str(list(WebhookDelivery.objects.values_list("payload", flat=True)))
    assert "factcheck.published" in payloads and address not in payloads
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"claims.{fmt}"
        call_command("export_claims", "--format", fmt, "--output", str(out))
        assert STEEL in out.read_text() and address not in out.read_text()
