"""Errors as application/problem+json (RFC 9457): title, status, detail, and field errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
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


def problem_response(status_code: int, detail: str, *, code: str = "", errors=None, headers=None) -> Response:
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
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


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


def _summary(errors: dict) -> str:
    fields = [name for name in errors if name != "non_field_errors"]
    if fields:
        return "Check these fields: " + ", ".join(fields) + "."
    messages = errors.get("non_field_errors") or ["The request is not valid."]
    return str(messages[0])


def exception_handler(exc, context):
    """Every error the API returns, as problem+json."""
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
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
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait) + (0 if float(exc.wait).is_integer() else 1))
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
