"""Intake and import jobs (their state, progress and results)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from factcheck.reasons import ReasonField


class IntakeJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    FETCHING = "fetching", "Fetching"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class IntakeJob(models.Model):
    """An article to read from a URL: fetched by the worker, then its candidate claims kept here."""

    url = models.URLField(max_length=2000)
    status = models.CharField(max_length=20, choices=IntakeJobStatus.choices, default=IntakeJobStatus.QUEUED)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, help_text="The article's text as extracted from the page")
    candidates = models.JSONField(default=list, blank=True)
    error = ReasonField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    progressed_at = models.DateTimeField(
        default=timezone.now, help_text="Last sign of life: queued, or the worker started reading it"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IntakeJobStatus.values), name="intakejob_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.status})"


class ImportFormat(models.TextChoices):
    JSONL = "jsonl", "JSON Lines"
    CSV = "csv", "CSV"
    CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD or DataFeed"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """A file of claims to import (claims.imports.jobs): its progress, counts and the rows it refused."""

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    status = models.CharField(max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0, help_text="Rows already imported before")
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{line, reason}] of refused rows")
    error = ReasonField(blank=True, help_text="Why the whole file failed")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(
        default=timezone.now, help_text="Last sign of life: queued, started, or a batch of rows written"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values), name="importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=ImportFormat.values), name="importjob_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.original_name or self.file.name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.rows_done / self.total_rows))


# --- Reader requests (claims.requests) ---------------------------------------------------------------
# Not in the history (no @tracked): what a reader sent, and their address above all, must be erasable.
