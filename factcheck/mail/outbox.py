"""The email outbox: one row per message, written with the change that causes it, sent after commit.

Rules:
- `email_queue` is called inside the transaction of the change: a rolled-back change queues nothing,
  and the task is enqueued only after commit. The same `idempotency_key` queued twice keeps one row.
- A worker claims a row before it talks to the mail server: SELECT ... FOR UPDATE SKIP LOCKED, then a
  lease (`claimed_until`) written and committed, so a second task for the same row (a retried or
  duplicated message, a restarted worker) finds it claimed or sent and sends nothing. The message goes
  out outside any transaction; `sent_at` is written right after.
- A mail server that is down or refuses the message temporarily gets it later: the next attempt waits
  EMAIL_RETRY_SCHEDULE[n] seconds (jittered); after the last, the row is given up (`gave_up_at`). A
  refusal for good (5xx for the recipient) gives up at once.
- Each message carries a Message-ID made from its idempotency key: were a worker killed between the
  server's "250 OK" and `sent_at`, the lease ends and the copy sent again has the same Message-ID.
- `emails_resume` (beat) re-enqueues pending rows that are due and unclaimed (lost task messages).
"""

import datetime
import hashlib
import logging
import random
import smtplib
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from factcheck.models import OutboundEmail

JITTER = 0.2
logger = logging.getLogger(__name__)


def retry_schedule() -> tuple[float, ...]:
    return tuple(float(delay) for delay in settings.EMAIL_RETRY_SCHEDULE)


def claim_lease() -> datetime.timedelta:
    """While a worker sends a message, nobody else may: longer than an SMTP conversation can last."""
    return datetime.timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 30)


def email_queue(
    *, to: str, subject: str, body: str, idempotency_key: str, headers: dict | None = None
) -> OutboundEmail:
    """Queue one email to one address; send it after commit. Returns the row (the existing one when this
    key was queued before: nothing is queued twice).

    Call it inside the transaction of the change the email reports."""
    if not to:
        raise ValueError("an email needs a recipient")
    subject = " ".join(subject.split())[:300]  # no header injection, no folded subject
    email = OutboundEmail(
        to=to,
        subject=subject,
        body=body,
        headers=headers or {},
        idempotency_key=idempotency_key,
        next_attempt_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            email.save(force_insert=True)
    except IntegrityError:
        return OutboundEmail.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(partial(_enqueue, email.pk))
    return email


def _enqueue(email_id: int, countdown: float = 0) -> None:
    from factcheck.tasks import email_send

    try:
        email_send.apply_async(args=[email_id], countdown=countdown or None)
    except Exception:
        # After commit: the change is saved; the row stays pending and emails_resume sends it.
        logger.exception("Could not enqueue email %s; the periodic resume will", email_id)


def _message_id(email: OutboundEmail) -> str:
    digest = hashlib.sha256(email.idempotency_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def _claim(email_id: int) -> OutboundEmail | None:
    """Take the row for this worker, or None when it is sent, given up, not due or someone else's now."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, gave_up_at__isnull=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .first()
        )
        if email is None:
            return None
        if email.next_attempt_at is not None and email.next_attempt_at > now + datetime.timedelta(seconds=1):
            return None
        email.claimed_until = now + claim_lease()
        email.attempts += 1
        email.save(update_fields=["claimed_until", "attempts"])
    return email


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600


def email_send_attempt(*, email_id: int) -> str:
    """Send one queued email if it is due and nobody else is sending it; record how it went.

    Returns "sent", "retry", "gave_up" or "skipped" (sent before, claimed by another worker, not due).
    """
    email = _claim(email_id)
    if email is None:
        return "skipped"
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={**email.headers, "Message-ID": _message_id(email)},
    )
    try:
        message.send(fail_silently=False)
    except (OSError, smtplib.SMTPException) as error:
        return _failed(email, error)
    OutboundEmail.objects.filter(pk=email.pk).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


def _failed(email: OutboundEmail, error: Exception) -> str:
    schedule = retry_schedule()
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:1000]
    if _is_permanent(error) or email.attempts > len(schedule):
        OutboundEmail.objects.filter(pk=email.pk).update(
            gave_up_at=now, claimed_until=None, next_attempt_at=None, last_error=reason
        )
        logger.warning("Gave up on email %s after %s attempts: %s", email.pk, email.attempts, reason)
        return "gave_up"
    delay = max(0.0, schedule[email.attempts - 1] * random.uniform(1 - JITTER, 1 + JITTER))
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=now + datetime.timedelta(seconds=delay), claimed_until=None, last_error=reason
    )
    _enqueue(email.pk, countdown=delay)
    return "retry"


def emails_resume() -> int:
    """Re-enqueue pending emails that are due and unclaimed (their task message was lost)."""
    now = timezone.now()
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, gave_up_at__isnull=True, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .values_list("pk", flat=True)[:1000]
    )
    for email_id in ids:
        _enqueue(email_id)
    return len(ids)
