"""What the desk's views share about HTTP: methods, and who is calling from where."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def post_only(back_to):
    """POST only; a GET or HEAD (the address bar after a refused form, a bookmark) is sent to
    `back_to(request, *args, **kwargs)`, a page the member can use, instead of an empty 405 that a
    browser shows as an error page. Other methods are still refused with 405."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(back_to(request, *args, **kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def client_address(request) -> str:
    """The caller's address: the peer's, or X-Forwarded-For only as far as API_NUM_PROXIES trusted proxies
    set it. Trusting the whole header would let any caller pick a fresh "address" per request and escape a
    limit kept per address (API throttling, login lockouts)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.API_NUM_PROXIES
    forwarded = request.headers.get("X-Forwarded-For")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote_addr
