"""What search and matching keep per claim: search parts and words, embeddings."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from claims.models.core import Claim


class ClaimSearchPart(models.Model):
    """What one row of another table (a verdict, an appearance, a piece of evidence) adds to its
    claim's search document. Written only by that table's trigger (`search_part_triggers`), never by
    Python: so evidence makes its words searchable without claims knowing evidence."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, help_text="The contributing table, e.g. evidence")
    key = models.BigIntegerField(help_text="The contributing row's id")
    vector = SearchVectorField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="claim_search_part_one_per_row"),
        ]
        indexes = [models.Index(fields=["claim"], name="claim_search_part_claim")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} in the search of claim {self.claim_id}"


class SearchWord(models.Model):
    """A word of the searched text, as written (lower case): the vocabulary a mistyped word is
    corrected against (claims.search). Filled by the search triggers; the daily housekeeping removes
    the words no claim's search document holds any more (claims.housekeeping)."""

    # "C" collation: byte order, so a prefix is a range on the primary key's index.
    word = models.CharField(max_length=40, primary_key=True, db_collation="C")

    def __str__(self) -> str:
        return self.word


class RealField(models.FloatField):
    """A 4-byte float (PostgreSQL `real`): embeddings need no more, and take half the room."""

    def db_type(self, connection) -> str:
        return "real"


class EmbeddingKind(models.TextChoices):
    CLAIM = "claim", "The claim's text"
    PUBLISHED = "published", "The statement as last published (kept only where it differs)"


class ClaimEmbedding(models.Model):
    """A claim's sentence embedding (claims.matching), computed by the worker from `text_hash`'s text.

    Derived data, not history: a row whose hash or model differs from the text's is stale and is
    computed again (`claims.matching.index`). The vector is a plain `real[]`, so every PostgreSQL
    holds it; where pgvector is installed an HNSW index is built over it (migration 0008).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="embeddings")
    kind = models.CharField(max_length=10, choices=EmbeddingKind.choices, default=EmbeddingKind.CLAIM)
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=32, help_text="md5 of the text embedded")
    vector = ArrayField(RealField())
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="claim_embedding_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} embedding of claim {self.claim_id}"
