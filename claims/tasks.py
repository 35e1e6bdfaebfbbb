"""Worker tasks of claims: reading an article for intake (the `fetch` queue), bulk imports (`default`)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims import intake_services


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def intake_job_fetch(job_id: int) -> None:
    """Fetch and read one intake job's article (idempotent: a finished job is left alone)."""
    intake_services.intake_job_run(job_id=job_id)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def import_job_run(job_id: int) -> None:
    """Import one job's file, batch by batch with its progress (resumable; a finished job is left alone)."""
    from claims import imports

    imports.import_job_run(job_id=job_id)
