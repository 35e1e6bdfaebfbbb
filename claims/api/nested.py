"""Collections that belong to one claim (appearances, evidence, rebuttals): one shape, three uses."""

from django.db import transaction
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from factcheck.api.calls import caller_context
from factcheck.api.conditional import etag_response, lock_row, require_if_match
from factcheck.api.idempotency import idempotent


def ensure_claim_exists(pk: int) -> None:
    if not Claim.objects.filter(pk=pk).exists():
        raise NotFound(f"No claim {pk}.")


def lock_claim(pk: int) -> None:
    """Lock the claim row: writes to what belongs to a claim are serialised on it (as in the services)."""
    lock_row(Claim.objects.all(), pk, missing=f"No claim {pk}.")


class ClaimCollectionView(APIView):
    """GET lists the claim's items; POST adds one through the create service."""

    required_scopes = {"GET": "claims:read", "POST": "claims:write"}
    output_serializer = None
    input_serializer = None
    location = ""  # the URL segment, e.g. "evidence"

    def items(self, claim_id):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def prepare(self, values: dict, request) -> dict:
        return values

    def create(self, *, claim, actor, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def get(self, request, pk):
        ensure_claim_exists(pk)
        return Response({"results": self.output_serializer(self.items(pk), many=True).data})

    def post(self, request, pk):
        ensure_claim_exists(pk)

        def create():
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            with transaction.atomic(), caller_context(request):
                values = self.prepare(dict(data.validated_data), request)
                item = self.create(claim=Claim(pk=pk), actor=request.user, **values)
            item = self.items(pk).get(pk=item.pk)
            response = etag_response(request, self.output_serializer(item).data, status_code=201)
            response["Location"] = f"/api/v1/claims/{pk}/{self.location}/{item.pk}/"
            return response

        return idempotent(request, create)


class ClaimItemView(APIView):
    """GET one item (with ETag); PATCH and DELETE it through the services (If-Match required)."""

    required_scopes = {"GET": "claims:read", "PATCH": "claims:write", "DELETE": "claims:write"}
    output_serializer = None
    input_serializer = None
    noun = "item"

    def items(self, claim_id):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def prepare(self, values: dict, request) -> dict:
        return values

    def update(self, item, *, actor, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def delete_item(self, item, *, actor):  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def item(self, pk, item_pk):
        found = self.items(pk).filter(pk=item_pk).first()
        if found is None:
            raise NotFound(f"Claim {pk} has no {self.noun} {item_pk}.")
        return found

    def get(self, request, pk, item_pk):
        return etag_response(request, self.output_serializer(self.item(pk, item_pk)).data)

    def patch(self, request, pk, item_pk):
        with transaction.atomic():
            lock_claim(pk)
            item = self.item(pk, item_pk)
            require_if_match(request, self.output_serializer(item).data)
            data = self.input_serializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                values = self.prepare(dict(data.validated_data), request)
                self.update(item, actor=request.user, **values)
        return etag_response(request, self.output_serializer(self.item(pk, item_pk)).data)

    def delete(self, request, pk, item_pk):
        with transaction.atomic():
            lock_claim(pk)
            item = self.item(pk, item_pk)
            require_if_match(request, self.output_serializer(item).data)
            with caller_context(request):
                self.delete_item(item, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
