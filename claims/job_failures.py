"""Every job the worker runs (an import, an article read in for intake) ends, with a reason a person can read.

Rules enforced here:
- a task that ends in an error it did not expect (after its retries) fails its job, with the kind of
  error and what was done before it; the traceback goes to the worker's log, not to the reader;
- a job that shows no sign of life for JOB_STALL_MINUTES (queued and never started, or running and
  no batch written) is failed by a periodic check (Celery beat, `claims.tasks.jobs_stalled_fail`):
  its worker died for good, or its message was lost, or it hangs;
- a finished job is never changed: failing one that is done or failed already does nothing, and a
  worker that comes back to a job failed meanwhile stops without writing (claims.imports.jobs).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import ImportJob, ImportJobStatus, IntakeJob, IntakeJobStatus

logger = logging.getLogger(__name__)

IMPORT_UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.RUNNING]
INTAKE_UNFINISHED = [IntakeJobStatus.QUEUED, IntakeJobStatus.FETCHING]


def import_job_fail(*, job_id: int, reason: str, quiet_since: datetime.datetime | None = None) -> bool:
    """Fail an import job that has not finished, with `reason`; True if it was failed now.

    With `quiet_since`, only if it showed no sign of life since then. The job's row is locked as a
    batch locks it, so a batch is written wholly before, or not at all. The rows already imported
    stay; the reason says how far the import went.
    """
    unfinished = Q(pk=job_id, status__in=IMPORT_UNFINISHED)
    if quiet_since is not None:
        unfinished &= Q(progressed_at__lt=quiet_since)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(unfinished).first()
        if job is None:
            return False
        if job.rows_done:
            total = f" of {job.total_rows:,}" if job.total_rows else ""
            reason += f" The first {job.rows_done:,}{total} rows were read, and the good ones are in."
        else:
            reason += " No row was imported."
        job.status, job.error, job.finished_at = ImportJobStatus.FAILED, reason, timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    return True


def intake_job_fail(*, job_id: int, reason: str, quiet_since: datetime.datetime | None = None) -> bool:
    """Fail an intake job that has not finished, with `reason`; True if it was failed now.

    With `quiet_since`, only if it showed no sign of life since then.
    """
    unfinished = Q(pk=job_id, status__in=INTAKE_UNFINISHED)
    if quiet_since is not None:
        unfinished &= Q(progressed_at__lt=quiet_since)
    updated = IntakeJob.objects.filter(unfinished).update(
        status=IntakeJobStatus.FAILED,
        error=f"Could not read the article: {reason}",
        finished_at=timezone.now(),
    )
    return bool(updated)


def import_job_crashed(*, job_id: int, error: BaseException) -> bool:
    """Fail an import job whose task ended in an unexpected error (the task's failure handler)."""
    return import_job_fail(
        job_id=job_id,
        reason=f"The import stopped on an unexpected error in the worker ({type(error).__name__}); "
        "an administrator finds the details in the worker's log.",
    )


def intake_job_crashed(*, job_id: int, error: BaseException) -> bool:
    """Fail an intake job whose task ended in an unexpected error (the task's failure handler)."""
    return intake_job_fail(
        job_id=job_id,
        reason=f"the worker stopped on an unexpected error ({type(error).__name__}); "
        "an administrator finds the details in the worker's log.",
    )


def jobs_stalled_fail(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fail the import and intake jobs with no sign of life for JOB_STALL_MINUTES; how many of each.

    A queued job counts from when it was queued, a running one from its last batch (imports) or from
    when its fetch began (intake).
    """
    now = now or timezone.now()
    minutes = settings.JOB_STALL_MINUTES
    cutoff = now - datetime.timedelta(minutes=minutes)
    stalled = Q(progressed_at__lt=cutoff)
    failed = {"import_jobs": 0, "intake_jobs": 0}
    for job in ImportJob.objects.filter(stalled, status__in=IMPORT_UNFINISHED).order_by("id"):
        queued = job.status == ImportJobStatus.QUEUED
        waited = "was not started by a worker" if queued else "made no progress"
        reason = f"The import {waited} for {minutes} minutes, so it was stopped: upload the file again."
        failed["import_jobs"] += import_job_fail(job_id=job.pk, reason=reason, quiet_since=cutoff)
    for job in IntakeJob.objects.filter(stalled, status__in=INTAKE_UNFINISHED).order_by("id"):
        queued = job.status == IntakeJobStatus.QUEUED
        waited = "no worker started reading it" if queued else "the fetch did not end"
        reason = f"{waited} within {minutes} minutes, so it was stopped; try again."
        failed["intake_jobs"] += intake_job_fail(job_id=job.pk, reason=reason, quiet_since=cutoff)
    if any(failed.values()):
        logger.warning("Failed stalled jobs: %s", failed)
    return failed
