"""Collections that belong to one claim (appearances, evidence, rebuttals): one shape, three uses."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from factcheck.api.conditional import require_if_match, with_etag
from factcheck.api.idempotency import idempotent
from factcheck.api.permissions import request_token
from factcheck.history import acting_as


def caller_context(request):
    """History attribution for API writes: the member, and the token when one is used."""
    token = request_token(request)
    return acting_as(request.user, token=f"{token.pk}:{token.name}" if token else None)


class ClaimCollectionView(APIView):
    """GET lists the claim's items; POST adds one through the create service."""

    required_scopes = {"GET": "claims:read", "POST": "claims:write"}
    model = None
    output_serializer = None
    input_serializer = None
    location = ""  # e.g. "evidence"

    def items(self, claim_id):
        return self.model.objects.filter(claim_id=claim_id).order_by("id")

    def prepare(self, values: dict, request) -> dict:
        return values

    def create(self, *, claim, actor, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def get(self, request, pk):
        get_object_or_404(Claim, pk=pk)
        return Response({"results": self.output_serializer(self.items(pk), many=True).data})

    def post(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)

        def create():
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                values = self.prepare(dict(data.validated_data), request)
                item = self.create(claim=claim, actor=request.user, **values)
            item = self.items(pk).get(pk=item.pk)
            response = Response(self.output_serializer(item).data, status=status.HTTP_201_CREATED)
            response["Location"] = f"/api/v1/claims/{pk}/{self.location}/{item.pk}/"
            return with_etag(response)

        return idempotent(request, create)


class ClaimItemView(APIView):
    """GET one item (with ETag); PATCH and DELETE it through the services (If-Match required)."""

    required_scopes = {"GET": "claims:read", "PATCH": "claims:write", "DELETE": "claims:write"}
    model = None
    output_serializer = None
    input_serializer = None

    def prepare(self, values: dict, request) -> dict:
        return values

    def update(self, item, *, actor, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def delete_item(self, item, *, actor):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def item(self, pk, item_pk):
        return get_object_or_404(self.model.objects.all(), claim_id=pk, pk=item_pk)

    def get(self, request, pk, item_pk):
        return with_etag(Response(self.output_serializer(self.item(pk, item_pk)).data))

    def patch(self, request, pk, item_pk):
        item = self.item(pk, item_pk)
        require_if_match(request, self.output_serializer(item).data)
        data = self.input_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with caller_context(request):
            values = self.prepare(dict(data.validated_data), request)
            self.update(item, actor=request.user, **values)
        return with_etag(Response(self.output_serializer(self.item(pk, item_pk)).data))

    def delete(self, request, pk, item_pk):
        item = self.item(pk, item_pk)
        require_if_match(request, self.output_serializer(item).data)
        with caller_context(request):
            self.delete_item(item, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
