"""What of claims expires (factcheck.housekeeping deletes it; registered when the app is ready)."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce

from claims.models import IntakeJob, RequestContact, RequestEmailStatus
from factcheck.housekeeping import expires


@expires("intake_jobs")
def old_intake_jobs(now: datetime.datetime):
    """Articles read in for their candidate claims, after INTAKE_JOB_RETENTION_DAYS: the claims logged
    from them stand on their own."""
    return IntakeJob.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.INTAKE_JOB_RETENTION_DAYS)
    )


@expires("request_contacts")
def old_request_contacts(now: datetime.datetime):
    """Requesters' addresses REQUEST_CONTACT_RETENTION_DAYS after the last email to them (sent or given
    up), when none is pending: personal data kept no longer than the reply loop needs it."""
    cutoff = now - datetime.timedelta(days=settings.REQUEST_CONTACT_RETENTION_DAYS)
    return RequestContact.objects.annotate(
        last_email_at=Max(Coalesce("emails__sent_at", "emails__created_at")),
        pending=Count("emails", filter=Q(emails__status=RequestEmailStatus.PENDING)),
    ).filter(last_email_at__lt=cutoff, pending=0)
