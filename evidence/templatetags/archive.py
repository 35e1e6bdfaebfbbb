"""{{ item|archive_status }}: where archiving of an evidence item's or appearance's URL stands."""

from django import template

from evidence.selectors import ArchiveStatus, archive_status

register = template.Library()


@register.filter(name="archive_status")
def archive_status_filter(item) -> ArchiveStatus:
    """The same status the API gives, from the item's prefetched snapshots (no query)."""
    return archive_status(item)
