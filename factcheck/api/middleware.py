"""The API's edge: body size limits before anything reads a body, and errors as problem+json.

For paths under /api/ only. DRF's own errors are problem+json already (see
problems.exception_handler); this catches what happens outside a view:
Django's 404 for an unknown path, a 500, a refused body.
"""

import io

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.urls import get_urlconf, is_valid_path
from django.utils.cache import patch_vary_headers

from factcheck.api.problems import problem_http
from factcheck.numbers import is_whole_number

API_PREFIX = "/api/"
READ_CHUNK = 64 * 1024

# Headers of the original error response that still hold for its problem+json replacement.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")

DETAILS = {
    400: "The request could not be read.",
    403: "This request is not allowed.",
    404: "No such resource: check the URL (API paths end with a slash).",
    405: "This method is not allowed here.",
    500: "Something went wrong on our side; it has been logged. Try again later.",
}


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


# Bulk imports carry whole files: they have a limit of their own (IMPORT_MAX_BYTES).
IMPORT_PATH = "/api/v1/imports/"


def body_limit(request) -> int:
    if request.method == "POST" and request.path == IMPORT_PATH:
        return settings.IMPORT_MAX_BYTES
    return settings.API_MAX_BODY_BYTES


def _too_large(size_text: str, limit: int) -> HttpResponse:
    return problem_http(
        413, f"The request body is {size_text}; the limit is {limit} bytes.", code="body_too_large"
    )


class ApiEdgeMiddleware:
    """Refuse bodies over API_MAX_BODY_BYTES with 413; turn non-JSON API errors into problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refusal = self.check_body(request) or self.check_trailing_slash(request)
        if refusal is not None:
            return refusal
        response = self.as_problem(self.get_response(request))
        # Representations differ by caller (available actions, scopes): caches must keep them apart.
        patch_vary_headers(response, ["Authorization"])
        return response

    def check_body(self, request):
        """413 from Content-Length alone; a chunked body is read up to the limit and no further."""
        limit = body_limit(request)
        declared = request.META.get("CONTENT_LENGTH", "")
        if declared not in ("", None):
            if not is_whole_number(declared):
                return problem_http(400, "Content-Length must be a whole number of bytes.", code="bad_length")
            if int(declared) > limit:
                return _too_large(f"{int(declared)} bytes", limit)
            return None
        if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None
        # No length was declared (chunked transfer): read at most limit + 1 bytes to know.
        source = request.META["wsgi.input"]
        buffer = io.BytesIO()
        while buffer.tell() <= limit:
            chunk = source.read(min(READ_CHUNK, limit + 1 - buffer.tell()))
            if not chunk:
                break
            buffer.write(chunk)
        size = buffer.tell()
        if size > limit:
            return _too_large("larger than that", limit)
        buffer.seek(0)
        # Hand the body on as if its length had been declared, so the parsers read it.
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(buffer, size)
        return None

    def check_trailing_slash(self, request):
        """An API client gets a clear 404, not a redirect that would turn its POST into a GET."""
        path = request.path_info
        if path.endswith("/"):
            return None
        urlconf = getattr(request, "urlconf", None) or get_urlconf()
        if is_valid_path(path, urlconf) or not is_valid_path(path + "/", urlconf):
            return None
        return problem_http(404, f"No such resource: API paths end with a slash ({request.path}/).")

    def as_problem(self, response):
        if response.status_code < 400 or getattr(response, "streaming", False):
            return response
        if _is_json(response.get("Content-Type", "")):
            return response
        status = response.status_code
        problem = problem_http(status, DETAILS.get(status, "The request failed."))
        for name in KEPT_HEADERS:
            if name in response:
                problem[name] = response[name]
        return problem
