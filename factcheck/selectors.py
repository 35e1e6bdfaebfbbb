"""Reads of the desk itself: a member's API tokens; webhooks and their deliveries (for admins)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from factcheck.models import ApiToken, DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery
from factcheck.webhooks import webhook_manager_check

# --- API tokens --------------------------------------------------------------------


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The member's own tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user, pk: int) -> ApiToken:
    """One of the member's own tokens; raises ApiToken.DoesNotExist for anyone else's."""
    return ApiToken.objects.select_related("user").get(user=user, pk=pk)


# --- Webhooks ----------------------------------------------------------------------


def webhook_list(*, actor) -> QuerySet[Webhook]:
    """Every webhook of the desk, newest first. Rule: admins only (NotPermitted otherwise)."""
    webhook_manager_check(actor)
    return Webhook.objects.select_related("created_by").order_by("-id")


def webhook_get(*, pk: int, actor) -> Webhook:
    """One webhook (404 when unknown). Rule: admins only."""
    return get_object_or_404(webhook_list(actor=actor), pk=pk)


def webhook_delivery_list(*, webhook: Webhook, status: str = "") -> QuerySet[WebhookDelivery]:
    """A webhook's deliveries, newest first, each with every attempt (two queries for a page).

    `status` (pending, succeeded, failed) narrows the list; callers check it is one of those.
    """
    deliveries = WebhookDelivery.objects.filter(webhook=webhook).prefetch_related(
        Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("attempted_at", "id"))
    )
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-id")


def webhook_delivery_get(*, webhook: Webhook, pk: int) -> WebhookDelivery:
    """One delivery of this webhook with its attempts (404 when unknown or another webhook's)."""
    return get_object_or_404(webhook_delivery_list(webhook=webhook).select_related("webhook"), pk=pk)


DELIVERY_STATUSES = tuple(DeliveryStatus.values)
