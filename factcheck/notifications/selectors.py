"""Reads of notifications: the bell's count (one query), a member's list, their choices."""

from factcheck.models import Notification, NotificationSettings
from factcheck.notifications.kinds import kinds_all

LIST_LIMIT = 100


def notification_unread_count(*, member) -> int:
    """Unread notifications of a member: one COUNT on a partial index, whatever their number."""
    return Notification.objects.filter(member=member, read_at__isnull=True).count()


def notification_list(*, member, limit: int = LIST_LIMIT) -> list[Notification]:
    """A member's latest notifications, newest first (one query)."""
    return list(Notification.objects.filter(member=member).order_by("-created_at", "-id")[:limit])


def notification_settings_get(*, member) -> tuple[dict[str, str], bool]:
    """The channel a member chose for every registered kind (the kind's default where they chose none),
    and whether they take the daily digest."""
    settings = NotificationSettings.objects.filter(member=member).first()
    chosen = settings.channels if settings else {}
    channels = {kind.name: chosen.get(kind.name, kind.default) for kind in kinds_all()}
    return channels, bool(settings and settings.is_digest)
