"""What every API view shares: history attribution for the caller, and the schema of an unpaged list."""

from drf_spectacular.utils import inline_serializer

from factcheck.api.permissions import request_token
from factcheck.history import acting_as


def caller_context(request):
    """History attribution for API writes: the member, and the token when one is used."""
    token = request_token(request)
    return acting_as(request.user, token=f"{token.pk}:{token.name}" if token else None)


def results_of(serializer_class, name: str):
    """The schema of `{"results": [...]}`, the shape of every unpaged list."""
    return inline_serializer(name=name, fields={"results": serializer_class(many=True)})
