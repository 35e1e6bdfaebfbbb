from rest_framework import permissions

from factcheck.models import ApiToken


def request_token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class HasScope(permissions.BasePermission):
    """The caller is a member; a token caller also needs the view's scope for this method.

    Views declare `required_scopes = {"GET": "claims:read", "POST": "claims:write", ...}`.
    A session (the UI) is not limited by scopes, only by the member's role.
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
            return True
        options = needed if isinstance(needed, tuple) else (needed,)
        if not set(options) & set(token.scopes):
            self.message = f"This token lacks the scope {' or '.join(options)}."
            return False
        return True

    @staticmethod
    def scope_for(request, view):
        scopes = getattr(view, "required_scopes", {})
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        return scopes.get(method)
