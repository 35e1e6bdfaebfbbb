"""ETag on single resources; If-Match required on PATCH, PUT and DELETE of an existing one.

The check and the write are one step: views take the row lock (`lock_row`)
inside a transaction, compare the ETag with the representation as it is now,
and only then call the service, so two writers sending the same ETag get one
success and one 412.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from factcheck.api.problems import PreconditionFailed, PreconditionRequired


def etag_for(data) -> str:
    """A strong ETag: the hash of the representation the caller was given."""
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def with_etag(response, data=None):
    response["ETag"] = etag_for(response.data if data is None else data)
    return response


def _tags(header: str) -> set[str]:
    # Compared as strong tags; a W/ prefix added by a compressing proxy is forgiven.
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def etag_response(request, data, *, status_code: int = status.HTTP_200_OK) -> Response:
    """The representation with its ETag, or 304 Not Modified when If-None-Match already names it."""
    etag = etag_for(data)
    header = request.headers.get("If-None-Match")
    if header and request.method in ("GET", "HEAD") and (header.strip() == "*" or etag in _tags(header)):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = Response(data, status=status_code)
    response["ETag"] = etag
    return response


def require_if_match(request, current_representation) -> None:
    """Raise 428 without If-Match, 412 when it names another version than the current one."""
    header = request.headers.get("If-Match")
    if not header or not header.strip():
        raise PreconditionRequired()
    if header.strip() == "*":
        return
    if etag_for(current_representation) not in _tags(header):
        raise PreconditionFailed()


def refuse_if_match_on_missing(request, detail: str) -> None:
    """If-Match names a version, so it cannot hold for a resource that does not exist yet (RFC 9110)."""
    if request.headers.get("If-Match"):
        raise PreconditionFailed(detail)


def lock_row(queryset, pk, *, missing: str, no_key: bool = False):
    """Lock one row for the rest of the transaction (SELECT ... FOR UPDATE), or raise 404.

    `no_key` takes FOR NO KEY UPDATE instead, which leaves rows referencing this one free to be
    written meanwhile (for a shared row such as a claimant or a source, whose service locks the
    claims citing it next).
    """
    if not queryset.select_for_update(no_key=no_key).filter(pk=pk).values_list("pk", flat=True):
        raise NotFound(missing)
