"""Worker tasks of evidence: archiving URLs and link checks (routed to the `fetch` queue).

Thin: each fetches its row by id and calls a service in evidence.services.
Transient fetch failures are retried with exponential backoff and jitter
(ARCHIVE_MAX_RETRIES, ARCHIVE_RETRY_BACKOFF); the last try records the
failure. A dropped database connection is retried the same way.
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from evidence import services

DATABASE_ERRORS = (OperationalError, InterfaceError)


def _run(task, service, target: str, target_id: int):
    retries = task.request.retries
    is_final = retries >= settings.ARCHIVE_MAX_RETRIES
    try:
        snapshot = service(target=target, target_id=target_id, is_final_attempt=is_final)
    except services.TransientFetchError as failure:
        raise task.retry(
            exc=failure,
            countdown=services.archive_retry_delay(retries),
            max_retries=settings.ARCHIVE_MAX_RETRIES,
        ) from None
    except DATABASE_ERRORS as failure:
        # The connection is replaced before the next try (Celery's Django fixup closes broken ones).
        raise task.retry(
            exc=failure,
            countdown=services.archive_retry_delay(retries) / 10,
            max_retries=settings.ARCHIVE_MAX_RETRIES + 5,
        ) from None
    return snapshot.pk if snapshot is not None else None


@shared_task(bind=True)
def snapshot_archive(self, target: str, target_id: int):
    """Archive the URL of one evidence item or appearance (idempotent: one snapshot per saved URL)."""
    return _run(self, services.snapshot_archive, target, target_id)


@shared_task(bind=True)
def snapshot_recheck(self, target: str, target_id: int):
    """Check an archived URL again: gone, changed or back is written as a new snapshot."""
    return _run(self, services.snapshot_recheck, target, target_id)


@shared_task
def links_recheck_due() -> dict:
    """Periodic (Celery beat): queue link checks that are due and archivings whose task was lost."""
    return services.links_recheck_enqueue()
