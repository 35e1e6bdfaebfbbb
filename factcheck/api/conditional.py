"""ETag on single resources; If-Match required on PATCH, PUT and DELETE of an existing one."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from factcheck.api.problems import PreconditionFailed, PreconditionRequired


def etag_for(data) -> str:
    """A strong ETag: the hash of the representation the caller was given."""
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def with_etag(response, data=None):
    response["ETag"] = etag_for(response.data if data is None else data)
    return response


def require_if_match(request, current_representation) -> None:
    """Raise 428 without If-Match, 412 when it names another version than the current one."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    if header.strip() == "*":
        return
    current = etag_for(current_representation)
    offered = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if current not in offered:
        raise PreconditionFailed()
