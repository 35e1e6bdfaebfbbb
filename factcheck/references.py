"""A row named by a caller: the row itself, its id, or the fields to find or create it by.

The API and the desk name a claimant or a source either way; the service that takes it resolves
it here, inside its own transaction, so no interface finds or creates rows itself.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError


def reference_resolve(value, model, find_or_create: Callable, *, field: str):
    """`value` as a `model` row: the row, its id (which must exist), or a dict for `find_or_create`.

    None stays None (the caller decides whether it may be missing). A refusal names `field`, the
    row's name in the caller's words ("claimant", "source").
    """
    if value is None or isinstance(value, model):
        return value
    if isinstance(value, dict):
        return find_or_create(**value)
    is_id = isinstance(value, int) and not isinstance(value, bool)
    found = model.objects.filter(pk=value).first() if is_id else None
    if found is None:
        raise ValidationError({field: f"No {field} {value}: give a {field}'s id or name."})
    return found
