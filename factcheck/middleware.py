from pghistory.middleware import HistoryMiddleware as BaseHistoryMiddleware


class HistoryMiddleware(BaseHistoryMiddleware):
    """Attribute history rows written during a request to the member, by id and name."""

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["username"] = user.get_username()
        return context
