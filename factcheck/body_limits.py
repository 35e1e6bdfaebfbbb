"""Request bodies: every path has a cap, enforced before anything reads the body.

Rules:
- The cap: IMPORT_MAX_BYTES for a POST to an upload path (the Import page, the API's imports),
  API_MAX_BODY_BYTES elsewhere under /api/, MAX_BODY_BYTES on every other path.
- A declared Content-Length over the cap is refused with 413 before a byte is read; one that is not a
  whole number is 400.
- A chunked body (no length declared) is read up to the cap and no further: over it, 413; under it,
  it is handed on as if its length had been declared (kept on disk past FILE_UPLOAD_MAX_MEMORY_SIZE).
- An upload from nobody (no member's session, no valid API token) is refused before its body is read:
  the Import page sends the caller to log in, the API answers 401. Only members' uploads may be large.
- The API's refusals are problem+json; the desk's are a page that says the limit.
"""

import tempfile

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from rest_framework.exceptions import AuthenticationFailed

from factcheck.api.authentication import BearerTokenAuthentication
from factcheck.api.problems import problem_http
from factcheck.numbers import is_whole_number

API_PREFIX = "/api/"
# POSTs to these paths carry whole files: IMPORT_MAX_BYTES, for members only.
UPLOAD_PATHS = frozenset({"/claims/import/", "/api/v1/imports/"})
READ_CHUNK = 64 * 1024


def body_limit(request) -> int:
    """The largest body this request may carry, in bytes."""
    if request.method == "POST" and request.path in UPLOAD_PATHS:
        return settings.IMPORT_MAX_BYTES
    if request.path.startswith(API_PREFIX):
        return settings.API_MAX_BODY_BYTES
    return settings.MAX_BODY_BYTES


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _too_large(request, size_text: str, limit: int):
    detail = f"The request body is {size_text}; the limit is {limit} bytes."
    if _is_api(request):
        return problem_http(413, detail, code="body_too_large")
    return render(request, "413.html", {"detail": detail, "limit": limit}, status=413)


def _bad_length(request):
    detail = "Content-Length must be a whole number of bytes."
    if _is_api(request):
        return problem_http(400, detail, code="bad_length")
    return render(request, "413.html", {"detail": detail}, status=400)


def _is_anonymous_upload(request) -> bool:
    """True when nobody is behind an upload: no member's session and, on the API, no valid token."""
    if request.user.is_authenticated:
        return False
    if not _is_api(request):
        return True
    try:
        return BearerTokenAuthentication().authenticate(request) is None
    except AuthenticationFailed:
        return True


def _refuse_anonymous(request):
    if _is_api(request):
        response = problem_http(
            401,
            "Log in or send an API token (Authorization: Bearer <token>) to upload a file.",
            code="not_authenticated",
        )
        # The same challenge as every other 401 of the API (RFC 9110: a 401 carries one).
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    return redirect_to_login(request.get_full_path())


class BodyLimitMiddleware:
    """Refuse bodies over the path's cap, and anonymous uploads, before anything reads them.

    Must come after AuthenticationMiddleware (it asks who is calling) and before anything that reads a
    body in __call__; CSRF and the views read it later, in process_view and the view itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        if request.method == "POST" and request.path in UPLOAD_PATHS and _is_anonymous_upload(request):
            return _refuse_anonymous(request)
        declared = request.META.get("CONTENT_LENGTH", "")
        if declared not in ("", None):
            if not is_whole_number(declared):
                return _bad_length(request)
            if int(declared) > limit:
                return _too_large(request, f"{int(declared)} bytes", limit)
            return self.get_response(request)
        if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.get_response(request)
        with tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE) as body:
            size = self._read_chunked(request.META["wsgi.input"], body, limit)
            if size > limit:
                return _too_large(request, "larger than that", limit)
            body.seek(0)
            # Hand the body on as if its length had been declared, so the parsers read it.
            request.META["CONTENT_LENGTH"] = str(size)
            request._stream = LimitedStream(body, size)
            return self.get_response(request)

    @staticmethod
    def _read_chunked(source, body, limit: int) -> int:
        """Copy at most limit + 1 bytes (enough to know the body is too large); return how many."""
        size = 0
        while size <= limit:
            chunk = source.read(min(READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            body.write(chunk)
            size += len(chunk)
        return size
