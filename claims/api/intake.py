"""Intake and matching endpoints: candidate claims in a text or an article, and "was this already checked?".

Thin interfaces: claims.intake.extraction reads the text, claims.matching ranks the
claims, claims.intake.services writes (jobs, duplicate links).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import matching, selectors
from claims.intake import services as intake_services
from claims.intake.extraction import extract_candidates
from claims.models import Claim, IntakeJob
from factcheck.api.calls import caller_context
from factcheck.api.input import StrictInputSerializer, refuse_unknown_query_parameters, text_query_parameter
from factcheck.numbers import is_whole_number

SUBMIT = ("claims:submit", "claims:write")
MAX_SIMILAR_TEXT = 10_000
MAX_SIMILAR_RESULTS = 50


class TextTooLong(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "text_too_long"


# --- Shapes ------------------------------------------------------------------------------


class IntakeInputSerializer(StrictInputSerializer):
    text = serializers.CharField(
        required=False, allow_blank=False, trim_whitespace=False, help_text="The article or transcript"
    )
    url = serializers.URLField(required=False, max_length=2000, help_text="Or the article's address")
    min_score = serializers.FloatField(
        required=False, default=0.0, min_value=0.0, max_value=1.0, help_text="Leave out candidates below this"
    )

    def validate_text(self, value):
        if not value.strip():
            raise ValidationError("Paste the article or transcript: this is only spaces.")
        return value

    def validate(self, data):
        if ("text" in data) == ("url" in data):
            raise ValidationError(
                {"non_field_errors": ["Send either `text` or `url`, not both and not neither."]}
            )
        return data


class CandidateSerializer(serializers.Serializer):
    text = serializers.CharField()
    speaker = serializers.CharField(allow_null=True)
    speaker_title = serializers.CharField(allow_blank=True)
    score = serializers.FloatField(
        help_text="The desk score, 0 to 1: how likely a desk logs this statement under this speaker "
        "(how checkable it is worded and how it is attributed; fitted on published news a desk annotated)"
    )
    reasons = serializers.ListField(child=serializers.CharField())
    start = serializers.IntegerField(help_text="Offset of the statement in the text")
    end = serializers.IntegerField()


class CandidatesSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class IntakeJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=["queued", "fetching", "done", "failed"])
    title = serializers.CharField()
    error = serializers.CharField()
    candidates = CandidateSerializer(many=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class SimilarResultSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField()
    text = serializers.CharField()
    claimant = serializers.CharField()
    state = serializers.CharField()
    score = serializers.FloatField()
    level = serializers.ChoiceField(choices=[matching.DUPLICATE, matching.SIMILAR])
    is_published = serializers.BooleanField()
    duplicate_of = serializers.IntegerField(allow_null=True)


class SimilarResultsSerializer(serializers.Serializer):
    results = SimilarResultSerializer(many=True)


class DuplicateInputSerializer(StrictInputSerializer):
    duplicate_of = serializers.IntegerField(min_value=1, help_text="The claim this one states again")


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    duplicate_of = serializers.IntegerField(allow_null=True)


def _job_body(job: IntakeJob) -> dict:
    return {
        "id": job.pk,
        "url": job.url,
        "status": job.status,
        "title": job.title,
        "error": job.error,
        "candidates": [
            {
                key: c.get(key)
                for key in ("text", "speaker", "speaker_title", "score", "reasons", "start", "end")
            }
            for c in job.candidates
        ],
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


# --- Views ---------------------------------------------------------------------------------


class IntakeView(APIView):
    """Candidate claims in a text (answered at once) or in an article at a URL (read by the worker)."""

    required_scopes = {"POST": SUBMIT}

    @extend_schema(
        request=IntakeInputSerializer,
        responses={200: CandidatesSerializer, 202: IntakeJobSerializer},
        description="Candidate claims in a text (answered at once) or in an article at a URL (202: read by "
        "the worker; poll the job at `Location`). A text over 100,000 characters is refused with 413.",
    )
    def post(self, request):
        if isinstance(request.data, dict) and isinstance(request.data.get("text"), str):
            limit = settings.INTAKE_MAX_TEXT_CHARS
            if len(request.data["text"]) > limit:
                raise TextTooLong(
                    f"The text has {len(request.data['text']):,} characters; the limit is {limit:,}. "
                    "Send a shorter text, or its URL."
                )
        data = IntakeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        intake_services.intake_runner_check(request.user)
        if "url" in values:
            with caller_context(request):
                job = intake_services.intake_job_create(url=values["url"], actor=request.user)
            response = Response(_job_body(job), status=status.HTTP_202_ACCEPTED)
            response["Location"] = f"/api/v1/intake/jobs/{job.pk}/"
            return response
        candidates = extract_candidates(values["text"], min_score=values["min_score"])
        return Response({"candidates": [c.as_dict() for c in candidates]})


class IntakeJobView(APIView):
    """An article being read from its URL: its progress, then its candidates."""

    required_scopes = {"GET": (*SUBMIT, "claims:read")}

    @extend_schema(responses=IntakeJobSerializer)
    def get(self, request, pk):
        jobs = selectors.intake_jobs_visible_to(user=request.user)
        job = get_object_or_404(jobs, pk=pk)
        return Response(_job_body(job))


class SimilarClaimsView(APIView):
    """Existing claims (and published fact-checks) that state what the text states, best first."""

    required_scopes = {"GET": "claims:read"}

    @extend_schema(
        parameters=[
            OpenApiParameter("text", str, required=True, description="The statement to look for"),
            OpenApiParameter("limit", int, description=f"1 to {MAX_SIMILAR_RESULTS} (default 10)"),
            OpenApiParameter("published", bool, description="Only claims with a published fact-check"),
        ],
        responses=SimilarResultsSerializer,
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, {"text", "limit", "published"})
        text = text_query_parameter(request, "text", max_length=MAX_SIMILAR_TEXT)
        if not text:
            raise ValidationError({"text": ["Give the statement to look for."]})
        raw_limit = request.query_params.get("limit", "10")
        if not is_whole_number(raw_limit) or not 1 <= int(raw_limit) <= MAX_SIMILAR_RESULTS:
            raise ValidationError({"limit": [f"A whole number from 1 to {MAX_SIMILAR_RESULTS}."]})
        published = request.query_params.get("published", "false").lower()
        if published not in {"true", "false", "1", "0"}:
            raise ValidationError({"published": ["Use true or false."]})
        found = matching.claims_similar_to_text(
            text=text, limit=int(raw_limit), published_only=published in {"true", "1"}
        )
        return Response({"results": [m.as_dict() for m in found]})


class ClaimDuplicateView(APIView):
    """Link a claim as a duplicate of another (POST), or undo the link (DELETE)."""

    required_scopes = {"POST": "claims:write", "DELETE": "claims:write"}

    @extend_schema(request=DuplicateInputSerializer, responses=DuplicateSerializer)
    def post(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)
        data = DuplicateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        original = Claim.objects.filter(pk=data.validated_data["duplicate_of"]).first()
        if original is None:
            raise ValidationError(
                {"duplicate_of": [f"There is no claim {data.validated_data['duplicate_of']}."]}
            )
        with caller_context(request):
            claim = intake_services.claim_duplicate_link(
                claim=claim, duplicate_of=original, actor=request.user
            )
        return Response({"id": claim.pk, "duplicate_of": claim.duplicate_of_id})

    @extend_schema(responses={200: DuplicateSerializer})
    def delete(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)
        with caller_context(request):
            claim = intake_services.claim_duplicate_unlink(claim=claim, actor=request.user)
        return Response({"id": claim.pk, "duplicate_of": claim.duplicate_of_id})
