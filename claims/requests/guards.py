"""What a reader request may carry, and how often one may come.

Rules:
- No HTML is kept: tags are stripped (script and style with their content), entities decoded, until
  nothing that looks like a tag is left; control characters go too (a NUL never reaches PostgreSQL).
- Size limits: text REQUEST_TEXT_MAX_LENGTH characters (required), URL REQUEST_URL_MAX_LENGTH, email 254,
  language a tag of at most 12 characters (factcheck.languages).
- A URL must be one the desk could fetch (factcheck.outbound.url_check: http or https, no credentials,
  no private, loopback or link-local address). It is only checked, never fetched here.
- Rate limits per sender address (IP) and per email address, counted in the cache per hour:
  REQUESTS_PER_ADDRESS_PER_HOUR and REQUESTS_PER_EMAIL_PER_HOUR; over them, RateLimited says when to
  come back (Retry-After). Addresses are counted by keyed hash, never stored in the cache as given.
"""

import html
import re
import time

import nh3
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from claims.models import REQUEST_TEXT_MAX_LENGTH, REQUEST_URL_MAX_LENGTH
from factcheck.languages import is_language_tag
from factcheck.outbound import OutboundRefused, url_check

EMAIL_MAX_LENGTH = 254
RATE_WINDOW_SECONDS = 3600
# Control characters, and lone surrogates (JSON may carry them; PostgreSQL cannot store them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_TAG_LIKE = re.compile(r"<\s*[/!?a-zA-Z]")


class RateLimited(Exception):
    """Too many requests from one address or email; `retry_after` in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def digest(kind: str, value: str) -> str:
    """A keyed hash of an address (IP, email): counts and erasure without keeping the address."""
    if not value:
        return ""
    return salted_hmac(f"claims.requests.{kind}", value.strip().lower()).hexdigest()


def plain_text(value: str) -> str:
    """The text without HTML or control characters, whitespace kept as typed (trimmed)."""
    text = _CONTROL.sub("", value or "")
    for _round in range(5):
        if "<" not in text and "&" not in text:
            break
        cleaned = _CONTROL.sub("", html.unescape(nh3.clean(text, tags=set())))
        if cleaned == text:
            break
        text = cleaned
    if _TAG_LIKE.search(text):  # still tag-like after several rounds: no angle brackets at all
        text = text.replace("<", "").replace(">", "")
    return text.strip()


def request_fields_clean(*, text, url="", language="", email="") -> dict:
    """The request's fields as kept, or ValidationError naming each wrong field."""
    errors = {}
    raw_text = text if isinstance(text, str) else ""
    if len(raw_text) > REQUEST_TEXT_MAX_LENGTH:
        errors["text"] = _("Keep it under %(limit)s characters.") % {"limit": REQUEST_TEXT_MAX_LENGTH}
    cleaned_text = plain_text(raw_text)
    if not cleaned_text and "text" not in errors:
        errors["text"] = _("Tell us what you saw or heard.")
    url = _CONTROL.sub("", url if isinstance(url, str) else "").strip()
    if url:
        if len(url) > REQUEST_URL_MAX_LENGTH:
            errors["url"] = _("Keep the link under %(limit)s characters.") % {"limit": REQUEST_URL_MAX_LENGTH}
        else:
            try:
                url = url_check(url).url
            except OutboundRefused:
                errors["url"] = _("Give a public web address starting with http:// or https://.")
    language = _CONTROL.sub("", language if isinstance(language, str) else "").strip()
    if language and (len(language) > 12 or not is_language_tag(language)):
        errors["language"] = _("Use a language tag such as en, de or pt-BR.")
    email = _CONTROL.sub("", email if isinstance(email, str) else "").strip()
    if email:
        try:
            if len(email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = _("Give an email address such as name@example.org, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    return {"text": cleaned_text, "url": url, "language": language, "email": email}


def _count(kind: str, key: str, limit: int, message: str) -> None:
    now = time.time()
    window = int(now // RATE_WINDOW_SECONDS)
    cache_key = f"requests:rate:{kind}:{key}:{window}"
    cache.add(cache_key, 0, timeout=RATE_WINDOW_SECONDS + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=RATE_WINDOW_SECONDS + 60)
        count = 1
    if count > limit:
        retry_after = max(1, int(RATE_WINDOW_SECONDS - now % RATE_WINDOW_SECONDS) + 1)
        raise RateLimited(message, retry_after)


def rate_limits_check(*, sender_digest: str, email_digest: str) -> None:
    """Count this request against its sender's and its email's hourly budget; RateLimited when over."""
    if sender_digest:
        _count(
            "address",
            sender_digest,
            settings.REQUESTS_PER_ADDRESS_PER_HOUR,
            _("Too many requests from your address. Please try again later."),
        )
    if email_digest:
        _count(
            "email",
            email_digest,
            settings.REQUESTS_PER_EMAIL_PER_HOUR,
            _("Too many requests with this email address. Please try again later."),
        )
