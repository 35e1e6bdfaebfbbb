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


# --- Restoring a removed row from its history ------------------------------------------------------
#
# A removal is a DELETE, and the history keeps the row as it was. Restoring inserts it again, with
# the same id, from the event that recorded its removal: the history gains an insert event (it is
# never rewritten), and every reader (public pages, the API, publications) simply sees the row again,
# so none of them has to learn about a "removed" flag.

RESTORED = "restored"  # the pghistory context key that marks the insert events of a restore


def _event_model(model):
    (event_model,) = set(model.pgh_event_models.values())
    return event_model


def removal_of(model, object_id: int):
    """The event that recorded the last removal of row `object_id`, or None: never removed, or back."""
    last = _event_model(model).objects.filter(pgh_obj_id=object_id).order_by("-pgh_id").first()
    return last if last is not None and last.pgh_label == "delete" else None


def removed_with(model, removal, **belonging):
    """The removal events of `model` rows written in the same change as `removal` (its context), and
    belonging (`evidence_id=…`) to what it removed: rows a cascade removed with it."""
    if removal.pgh_context_id is None:
        return []
    return list(
        _event_model(model)
        .objects.filter(pgh_context_id=removal.pgh_context_id, pgh_label="delete", **belonging)
        .order_by("pgh_id")
    )


def rows_restore(model, removals) -> list:
    """Insert the rows these removal events recorded, as they were (same ids, same creation times).

    Call inside the service's transaction and its `acting_as`: the insert events say who restored
    them, and carry `restored` in their context."""
    if not removals:
        return []
    fields = model._meta.concrete_fields
    rows = [model(**{f.attname: getattr(event, f.attname) for f in fields}) for event in removals]
    with pghistory.context(**{RESTORED: True}):
        model.objects.bulk_create(rows)
        # auto_now_add stamps the insert with now: give each row back the time it was first made.
        if any(f.attname == "created_at" for f in fields):
            for row, event in zip(rows, removals, strict=True):
                model.objects.filter(pk=row.pk).update(created_at=event.created_at)
    return rows
