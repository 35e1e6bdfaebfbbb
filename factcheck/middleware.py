from django.utils.cache import patch_vary_headers
from pghistory.middleware import HistoryMiddleware as BaseHistoryMiddleware

# What the web pages read to answer htmx with a fragment instead of the whole page (django-htmx's
# request.htmx and request.htmx.target).
HTMX_VARY = ("HX-Request", "HX-Target")


class HistoryMiddleware(BaseHistoryMiddleware):
    """Attribute history rows written during a request to the member, by id and name."""

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["username"] = user.get_username()
        return context


class HtmxVaryMiddleware:
    """`Vary: HX-Request, HX-Target` on the web pages' HTML answers to GET and HEAD.

    One address answers htmx with a fragment and a browser with the whole page (the workspace, an
    import's progress): without the header a cache, or the browser's own back button, may hand the
    fragment to a full page load. The API answers JSON and varies on its own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in {"GET", "HEAD"} and response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, HTMX_VARY)
        return response
