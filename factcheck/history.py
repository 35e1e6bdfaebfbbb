"""History: every change to every domain row, attributable to a member or a token.

Rows are written by PostgreSQL triggers (django-pghistory), so queryset
updates, bulk creates and raw SQL are recorded too; the event tables are
append-only (PGHISTORY_APPEND_ONLY installs triggers refusing UPDATE and DELETE).
"""

import pghistory


def tracked(**kwargs):
    """Track inserts, updates and deletes of a model in an append-only event table."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        **kwargs,
    )


def acting_as(user=None, *, token=None):
    """Attribute the history rows written inside this block to a member (or API token)."""
    context = {}
    if user is not None and getattr(user, "pk", None) is not None:
        context["user"] = user.pk
        context["username"] = user.get_username()
    if token is not None:
        context["token"] = str(token)
    return pghistory.context(**context)
