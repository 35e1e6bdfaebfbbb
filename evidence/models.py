import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import search_part_triggers
from factcheck.history import tracked
from factcheck.reasons import ReasonField


class SourceKind(models.TextChoices):
    GOVERNMENT = "government", "Government"
    OFFICIAL_STATISTICS = "official_statistics", "Official statistics"
    ACADEMIC = "academic", "Academic"
    NEWS = "news", "News"
    NGO = "ngo", "NGO"
    COMPANY = "company", "Company"
    EXPERT = "expert", "Expert"
    OTHER = "other", "Other"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    DATASET = "dataset", "Data or statistics"
    STATEMENT = "statement", "Official statement"
    ARTICLE = "article", "Article"
    INTERVIEW = "interview", "Interview"
    RECORDING = "recording", "Recording"
    OTHER = "other", "Other"


class RebuttalKind(models.TextChoices):
    DENIAL = "denial", "Official denial"
    RIGHT_OF_REPLY = "right_of_reply", "Right of reply"
    COUNTER_CLAIM = "counter_claim", "Counter-claim"
    OTHER = "other", "Other"


# A piece of evidence's share of its claim's search document: the title (C), the excerpt and the
# source's name (D). `row` is the evidence row's name in the trigger (NEW, or an alias).
EVIDENCE_SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('english', {row}.title), 'C')"
    " || setweight(to_tsvector('english', concat_ws(' ', {row}.excerpt,"
    " (SELECT name FROM evidence_source WHERE id = {row}.source_id))), 'D')"
)
EVIDENCE_SEARCH_TEXT_SQL = (
    "concat_ws(' ', {row}.title, {row}.excerpt,"
    " (SELECT name FROM evidence_source WHERE id = {row}.source_id))"
)


@tracked()
class Source(models.Model):
    """Who published a piece of evidence."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=SourceKind.choices, default=SourceKind.OTHER)
    url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]
        triggers = [
            # Evidence is searched by its source's name: a renamed source refreshes its evidence's share.
            pgtrigger.Trigger(
                name="source_name_reindexes_evidence",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__name__df=pgtrigger.F("new__name")),
                func=(
                    "PERFORM claims_search_part_set('evidence', e.id, e.claim_id, "
                    f"{EVIDENCE_SEARCH_VECTOR_SQL.format(row='e')}, "
                    f"{EVIDENCE_SEARCH_TEXT_SQL.format(row='e')})"
                    " FROM evidence_evidence e WHERE e.source_id = NEW.id; RETURN NULL;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


@tracked()
class Evidence(models.Model):
    """Material bearing on one claim, with its stance."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.DOCUMENT)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=2000, blank=True)
    offline_reference = models.TextField(blank=True, help_text="Where to find it when there is no URL")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    excerpt = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    is_withheld = models.BooleanField(
        default=False, help_text="Never show the source publicly (someone's safety is at stake)"
    )
    is_demo = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim", "stance", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="evidence_stance_valid"),
            models.CheckConstraint(condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="evidence_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(offline_reference=""), name="evidence_has_url_or_reference"
            ),
        ]
        triggers = [
            # The desk searches a claim with its evidence: the words go to the claim's search document
            # through the claims' table for it (claims.models.ClaimSearchPart).
            *search_part_triggers(
                kind="evidence",
                table_columns=("claim_id", "title", "excerpt", "source_id"),
                vector_sql=EVIDENCE_SEARCH_VECTOR_SQL,
                text_sql=EVIDENCE_SEARCH_TEXT_SQL,
            ),
        ]

    def __str__(self) -> str:
        return self.title


@tracked()
class Rebuttal(models.Model):
    """A response by an identified party: a denial, a right of reply, a counter-claim."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="rebuttals")
    party = models.CharField(max_length=200, help_text="Who answered")
    kind = models.CharField(max_length=20, choices=RebuttalKind.choices, default=RebuttalKind.DENIAL)
    statement = models.TextField()
    url = models.URLField(max_length=2000, blank=True)
    stated_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "stated_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(party=""), name="rebuttal_party_not_empty"),
            models.CheckConstraint(condition=~Q(statement=""), name="rebuttal_statement_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=RebuttalKind.values), name="rebuttal_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.statement[:60]}"


class SnapshotKind(models.TextChoices):
    ARCHIVE = "archive", "Archived when saved"
    RECHECK = "recheck", "Link check"


class LinkChange(models.TextChoices):
    NONE = "", "—"
    CHANGED = "changed", "Content changed"
    GONE = "gone", "Gone"
    RESTORED = "restored", "Back again"


@tracked()
class Snapshot(models.Model):
    """An archived copy of a URL, or a link check that found it changed or gone (evidence.services)."""

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    appearance = models.ForeignKey(
        "claims.Appearance", on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    body = models.FileField(upload_to="snapshots/%Y/%m/", blank=True)
    error = ReasonField(blank=True)
    is_demo = models.BooleanField(default=False)
    fetched_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=SnapshotKind.choices, default=SnapshotKind.ARCHIVE)
    change = models.CharField(max_length=10, choices=LinkChange.choices, blank=True, default=LinkChange.NONE)
    note = ReasonField(blank=True, help_text="What a link check found, in words")
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When a link check last found the page as this copy has it"
    )
    key = models.CharField(
        max_length=64, blank=True, help_text="The fetch that wrote it: a task run twice writes one snapshot"
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence__isnull=False) | Q(appearance__isnull=False),
                name="snapshot_belongs_to_evidence_or_appearance",
            ),
            models.CheckConstraint(
                condition=Q(sha256="") | Q(sha256__regex=r"^[0-9a-f]{64}$"), name="snapshot_sha256_hex"
            ),
            models.CheckConstraint(condition=Q(kind__in=SnapshotKind.values), name="snapshot_kind_valid"),
            models.CheckConstraint(condition=Q(change__in=LinkChange.values), name="snapshot_change_valid"),
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="snapshot_key_unique"),
        ]
        indexes = [
            models.Index(fields=["evidence", "-fetched_at"]),
            models.Index(fields=["appearance", "-fetched_at"]),
        ]

    def __str__(self) -> str:
        return f"Snapshot of {self.url} at {self.fetched_at:%Y-%m-%d %H:%M}"
