"""Worker tasks of the desk itself: webhook delivery (routed to the `webhooks` queue), the email outbox,
housekeeping."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from factcheck import housekeeping as housekeeping_services
from factcheck import mail, webhooks
from factcheck.notifications import services as notification_services


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def webhook_deliver(delivery_id: int) -> None:
    """Make the next attempt of one delivery, if it is due (retries are scheduled by the service)."""
    webhooks.webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task
def webhook_deliveries_resume() -> int:
    """Periodic: re-enqueue pending deliveries whose task message was lost."""
    return webhooks.webhook_deliveries_resume()


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def housekeeping() -> dict[str, int]:
    """Periodic (daily): delete what has outlived its retention (factcheck.housekeeping)."""
    return housekeeping_services.expired_records_delete()


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def email_send(email_id: int) -> str:
    """Send one email of the outbox if it is due (retries are scheduled by the service)."""
    return mail.email_send_attempt(email_id=email_id)


@shared_task
def emails_resume() -> int:
    """Periodic: re-enqueue pending emails whose task message was lost."""
    return mail.emails_resume()


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def notification_digests_send() -> int:
    """Periodic (daily): one email per member who takes the digest, with what they were not mailed yet."""
    return notification_services.notification_digests_send()
