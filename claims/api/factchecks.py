"""Published fact-checks: JSON, ClaimReview JSON-LD and a ClaimReview DataFeed.

Everything here reads Publication rows (through claims.selectors), never the
working draft, and is open to anonymous callers (throttled per IP). A token
needs the `factchecks:read` scope. A fact-check's `{id}` is its claim's id: it
never changes, across corrections and updates, and a revision in progress
does not touch what is served.
"""

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.imports.exports import datafeed_chunks
from claims.models import Publication, Rating
from claims.publishing.claimreview import public_url
from claims.publishing.jsonld import escape_json_for_script
from factcheck.api.conditional import etag_for
from factcheck.api.input import refuse_unknown_query_parameters
from factcheck.api.pagination import IdCursorPagination, RankedCursorPagination
from factcheck.api.permissions import HasScope
from factcheck.api.schema import PAGE_SIZE
from factcheck.languages import LANGUAGE_TAG_REGEX

SCOPE = "factchecks:read"

# --- Access ------------------------------------------------------------------------


class PublishedReadPermission(HasScope):
    """Anyone may read what is published; a token caller also needs `factchecks:read`."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return True
        return super().has_permission(request, view)


class PublicReadSchema(AutoSchema):
    """These endpoints also answer callers without credentials: say so in the schema."""

    def get_auth(self):
        return [*super().get_auth(), {}]


# --- JSON-LD -------------------------------------------------------------------------


class JSONLDRenderer(JSONRenderer):
    """application/ld+json, with <, > and & escaped: pasted into a <script> block, it stays data."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return escape_json_for_script(body.decode()).encode()


class FirstRendererNegotiation(BaseContentNegotiation):
    """JSON-LD is what these endpoints serve, whatever the Accept header asks for."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def conditional(request, response, *, last_modified=None):
    """Add an ETag (and Last-Modified); answer 304 when the caller's copy is current."""
    etag = etag_for(response.data)
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(request._request, etag=etag, last_modified=timestamp, response=response)


# --- Shapes of published content (the snapshot in Publication.content) ----------------


class PublishedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    summary = serializers.CharField()
    claimed_on = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())


class PublishedClaimantSerializer(serializers.Serializer):
    # Snapshots written before the id was recorded have none.
    id = serializers.IntegerField(allow_null=True, default=None)
    name = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()


class PublishedAppearanceSerializer(serializers.Serializer):
    url = serializers.CharField()
    outlet = serializers.CharField()
    medium = serializers.CharField()
    appeared_on = serializers.DateField(allow_null=True)
    excerpt = serializers.CharField()
    is_first = serializers.BooleanField()


class PublishedVerdictSerializer(serializers.Serializer):
    rating = serializers.CharField()
    rating_value = serializers.FloatField(allow_null=True, help_text="0..1; null for Unverifiable")
    headline = serializers.CharField()
    conclusion = serializers.CharField()
    analysis = serializers.CharField(help_text="Markdown")


class PublishedSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()


class PublishedEvidenceSerializer(serializers.Serializer):
    stance = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    excerpt = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    is_withheld = serializers.BooleanField(
        help_text="A source withheld for someone's safety: no URL, no source"
    )
    url = serializers.CharField()
    offline_reference = serializers.CharField()
    source = PublishedSourceSerializer(allow_null=True)

    def to_representation(self, evidence):
        data = super().to_representation(evidence)
        if data["is_withheld"]:
            # The snapshot already leaves these out; never let them through even if one did not.
            data.update(url="", offline_reference="", source=None)
        return data


class PublishedRebuttalSerializer(serializers.Serializer):
    party = serializers.CharField()
    kind = serializers.CharField()
    statement = serializers.CharField()
    url = serializers.CharField()
    stated_on = serializers.DateField(allow_null=True)


class FactCheckSerializer(serializers.Serializer):
    """A published fact-check as its latest publication shows it."""

    id = serializers.IntegerField(source="claim_id", help_text="The fact-check's id: its claim's id")
    claim_id = serializers.IntegerField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The public page")
    claimreview_url = serializers.SerializerMethodField(help_text="This fact-check's ClaimReview JSON-LD")
    claim_reviewed = serializers.CharField()
    rating = serializers.CharField(source="rating_label")
    version = serializers.IntegerField(help_text="The latest publication's version (1, 2, ...)")
    published_at = serializers.DateTimeField(source="first_published_at", help_text="First publication")
    updated_at = serializers.DateTimeField(source="published_at", help_text="Latest publication")
    claim = PublishedClaimSerializer(source="content.claim")
    claimant = PublishedClaimantSerializer(source="content.claimant")
    appearances = PublishedAppearanceSerializer(source="content.appearances", many=True)
    verdict = PublishedVerdictSerializer(source="content.verdict")
    evidence = PublishedEvidenceSerializer(source="content.evidence", many=True)
    rebuttals = PublishedRebuttalSerializer(source="content.rebuttals", many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, publication) -> str:
        return public_url(publication.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_claimreview_url(self, publication) -> str:
        path = reverse("v1:factcheck-claimreview", kwargs={"pk": publication.claim_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class FactCheckVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    rating = serializers.CharField(source="rating_label")
    claim_reviewed = serializers.CharField()
    note_kind = serializers.SerializerMethodField(help_text="correction or update; null for version 1")
    note = serializers.SerializerMethodField(help_text="What changed and why; null for version 1")

    def get_note_kind(self, publication) -> str | None:
        return publication.note_kind or None

    def get_note(self, publication) -> str | None:
        return publication.note or None


class FactCheckDetailSerializer(FactCheckSerializer):
    versions = FactCheckVersionSerializer(many=True, help_text="Every publication, oldest first")


class FactCheckFilterSerializer(serializers.Serializer):
    """The list's query parameters; anything malformed is refused with the parameter named."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Full-text search (web-search syntax); plain text is also matched through rewording, "
        "truncation and casing. Best match first",
    )
    claimant = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text="A claimant's id"
    )
    rating = serializers.CharField(
        required=False, allow_blank=True, max_length=60, help_text="A rating's label or slug"
    )
    language = serializers.RegexField(
        LANGUAGE_TAG_REGEX,
        required=False,
        allow_blank=True,
        max_length=35,
        help_text="BCP-47 language code; the region is ignored (en-GB finds en)",
    )
    published_after = serializers.DateTimeField(required=False, help_text="First published at or after")
    published_before = serializers.DateTimeField(required=False, help_text="First published before")
    updated_after = serializers.DateTimeField(required=False, help_text="Last published at or after")
    updated_before = serializers.DateTimeField(required=False, help_text="Last published before")

    def validate_rating(self, value):
        if not value.strip():
            return ""
        try:
            return selectors.rating_get(label=value).label
        except Rating.DoesNotExist:
            labels = ", ".join(r.label for r in selectors.rating_list())
            raise serializers.ValidationError(f"Unknown rating. Use one of: {labels}.") from None


# --- Views ------------------------------------------------------------------------------


class PublishedView:
    """What every endpoint here shares: who may call it, and how it is documented."""

    permission_classes = [PublishedReadPermission]
    required_scopes = {"GET": SCOPE}
    schema = PublicReadSchema()


class FactCheckListView(PublishedView, generics.GenericAPIView):
    """Published fact-checks, latest published first (or best match first with `q`)."""

    serializer_class = FactCheckSerializer
    # The selector filters (from the validated FactCheckFilterSerializer); the queryset is only there
    # for the browsable API, which asks every generic view for one.
    queryset = Publication.objects.none()
    filter_backends = []
    pagination_class = IdCursorPagination  # the page shape, for the schema; `paginator` picks per request

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            searching = bool(self.request.query_params.get("q", "").strip())
            self._paginator = RankedCursorPagination() if searching else IdCursorPagination()
        return self._paginator

    @extend_schema(
        operation_id="factchecks_list",
        parameters=[
            FactCheckFilterSerializer,
            OpenApiParameter("cursor", str, description="From the previous page's `next` link"),
            PAGE_SIZE,
        ],
        responses=FactCheckSerializer(many=True),
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, [*FactCheckFilterSerializer().fields, "cursor", "page_size"])
        query = FactCheckFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        publications = selectors.factcheck_list(filters=query.validated_data)
        page = self.paginate_queryset(publications)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _published_or_404(select, pk):
    try:
        return select(claim_id=pk)
    except Publication.DoesNotExist:
        raise NotFound("No published fact-check has this id (the id of its claim).") from None


class FactCheckDetailView(PublishedView, APIView):
    """One published fact-check with every version and its correction or update note."""

    @extend_schema(operation_id="factchecks_retrieve", responses=FactCheckDetailSerializer)
    def get(self, request, pk):
        refuse_unknown_query_parameters(request, [])
        publication = _published_or_404(selectors.factcheck_get, pk)
        body = FactCheckDetailSerializer(publication, context={"request": request}).data
        return conditional(request, Response(body), last_modified=publication.published_at)


LD_JSON_OBJECT = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="schema.org JSON-LD (application/ld+json)"
)


class ClaimReviewView(PublishedView, APIView):
    """The latest publication's schema.org ClaimReview, as application/ld+json."""

    renderer_classes = [JSONLDRenderer]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="factchecks_claimreview", responses={(200, JSONLDRenderer.media_type): LD_JSON_OBJECT}
    )
    def get(self, request, pk):
        refuse_unknown_query_parameters(request, [])
        publication = _published_or_404(selectors.factcheck_claimreview, pk)
        return conditional(request, Response(publication.claimreview), last_modified=publication.published_at)


class ClaimReviewFeedView(PublishedView, APIView):
    """Every published fact-check's latest ClaimReview as a schema.org DataFeed (streamed)."""

    renderer_classes = [JSONLDRenderer]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="factchecks_claimreview_feed",
        responses={(200, JSONLDRenderer.media_type): LD_JSON_OBJECT},
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, [])
        last_published_at = selectors.factcheck_last_published_at()
        timestamp = int(last_published_at.timestamp()) if last_published_at else None
        not_modified = get_conditional_response(request._request, last_modified=timestamp)
        if not_modified is not None:
            return not_modified

        chunks = datafeed_chunks(
            url=request.build_absolute_uri(request.path), last_published_at=last_published_at
        )
        response = StreamingHttpResponse(chunks, content_type=JSONLDRenderer.media_type)
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return response
