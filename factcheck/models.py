from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from factcheck.history import tracked
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
