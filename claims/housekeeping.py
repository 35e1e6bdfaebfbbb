"""What of claims expires (factcheck.housekeeping deletes it; registered when the app is ready)."""

import datetime

from django.conf import settings

from claims.models import IntakeJob
from factcheck.housekeeping import expires


@expires("intake_jobs")
def old_intake_jobs(now: datetime.datetime):
    """Articles read in for their candidate claims, after INTAKE_JOB_RETENTION_DAYS: the claims logged
    from them stand on their own."""
    return IntakeJob.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.INTAKE_JOB_RETENTION_DAYS)
    )
