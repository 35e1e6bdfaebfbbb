"""Idempotency-Key on creating POSTs: a repeat replays the first response and creates nothing."""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from factcheck.api.permissions import request_token
from factcheck.api.problems import UnprocessableContent
from factcheck.models import IdempotencyRecord

MAX_KEY_LENGTH = 200
KEPT_HEADERS = ("Location", "ETag")


def _owner(request) -> str:
    token = request_token(request)
    return f"token:{token.pk}" if token else f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    """The request as parsed: the same JSON sent with other spacing or key order is the same request."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _lock_key(owner: str, key: str) -> int:
    """A 64-bit advisory lock number for this (caller, key)."""
    digest = hashlib.sha256(f"idempotency\n{owner}\n{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise UnprocessableContent(
            "This Idempotency-Key was used for another request: use a new key for a new request."
        )
    response = Response(record.response_body, status=record.status_code, headers=record.response_headers)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request, create) -> Response:
    """Run `create()` once per (caller, Idempotency-Key); replay its response for repeats.

    The same key with another body (or for another endpoint) is refused with
    422. Keys expire after IDEMPOTENCY_KEY_TTL_HOURS. Only successful responses
    are kept, so a create that failed can be retried with the same key.
    Concurrent requests with one key are serialised by a transaction-scoped
    advisory lock: the second waits for the first to commit, then replays it.
    """
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return create()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationError({"Idempotency-Key": [f"Use 1 to {MAX_KEY_LENGTH} printable characters."]})
    owner = _owner(request)
    fingerprint = _fingerprint(request)
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(owner, key)])
        # Expired keys of this caller are forgotten (and their rows removed) as they are met.
        IdempotencyRecord.objects.filter(owner=owner, created_at__lt=cutoff).delete()
        existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
        if existing is not None:
            return _replay(existing, fingerprint)
        response = create()
        if 200 <= response.status_code < 300:
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        owner=owner,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        fingerprint=fingerprint,
                        status_code=response.status_code,
                        response_body=response.data,
                        response_headers={name: response[name] for name in KEPT_HEADERS if name in response},
                    )
            except IntegrityError:
                # Unreachable while the advisory lock holds; kept so a surprise is a clear 422, not a 500.
                raise UnprocessableContent("This Idempotency-Key is being used by another request.") from None
    return response
