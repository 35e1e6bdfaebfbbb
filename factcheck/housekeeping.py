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

# Apps add what of theirs expires (the platform knows no app): name -> function of `now` that
# returns the queryset to delete. claims registers its intake jobs in claims/apps.py.
EXPIRING: dict = {}


def expires(name: str):
    """Register `function(now) -> queryset` as rows to delete under `name` (a decorator)."""

    def register(function):
        EXPIRING[name] = function
        return function

    return register


def _delete_in_batches(queryset, *, batch: int | None = None) -> int:
    """Delete the rows `queryset` selects, `batch` (HOUSEKEEPING_BATCH_SIZE) to a short transaction,
    walking them once in primary-key order: each batch reads the next keys that match after the last
    key of the one before, so rows kept (a word still in use) are read once in a pass, not again by
    every later batch. The delete reads the condition again over the batch's range of keys: a row
    that came back into use between the read and its delete is kept."""
    batch = batch or settings.HOUSEKEEPING_BATCH_SIZE
    matching = queryset.order_by("pk")
    deleted, after = 0, None
    while True:
        ahead = {} if after is None else {"pk__gt": after}
        keys = list(matching.filter(**ahead).values_list("pk", flat=True)[:batch])
        if not keys:
            return deleted
        # The delete reads the condition again over the batch's range of keys, found by the primary
        # key's index. Not by its list of keys: the planner answered `word = ANY (5,000 words)` from
        # the vocabulary's trigram index, a minute a batch (docs/BENCHMARKS.md).
        span = {"pk__lte": keys[-1], **ahead}
        again = queryset.order_by().filter(**span).values("pk")
        with transaction.atomic():
            _, by_model = queryset.model.objects.filter(**span, pk__in=again).delete()
        deleted += by_model.get(queryset.model._meta.label, 0)
        if len(keys) < batch:  # that was the last of them: no read more
            return deleted
        after = keys[-1]


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
