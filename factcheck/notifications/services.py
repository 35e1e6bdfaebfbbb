"""Writes of notifications: telling members of a change, reading them, their choices, the digest.

Rules:
- `notify` is called inside the transaction of the change that causes it: a rolled-back change leaves
  no notification and no email. Emails go through the outbox (factcheck.mail), sent after commit.
- A member is told once per change: (member, event_key) is unique in the database; the same change
  notified again writes nothing.
- The member who made the change is not told of it; inactive members are not told.
- Each member's channel per kind decides: in the app, in the app and by email, or off. A member who
  takes the digest gets no single emails: `notification_digests_send` (beat, daily) sends them one
  email with every notification not mailed yet.
- A member reads only their own notifications (Notification.DoesNotExist for anyone else's).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from factcheck.mail import email_queue
from factcheck.models import Notification, NotificationChannel, NotificationSettings, User
from factcheck.notifications.kinds import kind_get, kinds_all


def _settings_link() -> str:
    return settings.SITE_URL + reverse("notification-settings")


def _absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def notify(
    *, kind: str, members: Iterable, event_key: str, title: str, url: str = "", body: str = "", actor=None
) -> list[Notification]:
    """Tell these members of one change (call inside its transaction); returns the notifications written.

    `event_key` names the change (e.g. "transition:42"): a member already told of it is not told again.
    """
    spec = kind_get(kind)
    actor_id = getattr(actor, "pk", None)
    recipients = {
        member.pk: member
        for member in members
        if member is not None and member.is_active and member.pk != actor_id
    }
    if not recipients:
        return []
    choices = {row.member_id: row for row in NotificationSettings.objects.filter(member_id__in=recipients)}
    told = set(
        Notification.objects.filter(member_id__in=recipients, event_key=event_key).values_list(
            "member_id", flat=True
        )
    )
    rows = []
    for member_id, member in recipients.items():
        if member_id in told:
            continue
        chosen = choices.get(member_id)
        channel = chosen.channels.get(kind, spec.default) if chosen else spec.default
        if channel not in NotificationChannel.values:
            channel = spec.default
        if channel == NotificationChannel.OFF:
            continue
        rows.append(
            Notification(
                member=member,
                kind=kind,
                event_key=event_key[:200],
                title=" ".join(title.split())[:300],
                body=body,
                url=url,
                wants_email=channel == NotificationChannel.EMAIL and bool(member.email),
            )
        )
    if not rows:
        return []
    created = _create(rows)
    single = [
        n
        for n in created
        if n.wants_email and not (n.member_id in choices and choices[n.member_id].is_digest)
    ]
    for notification in single:
        _email_one(notification)
    if single:
        Notification.objects.filter(pk__in=[n.pk for n in single]).update(emailed_at=timezone.now())
    return created


def _create(rows: list[Notification]) -> list[Notification]:
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        # Someone told a member of the same change meanwhile: write the others, never fail the change.
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(row)
        return created


def _email_one(notification: Notification) -> None:
    member = notification.member
    body = render_to_string(
        "factcheck/email/notification.txt",
        {
            "member": member,
            "notification": notification,
            "link": _absolute(notification.url) if notification.url else "",
            "settings_link": _settings_link(),
        },
    )
    email_queue(
        to=member.email,
        subject=notification.title,
        body=body,
        idempotency_key=f"notification:{notification.pk}",
        headers={"List-Unsubscribe": f"<{_settings_link()}>", "Auto-Submitted": "auto-generated"},
    )


# --- Reading ------------------------------------------------------------------------------------------


def notification_open(*, member, notification_id: int) -> Notification:
    """Mark one of the member's notifications read and return it (to follow its link)."""
    notification = Notification.objects.get(member=member, pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, member) -> int:
    """Mark every unread notification of the member read; returns how many."""
    return Notification.objects.filter(member=member, read_at__isnull=True).update(read_at=timezone.now())


# --- Choices ------------------------------------------------------------------------------------------


def notification_settings_update(
    *, member, channels: dict[str, str], is_digest: bool
) -> NotificationSettings:
    """Save a member's channel per kind and the digest choice.

    Rules: only registered kinds and known channels (ValidationError naming the kind). Turning the digest
    off sends what it was holding back at once, in one last digest.
    """
    known = {kind.name for kind in kinds_all()}
    errors = {}
    for name, channel in channels.items():
        if name not in known:
            errors[name] = _("There is no such kind of notification.")
        elif channel not in NotificationChannel.values:
            errors[name] = _("Choose in the app, in the app and by email, or off.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = NotificationSettings.objects.select_for_update().get_or_create(member=member)
        was_digest = row.is_digest
        row.channels = {**row.channels, **channels}
        row.is_digest = is_digest
        row.save()
        if was_digest and not is_digest:
            _digest_send(member)
    return row


# --- The digest ---------------------------------------------------------------------------------------


def notification_digests_send() -> int:
    """Send each member who takes the digest one email with their notifications not mailed yet; returns
    how many digests were queued. Idempotent: a notification goes into one digest only."""
    members = (
        User.objects.filter(is_active=True, notification_settings__is_digest=True)
        .exclude(email="")
        .filter(notifications__wants_email=True, notifications__emailed_at__isnull=True)
        .distinct()
    )
    return sum(1 for member in members if _digest_send(member))


def _digest_send(member) -> bool:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(member=member, wants_email=True, emailed_at__isnull=True)
            .order_by("created_at", "id")
        )
        if not pending or not member.email:
            return False
        count = len(pending)
        subject = ngettext(
            "Your digest: %(count)d new notification", "Your digest: %(count)d new notifications", count
        ) % {"count": count}
        body = render_to_string(
            "factcheck/email/digest.txt",
            {
                "member": member,
                "items": [(n, _absolute(n.url) if n.url else "") for n in pending],
                "settings_link": _settings_link(),
            },
        )
        email_queue(
            to=member.email,
            subject=subject,
            body=body,
            idempotency_key=f"digest:{member.pk}:{pending[-1].pk}",
            headers={"List-Unsubscribe": f"<{_settings_link()}>", "Auto-Submitted": "auto-generated"},
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return True
