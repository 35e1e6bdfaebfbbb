"""OpenAPI pieces every endpoint shares: the problem+json error shape and the HTTP headers of the contract."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error (RFC 9457 problem details).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Conflict"},
        "status": {"type": "integer", "example": 409},
        "detail": {"type": "string", "description": "What went wrong, in words meant for a person."},
        "code": {"type": "string", "description": "A stable, machine-readable reason, e.g. wrong_state."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Field errors: {field: [messages]}; nested objects and lists nest the same way.",
        },
    },
}

PROBLEM_RESPONSE = {
    "description": "An error, as application/problem+json (RFC 9457).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def document_problems(result, generator, request, public):
    """Postprocessing hook: every operation may answer with a problem (the `default` response)."""
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("Problem", PROBLEM_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in HTTP_METHODS:
                operation.setdefault("responses", {}).setdefault("default", PROBLEM_RESPONSE)
    return result


ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The version of this representation: send it back in If-Match to change the resource.",
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of your last GET. Without it: 428; when the resource changed since: 412.",
)

IF_MATCH_UNLESS_NEW = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Required once the verdict exists (the ETag of your last GET); not sent for the first PUT.",
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    # Printable text without surrounding spaces (the server trims them, and refuses control characters).
    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[!-~]([ -~]*[!-~])?$"},
    OpenApiParameter.HEADER,
    description=(
        "A unique key (1 to 200 characters) for this request. Repeating it with the same body replays the "
        "first response and changes nothing; with another body: 422. Keys are per caller and expire "
        "after IDEMPOTENCY_KEY_TTL_HOURS (24 by default)."
    ),
)

PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": 100},
    OpenApiParameter.QUERY,
    description="Items per page, 1 to 100.",
)

NAME_QUERY = OpenApiParameter(
    "name",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Only those whose name contains this text (up to 200 characters).",
)


@extend_schema_field(
    {
        "type": "string",
        "anyOf": [{"format": "uri"}, {"maxLength": 0}],
        "description": "An absolute URL, or an empty string when there is none.",
    }
)
class OptionalURLField(serializers.CharField):
    """A URL in a response that may be empty (the models allow a blank URL): documented as such,
    where DRF's URLField would promise a URI that "" is not."""
