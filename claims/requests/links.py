"""The requester's private links, signed (django.core.signing) so that no login is needed.

- The status link names one request: received, being checked, or published with its link.
- The unsubscribe link names one request's contact: following it stops every email to that address.
Each kind has its own salt, so one link is never accepted as the other. Neither expires.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

STATUS_SALT = "claims.requests.status"
UNSUBSCRIBE_SALT = "claims.requests.unsubscribe"


def status_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=STATUS_SALT, compress=False)


def unsubscribe_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=UNSUBSCRIBE_SALT, compress=False)


def _read(token: str, salt: str) -> int | None:
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def status_request_id(token: str) -> int | None:
    """The request a status token names, or None for a token we did not sign."""
    return _read(token, STATUS_SALT)


def unsubscribe_request_id(token: str) -> int | None:
    return _read(token, UNSUBSCRIBE_SALT)


def status_url(request_id: int) -> str:
    return settings.SITE_URL + reverse("request-status", args=[status_token(request_id)])


def unsubscribe_url(request_id: int) -> str:
    return settings.SITE_URL + reverse("request-unsubscribe", args=[unsubscribe_token(request_id)])
