"""Webhooks: signed event messages to newsroom systems, delivered and retried by the worker.

Messages follow the Standard Webhooks spec: a JSON body `{"type", "timestamp",
"data"}` and the headers `webhook-id` (the same for every retry of one
message), `webhook-timestamp` (of the attempt) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64
part of the `whsec_` secret decoded). After a secret rotation, and until the
overlap ends, the header carries two signatures separated by a space: the
new secret's first, then the previous one's.

Rules enforced here:
- only admins manage webhooks (a token needs `webhooks:manage` and an admin
  member): events carry unpublished work, so where they go is the desk's call;
- a rotated secret keeps signing for an overlap (0 to 7 days) beside the new
  one; only the newest previous secret is kept;
- targets pass the safe outbound policy (factcheck.outbound) when set and at
  every attempt; a refusal fails the delivery at once and turns the webhook off;
- events are written with the change that caused them and sent after commit; their payloads are
  built by the domain (claims.events), so this module knows no claim;
- a failed attempt is retried on WEBHOOK_RETRY_SCHEDULE with jitter; when a
  delivery gives up and the endpoint had no success since it started, the
  webhook is turned off with a reason its admins see.
"""

from factcheck.models import SUBSCRIBABLE_EVENTS
from factcheck.webhooks.delivery import (
    retry_schedule,
    webhook_deliveries_resume,
    webhook_delivery_attempt,
    webhook_event_emit,
)
from factcheck.webhooks.endpoints import (
    SECRET_OVERLAP_MAX,
    WEBHOOK_EDITABLE_FIELDS,
    webhook_create,
    webhook_delete,
    webhook_delivery_redeliver,
    webhook_manager_check,
    webhook_ping,
    webhook_secret_rotate,
    webhook_update,
)
from factcheck.webhooks.signing import (
    SECRET_PREFIX,
    message_body,
    message_headers,
    message_id_generate,
    message_sign,
    secret_generate,
)

__all__ = [
    "SECRET_OVERLAP_MAX",
    "SECRET_PREFIX",
    "SUBSCRIBABLE_EVENTS",
    "WEBHOOK_EDITABLE_FIELDS",
    "message_body",
    "message_headers",
    "message_id_generate",
    "message_sign",
    "retry_schedule",
    "secret_generate",
    "webhook_create",
    "webhook_delete",
    "webhook_deliveries_resume",
    "webhook_delivery_attempt",
    "webhook_delivery_redeliver",
    "webhook_event_emit",
    "webhook_manager_check",
    "webhook_ping",
    "webhook_secret_rotate",
    "webhook_update",
]
