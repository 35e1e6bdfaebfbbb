"""Errors as application/problem+json (RFC 9457): title, status, detail, and field errors."""

import json
import math

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

from factcheck.errors import Conflict, NotPermitted

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it: fetch it again and reapply your change."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag from your last GET of this resource."
    default_code = "precondition_required"


class UnprocessableContent(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


class DomainConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def problem_body(status_code: int, detail: str, *, code: str = "", errors=None) -> dict:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    return body


class ProblemResponse(Response):
    """A problem is JSON whatever was negotiated (the browsable API's HTML, the schema's YAML)."""

    @property
    def rendered_content(self):
        self.accepted_renderer = JSONRenderer()
        self.accepted_media_type = PROBLEM_TYPE
        return super().rendered_content


def problem_response(status_code: int, detail: str, *, code: str = "", errors=None, headers=None) -> Response:
    """A problem from inside a DRF view."""
    body = problem_body(status_code, detail, code=code, errors=errors)
    return ProblemResponse(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def problem_http(status_code: int, detail: str, *, code: str = "", headers=None) -> HttpResponse:
    """A problem from outside DRF (middleware, Django's own 404 and 500)."""
    body = problem_body(status_code, detail, code=code)
    return HttpResponse(json.dumps(body), status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def _flatten(detail):
    """DRF error detail -> {field: [messages]} with plain strings."""
    if isinstance(detail, dict):
        return {key: _flatten_list(value) for key, value in detail.items()}
    return {"non_field_errors": _flatten_list(detail)}


def _flatten_list(value):
    if isinstance(value, dict):
        return {key: _flatten_list(inner) for key, inner in value.items()}
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [str(item) for item in value]
        return [_flatten_list(item) for item in value]
    return [str(value)]


def _first_message(value) -> str:
    if isinstance(value, dict):
        return next((_first_message(inner) for inner in value.values() if inner), "")
    if isinstance(value, list):
        return next((_first_message(inner) for inner in value if inner), "")
    return str(value)


def _summary(errors: dict) -> str:
    """One sentence naming what is wrong: the field and its first message."""
    fields = [name for name in errors if name != "non_field_errors"]
    if len(fields) == 1:
        return f"{fields[0]}: {_first_message(errors[fields[0]])}"
    if fields:
        return "Check these fields: " + ", ".join(fields) + "."
    return _first_message(errors.get("non_field_errors")) or "The request is not valid."


def exception_handler(exc, context):
    """Every error the API returns, as problem+json."""
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if NON_FIELD_ERRORS in errors:
            errors = {k: v for k, v in errors.items() if k != NON_FIELD_ERRORS} | {
                "non_field_errors": errors[NON_FIELD_ERRORS]
            }
        exc = exceptions.ValidationError(errors)
    if isinstance(exc, NotPermitted):
        set_rollback()
        return problem_response(403, exc.message, code=exc.code)
    if isinstance(exc, Conflict):
        set_rollback()
        return problem_response(409, exc.message, code=exc.code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("No such resource.")
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait if exc.wait is not None else 1
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem_response(
            exc.status_code, _summary(errors), code="invalid", errors=errors, headers=headers
        )
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    codes = exc.get_codes()
    return problem_response(
        exc.status_code, str(detail), code=codes if isinstance(codes, str) else "", headers=headers
    )
