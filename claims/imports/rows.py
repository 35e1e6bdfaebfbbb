"""Bulk import (claims.imports.jobs): the row, its fields and limits, and checking one row (a row
that fails is reported with its line and the reason).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Func, TextField, Value
from django.db.models.functions import Lower, Trim

from claims.models import SUMMARY_MAX_LENGTH, ClaimantKind, ImportFormat, Rating
from factcheck.languages import is_language_tag

FIELDS = (
    "external_id",
    "text",
    "summary",
    "claimant",
    "claimant_title",
    "claimed_on",
    "language",
    "topics",
    "outlet",
    "appearance_url",
    "rating",
    "conclusion",
)
REQUIRED = ("text", "claimant")
BATCH_SIZE = 2000
MAX_TEXT_CHARS = 10_000
MAX_CONCLUSION_CHARS = 20_000
MAX_ERRORS_KEPT = 1000  # the count goes on; the list keeps the first ones
MAX_REASON_CHARS = 300  # a bad row's reason, as kept on the job (up to MAX_ERRORS_KEPT of them)
TOO_DEEP = "its JSON is nested too deeply to read (arrays or objects within each other, hundreds deep)"
_SPACES = re.compile(r"\s+")
_url_validator = URLValidator(schemes=["http", "https"])

CONTENT_TYPES = {
    "application/x-ndjson": ImportFormat.JSONL,
    "application/jsonl": ImportFormat.JSONL,
    "application/x-jsonlines": ImportFormat.JSONL,
    "text/csv": ImportFormat.CSV,
    "application/ld+json": ImportFormat.CLAIMREVIEW,
    "application/json": ImportFormat.CLAIMREVIEW,
}
EXTENSIONS = {
    ".jsonl": ImportFormat.JSONL,
    ".ndjson": ImportFormat.JSONL,
    ".csv": ImportFormat.CSV,
    ".json": ImportFormat.CLAIMREVIEW,
    ".jsonld": ImportFormat.CLAIMREVIEW,
}


class FileRefused(Exception):
    """The whole file cannot be read (not UTF-8, not JSON, a CSV without the needed columns)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RowError(Exception):
    """One row is refused; `reason` is written for a person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ImportRow:
    """A row that passed every check, ready to insert."""

    line: int
    text: str
    claimant: str
    external_id: str = ""
    summary: str = ""
    claimant_title: str = ""
    claimant_kind: str = ClaimantKind.PERSON
    claimed_on: datetime.date | None = None
    language: str = "en"
    topics: list[str] = field(default_factory=list)
    outlet: str = ""
    appearance_url: str = ""
    rating: Rating | None = None
    conclusion: str = ""
    selection_reason: str = ""

    @property
    def claimant_key(self) -> tuple[str, str]:
        return (self.claimant.lower(), self.claimant_title.lower())


def normalised_text(text: str) -> str:
    """A claim's text for duplicate checks: spacing and case ignored (as `_normalised_sql` computes it)."""
    return _SPACES.sub(" ", text.strip()).lower()


def _normalised_sql(expression: str):
    return Lower(
        Func(
            Trim(expression),
            Value(r"\s+"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
    )


def _names_listed(names: list[str], *, shown: int = 5) -> str:
    """A few of the names (each cut short), and how many there are in all: a file may hold millions."""
    listed = ", ".join(f"“{name if len(name) <= 40 else name[:39] + '…'}”" for name in names[:shown])
    return listed if len(names) <= shown else f"{listed} and {len(names) - shown:,} more"


# --- Checking one row ------------------------------------------------------------------------


def _string(raw: dict, name: str, *, limit: int) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"{name} must be text, not {type(value).__name__}")
    value = value.strip()
    if "\x00" in value:
        raise RowError(f"{name} contains a NUL character")
    if len(value) > limit:
        raise RowError(f"{name} has {len(value)} characters; at most {limit}")
    return value


def _date(raw: dict, name: str) -> datetime.date | None:
    value = _string(raw, name, limit=40)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(f"{name} “{value}” is not a date (YYYY-MM-DD)") from None


def _topics(raw: dict) -> list[str]:
    value = raw.get("topics")
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("|", ";").split(";")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise RowError("topics must be a list of words, or words separated by semicolons")
    topics = []
    for topic in value:
        topic = " ".join(topic.split()).lower()
        if len(topic) > 60:
            raise RowError(f"the topic “{topic[:20]}…” is longer than 60 characters")
        if topic and topic not in topics:
            topics.append(topic)
    return topics


def row_clean(line: int, raw: dict, *, ratings: dict[str, Rating]) -> ImportRow:
    """Check one raw row; raise RowError with the first problem found, in words."""
    unknown = sorted(set(raw) - set(FIELDS) - {"claimant_kind", "selection_reason"})
    if unknown:
        raise RowError(f"unknown field {_names_listed(unknown)} (known: {', '.join(FIELDS)})")
    text = _string(raw, "text", limit=MAX_TEXT_CHARS)
    if not text:
        raise RowError("text is missing: the statement as said")
    claimant = " ".join(_string(raw, "claimant", limit=200).split())
    if not claimant:
        raise RowError("claimant is missing: who made the claim")
    summary = _string(raw, "summary", limit=10_000)
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise RowError(
            f"summary has {len(summary)} characters; ClaimReview allows at most {SUMMARY_MAX_LENGTH}"
        )
    language = _string(raw, "language", limit=200) or "en"
    if not is_language_tag(language) or len(language) > 12:
        raise RowError(f"language “{language}” is not a language tag such as en, de or pt-BR")
    url = _string(raw, "appearance_url", limit=2000)
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            raise RowError(f"appearance_url “{url[:80]}” is not an http or https address") from None
    rating_label = _string(raw, "rating", limit=60)
    rating = None
    if rating_label:
        rating = ratings.get(rating_label.lower())
        if rating is None:
            labels = ", ".join(sorted({r.label for r in ratings.values()}))
            raise RowError(f"rating “{rating_label}” is not on the rating scale ({labels})")
    claimant_kind = _string(raw, "claimant_kind", limit=40) or ClaimantKind.PERSON
    if claimant_kind not in ClaimantKind.values:
        raise RowError(f"claimant_kind “{claimant_kind}” is not one of: {', '.join(ClaimantKind.values)}")
    return ImportRow(
        line=line,
        text=text,
        claimant=claimant,
        claimant_kind=claimant_kind,
        external_id=_string(raw, "external_id", limit=200),
        summary=summary,
        claimant_title=" ".join(_string(raw, "claimant_title", limit=200).split()),
        claimed_on=_date(raw, "claimed_on"),
        language=language,
        topics=_topics(raw),
        outlet=_string(raw, "outlet", limit=200),
        appearance_url=url,
        rating=rating,
        conclusion=_string(raw, "conclusion", limit=MAX_CONCLUSION_CHARS),
        selection_reason=_string(raw, "selection_reason", limit=2000),
    )


def ratings_by_name() -> dict[str, Rating]:
    """The default scale's ratings by lowercased label and slug."""
    ratings = {}
    for rating in Rating.objects.filter(scale__is_default=True):
        ratings[rating.label.lower()] = rating
        ratings[rating.slug.lower()] = rating
    return ratings
