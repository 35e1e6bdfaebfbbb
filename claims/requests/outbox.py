"""The emails to requesters: an outbox of rows written with the change, sent by the worker.

Rules:
- Rows are written in the transaction that publishes (claims.signals.publication_created, heard in
  receivers.py), or that attaches requests to a claim already published: a rolled-back publish sends
  nothing. Each is enqueued after commit.
- One email per address and publication: the first publication gives a `published` email with the
  public fact-check's link; a later one with a correction note gives a `corrected` email with the
  note (an update is not mailed). A unique constraint holds it even if two writers race.
- Sending claims the row first (a lease, committed before the mail server is spoken to): a retried
  task, a second copy of the message, or a worker restarted after the send finds the row sent or
  leased and sends nothing. The Message-ID is the row's, so a mail client folds the unlikely resend
  of a send that crashed before it was recorded.
- A mail server that is down or answers 4xx is tried again after EMAIL_RETRY_SCHEDULE's waits
  (jittered); a 5xx refusal, or the schedule's end, records the failure. `request_emails_resume`
  re-enqueues due rows whose task message was lost.
- The address is read when sending: an address deleted meanwhile (unsubscribe, erasure, retention)
  takes its pending emails with it.
"""

import datetime
import logging
import random
import smtplib
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.models import (
    Claim,
    NoteKind,
    Publication,
    RequestContact,
    RequestEmail,
    RequestEmailKind,
    RequestEmailStatus,
)
from claims.publishing.claimreview import public_url
from claims.requests import links

logger = logging.getLogger(__name__)

JITTER = 0.2
DUE_TOLERANCE = datetime.timedelta(seconds=1)


# --- Writing rows (inside the caller's transaction) --------------------------------------------


def _claim_ids_answered_by(claim_id: int) -> list[int]:
    """The claim and the claims linked to it as duplicates: their requesters are answered by it."""
    return [claim_id, *Claim.objects.filter(duplicate_of_id=claim_id).values_list("pk", flat=True)]


def _queue(publication: Publication, kind: str, contacts) -> list[int]:
    """One row per address (the first contact of each) that has none for this publication yet."""
    already = set(
        RequestEmail.objects.filter(publication=publication).values_list("contact__email", flat=True)
    )
    seen = {address.lower() for address in already}
    rows = []
    for contact in contacts:
        address = contact.email.lower()
        if address in seen:
            continue
        seen.add(address)
        rows.append(
            RequestEmail(contact=contact, publication=publication, kind=kind, next_attempt_at=timezone.now())
        )
    RequestEmail.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        RequestEmail.objects.filter(
            publication=publication,
            contact__in=[row.contact for row in rows],
            status=RequestEmailStatus.PENDING,
        ).values_list("pk", flat=True)
    )
    for email_id in ids:
        transaction.on_commit(partial(_enqueue, email_id))
    return ids


def request_emails_on_publication(*, publication: Publication) -> list[int]:
    """Queue the emails a publication means for requesters (call inside its transaction)."""
    if publication.version == 1:
        kind = RequestEmailKind.PUBLISHED
    elif publication.note_kind == NoteKind.CORRECTION:
        kind = RequestEmailKind.CORRECTED
    else:
        return []
    contacts = RequestContact.objects.filter(
        request__claim_id__in=_claim_ids_answered_by(publication.claim_id)
    ).order_by("pk")
    return _queue(publication, kind, contacts)


def request_emails_on_attach(*, request_ids, claim_id: int) -> list[int]:
    """Requests attached to a claim already published get its fact-check now (inside the transaction)."""
    original_id = Claim.objects.filter(pk=claim_id).values_list("duplicate_of_id", flat=True).first()
    publication = (
        Publication.objects.filter(claim_id__in=[claim_id, *([original_id] if original_id else [])])
        .order_by("-published_at", "-version")
        .first()
    )
    if publication is None:
        return []
    contacts = RequestContact.objects.filter(request_id__in=list(request_ids)).order_by("pk")
    return _queue(publication, RequestEmailKind.PUBLISHED, contacts)


# --- Sending (run by the worker) -----------------------------------------------------------------


def retry_schedule() -> tuple[float, ...]:
    raw = settings.EMAIL_RETRY_SCHEDULE
    if isinstance(raw, str):
        return tuple(float(item) for item in raw.split(",") if item.strip())
    return tuple(float(item) for item in raw)


def _enqueue(email_id: int, countdown: float = 0) -> None:
    from claims.requests.tasks import request_email_send

    try:
        request_email_send.apply_async(args=[email_id], countdown=countdown or None)
    except Exception:  # after commit: the row stays pending and the periodic resume sends it
        logger.exception("Could not enqueue request email %s; the periodic resume will", email_id)


def _message(email: RequestEmail) -> EmailMultiAlternatives:
    request = email.contact.request
    publication = email.publication
    language = request.language if request.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {
        "factcheck_url": public_url(publication.slug),
        "claim_reviewed": publication.claim_reviewed,
        "rating": publication.rating_label,
        "note": publication.note,
        "request_text": request.text,
        "status_url": links.status_url(request.pk),
        "unsubscribe_url": links.unsubscribe_url(request.pk),
        "org_name": settings.FACTCHECK_ORG_NAME,
    }
    with translation.override(language):
        if email.kind == RequestEmailKind.CORRECTED:
            subject = _("Correction: %(claim)s") % {"claim": publication.claim_reviewed}
            body = render_to_string("claims/email/request_corrected.txt", context)
        else:
            subject = _("We checked it: %(claim)s") % {"claim": publication.claim_reviewed}
            body = render_to_string("claims/email/request_published.txt", context)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.REQUEST_EMAIL_FROM,
        to=[email.contact.email],
        headers={
            "Message-ID": f"<request-email-{email.pk}@{domain}>",
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def request_email_send(*, email_id: int) -> bool:
    """Send one outbox row if it is due and nobody else is sending it; record the outcome.

    Returns whether this call sent it. Idempotent (see the module's rules).
    """
    now = timezone.now()
    with transaction.atomic():
        email = (
            RequestEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("contact__request", "publication")
            .filter(pk=email_id, status=RequestEmailStatus.PENDING)
            .first()
        )
        if email is None:
            return False
        if email.next_attempt_at is not None and email.next_attempt_at > now + DUE_TOLERANCE:
            return False
        # While this attempt runs, the row is not due: a duplicate task message waits it out.
        email.next_attempt_at = now + datetime.timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 30)
        email.attempt_count += 1
        email.save(update_fields=["next_attempt_at", "attempt_count"])
        message = _message(email)
    error = None
    try:
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as exc:
        error = exc
    with transaction.atomic():
        email = RequestEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return error is None  # its address was deleted meanwhile
        finished = timezone.now()
        if error is None:
            email.status = RequestEmailStatus.SENT
            email.sent_at = finished
            email.next_attempt_at = None
            email.last_error = ""
        else:
            email.last_error = f"{type(error).__name__}: {error}"
            schedule = retry_schedule()
            retries_done = email.attempt_count - 1
            if not _is_permanent(error) and retries_done < len(schedule):
                delay = max(0.0, schedule[retries_done] * random.uniform(1 - JITTER, 1 + JITTER))
                email.next_attempt_at = finished + datetime.timedelta(seconds=delay)
                transaction.on_commit(partial(_enqueue, email.pk, delay))
            else:
                email.status = RequestEmailStatus.FAILED
                email.next_attempt_at = None
            logger.warning("Request email %s not sent (attempt %s): %s", email.pk, email.attempt_count, error)
        email.save()
    return error is None


def request_emails_resume() -> int:
    """Re-enqueue pending rows that are due (their task message was lost); returns how many."""
    due = RequestEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()),
        status=RequestEmailStatus.PENDING,
    ).values_list("pk", flat=True)[:1000]
    ids = list(due)
    for email_id in ids:
        _enqueue(email_id)
    return len(ids)
