"""Managing webhooks (admins): create, change, rotate the secret, delete, ping, redeliver."""

import datetime
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.errors import Conflict
from factcheck.history import acting_as
from factcheck.models import (
    SUBSCRIBABLE_EVENTS,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookEventType,
)
from factcheck.outbound_policy import FetchFailed, OutboundRefused, addresses_check, resolve, url_check
from factcheck.roles import Role, ensure_role
from factcheck.webhooks.delivery import _disable, _enqueue, webhook_event_emit
from factcheck.webhooks.signing import secret_generate

# How long a rotated secret keeps signing beside the new one: settings.WEBHOOK_SECRET_OVERLAP
# (seconds), never more than this.
SECRET_OVERLAP_MAX = datetime.timedelta(days=7)


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
