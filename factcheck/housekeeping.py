"""Forgetting what has served its purpose, so that tables which only grow do not grow for ever.

- Idempotency records older than IDEMPOTENCY_KEY_TTL_HOURS: a key that old is never replayed anyway
  (the API forgets a caller's expired keys as it meets them; a caller who stopped calling left theirs).
- Intake jobs (articles read in for their candidate claims) older than INTAKE_JOB_RETENTION_DAYS:
  the claims logged from them stand on their own.
- Finished webhook deliveries (succeeded or failed) older than WEBHOOK_DELIVERY_RETENTION_DAYS, with
  their attempts; pending ones are still being sent and stay, and one an admin redelivered stays
  until its redelivery goes (the "repeats" link is never cut).
- Words of the desk search's typo vocabulary that no claim uses any more (claims.housekeeping).
- Rotated webhook secrets whose overlap has ended: they sign nothing any more, so they are not kept.

Claims, evidence, snapshots, verdicts, publications and their history are never touched here.
Run daily by Celery beat (`factcheck.tasks.housekeeping`) and by `manage.py housekeeping`.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

BATCH = 5000  # rows per delete: short transactions, short locks

# Apps add what of theirs expires (the platform knows no app): name -> function of `now` that
# returns the queryset to delete. claims registers its intake jobs in claims/apps.py.
EXPIRING: dict = {}


def expires(name: str):
    """Register `function(now) -> queryset` as rows to delete under `name` (a decorator)."""

    def register(function):
        EXPIRING[name] = function
        return function

    return register


def _delete_in_batches(queryset) -> int:
    deleted = 0
    while True:
        ids = list(queryset.order_by().values_list("pk", flat=True)[:BATCH])
        if not ids:
            return deleted
        # The condition is read again as the rows go: one that came back into use since is kept.
        still = queryset.model.objects.filter(pk__in=ids).filter(pk__in=queryset.order_by().values("pk"))
        with transaction.atomic():
            _, by_model = still.delete()
        deleted += by_model.get(queryset.model._meta.label, 0)


def expired_records_delete(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete what has outlived its retention; returns how many of each kind went."""
    from factcheck.models import DeliveryStatus, IdempotencyRecord, Webhook, WebhookDelivery

    now = now or timezone.now()
    idempotency_cutoff = now - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    delivery_cutoff = now - datetime.timedelta(days=settings.WEBHOOK_DELIVERY_RETENTION_DAYS)
    return {
        "idempotency_records": _delete_in_batches(
            IdempotencyRecord.objects.filter(created_at__lt=idempotency_cutoff)
        ),
        **{name: _delete_in_batches(rows(now)) for name, rows in EXPIRING.items()},
        "webhook_deliveries": _delete_in_batches(
            WebhookDelivery.objects.filter(
                created_at__lt=delivery_cutoff,
                status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED],
                redeliveries__isnull=True,
            )
        ),
        "expired_secrets": Webhook.objects.filter(previous_secret_expires_at__lte=now).update(
            previous_secret="", previous_secret_expires_at=None
        ),
    }
