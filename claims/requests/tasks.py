"""The worker's side of the requesters' outbox (claims.requests.outbox), on the `default` queue."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.requests import outbox


@shared_task(
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, retry_jitter=True, max_retries=5
)
def request_email_send(email_id: int) -> None:
    """Send one email to a requester if it is due (retries are scheduled by the outbox)."""
    outbox.request_email_send(email_id=email_id)


@shared_task
def request_emails_resume() -> int:
    """Periodic: re-enqueue due emails whose task message was lost."""
    return outbox.request_emails_resume()
