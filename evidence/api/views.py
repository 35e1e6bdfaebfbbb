"""Evidence, rebuttals and sources: thin interfaces over evidence.services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence import selectors, services
from evidence.api import serializers as s
from evidence.models import Evidence, Rebuttal, Source
from factcheck.api.conditional import require_if_match, with_etag
from factcheck.api.idempotency import idempotent
from factcheck.api.nested import ClaimCollectionView, ClaimItemView, caller_context
from factcheck.api.pagination import IdCursorPagination


class SourceRefMixin:
    """Evidence names its source by id or {"name", "kind"}; the latter is found or created."""

    def prepare(self, values, request):
        if isinstance(values.get("source"), dict):
            values["source"] = services.source_get_or_create(actor=request.user, **values["source"])
        return values


@extend_schema_view(
    get=extend_schema(responses=s.EvidenceSerializer(many=True)),
    post=extend_schema(request=s.EvidenceInputSerializer, responses={201: s.EvidenceSerializer}),
)
class EvidenceListView(SourceRefMixin, ClaimCollectionView):
    """The claim's evidence: list and add."""

    model = Evidence
    output_serializer = s.EvidenceSerializer
    input_serializer = s.EvidenceInputSerializer
    location = "evidence"

    def items(self, claim_id):
        return selectors.evidence_for_claim(claim_id=claim_id)

    def create(self, *, claim, actor, **values):
        return services.evidence_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.EvidenceSerializer),
    patch=extend_schema(request=s.EvidenceInputSerializer, responses=s.EvidenceSerializer),
    delete=extend_schema(responses={204: None}),
)
class EvidenceDetailView(SourceRefMixin, ClaimItemView):
    """One piece of evidence: read, change, remove."""

    model = Evidence
    output_serializer = s.EvidenceSerializer
    input_serializer = s.EvidenceInputSerializer

    def update(self, item, *, actor, **values):
        return services.evidence_update(evidence=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.evidence_delete(evidence=item, actor=actor)


@extend_schema_view(
    get=extend_schema(responses=s.RebuttalSerializer(many=True)),
    post=extend_schema(request=s.RebuttalInputSerializer, responses={201: s.RebuttalSerializer}),
)
class RebuttalListView(ClaimCollectionView):
    """Responses to the claim by identified parties: list and add."""

    model = Rebuttal
    output_serializer = s.RebuttalSerializer
    input_serializer = s.RebuttalInputSerializer
    location = "rebuttals"

    def create(self, *, claim, actor, **values):
        return services.rebuttal_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.RebuttalSerializer),
    patch=extend_schema(request=s.RebuttalInputSerializer, responses=s.RebuttalSerializer),
    delete=extend_schema(responses={204: None}),
)
class RebuttalDetailView(ClaimItemView):
    """One rebuttal: read, change, remove."""

    model = Rebuttal
    output_serializer = s.RebuttalSerializer
    input_serializer = s.RebuttalInputSerializer

    def update(self, item, *, actor, **values):
        return services.rebuttal_update(rebuttal=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.rebuttal_delete(rebuttal=item, actor=actor)


class SourceListView(generics.GenericAPIView):
    """Who publishes evidence: list and create."""

    required_scopes = {"GET": "claims:read", "POST": "claims:write"}
    serializer_class = s.SourceSerializer
    pagination_class = IdCursorPagination
    queryset = Source.objects.all()

    @extend_schema(
        parameters=[OpenApiParameter("name", str, description="Names containing this text")],
        responses=s.SourceSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.source_list(name=request.query_params.get("name", "")))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.SourceInputSerializer, responses={201: s.SourceSerializer})
    def post(self, request):
        def create():
            data = s.SourceInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                source = services.source_create(actor=request.user, **data.validated_data)
            response = Response(s.SourceSerializer(source).data, status=status.HTTP_201_CREATED)
            response["Location"] = f"/api/v1/sources/{source.pk}/"
            return with_etag(response)

        return idempotent(request, create)


class SourceDetailView(APIView):
    """One source: read and change."""

    required_scopes = {"GET": "claims:read", "PATCH": "claims:write"}

    @extend_schema(responses=s.SourceSerializer)
    def get(self, request, pk):
        return with_etag(Response(s.SourceSerializer(get_object_or_404(Source, pk=pk)).data))

    @extend_schema(request=s.SourceUpdateSerializer, responses=s.SourceSerializer)
    def patch(self, request, pk):
        source = get_object_or_404(Source, pk=pk)
        require_if_match(request, s.SourceSerializer(source).data)
        data = s.SourceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with caller_context(request):
            source = services.source_update(source=source, actor=request.user, **data.validated_data)
        return with_etag(Response(s.SourceSerializer(source).data))
