"""Webhook deliveries: the outbox (one row per event and webhook, written with the change that caused
it), attempts by the worker, retries with jitter, giving up, and resuming lost task messages."""

import datetime
import json
import logging
import random
import time
from collections.abc import Iterable
from functools import partial

import pghistory
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from factcheck.models import (
    DeliveryStatus,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEventType,
)
from factcheck.outbound import fetch
from factcheck.outbound_policy import FetchError, OutboundRefused
from factcheck.webhooks.signing import (
    message_body,
    message_headers,
    message_id_generate,
    signing_previous_secret,
)

MAX_RESPONSE_BYTES = 64 * 1024
EXCERPT_CHARS = 1000
JITTER = 0.2  # each wait is the scheduled one, give or take 20%

# A task message may arrive a little before the time written on its delivery (clocks, rounding).
DUE_TOLERANCE = datetime.timedelta(seconds=1)

logger = logging.getLogger(__name__)


def attempt_lease() -> datetime.timedelta:
    """While an attempt runs, its delivery is not due: a duplicate task message waits it out."""
    return datetime.timedelta(
        seconds=settings.WEBHOOK_CONNECT_TIMEOUT + 2 * settings.WEBHOOK_READ_TIMEOUT + 30
    )


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
