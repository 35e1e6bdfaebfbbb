"""Worker tasks of claims: reading an article for intake (the `fetch` queue), bulk imports (`default`),
the periodic check that fails jobs which stopped making progress (`default`)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims import job_failures
from claims.intake import services as intake_services
from claims.matching import tasks as matching_tasks  # noqa: F401 (registers the `matching` queue's tasks)
from claims.requests import tasks as request_tasks  # noqa: F401 (registers the requesters' outbox tasks)
from factcheck.job_tasks import JobTask


@shared_task(
    base=JobTask,
    on_crash="claims.job_failures.intake_job_crashed",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def intake_job_fetch(job_id: int) -> None:
    """Fetch and read one intake job's article (idempotent: a finished job is left alone)."""
    intake_services.intake_job_run(job_id=job_id)


@shared_task(
    base=JobTask,
    on_crash="claims.job_failures.import_job_crashed",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def import_job_run(job_id: int) -> None:
    """Import one job's file, batch by batch with its progress (resumable; a finished job is left alone)."""
    from claims.imports import jobs as imports

    imports.import_job_run(job_id=job_id)


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def jobs_stalled_fail() -> dict[str, int]:
    """Periodic: fail the import and intake jobs that stopped making progress (claims.job_failures)."""
    return job_failures.jobs_stalled_fail()
