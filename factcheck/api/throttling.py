"""Throttling per token (or member) and per anonymous IP; 429 carries Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from factcheck.api.permissions import request_token
from factcheck.http import client_address


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
        return client_address(request)
