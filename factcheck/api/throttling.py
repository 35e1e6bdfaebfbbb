"""Throttling per token (or member) and per anonymous IP; 429 carries Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from factcheck.api.permissions import request_token


class _SettingsRateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self):
        # Read at request time, so the rate follows settings (and tests can change it).
        return getattr(settings, self.setting)


class CallerRateThrottle(_SettingsRateThrottle):
    """Each token, or each logged-in member, has its own budget."""

    scope = "caller"
    setting = "API_THROTTLE_CALLER"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is not None:
            ident = f"token:{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SettingsRateThrottle):
    """Anonymous callers share a budget per IP address."""

    scope = "anonymous"
    setting = "API_THROTTLE_ANONYMOUS"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        """The peer's address; X-Forwarded-For only as far as API_NUM_PROXIES trusted proxies set it.

        DRF's default trusts the whole header, which lets any caller pick a fresh
        "address" per request and escape the limit.
        """
        remote_addr = request.META.get("REMOTE_ADDR", "")
        proxies = settings.API_NUM_PROXIES
        forwarded = request.headers.get("X-Forwarded-For")
        if not proxies or not forwarded:
            return remote_addr
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        return addresses[-min(proxies, len(addresses))] if addresses else remote_addr
