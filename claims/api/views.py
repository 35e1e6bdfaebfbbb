"""Claims endpoints: thin interfaces over claims.services and claims.selectors."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services, workflow
from claims.api import serializers as s
from claims.api.nested import (
    ClaimCollectionView,
    ClaimItemView,
    ensure_claim_exists,
    lock_claim,
)
from claims.filters import ClaimFilter
from claims.models import Claim, Claimant
from factcheck.api.calls import caller_context, results_of
from factcheck.api.conditional import (
    etag_response,
    lock_row,
    refuse_if_match_on_missing,
    require_if_match,
)
from factcheck.api.idempotency import idempotent
from factcheck.api.input import refuse_unknown_query_parameters, text_query_parameter
from factcheck.api.pagination import IdCursorPagination, RankedCursorPagination
from factcheck.api.permissions import token_scopes
from factcheck.api.schema import ETAG, IDEMPOTENCY_KEY, IF_MATCH, IF_MATCH_UNLESS_NEW, NAME_QUERY
from factcheck.languages import LANGUAGE_TAG_PATTERN

READ = "claims:read"
WRITE = "claims:write"
SUBMIT = "claims:submit"
PAGING_PARAMETERS = ("cursor", "page_size")
# django-filter's schema leaves out the validator: document the language tag's form.
LANGUAGE_QUERY = OpenApiParameter(
    "language",
    {"type": "string", "pattern": LANGUAGE_TAG_PATTERN, "maxLength": 12},
    description="A language tag, e.g. en or pt-BR",
)


def claim_representation(request, pk: int) -> dict:
    """The claim as this caller sees it (its available actions are the caller's own)."""
    claim = selectors.claim_list_for_api().filter(pk=pk).first()
    if claim is None:
        raise NotFound(f"No claim {pk}.")
    return s.ClaimSerializer(claim, context={"request": request}).data


class ClaimListView(generics.GenericAPIView):
    """List claims (filters, full-text `q` ranked best first, cursor pages) and log new ones."""

    required_scopes = {"GET": READ, "POST": (SUBMIT, WRITE)}
    filterset_class = ClaimFilter
    serializer_class = s.ClaimSerializer
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return selectors.claim_list_for_api()

    @property
    def paginator(self):
        # Ranked search results have no column to page on: they page by position instead.
        if not hasattr(self, "_paginator"):
            searching = bool(self.request.query_params.get("q", "").strip())
            self._paginator = RankedCursorPagination() if searching else IdCursorPagination()
        return self._paginator

    @extend_schema(responses=s.ClaimSerializer(many=True), parameters=[LANGUAGE_QUERY])
    def get(self, request):
        refuse_unknown_query_parameters(request, [*ClaimFilter.base_filters, *PAGING_PARAMETERS])
        claims = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    )
    def post(self, request):
        def create():
            data = s.ClaimCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            with caller_context(request):
                values["appearances"] = [dict(a) for a in values["appearances"]]
                claim = services.claim_create(created_by=request.user, **values)
            response = etag_response(request, claim_representation(request, claim.pk), status_code=201)
            response["Location"] = f"/api/v1/claims/{claim.pk}/"
            return response

        return idempotent(request, create)


class ClaimDetailView(APIView):
    """One claim with its appearances, evidence, rebuttals, verdict, reviews and your available actions."""

    required_scopes = {"GET": READ, "PATCH": WRITE}

    @extend_schema(responses=s.ClaimSerializer, parameters=[ETAG])
    def get(self, request, pk):
        return etag_response(request, claim_representation(request, pk))

    @extend_schema(request=s.ClaimUpdateSerializer, responses=s.ClaimSerializer, parameters=[IF_MATCH, ETAG])
    def patch(self, request, pk):
        with transaction.atomic():
            lock_claim(pk)
            require_if_match(request, claim_representation(request, pk))
            data = s.ClaimUpdateSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            changes = dict(data.validated_data)
            with caller_context(request):
                services.claim_update(claim=Claim(pk=pk), actor=request.user, **changes)
        return etag_response(request, claim_representation(request, pk))


class VerdictView(APIView):
    """The claim's verdict: read it, or write it whole (PUT)."""

    required_scopes = {"GET": READ, "PUT": WRITE}

    def representation(self, pk):
        claim = selectors.claim_list_for_api().filter(pk=pk).first()
        if claim is None:
            raise NotFound(f"No claim {pk}.")
        verdict = workflow.verdict_of(claim)
        return claim, (s.VerdictSerializer(verdict).data if verdict is not None else None)

    @extend_schema(responses=s.VerdictSerializer, parameters=[ETAG])
    def get(self, request, pk):
        _, body = self.representation(pk)
        if body is None:
            raise NotFound("This claim has no verdict yet: PUT one.")
        return etag_response(request, body)

    @extend_schema(
        request=s.VerdictInputSerializer,
        responses={200: s.VerdictSerializer, 201: s.VerdictSerializer},
        parameters=[IF_MATCH_UNLESS_NEW, ETAG],
    )
    def put(self, request, pk):
        with transaction.atomic():
            lock_claim(pk)
            claim, body = self.representation(pk)
            if body is None:
                refuse_if_match_on_missing(request, "This claim has no verdict yet: PUT without If-Match.")
                expected_revision = 0
            else:
                require_if_match(request, body)
                expected_revision = body["revision"]
            data = s.VerdictInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                services.verdict_update(
                    claim=claim,
                    actor=request.user,
                    expected_revision=expected_revision,
                    **data.validated_data,
                )
        _, body = self.representation(pk)
        return etag_response(request, body, status_code=201 if expected_revision == 0 else 200)


class TransitionView(APIView):
    """The workflow: which actions you may take now (GET), and taking one (POST).

    Refusals say why: 403 when you may never take this action (role, four eyes,
    token scope), 409 when it is not possible now (state, a missing verdict or
    evidence, a missing comment or note).
    """

    required_scopes = {"GET": READ, "POST": WRITE}

    @extend_schema(responses=s.AvailableActionsSerializer, parameters=[ETAG])
    def get(self, request, pk):
        claim = selectors.claim_list_for_api().filter(pk=pk).first()
        if claim is None:
            raise NotFound(f"No claim {pk}.")
        actions = workflow.available_actions(claim, request.user, scopes=token_scopes(request))
        body = {"state": claim.state, "available_actions": actions}
        return etag_response(request, body)

    @extend_schema(
        request=s.TransitionInputSerializer, responses=s.ClaimSerializer, parameters=[IDEMPOTENCY_KEY, ETAG]
    )
    def post(self, request, pk):
        ensure_claim_exists(pk)

        def apply():
            data = s.TransitionInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                services.claim_transition(claim=Claim(pk=pk), actor=request.user, **data.validated_data)
            return etag_response(request, claim_representation(request, pk))

        return idempotent(request, apply)


class HistoryView(APIView):
    """The claim's timeline from the append-only history, oldest first, each change with who made it."""

    required_scopes = {"GET": READ}

    @extend_schema(responses=results_of(s.TimelineEntrySerializer, "Timeline"))
    def get(self, request, pk):
        claim = Claim.objects.filter(pk=pk).first()
        if claim is None:
            raise NotFound(f"No claim {pk}.")
        entries = selectors.claim_timeline(claim=claim)
        return Response({"results": s.TimelineEntrySerializer(entries, many=True).data})


class ClaimantListView(generics.GenericAPIView):
    """Claimants: list (newest first) and create."""

    required_scopes = {"GET": READ, "POST": (SUBMIT, WRITE)}
    serializer_class = s.ClaimantSerializer
    pagination_class = IdCursorPagination
    queryset = Claimant.objects.none()  # for the schema; the selector answers

    @extend_schema(parameters=[NAME_QUERY], responses=s.ClaimantSerializer(many=True))
    def get(self, request):
        refuse_unknown_query_parameters(request, ["name", *PAGING_PARAMETERS])
        claimants = selectors.claimant_list(name=text_query_parameter(request, "name"))
        page = self.paginate_queryset(claimants)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.ClaimantInputSerializer,
        responses={201: s.ClaimantSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    )
    def post(self, request):
        def create():
            data = s.ClaimantInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                claimant = services.claimant_create(actor=request.user, **data.validated_data)
            response = etag_response(request, s.ClaimantSerializer(claimant).data, status_code=201)
            response["Location"] = f"/api/v1/claimants/{claimant.pk}/"
            return response

        return idempotent(request, create)


class ClaimantDetailView(APIView):
    """One claimant: read and change."""

    required_scopes = {"GET": READ, "PATCH": WRITE}

    def claimant(self, pk) -> Claimant:
        claimant = Claimant.objects.filter(pk=pk).first()
        if claimant is None:
            raise NotFound(f"No claimant {pk}.")
        return claimant

    @extend_schema(responses=s.ClaimantSerializer, parameters=[ETAG])
    def get(self, request, pk):
        return etag_response(request, s.ClaimantSerializer(self.claimant(pk)).data)

    @extend_schema(
        request=s.ClaimantUpdateSerializer, responses=s.ClaimantSerializer, parameters=[IF_MATCH, ETAG]
    )
    def patch(self, request, pk):
        with transaction.atomic():
            lock_row(Claimant.objects.all(), pk, missing=f"No claimant {pk}.", no_key=True)
            require_if_match(request, s.ClaimantSerializer(self.claimant(pk)).data)
            data = s.ClaimantUpdateSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                claimant = services.claimant_update(
                    claimant=Claimant(pk=pk), actor=request.user, **data.validated_data
                )
        return etag_response(request, s.ClaimantSerializer(claimant).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="claims_appearances_list", responses=results_of(s.AppearanceSerializer, "AppearanceList")
    ),
    post=extend_schema(
        request=s.AppearanceInputSerializer,
        responses={201: s.AppearanceSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    ),
)
class AppearanceListView(ClaimCollectionView):
    """Where the claim was seen: list and add."""

    output_serializer = s.AppearanceSerializer
    input_serializer = s.AppearanceInputSerializer
    location = "appearances"

    def items(self, claim_id):
        return selectors.appearance_list_for_claim(claim_id=claim_id)

    def create(self, *, claim, actor, **values):
        return services.appearance_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.AppearanceSerializer, parameters=[ETAG]),
    patch=extend_schema(
        request=s.AppearanceInputSerializer, responses=s.AppearanceSerializer, parameters=[IF_MATCH, ETAG]
    ),
    delete=extend_schema(responses={204: None}, parameters=[IF_MATCH]),
)
class AppearanceDetailView(ClaimItemView):
    """One appearance: read, change, remove."""

    output_serializer = s.AppearanceSerializer
    input_serializer = s.AppearanceInputSerializer
    noun = "appearance"

    def items(self, claim_id):
        return selectors.appearance_list_for_claim(claim_id=claim_id)

    def update(self, item, *, actor, **values):
        return services.appearance_update(appearance=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.appearance_delete(appearance=item, actor=actor)
