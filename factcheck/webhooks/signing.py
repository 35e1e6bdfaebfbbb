"""Webhook messages and their signatures (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
`webhook-signature` with `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`)."""

import base64
import datetime
import hashlib
import hmac
import json
import secrets
import uuid

from factcheck.models import (
    Webhook,
)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
USER_AGENT = "FactcheckWorkbench-Webhooks/1.0"

# --- Messages and signatures ------------------------------------------------------


def secret_generate() -> str:
    """A new signing secret: `whsec_` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def message_id_generate() -> str:
    return f"msg_{uuid.uuid4().hex}"


def message_body(payload: dict) -> bytes:
    """The exact bytes sent and signed; the same for every attempt of a message."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def message_sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value: `v1,` and the base64 HMAC-SHA256 of id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def message_headers(
    *, secret: str, message_id: str, timestamp: int, body: bytes, previous_secret: str = ""
) -> dict[str, str]:
    """The headers of one attempt; with `previous_secret`, the signature header carries both
    signatures, space-separated as the spec allows, so a receiver holding either secret accepts it."""
    signatures = [
        message_sign(secret=key, message_id=message_id, timestamp=timestamp, body=body)
        for key in (secret, previous_secret)
        if key
    ]
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }


def signing_previous_secret(webhook: Webhook, *, at: datetime.datetime) -> str:
    """The previous secret if it still signs at `at` (its overlap has not ended), else ""."""
    expires_at = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires_at is not None and at < expires_at:
        return webhook.previous_secret
    return ""
