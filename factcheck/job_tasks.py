"""Tasks that each work on one job row: whatever ends such a task, its job does not stay unfinished.

Rules enforced here, for every task declared with `base=JobTask, on_crash="<module>.<function>"`:
- an exception the task did not handle ends its job through `on_crash(job_id=..., error=...)`, a
  service of the job's app that records the reason on the row; transient database errors are retried
  first (autoretry_for), and only the last failure ends the job;
- the traceback is logged for the operator; if even recording the failure fails (the database is
  gone), the periodic stalled-job check fails the job later.
"""

import logging

from celery import Task
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class JobTask(Task):
    """A task over one job (its first argument, or `job_id`): a crash fails the job via `on_crash`."""

    on_crash: str = ""  # dotted path of the job app's service: (*, job_id, error) -> bool

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = kwargs.get("job_id", args[0] if args else None)
        logger.error("Task %s for job %s failed: %r", self.name, job_id, exc, exc_info=exc)
        if job_id is None or not self.on_crash:
            return
        try:
            import_string(self.on_crash)(job_id=job_id, error=exc)
        except Exception:
            logger.exception("Could not record the failure of job %s; the stalled-job check will", job_id)
