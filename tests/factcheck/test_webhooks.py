"""Signed webhooks, end to end: the API, the workflow's events, a real worker on the real broker,
and a loopback receiver that checks every signature with the `standardwebhooks` library.
"""

import base64
import datetime
import time

import pytest
import standardwebhooks
from celery.contrib.testing.worker import start_worker
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
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as running:
            yield running


def _wait_until(check, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


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

    delivery = _wait_until(lambda: _finished(ping.json()["id"]), message="the delivery to finish")
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

    delivery = _wait_until(lambda: _finished(ping["id"]), message="the delivery to give up")
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
    assert _wait_until(lambda: _finished(again.json()["id"])).status == DeliveryStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_a_target_refused_at_delivery_is_recorded_and_not_retried(worker, admin_api, receiver, settings):
    created = _create(admin_api, receiver.url).json()
    settings.OUTBOUND_ALLOWLIST = frozenset()  # the loopback receiver is no longer allowed
    ping = admin_api.post(f"/api/v1/webhooks/{created['id']}/ping").json()

    delivery = _wait_until(lambda: _finished(ping["id"]), message="the refusal")
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
    assert _wait_until(lambda: _finished(lost.pk)).status == DeliveryStatus.SUCCEEDED


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
    webhooks._enqueue(pending.pk)
    delivery = _wait_until(lambda: _finished(pending.pk), message="the delivery to be dropped")
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
