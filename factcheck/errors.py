"""Refusals from the domain, in words a fact-checker understands.

Interfaces map them: NotPermitted to 403, Conflict to 409 (the API), a
message beside the form (the UI), one line on stderr (commands).
"""


class DomainError(Exception):
    """A refusal with a message meant for the person who asked."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


class NotPermitted(DomainError):
    """This member (or token) may not do this at all."""


class Conflict(DomainError):
    """Allowed in principle, but not now: wrong state, an unmet requirement, a stale copy."""
