"""What the desk's views share about HTTP methods."""

from functools import wraps

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
