"""Bulk import (claims.imports.jobs): reading ClaimReview JSON-LD and DataFeed files (one row a
ClaimReview), a document of any size read element by element.
"""

import json
import re
from collections.abc import Iterator

from claims.imports.rows import TOO_DEEP, FileRefused, RowError
from claims.models import SUMMARY_MAX_LENGTH, ClaimantKind, Rating

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
