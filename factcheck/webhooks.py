"""Webhooks: signed event messages to newsroom systems, delivered and retried by the worker.

Messages follow the Standard Webhooks spec: a JSON body `{"type", "timestamp",
"data"}` and the headers `webhook-id` (the same for every retry of one
message), `webhook-timestamp` (of the attempt) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64
part of the `whsec_` secret decoded). After a secret rotation, and until the
overlap ends, the header carries two signatures separated by a space: the
new secret's first, then the previous one's.

Rules enforced here:
- only admins manage webhooks (a token needs `webhooks:manage` and an admin
  member): events carry unpublished work, so where they go is the desk's call;
- a rotated secret keeps signing for an overlap (0 to 7 days) beside the new
  one; only the newest previous secret is kept;
- targets pass the safe outbound policy (factcheck.outbound) when set and at
  every attempt; a refusal fails the delivery at once and turns the webhook off;
- events are written with the change that caused them and sent after commit; their payloads are
  built by the domain (claims.events), so this module knows no claim;
- a failed attempt is retried on WEBHOOK_RETRY_SCHEDULE with jitter; when a
  delivery gives up and the endpoint had no success since it started, the
  webhook is turned off with a reason its admins see.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import random
import secrets
import time
import uuid
from collections.abc import Iterable
from functools import partial

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from factcheck.errors import Conflict
from factcheck.history import acting_as
from factcheck.models import (
    SUBSCRIBABLE_EVENTS,
    DeliveryStatus,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEventType,
)
from factcheck.outbound import (
    FetchError,
    FetchFailed,
    OutboundRefused,
    addresses_check,
    fetch,
    resolve,
    url_check,
)
from factcheck.roles import Role, ensure_role

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
MAX_RESPONSE_BYTES = 64 * 1024
EXCERPT_CHARS = 1000
JITTER = 0.2  # each wait is the scheduled one, give or take 20%

# A task message may arrive a little before the time written on its delivery (clocks, rounding).
DUE_TOLERANCE = datetime.timedelta(seconds=1)
USER_AGENT = "FactcheckWorkbench-Webhooks/1.0"
# How long a rotated secret keeps signing beside the new one: settings.WEBHOOK_SECRET_OVERLAP
# (seconds), never more than this.
SECRET_OVERLAP_MAX = datetime.timedelta(days=7)

logger = logging.getLogger(__name__)


# --- Messages and signatures ------------------------------------------------------


def secret_generate() -> str:
    """A new signing secret: `whsec_` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def message_id_generate() -> str:
    return f"msg_{uuid.uuid4().hex}"


def message_body(payload: dict) -> bytes:
    """The exact bytes sent and signed; the same for every attempt of a message."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def message_sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value: `v1,` and the base64 HMAC-SHA256 of id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def message_headers(
    *, secret: str, message_id: str, timestamp: int, body: bytes, previous_secret: str = ""
) -> dict[str, str]:
    """The headers of one attempt; with `previous_secret`, the signature header carries both
    signatures, space-separated as the spec allows, so a receiver holding either secret accepts it."""
    signatures = [
        message_sign(secret=key, message_id=message_id, timestamp=timestamp, body=body)
        for key in (secret, previous_secret)
        if key
    ]
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }


def signing_previous_secret(webhook: Webhook, *, at: datetime.datetime) -> str:
    """The previous secret if it still signs at `at` (its overlap has not ended), else ""."""
    expires_at = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires_at is not None and at < expires_at:
        return webhook.previous_secret
    return ""


# --- Managing webhooks ---------------------------------------------------------------


def webhook_manager_check(actor) -> None:
    """Raise NotPermitted unless the member may manage webhooks (active admins only)."""
    ensure_role(
        actor,
        Role.ADMIN,
        message="Only admins can manage webhooks: they send the desk's unpublished work to other systems.",
    )


def webhook_url_clean(url: str) -> str:
    """Check a target URL against the outbound policy; raise ValidationError naming `url`.

    A host name is resolved now so an internal name is refused at once; one
    that does not resolve yet is accepted (every attempt checks it again).
    """
    try:
        target = url_check(url)
        if target.address is None and not target.is_allowlisted:
            addresses_check(target, resolve(target.host, target.port))
    except OutboundRefused as refusal:
        raise ValidationError({"url": refusal.reason}) from None
    except FetchFailed:
        pass
    return target.url


def webhook_events_clean(events: Iterable[str]) -> list[str]:
    """Known event names, without repeats, in catalogue order; raise ValidationError naming `events`."""
    events = list(events or [])
    if not events:
        raise ValidationError({"events": f"Choose at least one event: {', '.join(SUBSCRIBABLE_EVENTS)}."})
    unknown = [name for name in events if name not in SUBSCRIBABLE_EVENTS]
    if unknown:
        raise ValidationError(
            {
                "events": f"Unknown event {', '.join(f'“{name}”' for name in unknown)}. "
                f"Choose from: {', '.join(SUBSCRIBABLE_EVENTS)}."
            }
        )
    return [name for name in SUBSCRIBABLE_EVENTS if name in events]


def webhook_create(*, url: str, events: Iterable[str], actor, description: str = "") -> tuple[Webhook, str]:
    """Add a webhook; returns (webhook, secret). The secret is shown to the caller once.

    Rules: admins only; the URL passes the outbound policy; events are known.
    """
    webhook_manager_check(actor)
    errors, cleaned = {}, {}
    for name, clean, value in (("events", webhook_events_clean, events), ("url", webhook_url_clean, url)):
        try:
            cleaned[name] = clean(value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    webhook = Webhook(
        created_by=actor,
        url=cleaned["url"],
        events=cleaned["events"],
        description=(description or "").strip(),
        secret=secret_generate(),
    )
    webhook.full_clean()
    with transaction.atomic(), acting_as(actor):
        webhook.save()
    return webhook, webhook.secret


WEBHOOK_EDITABLE_FIELDS = frozenset({"url", "events", "description", "is_active"})


def webhook_update(*, webhook: Webhook, actor, **changes) -> Webhook:
    """Change a webhook's URL, events or description, or turn it on or off.

    Turning it on clears the reason it was turned off and its failure count;
    turning it off records who did. The URL is checked again.
    """
    webhook_manager_check(actor)
    unknown = set(changes) - WEBHOOK_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    with transaction.atomic(), acting_as(actor):
        current = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if "url" in changes:
            current.url = webhook_url_clean(changes["url"])
        if "events" in changes:
            current.events = webhook_events_clean(changes["events"])
        if "description" in changes:
            current.description = (changes["description"] or "").strip()
        if "is_active" in changes and changes["is_active"] != current.is_active:
            if changes["is_active"]:
                current.is_active = True
                current.disabled_reason = ""
                current.disabled_at = None
                current.consecutive_failures = 0
            else:
                _disable(current, f"Turned off by {actor.get_username()}.")
        current.full_clean()
        current.save()
    return current


def secret_overlap_default() -> datetime.timedelta:
    """settings.WEBHOOK_SECRET_OVERLAP (seconds), kept within 0 to 7 days."""
    overlap = datetime.timedelta(seconds=float(settings.WEBHOOK_SECRET_OVERLAP))
    return min(max(overlap, datetime.timedelta(0)), SECRET_OVERLAP_MAX)


def attempt_lease() -> datetime.timedelta:
    """While an attempt runs, its delivery is not due: a duplicate task message waits it out."""
    return datetime.timedelta(
        seconds=settings.WEBHOOK_CONNECT_TIMEOUT + 2 * settings.WEBHOOK_READ_TIMEOUT + 30
    )


def webhook_secret_rotate(
    *, webhook: Webhook, actor, overlap_seconds: int | None = None
) -> tuple[Webhook, str]:
    """Give a webhook a new signing secret; returns (webhook, new secret), shown to the caller once.

    Rules: admins only; the overlap lies between 0 and 7 days (default
    WEBHOOK_SECRET_OVERLAP). Until it ends, messages are signed with the new
    secret and the one it replaces; 0 drops the old secret at once. Rotating
    again during an overlap keeps only the secret being replaced (the newest
    previous one): the older one stops signing. Neither secret enters the
    history; the rotation time and the overlap's end do.
    """
    webhook_manager_check(actor)
    if overlap_seconds is None:
        overlap = secret_overlap_default()
    elif 0 <= overlap_seconds <= SECRET_OVERLAP_MAX.total_seconds():
        overlap = datetime.timedelta(seconds=overlap_seconds)
    else:
        raise ValidationError(
            {
                "overlap_seconds": f"Use 0 to {int(SECRET_OVERLAP_MAX.total_seconds())} seconds "
                "(7 days); 0 stops the old secret at once."
            }
        )
    with transaction.atomic(), acting_as(actor):
        current = Webhook.objects.select_for_update().get(pk=webhook.pk)
        now = timezone.now()
        if overlap:
            current.previous_secret = current.secret
            current.previous_secret_expires_at = now + overlap
        else:
            current.previous_secret = ""
            current.previous_secret_expires_at = None
        current.secret = secret_generate()
        current.secret_rotated_at = now
        current.full_clean()
        current.save()
    return current, current.secret


def webhook_delete(*, webhook: Webhook, actor) -> None:
    """Remove a webhook with its deliveries; pending ones are never sent."""
    webhook_manager_check(actor)
    with transaction.atomic(), acting_as(actor):
        Webhook.objects.filter(pk=webhook.pk).delete()


def webhook_ping(*, webhook: Webhook, actor) -> WebhookDelivery:
    """Send a `webhook.ping` message to one webhook, to test the receiver and its signature check."""
    webhook_manager_check(actor)
    if not webhook.is_active:
        raise Conflict("This webhook is turned off: turn it on first (PATCH is_active).", code="disabled")
    with transaction.atomic(), acting_as(actor):
        data = {"webhook_id": webhook.pk, "requested_by": actor.get_username()}
        (delivery,) = webhook_event_emit(event=WebhookEventType.WEBHOOK_PING, data=data, webhooks=[webhook])
    return delivery


def webhook_delivery_redeliver(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send a finished delivery's message again, with the same webhook-id, as a new delivery.

    Rules: admins only; the webhook is on; the delivery is not still pending.
    """
    webhook_manager_check(actor)
    if not delivery.webhook.is_active:
        raise Conflict("This webhook is turned off: turn it on first (PATCH is_active).", code="disabled")
    if delivery.status == DeliveryStatus.PENDING:
        raise Conflict("This delivery is still pending: wait for its next attempt.", code="pending")
    with transaction.atomic(), acting_as(actor):
        again = WebhookDelivery.objects.create(
            webhook=delivery.webhook,
            event_type=delivery.event_type,
            message_id=delivery.message_id,
            payload=delivery.payload,
            next_attempt_at=timezone.now(),
            redelivery_of=delivery,
        )
        transaction.on_commit(partial(_enqueue, again.pk))
    return again


# --- Events ----------------------------------------------------------------------------


def webhook_event_emit(
    *, event: str, data: dict, webhooks: Iterable[Webhook] | None = None
) -> list[WebhookDelivery]:
    """Write one delivery of an event per active webhook subscribed to it; send them after commit.

    Call it inside the transaction of the change the event reports: if that
    rolls back, nothing is sent. `webhooks` targets given webhooks instead of
    the subscribers (a ping).
    """
    if event not in WebhookEventType.values:
        raise ValueError(f"unknown webhook event {event!r}")
    if webhooks is None:
        webhooks = Webhook.objects.filter(is_active=True, events__contains=[event]).only("pk")
    now = timezone.now()
    envelope = {"type": event, "timestamp": now.isoformat().replace("+00:00", "Z"), "data": data}
    payload = json.loads(json.dumps(envelope, cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=webhook,
            event_type=event,
            message_id=message_id_generate(),
            payload=payload,
            next_attempt_at=now,
        )
        for webhook in webhooks
    )
    for delivery in deliveries:
        transaction.on_commit(partial(_enqueue, delivery.pk))
    return deliveries


# --- Delivery (run by the worker) -------------------------------------------------------


def retry_schedule() -> tuple[float, ...]:
    """Seconds to wait before each retry, from settings.WEBHOOK_RETRY_SCHEDULE."""
    raw = settings.WEBHOOK_RETRY_SCHEDULE
    if isinstance(raw, str):
        return tuple(float(item) for item in raw.split(",") if item.strip())
    return tuple(float(item) for item in raw)


def _jittered(delay: float) -> float:
    return max(0.0, delay * random.uniform(1 - JITTER, 1 + JITTER))


def _enqueue(delivery_id: int, countdown: float = 0) -> None:
    from factcheck.tasks import webhook_deliver

    try:
        webhook_deliver.apply_async(args=[delivery_id], countdown=countdown or None)
    except Exception:
        # Runs after commit: the change the event reports is saved and must not turn into an error
        # page. The delivery row stays pending and webhook_deliveries_resume sends it later.
        logger.exception("Could not enqueue webhook delivery %s; the periodic resume will", delivery_id)


def _disable(webhook: Webhook, reason: str) -> None:
    webhook.is_active = False
    webhook.disabled_reason = reason
    webhook.disabled_at = timezone.now()


def _span(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookAttempt | None:
    """Make the next attempt of a delivery if it is due; record it; schedule a retry or give up.

    Idempotent: a delivery that is finished, not yet due, or being attempted
    by another worker right now is left alone (returns None). The request is
    made outside any transaction; the attempt is written afterwards.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return None
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + DUE_TOLERANCE:
            return None
        webhook = delivery.webhook
        if webhook.is_active:
            delivery.next_attempt_at = now + attempt_lease()
            delivery.save(update_fields=["next_attempt_at"])

    outcome = _send(delivery, webhook) if webhook.is_active else None

    with transaction.atomic(), pghistory.context(source="webhook delivery"):
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None  # the webhook was deleted meanwhile
        webhook = Webhook.objects.select_for_update().get(pk=delivery.webhook_id)
        was_sent = outcome is not None
        if outcome is None:
            outcome = {
                "attempted_at": now,
                "status_code": None,
                "error": f"not sent: the webhook is turned off ({webhook.disabled_reason})",
                "duration_ms": 0,
                "response_excerpt": "",
                "refused": True,
            }
        refused = outcome.pop("refused")
        attempt = WebhookAttempt.objects.create(delivery=delivery, **outcome)
        delivery.attempt_count += 1
        finished_at = timezone.now()
        if attempt.is_success:
            delivery.status = DeliveryStatus.SUCCEEDED
            webhook.consecutive_failures = 0
            webhook.last_succeeded_at = attempt.attempted_at
        else:
            if was_sent:
                webhook.consecutive_failures += 1
            schedule = retry_schedule()
            retries_done = delivery.attempt_count - 1
            if not refused and retries_done < len(schedule):
                delay = _jittered(schedule[retries_done])
                delivery.next_attempt_at = finished_at + datetime.timedelta(seconds=delay)
                transaction.on_commit(partial(_enqueue, delivery.pk, delay))
            else:
                delivery.status = DeliveryStatus.FAILED
                if webhook.is_active:
                    _give_up(webhook, delivery, attempt, refused=refused, finished_at=finished_at)
        if delivery.status != DeliveryStatus.PENDING:
            delivery.next_attempt_at = None
            delivery.completed_at = finished_at
        delivery.save()
        webhook.save()
    return attempt


def _give_up(webhook: Webhook, delivery: WebhookDelivery, attempt: WebhookAttempt, *, refused, finished_at):
    """Turn the webhook off when the target is refused, or when it failed all along this delivery."""
    if refused:
        _disable(webhook, f"Turned off: the target was refused ({attempt.error}).")
        return
    first = delivery.attempts.order_by("attempted_at").values_list("attempted_at", flat=True).first()
    if webhook.last_succeeded_at is not None and first is not None and webhook.last_succeeded_at >= first:
        return  # the endpoint worked for other messages meanwhile: only this delivery failed
    span = (finished_at - first).total_seconds() if first else 0
    _disable(
        webhook,
        f"Turned off after {delivery.attempt_count} failed attempts over {_span(span)} "
        f"(message {delivery.message_id}, {delivery.event_type}); last error: {attempt.error}.",
    )


def _send(delivery: WebhookDelivery, webhook: Webhook) -> dict:
    """One HTTP POST of the delivery's message under the outbound policy; what happened, as a dict."""
    attempted_at = timezone.now()
    timestamp = int(time.time())
    body = message_body(delivery.payload)
    headers = message_headers(
        secret=webhook.secret,
        previous_secret=signing_previous_secret(webhook, at=attempted_at),
        message_id=delivery.message_id,
        timestamp=timestamp,
        body=body,
    )
    started = time.monotonic()
    status_code, error, excerpt, refused = None, "", "", False
    try:
        result = fetch(
            webhook.url,
            method="POST",
            headers=headers,
            body=body,
            max_redirects=0,
            max_bytes=MAX_RESPONSE_BYTES,
            truncate=True,
            connect_timeout=settings.WEBHOOK_CONNECT_TIMEOUT,
            read_timeout=settings.WEBHOOK_READ_TIMEOUT,
        )
        status_code = result.status_code
        excerpt = result.body[:EXCERPT_CHARS].decode("utf-8", errors="replace")
        if 300 <= status_code < 400:
            error = f"the receiver answered HTTP {status_code} (redirects are not followed)"
        elif not result.is_success:
            error = f"the receiver answered HTTP {status_code}"
    except OutboundRefused as refusal:
        error, refused = refusal.reason, True
    except FetchError as failure:
        error = failure.reason
    return {
        "attempted_at": attempted_at,
        "status_code": status_code,
        "error": error,
        "duration_ms": int((time.monotonic() - started) * 1000),
        "response_excerpt": excerpt,
        "refused": refused,
    }


def webhook_deliveries_resume(*, overdue: datetime.timedelta = datetime.timedelta(minutes=2)) -> int:
    """Enqueue pending deliveries whose task message was lost (a worker restart); returns how many.

    Run periodically. A delivery is overdue when its next attempt is more than
    `overdue` in the past; the attempt itself skips it if another worker has it.
    """
    cutoff = timezone.now() - overdue
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    for delivery_id in ids:
        _enqueue(delivery_id)
    return len(ids)
