import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from factcheck.history import tracked
from factcheck.reasons import ReasonField
from factcheck.roles import Role


@tracked(exclude=["password", "last_login"])
class User(AbstractUser):
    """A member of the desk. The role decides which workflow actions they may take."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FACT_CHECKER)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN


class TokenScope(models.TextChoices):
    FACTCHECKS_READ = "factchecks:read", "Read published fact-checks"
    CLAIMS_READ = "claims:read", "Read claims and their work"
    CLAIMS_WRITE = "claims:write", "Edit claims, evidence, verdicts; take workflow actions"
    CLAIMS_SUBMIT = "claims:submit", "Submit new claims to check"
    WEBHOOKS_MANAGE = "webhooks:manage", "Manage webhooks"


@tracked(exclude=["key_hash", "last_used_at"])
class ApiToken(models.Model):
    """A bearer token for an integration. It acts as its member, limited to its scopes.

    Only a hash of the secret is stored; the token is shown once, when created.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part, to find the token")
    key_hash = models.CharField(max_length=64)
    scopes = ArrayField(models.CharField(max_length=30, choices=TokenScope.choices))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scopes__contained_by=TokenScope.values), name="apitoken_scopes_valid"
            ),
            models.CheckConstraint(condition=~Q(scopes=[]), name="apitoken_has_a_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The first response to a create with an Idempotency-Key, replayed for repeats."""

    owner = models.CharField(max_length=64, help_text="user:<id> or token:<id>")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body")
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField(null=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_per_owner")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"


# --- Webhooks ------------------------------------------------------------------------


class WebhookEventType(models.TextChoices):
    """What a webhook can subscribe to (`webhook.ping` is sent on request, to any webhook)."""

    CLAIM_SUBMITTED = "claim.submitted", "A claim was submitted for review"
    CLAIM_APPROVED = "claim.approved", "A claim's verdict was approved"
    FACTCHECK_PUBLISHED = "factcheck.published", "A fact-check was published (first version)"
    FACTCHECK_CORRECTED = "factcheck.corrected", "A published fact-check was corrected or updated"
    WEBHOOK_PING = "webhook.ping", "A test message asked for by an admin"


SUBSCRIBABLE_EVENTS = tuple(e for e in WebhookEventType.values if e != WebhookEventType.WEBHOOK_PING)


@tracked(
    exclude=["secret", "previous_secret", "consecutive_failures", "last_succeeded_at", "updated_at"],
    # "Events" are what a webhook subscribes to: its history gets other names.
    model_name="WebhookHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history", related_query_name="history"),
)
class Webhook(models.Model):
    """An endpoint of a newsroom system that receives signed event messages.

    The secret signs every message (Standard Webhooks, HMAC-SHA256), so it is
    kept as it is, not hashed; it is shown once, when the webhook is created or
    its secret rotated. After a rotation the previous secret signs too, until
    `previous_secret_expires_at`, so the receiver can switch at its own pace.
    An endpoint that keeps failing is turned off with `disabled_reason` set.
    """

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="webhooks")
    url = models.CharField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = ArrayField(models.CharField(max_length=40, choices=WebhookEventType.choices))
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(
        max_length=100, blank=True, help_text="The secret before the last rotation, while it still signs"
    )
    previous_secret_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When the previous secret stops signing messages"
    )
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = ReasonField(blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed attempts in a row since the last successful one"
    )
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(events__contained_by=list(SUBSCRIBABLE_EVENTS)), name="webhook_events_known"
            ),
            models.CheckConstraint(condition=~Q(events=[]), name="webhook_has_an_event"),
            models.CheckConstraint(condition=Q(secret__startswith="whsec_"), name="webhook_secret_format"),
            models.CheckConstraint(
                condition=Q(previous_secret="") | Q(previous_secret__startswith="whsec_"),
                name="webhook_previous_secret_format",
            ),
            models.CheckConstraint(
                condition=Q(previous_secret="", previous_secret_expires_at__isnull=True)
                | (~Q(previous_secret="") & Q(previous_secret_expires_at__isnull=False)),
                name="webhook_previous_secret_expires",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True) | ~Q(disabled_reason=""), name="webhook_disabled_has_reason"
            ),
        ]
        indexes = [GinIndex(fields=["events"], name="webhook_events_gin")]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event message for one webhook, delivered (and retried) until it succeeds or gives up.

    Every retry sends the same `message_id` (the webhook-id header), so a
    receiver can drop repeats. A redelivery asked for by an admin is a new row
    with the same message id, pointing at the delivery it repeats.
    """

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40, choices=WebhookEventType.choices)
    message_id = models.CharField(max_length=40, help_text="Sent as the webhook-id header")
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="redeliveries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DeliveryStatus.PENDING) | Q(next_attempt_at__isnull=True),
                name="delivery_done_has_no_next_attempt",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=DeliveryStatus.PENDING),
                name="delivery_pending_due",
            ),
            models.Index(fields=["message_id"], name="delivery_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} → {self.webhook}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: when, what came back (or what went wrong), how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = ReasonField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.TextField(blank=True, help_text="The start of the receiver's answer")

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery.message_id} at {self.attempted_at}: {self.status_code or self.error}"

    @property
    def is_success(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300


class OutboundEmail(models.Model):
    """One email in the outbox (factcheck.mail): written with the change that causes it, sent after
    commit by the worker, retried with backoff while the mail server is away, sent once.

    Generic: any app queues mail here (member notifications, replies to readers). `idempotency_key`
    names the event and the recipient, so queueing the same mail twice keeps one row; a worker claims
    a row (SELECT ... FOR UPDATE SKIP LOCKED, then a lease) before it talks to the mail server, so a
    task delivered twice or a restarted worker sends no second copy.
    """

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True, help_text="Extra headers, e.g. List-Unsubscribe")
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then (a lease)"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = ReasonField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(gave_up_at__isnull=True), name="email_sent_or_given_up"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, gave_up_at__isnull=True),
                name="email_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class NotificationChannel(models.TextChoices):
    """How a member is told of one kind of notification (factcheck.notifications)."""

    APP = "app", gettext_lazy("In the app")
    EMAIL = "email", gettext_lazy("In the app and by email")
    OFF = "off", gettext_lazy("Off")


class Notification(models.Model):
    """Something a member is told of: a claim assigned to them, a verdict waiting for their review...

    Written in the transaction of the change that causes it (factcheck.notifications.notify), once per
    member and change: `event_key` names the change (e.g. the workflow transition), unique per member.
    `wants_email` is the member's choice when it was written; `emailed_at` when a single mail or a digest
    took it to the outbox.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    event_key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="Where it leads, a path on this site")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    wants_email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "event_key"], name="notification_once_per_member_event")
        ]
        indexes = [
            models.Index(
                fields=["member"], condition=Q(read_at__isnull=True), name="notification_unread_by_member"
            ),
            models.Index(fields=["member", "-created_at", "-id"], name="notification_member_recent"),
            models.Index(
                fields=["member"],
                condition=Q(wants_email=True, emailed_at__isnull=True),
                name="notification_mail_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.member}: {self.title}"


class NotificationSettings(models.Model):
    """A member's choices: a channel per kind (missing kinds take the kind's default) and the digest."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="notification_settings")
    channels = models.JSONField(default=dict, blank=True, help_text="kind → app, email or off")
    is_digest = models.BooleanField(
        default=False, help_text="One email a day with what is new, instead of one email per notification"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notification settings of {self.member}"
