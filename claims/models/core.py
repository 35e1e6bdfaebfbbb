"""The claim and its workflow: claimants, claims, appearances, ratings, verdicts, reviews,
transitions, publications."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.utils import timezone

from factcheck.history import tracked

SUMMARY_MAX_LENGTH = 75  # ClaimReview's claimReviewed must stay under this.

# The longest statement the desk and the API take (a transcript passage, not a whole article).
CLAIM_TEXT_MAX_LENGTH = 20_000


class ClaimState(models.TextChoices):
    NEW = "new", "New"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


class ClaimantKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


class Medium(models.TextChoices):
    ARTICLE = "article", "Article"
    TV = "tv", "TV"
    RADIO = "radio", "Radio"
    SOCIAL = "social", "Social post"
    SPEECH = "speech", "Speech"
    OTHER = "other", "Other"


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


class NoteKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


@tracked()
class Claimant(models.Model):
    """A person or organisation that makes claims."""

    name = models.CharField(max_length=200)
    title = models.CharField(
        max_length=200, blank=True, help_text="Role or title at the time, e.g. U.S. Secretary of Commerce"
    )
    kind = models.CharField(max_length=20, choices=ClaimantKind.choices, default=ClaimantKind.PERSON)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ClaimantKind.values), name="claimant_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="claimant_name_not_empty"),
        ]
        indexes = [models.Index(fields=["name"])]
        triggers = [
            # The claim search vector includes the claimant's name: keep it current.
            pgtrigger.Trigger(
                name="claimant_name_reindexes_claims",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__name__df=pgtrigger.F("new__name")),
                func=(
                    "PERFORM claims_search_words_add(NEW.name);"
                    " UPDATE claims_claim SET claimant_id = claimant_id WHERE claimant_id = NEW.id;"
                    " RETURN NULL;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name


# The desk's search document (claims.search): the claim's own words weigh most (A), its
# claimant next (B); what other rows contribute (the verdict, appearances, evidence: weights C and D)
# sits in claims_claimsearchpart, written by those rows' triggers (`search_part_triggers`), and is added here.
# Words new to the corpus join the vocabulary typos are corrected against (claims_searchword).
CLAIM_SEARCH_VECTOR_SQL = """
NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'A')
    || setweight(to_tsvector('english', coalesce(
        (SELECT name FROM claims_claimant WHERE id = NEW.claimant_id), '')), 'B')
    || coalesce((SELECT claims_tsvector_agg(vector) FROM claims_claimsearchpart WHERE claim_id = NEW.id), '');
RETURN NEW;
"""

# The words of claims written or whose text, summary or claimant changed join the vocabulary: once per
# statement, over its transition tables (`source` holds the claims as `n`).
CLAIM_SEARCH_WORDS_SQL = """
-- In order, so two transactions adding the same words wait for each other instead of deadlocking.
INSERT INTO claims_searchword (word)
SELECT DISTINCT word
FROM {source} LEFT JOIN claims_claimant c ON c.id = n.claimant_id
CROSS JOIN LATERAL claims_search_words(concat_ws(' ', n.text, n.summary, c.name)) AS word
ORDER BY word
ON CONFLICT DO NOTHING;
RETURN NULL;
"""


# A writer of many rows may set this (transaction-local) to 'deferred' and refresh its claims' search
# documents itself when done (`UPDATE claims_claim SET claimant_id = claimant_id WHERE id = ANY(...)`).
SEARCH_REFRESH_SETTING = "claims.search_refresh"
SEARCH_REFRESH_IMMEDIATE = f"coalesce(current_setting('{SEARCH_REFRESH_SETTING}', true), '') <> 'deferred'"


def search_part_triggers(*, kind: str, table_columns: tuple[str, ...], vector_sql: str, text_sql: str):
    """Triggers that keep a table's rows' shares of their claims' search documents
    (claims_claimsearchpart), add their words to the vocabulary and refresh the claims' vectors.

    One statement-level trigger per operation, over the statement's transition tables: a bulk write
    (the import's COPY of thousands of rows) costs a few set-wise statements, not a few per row.
    `vector_sql` and `text_sql` are templates over `{row}` (the row's alias); an update that changes
    none of `table_columns` changes nothing. Other apps declare theirs with it (evidence does).
    """
    changed = " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in table_columns)
    vector, text = vector_sql.format(row="n"), text_sql.format(row="n")
    # The rows' new parts and words, from the rows in `source` (new_rows, or the changed ones).
    add = f"""
INSERT INTO claims_claimsearchpart (kind, key, claim_id, vector)
SELECT '{kind}', n.id, n.claim_id, part.vector
FROM {{source}} CROSS JOIN LATERAL (SELECT {vector} AS vector) AS part
WHERE part.vector IS NOT NULL;
-- In order, so two transactions adding the same words wait for each other instead of deadlocking.
INSERT INTO claims_searchword (word)
SELECT DISTINCT word FROM {{source}} CROSS JOIN LATERAL claims_search_words({text}) AS word
ORDER BY word
ON CONFLICT DO NOTHING;
"""
    changed_rows = f"new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed}"
    # The claims' vectors are recomputed here, unless the writer refreshes them itself once it is done
    # (claims.imports.batches: a batch's claims once, not once for its appearances and again for its
    # verdicts); `claims` selects the claims' ids.
    refresh = (
        f"IF {SEARCH_REFRESH_IMMEDIATE} THEN\n"
        "    UPDATE claims_claim SET claimant_id = claimant_id WHERE id IN ({claims});\n"
        "END IF;\nRETURN NULL;\n"
    )
    return [
        pgtrigger.Trigger(
            name=f"{kind}_search_part_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=add.format(source="new_rows n") + refresh.format(claims="SELECT claim_id FROM new_rows"),
        ),
        pgtrigger.Trigger(
            name=f"{kind}_search_part_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=f"""
DELETE FROM claims_claimsearchpart p USING new_rows n JOIN old_rows o ON o.id = n.id
WHERE p.kind = '{kind}' AND p.key = o.id AND ({changed});
"""
            + add.format(source=f"(SELECT n.* FROM {changed_rows}) AS n")
            + refresh.format(
                claims=f"SELECT n.claim_id FROM {changed_rows} UNION SELECT o.claim_id FROM {changed_rows}"
            ),
        ),
        pgtrigger.Trigger(
            name=f"{kind}_search_part_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=f"""
DELETE FROM claims_claimsearchpart p USING old_rows o WHERE p.kind = '{kind}' AND p.key = o.id;
"""
            + refresh.format(claims="SELECT claim_id FROM old_rows"),
        ),
    ]


@tracked(exclude=["search_vector"])
class Claim(models.Model):
    """A statement as said, by a claimant, on its way through the workflow."""

    text = models.TextField(help_text="The statement, verbatim")
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text="Short neutral summary (ClaimReview claimReviewed); no verdict in it",
    )
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="claims")
    claimed_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    topics = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    state = models.CharField(max_length=20, choices=ClaimState.choices, default=ClaimState.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    due_on = models.DateField(null=True, blank=True)
    checkworthiness = models.FloatField(null=True, blank=True)
    selection_reason = models.TextField(blank=True, help_text="Why this claim was selected")
    external_id = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text="The claim that states the same thing and carries the fact-check",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ClaimState.values), name="claim_state_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(
                condition=Q(checkworthiness__isnull=True) | Q(checkworthiness__gte=0, checkworthiness__lte=1),
                name="claim_checkworthiness_range",
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="claim_external_id_unique"
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("pk")), name="claim_not_duplicate_of_itself"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="claim_search_vector_gin"),
            models.Index(fields=["state", "-created_at"]),
            models.Index(fields=["assignee", "state"]),
            models.Index(fields=["claimant", "-created_at"]),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="claim_search_vector",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=CLAIM_SEARCH_VECTOR_SQL,
            ),
            pgtrigger.Trigger(
                name="claim_search_words_insert",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                referencing=pgtrigger.Referencing(new="new_rows"),
                func=CLAIM_SEARCH_WORDS_SQL.format(source="new_rows n"),
            ),
            pgtrigger.Trigger(
                name="claim_search_words_update",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
                func=CLAIM_SEARCH_WORDS_SQL.format(
                    source="(SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id"
                    " WHERE n.text IS DISTINCT FROM o.text OR n.summary IS DISTINCT FROM o.summary"
                    " OR n.claimant_id IS DISTINCT FROM o.claimant_id) AS n"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.summary or self.text[:80]


@tracked()
class Appearance(models.Model):
    """Where a claim was seen; at most one appearance per claim is the first."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    medium = models.CharField(max_length=20, choices=Medium.choices, default=Medium.OTHER)
    appeared_on = models.DateField(null=True, blank=True)
    excerpt = models.TextField(blank=True)
    is_first = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_first", "appeared_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_first=True), name="appearance_one_first_per_claim"
            ),
            models.CheckConstraint(condition=Q(medium__in=Medium.values), name="appearance_medium_valid"),
            models.CheckConstraint(condition=~Q(url="") | ~Q(outlet=""), name="appearance_has_url_or_outlet"),
        ]
        triggers = [
            # The outlet is searched with its claim (weight C).
            *search_part_triggers(
                kind="appearance",
                table_columns=("claim_id", "outlet"),
                vector_sql="setweight(to_tsvector('english', {row}.outlet), 'C')",
                text_sql="{row}.outlet",
            ),
        ]

    def __str__(self) -> str:
        return self.outlet or self.url


@tracked()
class RatingScale(models.Model):
    """An ordered set of ratings; exactly one scale is the default."""

    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="ratingscale_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@tracked()
class Rating(models.Model):
    """A label on a scale. `position` orders it (1 = worst); null keeps it outside the order."""

    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="ratings")
    label = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)
    description = models.TextField(help_text="Shown on the public methodology page")
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True, help_text="Normalised 0..1; empty when unordered")

    class Meta:
        ordering = ["scale", models.F("position").desc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_unique"),
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique"),
            models.UniqueConstraint(fields=["scale", "position"], name="rating_position_unique"),
            models.CheckConstraint(
                condition=(Q(position__isnull=True) & Q(value__isnull=True))
                | (Q(position__isnull=False) & Q(value__gte=0) & Q(value__lte=1)),
                name="rating_value_matches_position",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_ordered(self) -> bool:
        return self.position is not None


@tracked()
class Verdict(models.Model):
    """The one verdict on a claim. `revision` rises on every substantive change."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True)
    headline = models.CharField(max_length=200, blank=True)
    conclusion = models.TextField(blank=True)
    analysis = models.TextField(blank=True, help_text="Markdown")
    revision = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who submitted the revision under review: they vouch for it, so they never approve it (four eyes).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A correction's note for readers, proposed with the submission and reviewed with the revision; when
    # an editor submitted it, the approval publishes it (claims.workflow, "approve ... then publish").
    correction_note = models.TextField(blank=True)
    correction_note_kind = models.CharField(max_length=20, choices=NoteKind.choices, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(revision__gte=1), name="verdict_revision_positive"),
            models.CheckConstraint(
                condition=Q(correction_note_kind="") | Q(correction_note_kind__in=NoteKind.values),
                name="verdict_correction_note_kind_valid",
            ),
        ]
        triggers = [
            # The verdict's words are searched with its claim (weight C, below the claim and claimant).
            *search_part_triggers(
                kind="verdict",
                table_columns=("claim_id", "headline", "conclusion", "analysis"),
                vector_sql="setweight(to_tsvector('english', concat_ws(' ', {row}.headline, {row}.conclusion,"
                " {row}.analysis)), 'C')",
                text_sql="concat_ws(' ', {row}.headline, {row}.conclusion, {row}.analysis)",
            ),
        ]

    def __str__(self) -> str:
        return f"Verdict on claim {self.claim_id} (revision {self.revision})"


REVIEW_FOUR_EYES_SQL = """
IF EXISTS (
    SELECT 1 FROM claims_verdict v
    WHERE v.id = NEW.verdict_id
      AND NEW.reviewer_id IN (v.author_id, v.last_edited_by_id, v.submitted_by_id)
) THEN
    RAISE EXCEPTION 'four eyes: member % wrote, last edited or submitted verdict %, so cannot approve it',
        NEW.reviewer_id, NEW.verdict_id
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""


# The snapshot a review keeps is the reviewed content itself, already in the history of the rows it
# was read from: the review's history rows leave it out.
@tracked(exclude=["content"])
class Review(models.Model):
    """A reviewer's decision on one verdict revision, with what the reviewer read (`content`)."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="reviews")
    revision = models.PositiveIntegerField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(blank=True)
    content = models.JSONField(
        default=dict,
        blank=True,
        help_text="The claim, verdict and evidence as reviewed (claims.selectors.reviewing); "
        "the next review shows what changed since",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "revision", "reviewer"], name="review_one_per_reviewer_revision"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.APPROVE) | ~Q(comment=""),
                name="review_changes_need_comment",
            ),
        ]
        triggers = [
            # Four eyes in the database too: whatever path writes a review (a service, the admin, a
            # shell, two requests at once), an approval by the verdict's author, its last editor or
            # the member who submitted it is refused. The service says so in words first.
            pgtrigger.Trigger(
                name="review_four_eyes",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__decision=ReviewDecision.APPROVE),
                func=REVIEW_FOUR_EYES_SQL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} on revision {self.revision}"


@tracked()
class Transition(models.Model):
    """Append-only log of workflow actions."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=ClaimState.choices)
    to_state = models.CharField(max_length=20, choices=ClaimState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        triggers = [
            pgtrigger.Protect(name="transition_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


def publication_search_vector() -> SearchVector:
    """The full-text vector of a publication as the API searches it: the statement and summary as
    published (weight A) and the claimant (weight B). The index below is built on this very expression,
    so the selector must use this function for PostgreSQL to use the index."""
    return SearchVector(
        KT("content__claim__text"), KT("content__claim__summary"), config="english", weight="A"
    ) + SearchVector(KT("content__claimant__name"), config="english", weight="B")


@tracked()
class Publication(models.Model):
    """An immutable snapshot of a fact-check as published; the public reads only these."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveIntegerField()
    verdict_revision = models.PositiveIntegerField()
    rating_label = models.CharField(max_length=60)
    claim_reviewed = models.CharField(max_length=SUMMARY_MAX_LENGTH)
    slug = models.SlugField(max_length=120)
    content = models.JSONField(help_text="Claim, verdict, evidence and rebuttals as published")
    claimreview = models.JSONField(help_text="schema.org ClaimReview JSON-LD")
    note_kind = models.CharField(max_length=20, choices=NoteKind.choices, blank=True)
    note = models.TextField(blank=True, help_text="Correction or update note (second version on)")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="publication_version_unique"),
            models.CheckConstraint(
                condition=Q(version=1) | (~Q(note="") & Q(note_kind__in=NoteKind.values)),
                name="publication_later_versions_need_note",
            ),
        ]
        indexes = [
            models.Index(fields=["-published_at"]),
            models.Index(fields=["slug"]),
            # Searching fact-checks (API q=, Fact Check Tools' claims:search) without computing the vector
            # of every publication per query.
            GinIndex(publication_search_vector(), name="publication_search_gin"),
        ]
        triggers = [
            pgtrigger.Protect(name="publication_immutable", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.claim_reviewed} (version {self.version})"
