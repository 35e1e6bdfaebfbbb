"""Reader requests from partners' tip lines: POST /api/v1/requests/ (scope claims:submit).

The same fields as the public form (text, url, language, email, consent), the same service
(claims.requests.services.request_submit): its refusals come out as problem+json, 400 per field and
429 with Retry-After. The answer never repeats the email address; it carries the requester's private
status link for the partner to pass on.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import REQUEST_TEXT_MAX_LENGTH, REQUEST_URL_MAX_LENGTH
from claims.requests import links, selectors, services
from claims.requests.guards import RateLimited
from factcheck.api.calls import caller_context
from factcheck.api.input import StrictInputSerializer
from factcheck.api.permissions import request_token

SUBMIT = ("claims:submit", "claims:write")


class RequestInputSerializer(StrictInputSerializer):
    text = serializers.CharField(
        max_length=REQUEST_TEXT_MAX_LENGTH, trim_whitespace=False, help_text="What the reader saw or heard"
    )
    url = serializers.CharField(
        required=False, allow_blank=True, max_length=REQUEST_URL_MAX_LENGTH, help_text="Where they saw it"
    )
    language = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="e.g. en")
    email = serializers.CharField(
        required=False, allow_blank=True, max_length=254, help_text="To tell the reader the outcome"
    )
    consent = serializers.BooleanField(
        required=False, default=False, help_text="The reader agrees to be emailed the outcome"
    )


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[selectors.STATUS_RECEIVED, selectors.STATUS_CHECKING, selectors.STATUS_PUBLISHED]
    )
    received_at = serializers.DateTimeField()
    status_url = serializers.URLField(help_text="The requester's private status page (pass it on)")


class RequestCreateView(APIView):
    """Send a reader's request to the desk (a partner's tip line)."""

    required_scopes = {"POST": SUBMIT}

    @extend_schema(request=RequestInputSerializer, responses={201: RequestSerializer})
    def post(self, request):
        data = RequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            with caller_context(request):
                taken = services.request_submit(
                    text=values["text"],
                    url=values.get("url", ""),
                    language=values.get("language", ""),
                    email=values.get("email", ""),
                    consent=values["consent"],
                    partner_token=request_token(request),
                    sender_address="" if request_token(request) else f"member:{request.user.pk}",
                )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        except RateLimited as error:
            raise Throttled(wait=error.retry_after, detail=str(error)) from None
        found = selectors.request_status(request_id=taken.pk)
        body = {
            "id": taken.pk,
            "status": found["status"],
            "received_at": taken.created_at,
            "status_url": links.status_url(taken.pk),
        }
        return Response(RequestSerializer(body).data, status=201, headers={"Location": body["status_url"]})
