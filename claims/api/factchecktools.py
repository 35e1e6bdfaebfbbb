"""Google Fact Check Tools API v1alpha1 `claims:search`, answered from our publications.

An existing Fact Check Tools client pointed at `<site>/api/factchecktools/`
works unchanged: the same parameters, the same response (empty fields left
out, as Google's JSON does) and errors in Google's shape, so the client raises
its usual HttpError. The client's standard parameters (key, alt, prettyPrint,
fields, callback, quotaUser, ...) are accepted and ignored. Reads Publication
rows only. A query is searched word for word and, unless it uses web-search
syntax, also matched by claims.matching against the statements as published,
so a reworded, shortened or recased claim still finds its fact-check
(claims.selectors.factcheck_list).
"""

import base64
import datetime
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.api.factchecks import (
    SCOPE,
    FirstRendererNegotiation,
    PublicReadSchema,
    PublishedReadPermission,
)
from claims.publishing.claimreview import public_url
from factcheck.api.problems import exception_handler as problem_exception_handler
from factcheck.languages import LANGUAGE_TAG_PATTERN, is_language_tag

DEFAULT_PAGE_SIZE = 10  # Google's default
MAX_PAGE_SIZE = 100  # a larger pageSize is served 100 at a time, with a nextPageToken
MAX_QUERY_LENGTH = 500
INT32 = re.compile(r"^[+-]?[0-9]+$")
# Google's int32 parameters as the schema documents them: counts, so never negative.
INT32_PARAMETER = {"type": "integer", "format": "int32", "minimum": 0, "maximum": 2**31 - 1}

# Google's error `status` and `errors[].reason` for each HTTP status code we answer with.
GOOGLE_STATUS = {
    400: ("INVALID_ARGUMENT", "badRequest"),
    401: ("UNAUTHENTICATED", "required"),  # not answered today: unknown tokens read as anonymous
    403: ("PERMISSION_DENIED", "forbidden"),
    404: ("NOT_FOUND", "notFound"),
    405: ("UNIMPLEMENTED", "methodNotAllowed"),
    429: ("RESOURCE_EXHAUSTED", "rateLimitExceeded"),
}


class InvalidArgument(exceptions.APIException):
    status_code = 400
    default_code = "invalid_argument"


def google_error_handler(exc, context):
    """Errors as Google APIs give them: {"error": {"code", "message", "errors", "status"}}."""
    if isinstance(exc, exceptions.ValidationError):
        exc = InvalidArgument(_validation_message(exc.detail))
    problem = problem_exception_handler(exc, context)
    if problem is None:
        return None
    code = problem.status_code
    message = str(problem.data.get("detail", "")) if isinstance(problem.data, dict) else ""
    status_name, reason = GOOGLE_STATUS.get(code, ("UNKNOWN", "unknown"))
    body = {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"message": message, "domain": "global", "reason": reason}],
            "status": status_name,
        }
    }
    headers = {k: v for k, v in problem.items() if k in ("Retry-After", "WWW-Authenticate")}
    return Response(body, status=code, headers=headers, content_type="application/json; charset=UTF-8")


def _validation_message(detail) -> str:
    if isinstance(detail, dict):
        return " ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in detail.items())
    if isinstance(detail, list):
        return " ".join(map(str, detail))
    return str(detail)


# --- Parameters -------------------------------------------------------------------------


def _int32(params, name: str) -> int | None:
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if len(raw) > 12 or not INT32.match(raw) or not -(2**31) <= int(raw) < 2**31:
        raise InvalidArgument(f"Invalid value at '{name}' (TYPE_INT32), \"{raw[:40]}\"")
    value = int(raw)
    if value < 0:
        raise InvalidArgument(f"{name} must not be negative.")
    return value


def _text(params, name: str, *, max_length: int) -> str:
    value = (params.get(name) or "").strip()
    if "\x00" in value:
        raise InvalidArgument(f"{name} must not contain NUL characters.")
    if len(value) > max_length:
        raise InvalidArgument(f"{name} is too long: at most {max_length} characters.")
    return value


def _site(value: str) -> str:
    """Host-level site name, without the protocol, port or "www." (as Google's publisher.site)."""
    value = value.strip().lower()
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    except ValueError:  # e.g. an unbalanced "[" of an IPv6 literal
        return ""
    return host.removeprefix("www.")


def _is_our_site(site_filter: str) -> bool:
    wanted, ours = _site(site_filter), _site(settings.SITE_URL)
    return bool(wanted) and (ours == wanted or ours.endswith("." + wanted))


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _offset_from_token(token: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())["o"]
        if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset < 2**31:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidArgument("Invalid pageToken: use the nextPageToken of the previous response.") from None


def _google_timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Shapes (Google's field names) ----------------------------------------------------------


class _ProtoJSONSerializer(serializers.Serializer):
    """Leave out empty fields, as Google's JSON (proto3) does."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {k: v for k, v in data.items() if v not in (None, "", [], {})}


class PublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class ClaimReviewSerializer(_ProtoJSONSerializer):
    publisher = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    reviewDate = serializers.SerializerMethodField()
    textualRating = serializers.CharField(source="rating_label")
    languageCode = serializers.CharField(source="content.claim.language")

    @extend_schema_field(PublisherSerializer)
    def get_publisher(self, publication) -> dict:
        return {"name": settings.FACTCHECK_ORG_NAME, "site": _site(public_url(publication.slug))}

    def get_url(self, publication) -> str:
        return public_url(publication.slug)

    def get_title(self, publication) -> str:
        return publication.content.get("verdict", {}).get("headline") or publication.claim_reviewed

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_reviewDate(self, publication) -> str:  # noqa: N802 - Google's field name
        return _google_timestamp(publication.first_published_at)


class FactCheckedClaimSerializer(_ProtoJSONSerializer):
    text = serializers.CharField(source="claim_reviewed")
    claimant = serializers.CharField(source="content.claimant.name")
    claimDate = serializers.SerializerMethodField()
    claimReview = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_claimDate(self, publication) -> str | None:  # noqa: N802 - Google's field name
        claimed_on = publication.content.get("claim", {}).get("claimed_on")
        return f"{claimed_on}T00:00:00Z" if claimed_on else None

    @extend_schema_field(ClaimReviewSerializer(many=True))
    def get_claimReview(self, publication) -> list:  # noqa: N802 - Google's field name
        return [ClaimReviewSerializer(publication).data]


class ClaimSearchResponseSerializer(serializers.Serializer):
    claims = FactCheckedClaimSerializer(many=True, required=False)
    nextPageToken = serializers.CharField(required=False)


class GoogleErrorDetailSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    status = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField())


class GoogleErrorSerializer(serializers.Serializer):
    error = GoogleErrorDetailSerializer()


# --- The endpoint ---------------------------------------------------------------------------

GOOGLE_ERROR = OpenApiResponse(GoogleErrorSerializer, description="Google API error")


class ClaimSearchView(APIView):
    """Search published fact-checks the way Google's Fact Check Tools `claims:search` does."""

    permission_classes = [PublishedReadPermission]
    required_scopes = {"GET": SCOPE}
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRendererNegotiation
    schema = PublicReadSchema()

    def get_exception_handler(self):
        return google_error_handler

    def perform_authentication(self, request):
        """Our own bearer tokens count; any other (a Google OAuth token a client sends anyway) is anonymous.

        Search is open to anonymous callers, so a foreign token loses nothing by
        being ignored, and a client configured with Google credentials keeps working.
        """
        try:
            request.user  # noqa: B018 - authenticates
        except exceptions.AuthenticationFailed:
            pass  # DRF has made the request anonymous before raising

    @extend_schema(
        operation_id="factchecktools_claims_search",
        tags=["factchecktools"],
        parameters=[
            OpenApiParameter("query", str, description="Required unless reviewPublisherSiteFilter is set"),
            OpenApiParameter(
                "languageCode",
                {"type": "string", "pattern": LANGUAGE_TAG_PATTERN, "maxLength": 35},
                description="BCP-47, e.g. en-US; the region is ignored",
            ),
            OpenApiParameter("reviewPublisherSiteFilter", str, description="A site, e.g. example.org"),
            OpenApiParameter(
                "maxAgeDays", INT32_PARAMETER, description="Claim or review date within this many days"
            ),
            OpenApiParameter("pageSize", INT32_PARAMETER, description=f"Default {DEFAULT_PAGE_SIZE}"),
            OpenApiParameter("pageToken", str, description="nextPageToken of the previous response"),
            OpenApiParameter("offset", INT32_PARAMETER, description="Start here when there is no pageToken"),
        ],
        responses={
            200: ClaimSearchResponseSerializer,
            400: GOOGLE_ERROR,
            403: GOOGLE_ERROR,
            429: GOOGLE_ERROR,
        },
    )
    def get(self, request):
        params = request.query_params
        query = _text(params, "query", max_length=MAX_QUERY_LENGTH)
        site_filter = _text(params, "reviewPublisherSiteFilter", max_length=253)
        language = _text(params, "languageCode", max_length=35)
        if language and not is_language_tag(language):
            raise InvalidArgument(f'Invalid languageCode "{language}": use a BCP-47 code such as en-US.')
        max_age_days = _int32(params, "maxAgeDays")
        page_size = min(_int32(params, "pageSize") or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        token = _text(params, "pageToken", max_length=200)
        offset = _offset_from_token(token) if token else (_int32(params, "offset") or 0)
        if not query and not site_filter:
            raise InvalidArgument("Either query or reviewPublisherSiteFilter must be set.")
        if site_filter and not _is_our_site(site_filter):
            return Response({})

        filters = {"q": query, "language": language}
        if max_age_days:
            try:
                filters["claimed_or_published_after"] = timezone.now() - datetime.timedelta(days=max_age_days)
            except OverflowError:
                pass  # further back than dates go: every fact-check is younger
        rows = list(selectors.factcheck_list(filters=filters)[offset : offset + page_size + 1])
        body = {}
        if rows[:page_size]:
            body["claims"] = FactCheckedClaimSerializer(rows[:page_size], many=True).data
        if len(rows) > page_size:
            body["nextPageToken"] = _page_token(offset + page_size)
        return Response(body)
