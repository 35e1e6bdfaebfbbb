"""Readers' requests, their contacts (personal data) and the emails sent to requesters."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.core import Claim, Publication
from claims.models.search import RealField
from factcheck.reasons import ReasonField

REQUEST_TEXT_MAX_LENGTH = 5000
REQUEST_URL_MAX_LENGTH = 2000


class RequestSource(models.TextChoices):
    WEB = "web", "Web form"
    API = "api", "Partner (API)"


class ReaderRequest(models.Model):
    """What a reader asked us to check: its text, where they saw it, where it came from and when.

    `claim` is the claim it was attached to (on arrival when it is a duplicate, or by an editor);
    until then it waits in triage with its `suggestions`. `cluster` is the first unattached request
    that says the same thing (itself for the first). `is_held`: over the per-address daily cap, kept
    but out of the queue.
    """

    text = models.TextField(max_length=REQUEST_TEXT_MAX_LENGTH)
    url = models.URLField(max_length=REQUEST_URL_MAX_LENGTH, blank=True)
    language = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=10, choices=RequestSource.choices)
    partner = models.CharField(max_length=100, blank=True, help_text="The API token's name")
    partner_token = models.ForeignKey(
        "factcheck.ApiToken", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender_digest = models.CharField(max_length=64, blank=True, help_text="Keyed hash of the sender's IP")
    email_digest = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the address given (erasure, rate limits)"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="reader_requests"
    )
    attached_at = models.DateTimeField(null=True, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cluster = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clustered"
    )
    suggestions = models.JSONField(default=list, blank=True, help_text="[{claim_id, score, level}]")
    vector = ArrayField(RealField(), null=True, blank=True, help_text="Sentence embedding (clustering)")
    is_held = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="readerrequest_text_not_empty"),
            models.CheckConstraint(
                condition=Q(source__in=RequestSource.values), name="readerrequest_source_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "created_at"]),
            models.Index(
                fields=["created_at"], condition=Q(claim__isnull=True, is_held=False), name="request_triage"
            ),
            models.Index(fields=["sender_digest", "created_at"]),
            models.Index(fields=["email_digest"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RequestContact(models.Model):
    """The address a requester gave, with their consent to be told the outcome: personal data.

    Kept only with consent; deleted on unsubscribe, by the erase command, and
    REQUEST_CONTACT_RETENTION_DAYS after the last email sent to it (claims.housekeeping).
    """

    request = models.OneToOneField(ReaderRequest, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Contact of request {self.request_id}"


class RequestEmailKind(models.TextChoices):
    PUBLISHED = "published", "Fact-check published"
    CORRECTED = "corrected", "Fact-check corrected"


class RequestEmailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class RequestEmail(models.Model):
    """One email to a requester about one publication (the outbox): written in the transaction that
    published, sent by the worker after commit (claims.requests.outbox)."""

    contact = models.ForeignKey(RequestContact, on_delete=models.CASCADE, related_name="emails")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RequestEmailKind.choices)
    status = models.CharField(
        max_length=10, choices=RequestEmailStatus.choices, default=RequestEmailStatus.PENDING
    )
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = ReasonField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One email per requester and publication, whatever sends it twice.
            models.UniqueConstraint(
                fields=["contact", "publication"], name="requestemail_one_per_publication"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestEmailKind.values), name="requestemail_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestEmailStatus.values), name="requestemail_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="requestemail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} email {self.pk} ({self.status})"
