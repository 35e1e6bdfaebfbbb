"""Webhooks endpoints (admins; a token needs `webhooks:manage`): thin interfaces over factcheck.webhooks."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import selectors, webhooks
from factcheck.api.calls import caller_context
from factcheck.api.conditional import require_if_match, with_etag
from factcheck.api.idempotency import idempotent
from factcheck.api.input import StrictInputSerializer, refuse_unknown_query_parameters
from factcheck.api.pagination import IdCursorPagination
from factcheck.api.schema import ETAG, IDEMPOTENCY_KEY, IF_MATCH, PAGE_SIZE
from factcheck.models import SUBSCRIBABLE_EVENTS, Webhook, WebhookAttempt, WebhookDelivery

MANAGE = "webhooks:manage"
ALL_METHODS = {"GET": MANAGE, "POST": MANAGE, "PATCH": MANAGE, "DELETE": MANAGE}


# --- Serializers -------------------------------------------------------------------------


class WebhookSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS))

    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "description",
            "events",
            "is_active",
            "disabled_reason",
            "disabled_at",
            "consecutive_failures",
            "last_succeeded_at",
            "secret_rotated_at",
            "previous_secret_expires_at",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        allow_null=True,
        help_text="The signing secret (whsec_...), shown in this response only: store it now. "
        "Null when an Idempotency-Key replays the create.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookRotatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        allow_null=True,
        help_text="The new signing secret (whsec_...), shown in this response only: store it now. "
        "Null when an Idempotency-Key replays the rotation.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "enum": list(SUBSCRIBABLE_EVENTS)})
class EventNameField(serializers.CharField):
    """An event name; the service checks it (its message lists the known events)."""


class WebhookCreateSerializer(StrictInputSerializer):
    url = serializers.CharField(max_length=2000, help_text="http(s) URL of your receiver")
    events = serializers.ListField(
        child=EventNameField(max_length=40),
        max_length=20,
        help_text=f"Events to receive: {', '.join(SUBSCRIBABLE_EVENTS)}",
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WebhookUpdateSerializer(WebhookCreateSerializer):
    is_active = serializers.BooleanField(help_text="true turns a disabled webhook back on")


class WholeNumberField(serializers.IntegerField):
    """A JSON integer, nothing else: DRF would take "60", 60.0 and true as 60, 60 and 1."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            raise ValidationError("Must be a whole number (a JSON integer).")
        return super().to_internal_value(data)


class WebhookSecretRotateSerializer(StrictInputSerializer):
    """A rotation's one option; an empty body (or none) takes the default overlap."""

    overlap_seconds = WholeNumberField(
        required=False,
        min_value=0,
        max_value=int(webhooks.SECRET_OVERLAP_MAX.total_seconds()),
        help_text="How long the old secret keeps signing beside the new one, 0 to 604800 (7 days); "
        "0 stops it at once. Default: WEBHOOK_SECRET_OVERLAP (24 hours).",
    )


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["attempted_at", "status_code", "error", "duration_ms", "response_excerpt"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempts = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "message_id",
            "event_type",
            "status",
            "attempt_count",
            "next_attempt_at",
            "created_at",
            "completed_at",
            "redelivery_of",
            "payload",
            "attempts",
        ]
        read_only_fields = fields


# --- Views ---------------------------------------------------------------------------------


class WebhookListView(generics.GenericAPIView):
    """The desk's webhooks: list them, or add one (its secret is in the response, once)."""

    required_scopes = {"GET": MANAGE, "POST": MANAGE}
    serializer_class = WebhookSerializer
    pagination_class = IdCursorPagination
    queryset = Webhook.objects.none()

    @extend_schema(
        parameters=[PAGE_SIZE],
        responses=WebhookSerializer(many=True),
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, {"cursor", "page_size"})
        page = self.paginate_queryset(selectors.webhook_list(actor=request.user))
        return self.get_paginated_response(WebhookSerializer(page, many=True).data)

    @extend_schema(
        request=WebhookCreateSerializer,
        responses={201: WebhookCreatedSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    )
    def post(self, request):
        shown = {}

        def create():
            data = WebhookCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                webhook, secret = webhooks.webhook_create(actor=request.user, **data.validated_data)
            shown["secret"] = secret
            body = WebhookSerializer(selectors.webhook_get(pk=webhook.pk, actor=request.user)).data
            response = Response({**body, "secret": None}, status=status.HTTP_201_CREATED)
            response["Location"] = f"/api/v1/webhooks/{webhook.pk}/"
            # The ETag of the webhook as GET shows it, so a PATCH can follow straight away.
            return with_etag(response, data=body)

        response = idempotent(request, create)
        # The secret is added after the idempotency record is written: a replay never shows it.
        if "secret" in shown:
            response.data = {**response.data, "secret": shown["secret"]}
        return response


class WebhookDetailView(APIView):
    """One webhook: read it (with ETag), change it or turn it on/off (PATCH), remove it (DELETE)."""

    required_scopes = ALL_METHODS

    def representation(self, request, pk):
        return WebhookSerializer(selectors.webhook_get(pk=pk, actor=request.user)).data

    @extend_schema(responses=WebhookSerializer, parameters=[ETAG])
    def get(self, request, pk):
        return with_etag(Response(self.representation(request, pk)))

    @extend_schema(request=WebhookUpdateSerializer, responses=WebhookSerializer, parameters=[IF_MATCH, ETAG])
    def patch(self, request, pk):
        with transaction.atomic():
            webhook = selectors.webhook_get(pk=pk, actor=request.user)
            Webhook.objects.select_for_update().filter(pk=pk).exists()
            require_if_match(request, self.representation(request, pk))
            data = WebhookUpdateSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                webhooks.webhook_update(webhook=webhook, actor=request.user, **data.validated_data)
        return with_etag(Response(self.representation(request, pk)))

    @extend_schema(responses={204: None}, parameters=[IF_MATCH])
    def delete(self, request, pk):
        with transaction.atomic():
            webhook = selectors.webhook_get(pk=pk, actor=request.user)
            Webhook.objects.select_for_update().filter(pk=pk).exists()
            require_if_match(request, self.representation(request, pk))
            with caller_context(request):
                webhooks.webhook_delete(webhook=webhook, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecretView(APIView):
    """Give this webhook a new signing secret (in the response, once); the old one keeps signing
    beside it until the overlap ends, so the receiver can switch without losing a message."""

    required_scopes = {"POST": MANAGE}

    @extend_schema(
        request=WebhookSecretRotateSerializer,
        responses={200: WebhookRotatedSerializer},
        parameters=[IDEMPOTENCY_KEY, ETAG],
    )
    def post(self, request, pk):
        webhook = selectors.webhook_get(pk=pk, actor=request.user)
        shown = {}

        def rotate():
            data = WebhookSecretRotateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            with caller_context(request):
                _, secret = webhooks.webhook_secret_rotate(
                    webhook=webhook, actor=request.user, **data.validated_data
                )
            shown["secret"] = secret
            body = WebhookSerializer(selectors.webhook_get(pk=pk, actor=request.user)).data
            return with_etag(Response({**body, "secret": None}), data=body)

        response = idempotent(request, rotate)
        # As on create: the secret is added after the idempotency record is written, never replayed.
        if "secret" in shown:
            response.data = {**response.data, "secret": shown["secret"]}
        return response


class WebhookDeliveryListView(generics.GenericAPIView):
    """A webhook's deliveries, newest first, each with every attempt (time, status code, error)."""

    required_scopes = {"GET": MANAGE}
    serializer_class = WebhookDeliverySerializer
    pagination_class = IdCursorPagination
    queryset = WebhookDelivery.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(selectors.DELIVERY_STATUSES)),
            PAGE_SIZE,
        ],
        responses=WebhookDeliverySerializer(many=True),
    )
    def get(self, request, pk):
        refuse_unknown_query_parameters(request, {"cursor", "page_size", "status"})
        webhook = selectors.webhook_get(pk=pk, actor=request.user)
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in selectors.DELIVERY_STATUSES:
            raise ValidationError({"status": [f"Use one of: {', '.join(selectors.DELIVERY_STATUSES)}."]})
        deliveries = selectors.webhook_delivery_list(webhook=webhook, status=wanted)
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class WebhookDeliveryDetailView(APIView):
    """One delivery with every attempt."""

    required_scopes = {"GET": MANAGE}

    @extend_schema(responses=WebhookDeliverySerializer)
    def get(self, request, pk, delivery_pk):
        webhook = selectors.webhook_get(pk=pk, actor=request.user)
        delivery = selectors.webhook_delivery_get(webhook=webhook, pk=delivery_pk)
        return with_etag(Response(WebhookDeliverySerializer(delivery).data))


def _accepted(request, delivery: WebhookDelivery, webhook: Webhook) -> Response:
    delivery = selectors.webhook_delivery_get(webhook=webhook, pk=delivery.pk)
    response = Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
    response["Location"] = f"/api/v1/webhooks/{webhook.pk}/deliveries/{delivery.pk}/"
    return response


class WebhookRedeliverView(APIView):
    """Send a finished delivery's message again (same webhook-id), as a new delivery."""

    required_scopes = {"POST": MANAGE}

    @extend_schema(
        request=None,
        responses={202: OpenApiResponse(WebhookDeliverySerializer, description="The new delivery, queued")},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, pk, delivery_pk):
        webhook = selectors.webhook_get(pk=pk, actor=request.user)
        delivery = selectors.webhook_delivery_get(webhook=webhook, pk=delivery_pk)

        def create():
            with caller_context(request):
                again = webhooks.webhook_delivery_redeliver(delivery=delivery, actor=request.user)
            return _accepted(request, again, webhook)

        return idempotent(request, create)


class WebhookPingView(APIView):
    """Send a `webhook.ping` message to this webhook, to test the receiver and its signature check."""

    required_scopes = {"POST": MANAGE}

    @extend_schema(
        request=None,
        responses={
            202: OpenApiResponse(WebhookDeliverySerializer, description="The ping's delivery, queued")
        },
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, pk):
        webhook = selectors.webhook_get(pk=pk, actor=request.user)

        def create():
            with caller_context(request):
                delivery = webhooks.webhook_ping(webhook=webhook, actor=request.user)
            return _accepted(request, delivery, webhook)

        return idempotent(request, create)
