"""The API's edge: errors as problem+json (body limits: factcheck.body_limits).

For paths under /api/ only. DRF's own errors are problem+json already (see
problems.exception_handler); this catches what happens outside a view:
Django's 404 for an unknown path, a 500, a refused body.
"""

from django.urls import get_urlconf, is_valid_path
from django.utils.cache import patch_vary_headers

from factcheck.api.problems import problem_http

API_PREFIX = "/api/"

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


class ApiEdgeMiddleware:
    """Turn non-JSON API errors into problem+json; a missing trailing slash is a clear 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refusal = self.check_trailing_slash(request)
        if refusal is not None:
            return refusal
        response = self.as_problem(self.get_response(request))
        # Representations differ by caller (available actions, scopes): caches must keep them apart.
        patch_vary_headers(response, ["Authorization"])
        return response

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
