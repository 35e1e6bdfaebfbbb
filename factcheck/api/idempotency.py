"""Idempotency-Key on creating POSTs: a repeat replays the first response and creates nothing."""

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from factcheck.api.permissions import request_token
from factcheck.api.problems import UnprocessableContent
from factcheck.models import IdempotencyRecord

MAX_KEY_LENGTH = 200


class _LostRace(Exception):
    """Another request with the same key committed first: undo ours, replay theirs."""


def _owner(request) -> str:
    token = request_token(request)
    return f"token:{token.pk}" if token else f"user:{request.user.pk}"


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code, headers=record.response_headers)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request, create) -> Response:
    """Run `create()` once per (caller, Idempotency-Key); replay its response for repeats.

    The same key with another body is refused with 422. Keys expire after
    IDEMPOTENCY_KEY_TTL_HOURS. Only successful responses are kept, so a failed
    create can be retried with the same key.
    """
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return create()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationError({"Idempotency-Key": [f"Use 1 to {MAX_KEY_LENGTH} characters."]})
    owner = _owner(request)
    fingerprint = hashlib.sha256(
        request.method.encode() + b" " + request.path.encode() + b"\n" + request.body
    ).hexdigest()
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    IdempotencyRecord.objects.filter(owner=owner, key=key, created_at__lt=cutoff).delete()

    def check(record: IdempotencyRecord) -> Response:
        if record.fingerprint != fingerprint:
            raise UnprocessableContent(
                "This Idempotency-Key was used for another request: use a new key for a new request."
            )
        return _replay(record)

    existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
    if existing is not None:
        return check(existing)
    try:
        with transaction.atomic():
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
                            response_headers={k: v for k, v in response.items() if k in ("Location", "ETag")},
                        )
                except IntegrityError:
                    raise _LostRace from None
    except _LostRace:
        return check(IdempotencyRecord.objects.get(owner=owner, key=key))
    return response
