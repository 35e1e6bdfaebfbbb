from rest_framework import permissions

from factcheck.models import ApiToken


def request_token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def token_scopes(request) -> frozenset[str] | None:
    """The scopes the caller's token carries, or None for a member's session (not limited by scopes)."""
    token = request_token(request)
    return None if token is None else frozenset(token.scopes)


def token_allows(request, scope: str) -> bool:
    """Whether the caller's credentials carry `scope` (a session, the UI, always does)."""
    token = request_token(request)
    return token is None or scope in token.scopes


class HasScope(permissions.BasePermission):
    """The caller is a member; a token caller also needs the view's scope for this method.

    Views declare `required_scopes = {"GET": "claims:read", "POST": "claims:write", ...}`
    (a tuple means any one of them). A method a view implements but does not list is
    refused to every token: a forgotten declaration must not open an endpoint to
    every scope. A session (the UI) is not limited by scopes, only by the member's role.
    """

    message = "This endpoint needs a member's login or an API token."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request_token(request)
        if token is None:
            return True
        needed = self.scope_for(request, view)
        if needed is None:
            # Not implemented here: let the view answer 405.
            return not hasattr(view, self._method(request).lower())
        options = needed if isinstance(needed, tuple) else (needed,)
        if not set(options) & set(token.scopes):
            self.message = f"This token lacks the scope {' or '.join(options)}."
            return False
        return True

    @staticmethod
    def _method(request) -> str:
        return "GET" if request.method in ("HEAD", "OPTIONS") else request.method

    @classmethod
    def scope_for(cls, request, view):
        return getattr(view, "required_scopes", {}).get(cls._method(request))
