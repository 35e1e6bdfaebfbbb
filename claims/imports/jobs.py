"""Bulk import of claims: JSON Lines, CSV, and ClaimReview JSON-LD or DataFeed files.

A row (a JSON object per line, a CSV record, or one ClaimReview) carries
`external_id`, `text`, `summary`, `claimant`, `claimant_title`, `claimed_on`,
`language`, `topics`, `outlet`, `appearance_url`, and optionally `rating` and
`conclusion` (a draft verdict: imported claims start as new, like any other).

Rules enforced here, by the import service and so by the command, the API
and the page alike:
- only editors and admins import (a file can add thousands of claims);
- a bad row is reported with its line number and the reason, and the good
  rows go in all the same;
- a row the database refuses all the same (a rule these checks do not know)
  is reported by its line too, and the rest of its batch goes in;
- every job ends, done or failed with a reason a person can read, whatever
  the file holds (JSON nested thousands deep too); a crash or a stall fails
  it (claims.job_failures); reasons are kept short (MAX_REASON_CHARS);
- a CSV cell that an export quoted against spreadsheet formulas reads back
  as it was (claims.imports.spreadsheet_cells);
- importing the same file again creates nothing: a row whose `external_id`
  is known, or, without one, whose claimant and normalised text (case and
  spacing ignored) match a claim, is skipped;
- rows go in by batches, each in one transaction with the job's progress,
  so an import that stops (a worker killed) resumes where it was; history
  is recorded for every row (the triggers fire on bulk inserts too), under
  the importing member's name;
- appearances with a URL are archived afterwards (EVIDENCE_ARCHIVING).
"""

import codecs
import csv
import datetime
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

import pghistory
import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Func, TextField, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from claims.imports.spreadsheet_cells import cell_restore
from claims.models import (
    SUMMARY_MAX_LENGTH,
    Claim,
    Claimant,
    ClaimantKind,
    ImportFormat,
    ImportJob,
    ImportJobStatus,
    Medium,
    Rating,
)
from claims.signals import appearances_imported
from factcheck.history import acting_as
from factcheck.languages import is_language_tag
from factcheck.reasons import reason_bound
from factcheck.roles import EDITING_ROLES, ensure_role

logger = logging.getLogger(__name__)

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


# --- Reading files: (line, raw row) pairs, or a RowError for a row that cannot be read ----------


def format_detect(*, name: str = "", content_type: str = "", head: bytes = b"") -> str:
    """The import format from a content type, else a file name's extension, else the first bytes."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    lowered = (name or "").lower()
    for extension, fmt in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    start = head.lstrip(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"["):
        return ImportFormat.CLAIMREVIEW
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0].strip()
        try:
            json.loads(first_line)
        except ValueError:
            return ImportFormat.CLAIMREVIEW  # one JSON document over several lines
        return ImportFormat.JSONL if b'"@context"' not in first_line else ImportFormat.CLAIMREVIEW
    raise FileRefused("Could not tell the file's format: name it .jsonl, .csv or .json, or give the format.")


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(f"The file is not UTF-8 text (line {line}, byte {error.start}).") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileRefused(f"The file contains a NUL character (line {line}): it is not a text file.")
    return text


def _names_listed(names: list[str], *, shown: int = 5) -> str:
    """A few of the names (each cut short), and how many there are in all: a file may hold millions."""
    listed = ", ".join(f"“{name if len(name) <= 40 else name[:39] + '…'}”" for name in names[:shown])
    return listed if len(names) <= shown else f"{listed} and {len(names) - shown:,} more"


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict | RowError]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as error:
            yield number, RowError(f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        except RecursionError:
            yield number, RowError(TOO_DEEP)
            continue
        if not isinstance(value, dict):
            yield number, RowError("each line must be a JSON object ({...})")
            continue
        yield number, value


def _csv_rows(text: str) -> Iterator[tuple[int, dict | RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused("The CSV file is empty: its first line must name the columns.") from None
    except csv.Error as error:
        raise FileRefused(f"The CSV header cannot be read: {error}.") from None
    header = [name.strip().lower() for name in header]
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise FileRefused(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {_names_listed(unknown)} "
            f"in the header. Known columns: {', '.join(FIELDS)}."
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise FileRefused(f"The header lacks the column{plural} {', '.join(missing)}.")
    if len(set(header)) != len(header):
        raise FileRefused("A column is named twice in the header.")
    line = reader.line_num + 1
    while True:
        start = line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, RowError(f"the CSV record cannot be read ({error})")
            line = reader.line_num + 1
            continue
        line = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            yield start, RowError(f"{len(record)} values for {len(header)} columns")
            continue
        yield start, dict(zip(header, map(cell_restore, record), strict=True))


# --- ClaimReview JSON-LD and DataFeed ------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


def _ws(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()


def _array_elements(text: str, pos: int) -> Iterator[tuple[int, object]]:
    """(offset, value) of each element of the JSON array starting at `pos` (valid JSON assumed)."""
    pos = _ws(text, pos + 1)
    if text[pos] == "]":
        return
    while True:
        start = _ws(text, pos)
        value, pos = _decoder.raw_decode(text, start)
        yield start, value
        pos = _ws(text, pos)
        if text[pos] == "]":
            return
        pos += 1  # the comma


def _document_elements(text: str) -> Iterator[tuple[int, object]]:
    """The parts of a JSON-LD document that may hold reviews, each with its offset.

    A top-level array gives its elements; an object with `dataFeedElement` or
    `@graph` gives that array's elements; any other object is one element.
    """
    start = _ws(text, 0)
    if text[start] == "[":
        yield from _array_elements(text, start)
        return
    pos = _ws(text, start + 1)
    while text[pos] != "}":
        key, pos = _decoder.raw_decode(text, pos)
        pos = _ws(text, _ws(text, pos) + 1)  # past the colon
        if key in ("dataFeedElement", "@graph") and text[pos] == "[":
            yield from _array_elements(text, pos)
            return
        _, pos = _decoder.raw_decode(text, pos)
        pos = _ws(text, pos)
        if text[pos] == ",":
            pos = _ws(text, pos + 1)
    yield start, _decoder.raw_decode(text, start)[0]


def _type_names(value) -> set[str]:
    types = value.get("@type", []) if isinstance(value, dict) else []
    types = types if isinstance(types, list) else [types]
    return {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types}


def _reviews_in(value) -> list[dict]:
    """The ClaimReview objects in a JSON-LD value (a DataFeedItem's `item`, a `@graph`, a list)."""
    if isinstance(value, list):
        return [review for item in value for review in _reviews_in(item)]
    if not isinstance(value, dict):
        return []
    names = _type_names(value)
    if "ClaimReview" in names:
        return [value]
    if "@graph" in value:
        return _reviews_in(value["@graph"])
    if "DataFeedItem" in names or "DataFeed" in names:
        return _reviews_in(value.get("item") or value.get("dataFeedElement") or [])
    return []


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text_of(value) -> str:
    """A JSON-LD value that should be text: a string, or an object's name."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or ""
    return value.strip() if isinstance(value, str) else ""


def _claimreview_row(review: dict, ratings: dict[str, Rating]) -> dict:
    """One ClaimReview as an import row (the claim, its claimant, first appearance, the rating if ours)."""
    item = _first(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    author = _first(item.get("author"))
    author = author if isinstance(author, dict) else {"name": author} if isinstance(author, str) else {}
    appearance = _first(item.get("firstAppearance")) or _first(item.get("appearance"))
    appearance = appearance if isinstance(appearance, dict) else {}
    url = appearance.get("url") if isinstance(appearance.get("url"), str) else ""
    outlet = _text_of(appearance.get("publisher")) or ("" if url else _text_of(appearance.get("name")))
    claim_reviewed = review.get("claimReviewed")
    text = claim_reviewed.strip() if isinstance(claim_reviewed, str) else ""
    summary = text
    if len(summary) > SUMMARY_MAX_LENGTH:
        summary = summary[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    rating = _first(review.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    their_rating = _text_of(rating.get("alternateName")) or _text_of(rating.get("name"))
    publisher = _text_of(review.get("author")) or _text_of(review.get("publisher")) or "another fact-checker"
    review_url = review.get("url") if isinstance(review.get("url"), str) else ""
    review_url = review_url or (review.get("@id") if isinstance(review.get("@id"), str) else "")
    reason = f"Imported from {publisher}'s ClaimReview"
    reason += f" ({review_url})" if review_url else ""
    reason += f"; their rating: “{their_rating}”." if their_rating else "."
    keywords = review.get("keywords") or []
    topics = keywords.split(",") if isinstance(keywords, str) else keywords
    language = review.get("inLanguage")
    language = _text_of(language) if not isinstance(language, str) else language
    if isinstance(_first(review.get("inLanguage")), dict):
        language = _first(review["inLanguage"]).get("alternateName") or language
    if not text:
        raise RowError("the ClaimReview has no claimReviewed (the claim's text)")
    if not _text_of(author.get("name")):
        raise RowError("the ClaimReview names no claimant (itemReviewed.author.name)")
    return {
        "external_id": review_url if len(review_url) <= 200 else "",
        "text": text,
        "summary": summary,
        "claimant": _text_of(author.get("name")),
        "claimant_title": _text_of(author.get("jobTitle")),
        "claimant_kind": ClaimantKind.ORGANISATION
        if "Organization" in _type_names(author)
        else ClaimantKind.PERSON,
        "claimed_on": item.get("datePublished") or "",
        "language": language or "",
        "topics": topics if isinstance(topics, list) else [],
        "outlet": outlet,
        "appearance_url": url,
        "rating": their_rating if their_rating.lower() in ratings else "",
        "conclusion": review.get("reviewBody") or review.get("description") or "",
        "selection_reason": reason,
    }


def _claimreview_rows(text: str, ratings: dict[str, Rating]) -> Iterator[tuple[int, dict | RowError]]:
    try:
        json.loads(text)
    except ValueError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise FileRefused(f"The file is not valid JSON: {error.msg} ({where}).") from None
    except RecursionError:
        raise FileRefused(f"The file is not read: {TOO_DEEP}.") from None
    found = False
    line, counted_to = 1, 0
    for offset, element in _document_elements(text):
        # Newlines counted on from the last element, not from the top: linear in the file's size.
        if offset < counted_to:
            line, counted_to = 1, 0
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        try:
            reviews = _reviews_in(element)
        except RecursionError:
            yield line, RowError(TOO_DEEP)
            continue
        if not reviews:
            names = ", ".join(sorted(_type_names(element))) or "no @type"
            yield line, RowError(f"not a ClaimReview or a DataFeedItem holding one ({names})")
            continue
        found = True
        for review in reviews:
            try:
                yield line, _claimreview_row(review, ratings)
            except RowError as error:
                yield line, error
    if not found:
        raise FileRefused("The file holds no ClaimReview (schema.org ClaimReview or a DataFeed of them).")


def file_rows(data: bytes, fmt: str, *, ratings: dict[str, Rating]) -> Iterator[tuple[int, dict | RowError]]:
    """The rows of a file as (line number, raw row or RowError). Raises FileRefused for the whole file."""
    text = _decode(data)
    if not text.strip():
        raise FileRefused("The file is empty.")
    if fmt == ImportFormat.JSONL:
        return _jsonl_rows(text)
    if fmt == ImportFormat.CSV:
        return _csv_rows(text)
    if fmt == ImportFormat.CLAIMREVIEW:
        return _claimreview_rows(text, ratings)
    raise FileRefused(f"Unknown format “{fmt}”: use {', '.join(ImportFormat.values)}.")


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


# --- Writing a batch -------------------------------------------------------------------------


@dataclass
class BatchResult:
    created: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    appearance_ids: list[int] = field(default_factory=list)


@dataclass
class ImportState:
    """What an import run remembers across batches: rows seen in this file, claimants found."""

    external_ids: set = field(default_factory=set)
    texts: set = field(default_factory=set)
    claimants: dict = field(default_factory=dict)


def _claimants_resolve(rows: list[ImportRow], state: ImportState) -> None:
    """Find or create each row's claimant as claimant_get_or_create does: by name, and title when given.

    A row without a title takes any claimant of that name, one created for an
    earlier row of the batch too.
    """
    wanted = {row.claimant_key: row for row in rows if row.claimant_key not in state.claimants}
    if not wanted:
        return
    existing: dict[str, list[Claimant]] = {}
    names = {name for name, _ in wanted}
    for claimant in Claimant.objects.annotate(lname=Lower("name")).filter(lname__in=names).order_by("id"):
        existing.setdefault(claimant.name.lower(), []).append(claimant)
    pending: dict[tuple[str, str], Claimant] = {}
    chosen: dict[tuple[str, str], Claimant] = {}
    for key in sorted(wanted, key=lambda k: k[1] == ""):  # titled rows first: the untitled may join them
        name, title = key
        candidates = [c for c in existing.get(name, []) if not title or c.title.lower() == title]
        if candidates:
            chosen[key] = candidates[0]
            continue
        if title:
            match = pending.get(key)
        else:
            match = next((c for (n, _), c in pending.items() if n == name), None)
        if match is None:
            row = wanted[key]
            match = pending[key] = Claimant(
                name=row.claimant, title=row.claimant_title, kind=row.claimant_kind
            )
        chosen[key] = match
    Claimant.objects.bulk_create(list(pending.values()))
    for key, claimant in chosen.items():
        state.claimants[key] = claimant.pk


def _known(rows: list[ImportRow], state: ImportState) -> set[int]:
    """Lines of rows already in the database or earlier in this file (external_id, else claimant + text)."""
    known = set()
    by_id = [row for row in rows if row.external_id]
    in_database = set(
        Claim.objects.filter(external_id__in=[row.external_id for row in by_id]).values_list(
            "external_id", flat=True
        )
    )
    for row in by_id:
        if row.external_id in in_database or row.external_id in state.external_ids:
            known.add(row.line)
        state.external_ids.add(row.external_id)
    by_text = [row for row in rows if not row.external_id]
    if by_text:
        keys = {(state.claimants[row.claimant_key], normalised_text(row.text)) for row in by_text}
        existing = set(
            Claim.objects.filter(claimant_id__in={claimant for claimant, _ in keys})
            .annotate(normalised=_normalised_sql("text"))
            .filter(normalised__in={text for _, text in keys})
            .values_list("claimant_id", "normalised")
        )
        for row in by_text:
            key = (state.claimants[row.claimant_key], normalised_text(row.text))
            if key in existing or key in state.texts:
                known.add(row.line)
            state.texts.add(key)
    return known


def _ids_reserve(cursor, table: str, count: int) -> list[int]:
    """Take `count` ids from a table's sequence, so rows can be COPYed with their ids known."""
    if not count:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
    )
    return [row[0] for row in cursor.fetchall()]


CLAIM_COLUMNS = (
    "id, text, summary, claimant_id, claimed_on, language, topics, state, selection_reason, external_id, "
    "is_demo, created_by_id, created_at, updated_at"
)
APPEARANCE_COLUMNS = "id, claim_id, url, outlet, medium, excerpt, is_first, created_at, updated_at"
VERDICT_COLUMNS = (
    "claim_id, rating_id, headline, conclusion, analysis, revision, author_id, last_edited_by_id, is_demo, "
    "created_at, updated_at"
)


def rows_insert(rows: list[ImportRow], *, actor, state: ImportState) -> BatchResult:
    """Insert a batch of checked rows (claims, their appearance and draft verdict); skip known ones.

    Call inside a transaction under the actor's history context, after a
    statement that carried it (the context lasts for the transaction). Rows
    go in with COPY: the database's own triggers still fill the search vector
    and write the history of every row.
    """
    result = BatchResult()
    _claimants_resolve(rows, state)
    known = _known(rows, state)
    fresh = [row for row in rows if row.line not in known]
    result.skipped = len(rows) - len(fresh)
    if not fresh:
        return result
    now = timezone.now()
    with connection.cursor() as cursor:
        claim_ids = _ids_reserve(cursor, "claims_claim", len(fresh))
        with cursor.cursor.copy(f"COPY claims_claim ({CLAIM_COLUMNS}) FROM STDIN") as copy:
            for claim_id, row in zip(claim_ids, fresh, strict=True):
                copy.write_row(
                    (
                        claim_id, row.text, row.summary, state.claimants[row.claimant_key], row.claimed_on,
                        row.language, row.topics, "new", row.selection_reason, row.external_id, False,
                        actor.pk, now, now,
                    )
                )  # fmt: skip
        seen = [(claim_id, row) for claim_id, row in zip(claim_ids, fresh, strict=True)]
        with_appearance = [(claim_id, row) for claim_id, row in seen if row.appearance_url or row.outlet]
        appearance_ids = _ids_reserve(cursor, "claims_appearance", len(with_appearance))
        if with_appearance:
            with cursor.cursor.copy(f"COPY claims_appearance ({APPEARANCE_COLUMNS}) FROM STDIN") as copy:
                for appearance_id, (claim_id, row) in zip(appearance_ids, with_appearance, strict=True):
                    copy.write_row(
                        (
                            appearance_id,
                            claim_id,
                            row.appearance_url,
                            row.outlet,
                            Medium.OTHER,
                            "",
                            True,
                            now,
                            now,
                        )
                    )
        result.appearance_ids = [
            appearance_id
            for appearance_id, (_, row) in zip(appearance_ids, with_appearance, strict=True)
            if row.appearance_url
        ]
        with_verdict = [(claim_id, row) for claim_id, row in seen if row.rating is not None or row.conclusion]
        if with_verdict:
            with cursor.cursor.copy(f"COPY claims_verdict ({VERDICT_COLUMNS}) FROM STDIN") as copy:
                for claim_id, row in with_verdict:
                    rating_id = row.rating.pk if row.rating is not None else None
                    copy.write_row(
                        (claim_id, rating_id, "", row.conclusion, "", 1, actor.pk, actor.pk, False, now, now)
                    )
    result.created = len(fresh)
    return result


# --- Jobs --------------------------------------------------------------------------------------


def importer_check(actor) -> None:
    """Raise NotPermitted unless the member may import claims (active editors and admins)."""
    ensure_role(actor, *EDITING_ROLES, message="Only editors and admins can import claims.")


def import_job_create(
    *, file, actor, name: str = "", fmt: str = "", content_type: str = "", enqueue: bool = True
) -> ImportJob:
    """Keep an uploaded file and queue its import (`claims.tasks.import_job_run`) after commit.

    Rules: editors and admins only; at most IMPORT_MAX_BYTES; the format is
    given, or told from the content type, the name or the first bytes.
    """
    importer_check(actor)
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES
        raise ValidationError({"file": f"The file is {size:,} bytes; the limit is {limit:,}."})
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    if fmt and fmt not in ImportFormat.values:
        raise ValidationError({"format": f"Format must be one of: {', '.join(ImportFormat.values)}."})
    if not fmt:
        file.seek(0)
        head = file.read(4096)
        file.seek(0)
        try:
            fmt = format_detect(name=name, content_type=content_type, head=head)
        except FileRefused as refusal:
            raise ValidationError({"format": refusal.reason}) from None
    with transaction.atomic():
        # A name is shown, never used as a path; PostgreSQL cannot store a NUL character.
        job = ImportJob(format=fmt, original_name=(name or "").replace("\x00", "")[:255], created_by=actor)
        job.file.save(f"import.{fmt}", file if isinstance(file, File) else File(file), save=False)
        job.save()
        if enqueue:
            transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from claims.tasks import import_job_run

    try:
        import_job_run.delay(job_id)
    except Exception:
        # After commit: the job stays queued, and its page says it waits for the worker.
        logger.exception("Could not queue import job %s", job_id)


def _advisory_key(job_id: int) -> int:
    return 0x1A_0000_0000 + job_id  # this job's lock, apart from any other advisory lock


def import_job_run(*, job_id: int, on_progress: Callable[[ImportJob], None] | None = None) -> ImportJob:
    """Import a job's file: batches of rows with the job's progress; bad rows listed with their line.

    Idempotent and resumable: a finished job is left as it is; a job that
    stopped half-way goes on after the rows it had committed; a job another
    worker is running is left to it. A file that cannot be read at all fails
    the job with the reason.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(job_id)])
        (locked,) = cursor.fetchone()
    if not locked:
        return ImportJob.objects.get(pk=job_id)
    try:
        return _run(job_id, on_progress)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(job_id)])


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.RUNNING]


def _run(job_id: int, on_progress) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return job
    # A sign of life before the first pass, which may take a while on a big file (claims.job_failures).
    ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(progressed_at=timezone.now())
    actor = job.created_by
    ratings = ratings_by_name()
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        # One pass to count (progress is rows done of the total), one to import: only the file is held.
        total = sum(1 for _ in file_rows(data, job.format, ratings=ratings))
    except FileRefused as refusal:
        ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
            status=ImportJobStatus.FAILED, error=refusal.reason, finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    resumed_at = job.rows_done
    ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
        status=ImportJobStatus.RUNNING,
        total_rows=total,
        started_at=job.started_at or timezone.now(),
        progressed_at=timezone.now(),
    )
    job.refresh_from_db()
    if job.is_finished:  # failed meanwhile (the stalled-job check)
        return job
    if on_progress:
        on_progress(job)
    state = ImportState()
    rows = file_rows(data, job.format, ratings=ratings)
    if resumed_at:
        # Rows committed before the stop count as seen: a repeat of one later in the file is a duplicate.
        _remember([next(rows) for _ in range(resumed_at)], state, actor=actor, ratings=ratings)
    try:
        for batch in _batches(rows, BATCH_SIZE):
            _batch(job, batch, actor=actor, state=state, ratings=ratings)
            if on_progress:
                on_progress(job)
    except JobGivenUp:
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
        status=ImportJobStatus.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    if job.created_count:
        # Rows go in without the claim service: their embeddings come from one sweep, not a task each.
        from claims.matching.index import embeddings_sweep_queue

        embeddings_sweep_queue()
    if on_progress:
        on_progress(job)
    return job


def _remember(rows: list, state: ImportState, *, actor, ratings) -> None:
    cleaned = []
    for line, raw in rows:
        if isinstance(raw, RowError):
            continue
        try:
            cleaned.append(row_clean(line, raw, ratings=ratings))
        except RowError:
            continue
    with transaction.atomic(), acting_as(actor):
        _claimants_resolve(cleaned, state)  # committed rows' claimants exist: nothing is created
    for row in cleaned:
        if row.external_id:
            state.external_ids.add(row.external_id)
        else:
            state.texts.add((state.claimants[row.claimant_key], normalised_text(row.text)))


def _batch(job: ImportJob, batch: list, *, actor, state: ImportState, ratings) -> None:
    good, errors = [], []
    for line, raw in batch:
        if isinstance(raw, RowError):
            errors.append(_row_error(line, raw.reason))
            continue
        try:
            good.append(row_clean(line, raw, ratings=ratings))
        except RowError as error:
            errors.append(_row_error(line, error.reason))
    with transaction.atomic(), acting_as(actor), pghistory.context(import_job=job.pk):
        # Deferred foreign-key checks pile up while the history triggers run statements of their own,
        # and PostgreSQL goes over the pile again after each one: quadratic (docs/BENCHMARKS.md).
        # Checked at once instead, row by row, the batch costs what its rows cost.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        result, refused = _rows_insert_or_report(good, actor=actor, state=state)
        errors = sorted(errors + refused, key=lambda error: error["line"])
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJobStatus.RUNNING:
            raise JobGivenUp  # failed meanwhile (the stalled-job check): this batch is not written
        locked.progressed_at = timezone.now()
        locked.rows_done += len(batch)
        locked.created_count += result.created
        locked.skipped_count += result.skipped
        locked.error_count += len(errors)
        room = MAX_ERRORS_KEPT - len(locked.errors)
        if room > 0:
            locked.errors = locked.errors + errors[:room]
        counts = ["rows_done", "created_count", "skipped_count", "error_count", "errors"]
        locked.save(update_fields=[*counts, "progressed_at"])
        if result.appearance_ids:
            transaction.on_commit(partial(_archive_appearances, result.appearance_ids))
    for name in ("rows_done", "created_count", "skipped_count", "error_count", "errors"):
        setattr(job, name, getattr(locked, name))


class JobGivenUp(Exception):
    """The job was failed while this run went on (it had stopped making progress): stop, write nothing."""


# What the database may refuse in a row the checks above let through: that row is reported, not the batch.
_ROW_REFUSALS = (IntegrityError, DataError, psycopg.IntegrityError, psycopg.DataError)


def _row_error(line: int, reason: str) -> dict:
    return {"line": line, "reason": reason_bound(reason, limit=MAX_REASON_CHARS)}


def _rows_insert_or_report(rows: list[ImportRow], *, actor, state: ImportState) -> tuple[BatchResult, list]:
    """Insert a batch; if the database refuses it, insert its rows one by one and report the refused."""
    if not rows:
        return BatchResult(), []
    try:
        with transaction.atomic():  # a savepoint: a refusal undoes this batch's rows only
            return rows_insert(rows, actor=actor, state=state), []
    except _ROW_REFUSALS:
        logger.warning("The database refused a row of an import batch; inserting its rows one by one")
    _state_forget(state, rows)
    result, refused = BatchResult(), []
    for row in rows:
        try:
            with transaction.atomic():
                one = rows_insert([row], actor=actor, state=state)
        except _ROW_REFUSALS as refusal:
            _state_forget(state, [row])
            detail = (str(refusal).strip().splitlines() or [type(refusal).__name__])[0]
            refused.append(_row_error(row.line, f"the database refused the row ({detail})"))
            continue
        result.created += one.created
        result.skipped += one.skipped
        result.appearance_ids += one.appearance_ids
    return result, refused


def _state_forget(state: ImportState, rows: list[ImportRow]) -> None:
    """After a rollback, forget what these rows added to the state: the database is asked again.

    Safe because the state only spares queries: a row seen earlier in the file was committed (or
    skipped as already in the database), so `_known` finds it there all the same. Claimants created
    in the rolled-back savepoint are gone and are forgotten; those still in the database are kept.
    """
    for row in rows:
        claimant = state.claimants.get(row.claimant_key)
        if row.external_id:
            state.external_ids.discard(row.external_id)
        elif claimant is not None:
            state.texts.discard((claimant, normalised_text(row.text)))
    keys = {row.claimant_key for row in rows if row.claimant_key in state.claimants}
    alive = set(
        Claimant.objects.filter(pk__in={state.claimants[key] for key in keys}).values_list("pk", flat=True)
    )
    for key in keys:
        if state.claimants[key] not in alive:
            del state.claimants[key]


def _archive_appearances(appearance_ids: list[int]) -> None:
    """Announce the imported appearances (evidence queues the archiving of their URLs)."""
    appearances_imported.send(sender=ImportJob, appearance_ids=appearance_ids)


def import_job_get(*, pk: int, actor) -> ImportJob:
    """One import job, for the editors and admins who may import (ImportJob.DoesNotExist otherwise)."""
    importer_check(actor)
    return ImportJob.objects.select_related("created_by").get(pk=pk)


def import_job_list(*, actor):
    """Import jobs, newest first (editors and admins)."""
    importer_check(actor)
    return ImportJob.objects.select_related("created_by").order_by("-id")
