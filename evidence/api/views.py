"""Evidence, rebuttals and sources: thin interfaces over evidence.services."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from claims.api.nested import ClaimCollectionView, ClaimItemView
from evidence import selectors, services
from evidence.api import serializers as s
from evidence.models import Source
from factcheck.api.calls import caller_context, results_of
from factcheck.api.conditional import etag_response, lock_row, require_if_match
from factcheck.api.idempotency import idempotent
from factcheck.api.input import refuse_unknown_query_parameters, text_query_parameter
from factcheck.api.pagination import IdCursorPagination
from factcheck.api.schema import ETAG, IDEMPOTENCY_KEY, IF_MATCH, NAME_QUERY


@extend_schema_view(
    get=extend_schema(
        operation_id="claims_evidence_list", responses=results_of(s.EvidenceSerializer, "EvidenceList")
    ),
    post=extend_schema(
        request=s.EvidenceInputSerializer,
        responses={201: s.EvidenceSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    ),
)
class EvidenceListView(ClaimCollectionView):
    """The claim's evidence: list and add."""

    output_serializer = s.EvidenceSerializer
    input_serializer = s.EvidenceInputSerializer
    location = "evidence"

    def items(self, claim_id):
        return selectors.evidence_for_claim(claim_id=claim_id)

    def create(self, *, claim, actor, **values):
        return services.evidence_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.EvidenceSerializer, parameters=[ETAG]),
    patch=extend_schema(
        request=s.EvidenceInputSerializer, responses=s.EvidenceSerializer, parameters=[IF_MATCH, ETAG]
    ),
    delete=extend_schema(responses={204: None}, parameters=[IF_MATCH]),
)
class EvidenceDetailView(ClaimItemView):
    """One piece of evidence: read, change, remove."""

    output_serializer = s.EvidenceSerializer
    input_serializer = s.EvidenceInputSerializer
    noun = "evidence"

    def items(self, claim_id):
        return selectors.evidence_for_claim(claim_id=claim_id)

    def update(self, item, *, actor, **values):
        return services.evidence_update(evidence=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.evidence_delete(evidence=item, actor=actor)


@extend_schema_view(
    get=extend_schema(
        operation_id="claims_rebuttals_list", responses=results_of(s.RebuttalSerializer, "RebuttalList")
    ),
    post=extend_schema(
        request=s.RebuttalInputSerializer,
        responses={201: s.RebuttalSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    ),
)
class RebuttalListView(ClaimCollectionView):
    """Responses to the claim by identified parties: list and add."""

    output_serializer = s.RebuttalSerializer
    input_serializer = s.RebuttalInputSerializer
    location = "rebuttals"

    def items(self, claim_id):
        return selectors.rebuttal_list_for_claim(claim_id=claim_id)

    def create(self, *, claim, actor, **values):
        return services.rebuttal_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.RebuttalSerializer, parameters=[ETAG]),
    patch=extend_schema(
        request=s.RebuttalInputSerializer, responses=s.RebuttalSerializer, parameters=[IF_MATCH, ETAG]
    ),
    delete=extend_schema(responses={204: None}, parameters=[IF_MATCH]),
)
class RebuttalDetailView(ClaimItemView):
    """One rebuttal: read, change, remove."""

    output_serializer = s.RebuttalSerializer
    input_serializer = s.RebuttalInputSerializer
    noun = "rebuttal"

    def items(self, claim_id):
        return selectors.rebuttal_list_for_claim(claim_id=claim_id)

    def update(self, item, *, actor, **values):
        return services.rebuttal_update(rebuttal=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.rebuttal_delete(rebuttal=item, actor=actor)


class SourceListView(generics.GenericAPIView):
    """Who publishes evidence: list (newest first) and create."""

    required_scopes = {"GET": "claims:read", "POST": "claims:write"}
    serializer_class = s.SourceSerializer
    pagination_class = IdCursorPagination
    queryset = Source.objects.none()  # for the schema; the selector answers

    @extend_schema(parameters=[NAME_QUERY], responses=s.SourceSerializer(many=True))
    def get(self, request):
        refuse_unknown_query_parameters(request, ["name", "cursor", "page_size"])
        sources = selectors.source_list(name=text_query_parameter(request, "name"))
        page = self.paginate_queryset(sources)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.SourceInputSerializer,
        responses={201: s.SourceSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    )
    def post(self, request):
        def create():
            data = s.SourceInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                source = services.source_create(actor=request.user, **data.validated_data)
            response = etag_response(request, s.SourceSerializer(source).data, status_code=201)
            response["Location"] = f"/api/v1/sources/{source.pk}/"
            return response

        return idempotent(request, create)


class SourceDetailView(APIView):
    """One source: read and change."""

    required_scopes = {"GET": "claims:read", "PATCH": "claims:write"}

    def source(self, pk) -> Source:
        source = Source.objects.filter(pk=pk).first()
        if source is None:
            raise NotFound(f"No source {pk}.")
        return source

    @extend_schema(responses=s.SourceSerializer, parameters=[ETAG])
    def get(self, request, pk):
        return etag_response(request, s.SourceSerializer(self.source(pk)).data)

    @extend_schema(
        request=s.SourceUpdateSerializer, responses=s.SourceSerializer, parameters=[IF_MATCH, ETAG]
    )
    def patch(self, request, pk):
        with transaction.atomic():
            lock_row(Source.objects.all(), pk, missing=f"No source {pk}.", no_key=True)
            require_if_match(request, s.SourceSerializer(self.source(pk)).data)
            data = s.SourceUpdateSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                source = services.source_update(
                    source=Source(pk=pk), actor=request.user, **data.validated_data
                )
        return etag_response(request, s.SourceSerializer(source).data)
