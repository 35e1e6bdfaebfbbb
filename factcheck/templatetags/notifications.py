"""The bell in the desk's header: a link to the member's notifications with the unread count."""

from django import template

from factcheck.notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("factcheck/notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """One COUNT query per page (tests/factcheck/test_notifications.py pins it)."""
    user = context["user"]
    return {"unread": notification_unread_count(member=user)}
