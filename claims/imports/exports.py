"""Export of claims (JSON Lines, CSV: the import's own columns) and of the published ClaimReview DataFeed.

An export imports again: the rows carry the columns claims.imports.jobs reads,
so exporting and importing into the same desk creates nothing, and into an
empty one recreates the claims (without their workflow and history). A CSV
cell a spreadsheet would evaluate as a formula is written as text, and the
import reads it back as it was (claims.imports.spreadsheet_cells).
"""

import csv
import datetime
import json
from collections.abc import Iterator
from typing import TextIO

from django.conf import settings
from django.db.models import OuterRef, Subquery

from claims.imports.rows import FIELDS
from claims.imports.spreadsheet_cells import cell_neutralise
from claims.models import Appearance, Claim
from claims.publishing.claimreview import public_url
from claims.publishing.jsonld import escape_json_for_script
from claims.selectors import factcheck_claimreview_feed, factcheck_last_published_at

EXPORT_FORMATS = ("jsonl", "csv", "datafeed")


def claims_for_export(*, include_demo: bool = False):
    """Every claim with what an export row needs (claimant, first appearance, verdict), oldest first.

    One query, read in chunks.
    """
    first = Appearance.objects.filter(claim=OuterRef("pk")).order_by("-is_first", "appeared_on", "id")
    claims = Claim.objects.select_related("claimant", "verdict", "verdict__rating").annotate(
        first_url=Subquery(first.values("url")[:1]),
        first_outlet=Subquery(first.values("outlet")[:1]),
    )
    if not include_demo:
        claims = claims.filter(is_demo=False)
    return claims.order_by("id").iterator(chunk_size=2000)


def claim_export_row(claim: Claim) -> dict:
    """One claim as an import row (the keys of claims.imports.FIELDS)."""
    verdict = getattr(claim, "verdict", None)
    return {
        "external_id": claim.external_id,
        "text": claim.text,
        "summary": claim.summary,
        "claimant": claim.claimant.name,
        "claimant_title": claim.claimant.title,
        "claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else "",
        "language": claim.language,
        "topics": list(claim.topics),
        "outlet": claim.first_outlet or "",
        "appearance_url": claim.first_url or "",
        "rating": verdict.rating.label if verdict is not None and verdict.rating_id else "",
        "conclusion": verdict.conclusion if verdict is not None else "",
    }


def claims_export(*, fmt: str, out: TextIO, include_demo: bool = False) -> int:
    """Write every claim to `out` as JSON Lines or CSV; returns how many rows were written."""
    count = 0
    if fmt == "jsonl":
        for claim in claims_for_export(include_demo=include_demo):
            out.write(json.dumps(claim_export_row(claim), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for claim in claims_for_export(include_demo=include_demo):
            row = claim_export_row(claim)
            row["topics"] = "; ".join(row["topics"])
            writer.writerow({name: cell_neutralise(value) for name, value in row.items()})
            count += 1
    elif fmt == "datafeed":
        count = datafeed_export(out=out)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count


def datafeed_chunks(*, url: str, last_published_at: datetime.datetime | None) -> Iterator[str]:
    """The published fact-checks as a schema.org DataFeed of ClaimReview, one element at a time.

    The one DataFeed writer (the export and the API's feed). Rules: each fact-check's latest
    publication, one element a line (an import of the file names each element by its line);
    "<", ">" and "&" escaped (`escape_json_for_script`), so the feed pasted into a page's
    <script> block stays data. `url` is the feed's own address, `last_published_at` its dateModified.
    """

    def dump(value) -> str:
        return escape_json_for_script(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_ORG_NAME}: fact-checks (ClaimReview)",
        "url": url,
    }
    if last_published_at is not None:
        head["dateModified"] = last_published_at.isoformat()
    yield dump(head)[:-1] + ',"dataFeedElement":[\n'
    for index, (slug, first_published_at, published_at, claimreview) in enumerate(
        factcheck_claimreview_feed()
    ):
        element = {
            "@type": "DataFeedItem",
            "url": public_url(slug),
            "dateCreated": first_published_at.isoformat(),
            "dateModified": published_at.isoformat(),
            "item": [claimreview],
        }
        yield ("," if index else "") + dump(element) + "\n"
    yield "]}\n"


def datafeed_export(*, out: TextIO) -> int:
    """Write the published ClaimReview DataFeed to `out`; returns how many fact-checks it holds."""
    chunks = 0
    url = f"{settings.SITE_URL}/api/v1/fact-checks/claimreview-feed"
    for chunk in datafeed_chunks(url=url, last_published_at=factcheck_last_published_at()):
        out.write(chunk)
        chunks += 1
    return chunks - 2  # less the head and the tail
