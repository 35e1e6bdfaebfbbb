"""Signed webhooks, end to end: the API, the workflow's events, a real worker on the real broker,
and a loopback receiver that checks every signature with the `standardwebhooks` library.
"""

import base64
import datetime
import time

import pytest
import standardwebhooks
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services as claim_services
from claims.models import ClaimState
from factcheck import webhooks
from factcheck.celery import app as celery_app
from factcheck.models import DeliveryStatus, Webhook, WebhookDelivery
from factcheck.services import api_token_create
from tests.brokers import own_broker
from tests.factories import claim_in_state
from tests.loopback import Listener, Receiver, guard_name_lookups
from tests.workers import running_worker, wait_until

BROKER_URL = "redis://127.0.0.1:6379/5"
PROBLEM = "application/problem+json"
RECEIVER = object()  # stands for the loopback receiver's URL in parameters
ALL_EVENTS = ["claim.submitted", "claim.approved", "factcheck.published", "factcheck.corrected"]


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_name_lookups_beyond_loopback(monkeypatch):
    return guard_name_lookups(monkeypatch)


def _client_with_token(user, scopes=("webhooks:manage",)) -> APIClient:
    _, secret = api_token_create(user=user, name="Newsroom CMS", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def admin_api(admin_member):
    return _client_with_token(admin_member)


@pytest.fixture
def receiver(settings):
    """A loopback receiver, named in OUTBOUND_ALLOWLIST; tests give it a secret to verify with."""
    server = Receiver(statuses=[204])
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", server.port)})
    yield server
    server.close()


def _verifier(secret: str):
    checker = standardwebhooks.Webhook(secret)
    return lambda body, headers: checker.verify(body, headers)


@pytest.fixture
def worker(transactional_db, settings, broker):
    """A real Celery worker (a thread of this process) on the real Redis broker, database 5, under keys
    of this test only: another run of this suite on the same database (a colleague's, CI's) must neither
    take our messages nor hand us theirs."""
    settings.WEBHOOK_RETRY_SCHEDULE = "0.2,0.2,0.2"
    with own_broker(BROKER_URL):
        with running_worker() as running:
            yield running


def _create(client, url, events=("claim.submitted",), **extra):
    return client.post("/api/v1/webhooks/", {"url": url, "events": list(events), **extra}, format="json")


def _finished(delivery_id):
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    return delivery if delivery.status != DeliveryStatus.PENDING else None


# --- Signatures ------------------------------------------------------------------------------


def test_signatures_match_the_standard_webhooks_reference():
    secret = webhooks.secret_generate()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
    body = webhooks.message_body({"type": "webhook.ping", "data": {"ünïcode": "✓"}})
    now = int(time.time())
    ours = webhooks.message_sign(secret=secret, message_id="msg_1", timestamp=now, body=body)
    theirs = standardwebhooks.Webhook(secret).sign(
        "msg_1", datetime.datetime.fromtimestamp(now, tz=datetime.UTC), body.decode()
    )
    assert ours == theirs
    headers = webhooks.message_headers(secret=secret, message_id="msg_1", timestamp=now, body=body)
    assert standardwebhooks.Webhook(secret).verify(body, headers) == {
        "type": "webhook.ping",
        "data": {"ünïcode": "✓"},
    }
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(webhooks.secret_generate()).verify(body, headers)


# --- The API: create, show the secret once, refuse bad input, who may --------------------------


def test_the_secret_is_shown_once_and_never_again(admin_api, receiver):
    created = admin_api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "events": ALL_EVENTS, "description": "CMS"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    secret = body["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) >= 24
    assert body["events"] == ALL_EVENTS and body["is_active"] is True
    webhook_id = body["id"]
    assert Webhook.objects.get(pk=webhook_id).secret == secret  # kept usable for signing

    detail = admin_api.get(f"/api/v1/webhooks/{webhook_id}/")
    assert detail.status_code == 200 and "secret" not in detail.json()
    assert detail["ETag"] == created["ETag"]
    listing = admin_api.get("/api/v1/webhooks/").json()
    assert [item["id"] for item in listing["results"]] == [webhook_id]
    assert all("secret" not in item for item in listing["results"])
    assert secret not in detail.content.decode() + str(listing)

    replay = admin_api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "events": ALL_EVENTS, "description": "CMS"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == webhook_id and replay.json()["secret"] is None
    assert Webhook.objects.count() == 1

    history = Webhook.objects.get(pk=webhook_id).history.all()
    assert history.exists()
    assert all(not hasattr(row, "secret") for row in history)


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"url": RECEIVER, "events": ["claim.sumbitted"]}, "events", "Unknown event"),
        ({"url": RECEIVER, "events": ["webhook.ping"]}, "events", "Unknown event"),
        ({"url": RECEIVER, "events": []}, "events", "at least one"),
        ({"url": RECEIVER, "events": "claim.submitted"}, "events", "list"),
        ({"url": "ftp://example.org/hook", "events": ["claim.submitted"]}, "url", "only http and https"),
        ({"url": "javascript:alert(1)", "events": ["claim.submitted"]}, "url", "only http and https"),
        ({"url": "http://10.0.0.5/hook", "events": ["claim.submitted"]}, "url", "private address"),
        ({"url": "http://169.254.169.254/", "events": ["claim.submitted"]}, "url", "link-local"),
        ({"url": "http://[::ffff:127.0.0.1]/", "events": ["claim.submitted"]}, "url", "loopback"),
        ({"url": "http://2130706433/", "events": ["claim.submitted"]}, "url", "loopback"),
        ({"url": "http://localhost/hook", "events": ["claim.submitted"]}, "url", "resolves to a loopback"),
        ({"url": "https://example.org:8443/", "events": ["claim.submitted"]}, "url", "port 8443"),
        ({"url": "https://example.org/" + "x" * 2000, "events": ["claim.submitted"]}, "url", "2000"),
        ({"url": 5, "events": ["claim.submitted"]}, "url", "string"),
        ({"events": ["claim.submitted"]}, "url", "required"),
        ({"url": RECEIVER, "events": ["claim.submitted"], "secret": "whsec_x"}, "secret", ""),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_field(admin_api, receiver, payload, field, words):
    # Valid URLs are the allowlisted loopback receiver's: a test resolves no name through DNS.
    payload = {key: receiver.url if value is RECEIVER else value for key, value in payload.items()}
    response = admin_api.post("/api/v1/webhooks/", payload, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    messages = " ".join(response.json()["errors"][field])
    assert words in messages
    assert not Webhook.objects.exists()


def test_a_loopback_port_outside_the_allowlist_is_refused(admin_api, settings):
    internal = Listener()
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset()
        response = _create(admin_api, f"http://127.0.0.1:{internal.port}/hook")
        assert response.status_code == 400
        assert response.json()["errors"]["url"] == ["refused: 127.0.0.1 is a loopback address"]
        time.sleep(0.2)
        assert internal.connections == 0
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", internal.port)})
        assert _create(admin_api, f"http://127.0.0.1:{internal.port}/hook").status_code == 201
        assert internal.connections == 0  # creating checks the address; it sends nothing
    finally:
        internal.close()


def test_only_admins_manage_webhooks(members, receiver):
    admin, editor = members["admin"], members["editor"]
    assert APIClient().get("/api/v1/webhooks/").status_code == 401
    assert _client_with_token(admin, scopes=["claims:read"]).get("/api/v1/webhooks/").status_code == 403
    editor_token = _client_with_token(editor)
    refused = _create(editor_token, receiver.url)
    assert refused.status_code == 403 and refused["Content-Type"].startswith(PROBLEM)
    assert "Only admins" in refused.json()["detail"]
    session = APIClient()
    session.force_authenticate(editor)
    assert session.get("/api/v1/webhooks/").status_code == 403
    admin_session = APIClient()
    admin_session.force_authenticate(admin)
    assert _create(admin_session, receiver.url).status_code == 201
    assert _client_with_token(admin).get("/api/v1/webhooks/").status_code == 200


def test_changes_need_if_match(admin_api, receiver):
    webhook_id = _create(admin_api, receiver.url).json()["id"]
    url = f"/api/v1/webhooks/{webhook_id}/"
    etag = admin_api.get(url)["ETag"]
    assert admin_api.patch(url, {"events": ALL_EVENTS}, format="json").status_code == 428
    assert (
        admin_api.patch(url, {"events": ALL_EVENTS}, format="json", HTTP_IF_MATCH='"stale"').status_code
        == 412
    )
    bad = admin_api.patch(url, {"url": "http://10.1.1.1/"}, format="json", HTTP_IF_MATCH=etag)
    assert bad.status_code == 400 and "private" in bad.json()["errors"]["url"][0]
    changed = admin_api.patch(url, {"events": ["factcheck.corrected"]}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["events"] == ["factcheck.corrected"]
    assert admin_api.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert admin_api.delete(url, HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert admin_api.get(url).status_code == 404


# --- Delivery by the worker ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_twice_then_accepts(worker, admin_api, receiver):
    assert celery_app.amqp.router.route({}, "factcheck.tasks.webhook_deliver")["queue"].name == "webhooks"
    created = _create(admin_api, receiver.url).json()
    receiver.verify = _verifier(created["secret"])
    receiver.statuses[:] = [500, 503, 204]

    ping = admin_api.post(f"/api/v1/webhooks/{created['id']}/ping")
    assert ping.status_code == 202, ping.content
    assert ping.json()["event_type"] == "webhook.ping" and ping.json()["status"] == "pending"

    requests = receiver.wait_for(3)
    assert [r.verify_error for r in requests] == ["", "", ""]  # every attempt signed correctly
    assert len({r.headers["webhook-id"] for r in requests}) == 1  # retries keep the webhook-id
    assert requests[0].headers["webhook-id"] == ping.json()["message_id"]
    assert all(r.verified["type"] == "webhook.ping" for r in requests)
    assert requests[0].body == requests[2].body

    delivery = wait_until(lambda: _finished(ping.json()["id"]), message="the delivery to finish")
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempt_count == 3
    listing = admin_api.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()
    (shown,) = listing["results"]
    assert shown["status"] == "succeeded" and shown["attempt_count"] == 3
    assert [a["status_code"] for a in shown["attempts"]] == [500, 503, 204]
    assert [a["error"] for a in shown["attempts"]] == [
        "the receiver answered HTTP 500",
        "the receiver answered HTTP 503",
        "",
    ]
    times = [datetime.datetime.fromisoformat(a["attempted_at"]) for a in shown["attempts"]]
    assert times == sorted(times) and (times[2] - times[0]).total_seconds() >= 0.3  # it backed off
    webhook = Webhook.objects.get(pk=created["id"])
    assert webhook.is_active and webhook.consecutive_failures == 0 and webhook.last_succeeded_at


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_that_keeps_failing_is_turned_off_and_can_be_redelivered(worker, admin_api, receiver):
    created = _create(admin_api, receiver.url, ALL_EVENTS).json()
    receiver.verify = _verifier(created["secret"])
    receiver.statuses[:] = [500]
    ping = admin_api.post(f"/api/v1/webhooks/{created['id']}/ping").json()

    delivery = wait_until(lambda: _finished(ping["id"]), message="the delivery to give up")
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempt_count == 4  # 1 + 3 retries
    assert len(receiver.requests) == 4
    shown = admin_api.get(f"/api/v1/webhooks/{created['id']}/")
    assert shown.json()["is_active"] is False
    reason = shown.json()["disabled_reason"]
    assert "Turned off after 4 failed attempts" in reason and "HTTP 500" in reason
    assert ping["message_id"] in reason
    assert shown.json()["consecutive_failures"] == 4

    # A turned-off webhook gets nothing more, and cannot be pinged.
    assert admin_api.post(f"/api/v1/webhooks/{created['id']}/ping").status_code == 409
    webhooks.webhook_event_emit(event="claim.submitted", data={"claim": {"id": 1}})
    assert WebhookDelivery.objects.filter(webhook_id=created["id"]).count() == 1

    # Its admin fixes the receiver, turns it back on and asks for the message again.
    receiver.statuses[:] = [204]
    turned_on = admin_api.patch(
        f"/api/v1/webhooks/{created['id']}/", {"is_active": True}, format="json", HTTP_IF_MATCH=shown["ETag"]
    )
    assert turned_on.status_code == 200
    assert turned_on.json()["disabled_reason"] == "" and turned_on.json()["consecutive_failures"] == 0
    again = admin_api.post(f"/api/v1/webhooks/{created['id']}/deliveries/{ping['id']}/redeliver")
    assert again.status_code == 202, again.content
    assert again.json()["redelivery_of"] == ping["id"]
    requests = receiver.wait_for(5)
    assert requests[4].verify_error == ""
    assert requests[4].headers["webhook-id"] == ping["message_id"]  # the same message, again
    assert wait_until(lambda: _finished(again.json()["id"])).status == DeliveryStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_a_target_refused_at_delivery_is_recorded_and_not_retried(worker, admin_api, receiver, settings):
    created = _create(admin_api, receiver.url).json()
    settings.OUTBOUND_ALLOWLIST = frozenset()  # the loopback receiver is no longer allowed
    ping = admin_api.post(f"/api/v1/webhooks/{created['id']}/ping").json()

    delivery = wait_until(lambda: _finished(ping["id"]), message="the refusal")
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempt_count == 1
    (attempt,) = delivery.attempts.all()
    assert attempt.status_code is None
    assert attempt.error == "refused: 127.0.0.1 is a loopback address"
    webhook = Webhook.objects.get(pk=created["id"])
    assert not webhook.is_active and "refused: 127.0.0.1 is a loopback address" in webhook.disabled_reason
    time.sleep(0.5)
    assert receiver.requests == []  # never contacted
    assert WebhookDelivery.objects.get(pk=ping["id"]).attempt_count == 1  # and not retried


@pytest.mark.django_db(transaction=True)
def test_events_fire_on_submit_approve_publish_and_correction(worker, admin_api, receiver, members, settings):
    everything = _create(admin_api, receiver.url, ALL_EVENTS).json()
    receiver.verify = _verifier(everything["secret"])
    corrections_only = Receiver(statuses=[200])
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset(
            {("127.0.0.1", receiver.port), ("127.0.0.1", corrections_only.port)}
        )
        only = _create(admin_api, corrections_only.url, ["factcheck.corrected"]).json()
        corrections_only.verify = _verifier(only["secret"])
        checker, reviewer, editor = members["checker"], members["reviewer"], members["editor"]

        claim = claim_in_state(ClaimState.IN_REVIEW, checker=checker, reviewer=reviewer, editor=editor)
        claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
        claim_services.claim_transition(claim=claim, action="publish", actor=editor)
        claim_services.claim_transition(claim=claim, action="revise", actor=editor)
        # A transition rolled back after the event was written sends nothing.
        with pytest.raises(RuntimeError), transaction.atomic():
            claim_services.claim_transition(claim=claim, action="submit", actor=checker)
            raise RuntimeError("the surrounding work failed")
        claim_services.claim_transition(claim=claim, action="submit", actor=checker)
        claim_services.claim_transition(claim=claim, action="approve", actor=reviewer)
        claim_services.claim_transition(
            claim=claim,
            action="publish",
            actor=editor,
            note="The tariff year was 2024.",
            note_kind="correction",
        )

        requests = receiver.wait_for(6)
        time.sleep(0.5)
        assert len(receiver.requests) == 6
        assert all(r.verify_error == "" for r in requests)
        by_type = {}
        for request in requests:
            by_type.setdefault(request.verified["type"], []).append(request.verified)
        assert {name: len(items) for name, items in by_type.items()} == {
            "claim.submitted": 2,
            "claim.approved": 2,
            "factcheck.published": 1,
            "factcheck.corrected": 1,
        }
        submitted = by_type["claim.submitted"][0]["data"]
        assert submitted["claim"]["id"] == claim.pk and submitted["actor"]["username"] == checker.username
        assert by_type["claim.approved"][0]["data"]["claim"]["state"] == ClaimState.APPROVED
        published = by_type["factcheck.published"][0]["data"]["fact_check"]
        assert published["claim_id"] == claim.pk and published["version"] == 1
        assert published["rating"] == "False" and published["url"].startswith("http")
        corrected = by_type["factcheck.corrected"][0]["data"]["fact_check"]
        assert corrected["version"] == 2 and corrected["note"] == "The tariff year was 2024."
        assert corrected["note_kind"] == "correction"
        assert len({r.headers["webhook-id"] for r in requests}) == 6  # one message per event

        (only_request,) = corrections_only.wait_for(1)
        assert only_request.verify_error == "" and only_request.verified["type"] == "factcheck.corrected"
    finally:
        corrections_only.close()


@pytest.mark.django_db(transaction=True)
def test_a_pending_delivery_whose_task_was_lost_is_resumed(worker, admin_api, receiver):
    from factcheck.tasks import webhook_deliveries_resume

    created = _create(admin_api, receiver.url).json()
    receiver.verify = _verifier(created["secret"])
    lost = WebhookDelivery.objects.create(
        webhook_id=created["id"],
        event_type="webhook.ping",
        message_id=webhooks.message_id_generate(),
        payload={"type": "webhook.ping", "timestamp": "2025-01-01T00:00:00Z", "data": {}},
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    webhook_deliveries_resume.delay()
    (request,) = receiver.wait_for(1)
    assert request.verify_error == "" and request.headers["webhook-id"] == lost.message_id
    assert wait_until(lambda: _finished(lost.pk)).status == DeliveryStatus.SUCCEEDED


@pytest.mark.parametrize("raw", ["5,soon", "-1", "1,700000"])
def test_a_bad_retry_schedule_stops_start_up_naming_the_variable(raw):
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import WEBHOOK_RETRY_SCHEDULE_DEFAULT, parse_retry_schedule

    with pytest.raises(ImproperlyConfigured, match="WEBHOOK_RETRY_SCHEDULE"):
        parse_retry_schedule(raw)
    default = parse_retry_schedule(WEBHOOK_RETRY_SCHEDULE_DEFAULT)
    assert 20 * 3600 < sum(default) < 30 * 3600  # the default spans about a day


@pytest.mark.django_db(transaction=True)
def test_messages_pending_for_a_webhook_turned_off_are_not_sent(worker, admin_api, receiver):
    created = _create(admin_api, receiver.url).json()
    url = f"/api/v1/webhooks/{created['id']}/"
    turned_off = admin_api.patch(
        url, {"is_active": False}, format="json", HTTP_IF_MATCH=admin_api.get(url)["ETag"]
    )
    assert turned_off.status_code == 200
    assert turned_off.json()["disabled_reason"] == "Turned off by admin-test."
    pending = WebhookDelivery.objects.create(
        webhook_id=created["id"],
        event_type="claim.submitted",
        message_id=webhooks.message_id_generate(),
        payload={"type": "claim.submitted", "timestamp": "2025-01-01T00:00:00Z", "data": {}},
        next_attempt_at=timezone.now(),
    )
    webhooks.delivery._enqueue(pending.pk)
    delivery = wait_until(lambda: _finished(pending.pk), message="the delivery to be dropped")
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts.get().error == "not sent: the webhook is turned off (Turned off by admin-test.)"
    time.sleep(0.3)
    assert receiver.requests == []
    assert Webhook.objects.get(pk=created["id"]).consecutive_failures == 0


HOSTILE = [None, 10**30, 1.5, True, "x" * 3000, "nul\x00inside", "50%", [1], {"unknown": 1}, ""]
HOSTILE_URLS = [
    "http://exa\x00mple.org/",
    "http://" + "a" * 64 + ".example/",
    "http://xn--/",
    "http://[::1/",
    "http://[zz::1]/",
    "http://%31%32%37.0.0.1/",
    "http://.example/",
    "https://例え.テスト:99999/",
    "http://127.0.0.1:0/",
]


def test_hostile_values_never_cause_a_server_error(admin_api, receiver):
    created = _create(admin_api, receiver.url).json()
    detail = f"/api/v1/webhooks/{created['id']}/"
    failures = []

    def check(response, what):
        if response.status_code >= 500 or (
            response.status_code >= 400 and not response["Content-Type"].startswith(PROBLEM)
        ):
            failures.append((what, response.status_code))

    for field in ("url", "events", "description", "is_active"):
        for value in HOSTILE:
            body = {"url": receiver.url, "events": ["claim.submitted"], field: value}
            check(admin_api.post("/api/v1/webhooks/", body, format="json"), ("create", field, value))
            check(
                admin_api.patch(detail, {field: value}, format="json", HTTP_IF_MATCH="*"),
                ("patch", field, value),
            )
    for value in HOSTILE_URLS:
        response = _create(admin_api, value)
        check(response, ("url", value))
        assert response.status_code == 400, (value, response.status_code)
    for param, value in [("status", "\x00"), ("status", "done"), ("cursor", "zz"), ("page_size", "1000")]:
        check(admin_api.get(f"{detail}deliveries/", {param: value}), (param, value))
    check(admin_api.get(f"{detail}deliveries/", {"unknown": "1"}), "unknown parameter")
    check(admin_api.post(f"{detail}deliveries/999999/redeliver"), "redeliver unknown")
    check(admin_api.post("/api/v1/webhooks/999999/ping"), "ping unknown")
    assert failures == []
    assert not Webhook.objects.exclude(url=receiver.url).exists()  # no hostile URL was stored


# --- Rotating the signing secret -------------------------------------------------------------


def _rotate(client, webhook_id, body=None, **headers):
    return client.post(f"/api/v1/webhooks/{webhook_id}/rotate-secret", body, format="json", **headers)


def _verifies(secret: str, request) -> bool:
    """Whether a receiver holding `secret` accepts this request (the standardwebhooks library decides)."""
    try:
        standardwebhooks.Webhook(secret).verify(request.body, request.headers)
    except standardwebhooks.webhooks.WebhookVerificationError:
        return False
    return True


def _ping(client, receiver, webhook_id):
    """Ping the webhook through the API; the first request the receiver got for it (sent by the worker)."""
    before = len(receiver.requests)
    ping = client.post(f"/api/v1/webhooks/{webhook_id}/ping")
    assert ping.status_code == 202, ping.content
    request = receiver.wait_for(before + 1)[before]
    assert request.headers["webhook-id"] == ping.json()["message_id"]
    return request, ping.json()["id"]


def _ping_received(client, receiver, webhook_id):
    """A ping the receiver accepted: the request it got, once the delivery is recorded as a success."""
    request, delivery_id = _ping(client, receiver, webhook_id)
    assert wait_until(lambda: _finished(delivery_id)).status == DeliveryStatus.SUCCEEDED
    return request


def test_headers_carry_one_signature_per_secret_the_library_accepts_either():
    old, new, stranger = (webhooks.secret_generate() for _ in range(3))
    body = webhooks.message_body({"type": "webhook.ping", "data": {}})
    now = int(time.time())
    both = webhooks.message_headers(
        secret=new, previous_secret=old, message_id="msg_2", timestamp=now, body=body
    )
    signatures = both["webhook-signature"].split(" ")
    assert signatures == [
        webhooks.message_sign(secret=key, message_id="msg_2", timestamp=now, body=body) for key in (new, old)
    ]
    for key in (new, old):
        assert standardwebhooks.Webhook(key).verify(body, both)["type"] == "webhook.ping"
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(stranger).verify(body, both)
    only_new = webhooks.message_headers(secret=new, message_id="msg_2", timestamp=now, body=body)
    assert " " not in only_new["webhook-signature"]
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(old).verify(body, only_new)


def test_rotating_shows_the_new_secret_once_and_keeps_both_out_of_history(admin_api, receiver):
    from factcheck.models import IdempotencyRecord

    created = _create(admin_api, receiver.url).json()
    old = created["secret"]
    before = timezone.now()
    rotated = _rotate(admin_api, created["id"], {"overlap_seconds": 3600}, HTTP_IDEMPOTENCY_KEY="r-1")
    assert rotated.status_code == 200, rotated.content
    body = rotated.json()
    new = body["secret"]
    assert new.startswith("whsec_") and len(base64.b64decode(new[6:])) == 32 and new != old
    assert body["id"] == created["id"] and body["events"] == created["events"]
    rotated_at = datetime.datetime.fromisoformat(body["secret_rotated_at"])
    expires_at = datetime.datetime.fromisoformat(body["previous_secret_expires_at"])
    assert before <= rotated_at <= timezone.now()
    assert expires_at - rotated_at == datetime.timedelta(seconds=3600)
    webhook = Webhook.objects.get(pk=created["id"])
    assert (webhook.secret, webhook.previous_secret) == (new, old)
    assert webhook.previous_secret_expires_at == expires_at

    detail = admin_api.get(f"/api/v1/webhooks/{created['id']}/")
    assert detail.status_code == 200 and "secret" not in detail.json()
    assert detail.json()["previous_secret_expires_at"] == body["previous_secret_expires_at"]
    assert detail["ETag"] == rotated["ETag"]  # a PATCH can follow straight away
    listing = admin_api.get("/api/v1/webhooks/").content.decode()
    for secret in (old, new):
        assert secret not in detail.content.decode() and secret not in listing

    replay = _rotate(admin_api, created["id"], {"overlap_seconds": 3600}, HTTP_IDEMPOTENCY_KEY="r-1")
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["secret"] is None
    assert replay.json()["secret_rotated_at"] == body["secret_rotated_at"]
    assert Webhook.objects.get(pk=created["id"]).secret == new  # replayed, not rotated again
    record = IdempotencyRecord.objects.get(key="r-1")
    assert record.response_body["secret"] is None and new not in str(record.response_body)

    history = list(Webhook.objects.get(pk=created["id"]).history.order_by("pgh_id").values())
    (rotation,) = [row for row in history if row["secret_rotated_at"] is not None]
    assert rotation["previous_secret_expires_at"] == expires_at
    assert rotation["pgh_context"]["username"] == "admin-test"
    for secret in (old, new):
        assert secret not in str(history)


def test_the_default_overlap_comes_from_the_setting(admin_api, receiver, settings):
    settings.WEBHOOK_SECRET_OVERLAP = 86400  # its default, whatever this machine's environment says
    created = _create(admin_api, receiver.url).json()
    default = _rotate(admin_api, created["id"]).json()  # no body at all
    span = datetime.datetime.fromisoformat(
        default["previous_secret_expires_at"]
    ) - datetime.datetime.fromisoformat(default["secret_rotated_at"])
    assert span == datetime.timedelta(hours=24)
    settings.WEBHOOK_SECRET_OVERLAP = 600
    configured = _rotate(admin_api, created["id"], {}).json()
    span = datetime.datetime.fromisoformat(
        configured["previous_secret_expires_at"]
    ) - datetime.datetime.fromisoformat(configured["secret_rotated_at"])
    assert span == datetime.timedelta(seconds=600)
    assert Webhook.objects.get(pk=created["id"]).previous_secret == default["secret"]


@pytest.mark.django_db(transaction=True)
def test_during_the_overlap_a_message_verifies_under_the_old_and_the_new_secret(worker, admin_api, receiver):
    created = _create(admin_api, receiver.url).json()
    old = created["secret"]
    receiver.verify = _verifier(old)  # a receiver that has not switched yet
    rotated = _rotate(admin_api, created["id"], {"overlap_seconds": 3600})
    assert rotated.status_code == 200, rotated.content
    new = rotated.json()["secret"]

    request = _ping_received(admin_api, receiver, created["id"])
    assert request.verify_error == "" and request.verified["type"] == "webhook.ping"
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert _verifies(old, request) and _verifies(new, request)
    assert not _verifies(webhooks.secret_generate(), request)

    receiver.verify = _verifier(new)  # the receiver switches at its own pace
    switched = _ping_received(admin_api, receiver, created["id"])
    assert switched.verify_error == "" and _verifies(old, switched)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ended", ["overlap 0", "overlap expired"])
def test_after_the_overlap_only_the_new_secret_verifies(worker, admin_api, receiver, ended):
    created = _create(admin_api, receiver.url).json()
    old = created["secret"]
    overlap = 0 if ended == "overlap 0" else 3600
    rotated = _rotate(admin_api, created["id"], {"overlap_seconds": overlap})
    assert rotated.status_code == 200, rotated.content
    new = rotated.json()["secret"]
    if ended == "overlap 0":
        assert rotated.json()["previous_secret_expires_at"] is None
        assert Webhook.objects.get(pk=created["id"]).previous_secret == ""
    else:
        Webhook.objects.filter(pk=created["id"]).update(
            previous_secret_expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    receiver.verify = _verifier(old)  # a receiver still on the old secret is refused

    refused, delivery_id = _ping(admin_api, receiver, created["id"])
    assert refused.verify_error.startswith("WebhookVerificationError")
    assert " " not in refused.headers["webhook-signature"]
    assert _verifies(new, refused) and not _verifies(old, refused)
    # Every retry is signed the same way, so the old secret's receiver refuses them all.
    assert wait_until(lambda: _finished(delivery_id)).status == DeliveryStatus.FAILED
    assert len(receiver.requests) == 4
    assert all(r.verify_error and _verifies(new, r) for r in receiver.requests)


@pytest.mark.django_db(transaction=True)
def test_rotating_again_during_an_overlap_keeps_only_the_newest_previous_secret(worker, admin_api, receiver):
    created = _create(admin_api, receiver.url).json()
    first = created["secret"]
    second = _rotate(admin_api, created["id"], {"overlap_seconds": 3600}).json()["secret"]
    third = _rotate(admin_api, created["id"], {"overlap_seconds": 600}).json()
    webhook = Webhook.objects.get(pk=created["id"])
    assert (webhook.secret, webhook.previous_secret) == (third["secret"], second)
    assert datetime.datetime.fromisoformat(third["previous_secret_expires_at"]) == (
        webhook.previous_secret_expires_at
    )
    receiver.verify = _verifier(second)

    request = _ping_received(admin_api, receiver, created["id"])
    assert request.verify_error == ""
    assert _verifies(third["secret"], request) and _verifies(second, request)
    assert not _verifies(first, request)


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"overlap_seconds": -1}, "overlap_seconds", "greater than or equal to 0"),
        ({"overlap_seconds": 604801}, "overlap_seconds", "less than or equal to 604800"),
        ({"overlap_seconds": 10**30}, "overlap_seconds", "less than or equal to 604800"),
        ({"overlap_seconds": "3600"}, "overlap_seconds", "whole number"),
        ({"overlap_seconds": 1.5}, "overlap_seconds", "whole number"),
        ({"overlap_seconds": 3600.0}, "overlap_seconds", "whole number"),
        ({"overlap_seconds": True}, "overlap_seconds", "whole number"),
        ({"overlap_seconds": None}, "overlap_seconds", "null"),
        ({"overlap": 60}, "overlap", "Unknown field"),
        ({"overlap_seconds": 60, "secret": "whsec_x"}, "secret", "Unknown field"),
        ([60], "non_field_errors", "dictionary"),
    ],
)
def test_bad_rotation_input_is_a_400_problem_naming_the_field(admin_api, receiver, payload, field, words):
    created = _create(admin_api, receiver.url).json()
    response = _rotate(admin_api, created["id"], payload)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    assert words in " ".join(response.json()["errors"][field])
    webhook = Webhook.objects.get(pk=created["id"])
    assert webhook.secret == created["secret"] and webhook.previous_secret == ""
    assert webhook.secret_rotated_at is None


def test_only_admins_with_the_scope_rotate_and_unknown_webhooks_are_404(members, admin_api, receiver):
    created = _create(admin_api, receiver.url).json()
    refusals = [
        (APIClient(), 401, "credentials were not provided"),
        (
            _client_with_token(members["admin"], scopes=["claims:read"]),
            403,
            "lacks the scope webhooks:manage",
        ),
        (_client_with_token(members["editor"]), 403, "Only admins"),
    ]
    for client, status, words in refusals:
        response = _rotate(client, created["id"], {"overlap_seconds": 0})
        assert response.status_code == status, response.content
        assert response["Content-Type"].startswith(PROBLEM)
        assert words in response.json()["detail"] and "secret" not in response.json()
    assert Webhook.objects.get(pk=created["id"]).secret == created["secret"]

    missing = _rotate(admin_api, created["id"] + 1000, {"overlap_seconds": 0})
    assert missing.status_code == 404 and missing["Content-Type"].startswith(PROBLEM)
    assert admin_api.get(f"/api/v1/webhooks/{created['id'] + 1000}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_hangs_times_out_is_recorded_and_the_worker_goes_on(worker, admin_api, settings):
    settings.WEBHOOK_READ_TIMEOUT = 1
    hanging, healthy = Receiver(statuses=[204], delay=30), Receiver(statuses=[204])
    try:
        settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", hanging.port), ("127.0.0.1", healthy.port)})
        stuck = _create(admin_api, hanging.url).json()
        fine = _create(admin_api, healthy.url).json()
        healthy.verify = _verifier(fine["secret"])
        started = time.monotonic()

        first = admin_api.post(f"/api/v1/webhooks/{stuck['id']}/ping").json()
        second = admin_api.post(f"/api/v1/webhooks/{fine['id']}/ping").json()

        delivered = wait_until(lambda: _finished(second["id"]), message="the healthy receiver's delivery")
        assert delivered.status == DeliveryStatus.SUCCEEDED
        assert time.monotonic() - started < 15  # not held up by the 30 s the other receiver would take
        assert [r.verify_error for r in healthy.requests] == [""]

        failed = wait_until(lambda: _finished(first["id"]), timeout=60, message="the hanging delivery")
        assert failed.status == DeliveryStatus.FAILED and failed.attempt_count == 4  # 1 + 3 retries
        errors = [attempt.error for attempt in failed.attempts.order_by("attempted_at")]
        assert errors == [f"127.0.0.1:{hanging.port} did not answer within 1 s"] * 4
        assert time.monotonic() - started < 40
    finally:
        hanging.close()
        healthy.close()
