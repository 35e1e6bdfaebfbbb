"""Errors and reasons kept for people to read: bounded, so no input can make one huge.

Rules enforced here, for every stored error or reason (an import job's, an
intake job's, a snapshot's, a webhook attempt's, a disabled webhook's):
- a stored reason holds at most REASON_MAX_CHARS characters; a longer one
  is cut and ends with a marker saying so and how long it was, so a reader
  knows that something is missing;
- the bound is applied by the field itself on every write (save, update,
  bulk_create), so a new code path that stores an error cannot forget it.
"""

from django.db import models

REASON_MAX_CHARS = 2000


def reason_bound(text: str, *, limit: int = REASON_MAX_CHARS) -> str:
    """`text` if it fits in `limit` characters, else its start and a truncation marker (within `limit`)."""
    if text is None or len(text) <= limit:
        return text
    marker = f"… [truncated: {len(text):,} characters in all]"
    return text[: max(0, limit - len(marker))] + marker


class ReasonField(models.TextField):
    """A text column for an error or a reason, cut to REASON_MAX_CHARS with a marker on every write."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return reason_bound(value) if isinstance(value, str) else value

    def deconstruct(self):
        # The column is an unbounded text column as before: the bound is Python's, applied on writes,
        # so migrations see a TextField and none is needed.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
