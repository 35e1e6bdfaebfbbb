"""Claims endpoints: thin interfaces over claims.services and claims.selectors."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services, workflow
from claims.api import serializers as s
from claims.api.filters import ClaimFilter
from claims.models import Appearance, Claim, Claimant
from factcheck.api.conditional import require_if_match, with_etag
from factcheck.api.idempotency import idempotent
from factcheck.api.nested import ClaimCollectionView, ClaimItemView, caller_context
from factcheck.api.pagination import IdCursorPagination, RankedCursorPagination

READ = "claims:read"
WRITE = "claims:write"


def resolve_claimant(value, request) -> Claimant:
    if isinstance(value, Claimant):
        return value
    return services.claimant_get_or_create(actor=request.user, **value)


class ClaimListView(generics.GenericAPIView):
    """List claims (filters, full-text `q`, cursor pages) and log new ones."""

    required_scopes = {"GET": READ, "POST": ("claims:submit", WRITE)}
    filterset_class = ClaimFilter
    serializer_class = s.ClaimSerializer

    def get_queryset(self):
        return selectors.claim_list_for_api()

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            searching = bool(self.request.query_params.get("q", "").strip())
            self._paginator = RankedCursorPagination() if searching else IdCursorPagination()
        return self._paginator

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Full-text search; results ranked best first"),
            OpenApiParameter("page_size", int, description="1 to 100"),
        ],
        responses=s.ClaimSerializer(many=True),
    )
    def get(self, request):
        claims = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.ClaimCreateSerializer, responses={201: s.ClaimSerializer})
    def post(self, request):
        def create():
            data = s.ClaimCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            with caller_context(request):
                values["claimant"] = resolve_claimant(values["claimant"], request)
                values["appearances"] = [dict(a) for a in values["appearances"]]
                claim = services.claim_create(created_by=request.user, **values)
            claim = selectors.claim_get_for_api(pk=claim.pk)
            body = s.ClaimSerializer(claim, context={"request": request}).data
            response = Response(body, status=status.HTTP_201_CREATED)
            response["Location"] = f"/api/v1/claims/{claim.pk}/"
            return with_etag(response)

        return idempotent(request, create)


class ClaimDetailView(APIView):
    """One claim with its appearances, evidence, rebuttals, verdict and reviews."""

    required_scopes = {"GET": READ, "PATCH": WRITE}

    def representation(self, request, pk):
        claim = get_object_or_404(selectors.claim_list_for_api(), pk=pk)
        return s.ClaimSerializer(claim, context={"request": request}).data

    @extend_schema(responses=s.ClaimSerializer)
    def get(self, request, pk):
        return with_etag(Response(self.representation(request, pk)))

    @extend_schema(request=s.ClaimUpdateSerializer, responses=s.ClaimSerializer)
    def patch(self, request, pk):
        require_if_match(request, self.representation(request, pk))
        data = s.ClaimUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        with caller_context(request):
            if "claimant" in changes:
                changes["claimant"] = resolve_claimant(changes["claimant"], request)
            services.claim_update(claim=Claim(pk=pk), actor=request.user, **changes)
        return with_etag(Response(self.representation(request, pk)))


class VerdictView(APIView):
    """The claim's verdict: read it, or write it whole (PUT)."""

    required_scopes = {"GET": READ, "PUT": WRITE}

    def representation(self, pk):
        claim = get_object_or_404(Claim.objects.select_related("verdict__rating"), pk=pk)
        verdict = workflow.verdict_of(claim)
        return claim, (s.VerdictSerializer(verdict).data if verdict else None)

    @extend_schema(responses=s.VerdictSerializer)
    def get(self, request, pk):
        _, body = self.representation(pk)
        if body is None:
            return Response(
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "This claim has no verdict yet: PUT one.",
                },
                status=404,
                content_type="application/problem+json",
            )
        return with_etag(Response(body))

    @extend_schema(request=s.VerdictInputSerializer, responses=s.VerdictSerializer)
    def put(self, request, pk):
        claim, body = self.representation(pk)
        expected_revision = 0
        if body is not None:
            require_if_match(request, body)
            expected_revision = body["revision"]
        data = s.VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        rating = None
        if values["rating"]:
            try:
                rating = selectors.rating_get(label=values["rating"])
            except Exception:
                labels = ", ".join(r.label for r in selectors.rating_list())
                raise ValidationError({"rating": [f"Unknown rating. Use one of: {labels}."]}) from None
        with caller_context(request):
            services.verdict_update(
                claim=claim,
                actor=request.user,
                rating=rating,
                headline=values["headline"],
                conclusion=values["conclusion"],
                analysis=values["analysis"],
                expected_revision=expected_revision,
            )
        _, body = self.representation(pk)
        return with_etag(Response(body, status=status.HTTP_201_CREATED if expected_revision == 0 else 200))


class TransitionView(APIView):
    """The workflow: which actions the caller may take now, and taking one."""

    required_scopes = {"GET": READ, "POST": WRITE}

    @extend_schema(responses=s.AvailableActionsSerializer)
    def get(self, request, pk):
        claim = get_object_or_404(selectors.claim_list_for_api(), pk=pk)
        return Response(
            {"state": claim.state, "available_actions": workflow.available_actions(claim, request.user)}
        )

    @extend_schema(request=s.TransitionInputSerializer, responses=s.ClaimSerializer)
    def post(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)
        data = s.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assignee = None
        if values["assignee"] not in (None, ""):
            raw = str(values["assignee"]).strip()
            User = get_user_model()
            lookup = {"pk": int(raw)} if raw.isdigit() else {"username": raw}
            assignee = User.objects.filter(**lookup).first()
            if assignee is None:
                raise ValidationError({"assignee": [f"No member “{raw}”."]})
        with caller_context(request):
            services.claim_transition(
                claim=claim,
                action=values["action"],
                actor=request.user,
                comment=values["comment"],
                assignee=assignee,
                note=values["note"],
                note_kind=values["note_kind"],
            )
        claim = selectors.claim_get_for_api(pk=pk)
        return with_etag(Response(s.ClaimSerializer(claim, context={"request": request}).data))


class HistoryView(APIView):
    """The claim's timeline from the append-only history, oldest first."""

    required_scopes = {"GET": READ}

    @extend_schema(responses=s.TimelineEntrySerializer(many=True))
    def get(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)
        entries = selectors.claim_timeline(claim=claim)
        return Response({"results": s.TimelineEntrySerializer(entries, many=True).data})


class ClaimantListView(generics.GenericAPIView):
    """Claimants: list and create."""

    required_scopes = {"GET": READ, "POST": ("claims:submit", WRITE)}
    serializer_class = s.ClaimantSerializer
    pagination_class = IdCursorPagination
    queryset = Claimant.objects.all()

    @extend_schema(
        parameters=[OpenApiParameter("name", str, description="Names containing this text")],
        responses=s.ClaimantSerializer(many=True),
    )
    def get(self, request):
        claimants = selectors.claimant_list(name=request.query_params.get("name", ""))
        page = self.paginate_queryset(claimants)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.ClaimantInputSerializer, responses={201: s.ClaimantSerializer})
    def post(self, request):
        def create():
            data = s.ClaimantInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                claimant = services.claimant_create(actor=request.user, **data.validated_data)
            response = Response(s.ClaimantSerializer(claimant).data, status=status.HTTP_201_CREATED)
            response["Location"] = f"/api/v1/claimants/{claimant.pk}/"
            return with_etag(response)

        return idempotent(request, create)


class ClaimantDetailView(APIView):
    required_scopes = {"GET": READ, "PATCH": WRITE}

    @extend_schema(responses=s.ClaimantSerializer)
    def get(self, request, pk):
        return with_etag(Response(s.ClaimantSerializer(get_object_or_404(Claimant, pk=pk)).data))

    @extend_schema(request=s.ClaimantUpdateSerializer, responses=s.ClaimantSerializer)
    def patch(self, request, pk):
        claimant = get_object_or_404(Claimant, pk=pk)
        require_if_match(request, s.ClaimantSerializer(claimant).data)
        data = s.ClaimantUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with caller_context(request):
            claimant = services.claimant_update(claimant=claimant, actor=request.user, **data.validated_data)
        return with_etag(Response(s.ClaimantSerializer(claimant).data))


@extend_schema_view(
    get=extend_schema(responses=s.AppearanceSerializer(many=True)),
    post=extend_schema(request=s.AppearanceInputSerializer, responses={201: s.AppearanceSerializer}),
)
class AppearanceListView(ClaimCollectionView):
    """Where the claim was seen: list and add."""

    model = Appearance
    output_serializer = s.AppearanceSerializer
    input_serializer = s.AppearanceInputSerializer
    location = "appearances"

    def create(self, *, claim, actor, **values):
        return services.appearance_create(claim=claim, actor=actor, **values)


@extend_schema_view(
    get=extend_schema(responses=s.AppearanceSerializer),
    patch=extend_schema(request=s.AppearanceInputSerializer, responses=s.AppearanceSerializer),
    delete=extend_schema(responses={204: None}),
)
class AppearanceDetailView(ClaimItemView):
    """One appearance: read, change, remove."""

    model = Appearance
    output_serializer = s.AppearanceSerializer
    input_serializer = s.AppearanceInputSerializer

    def update(self, item, *, actor, **values):
        return services.appearance_update(appearance=item, actor=actor, **values)

    def delete_item(self, item, *, actor):
        services.appearance_delete(appearance=item, actor=actor)
