"""Reads of what is published: the snapshot a publication is written from, the public pages' and the
API's fact-checks (publications only, never the working draft), duplicates shown with them."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVector
from django.db.models import (
    Case,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT

from claims import extensions
from claims.lookups import claim_search_query
from claims.models import (
    Appearance,
    Claim,
    Publication,
    publication_search_vector,
)
from claims.search import Matches


def _byline_authors(verdict) -> list[str]:
    if not settings.FACTCHECK_BYLINE_AUTHORS:
        return []
    name = verdict.author.get_full_name().strip()
    return [name] if name else []


def publication_content(*, claim: Claim) -> dict:
    """The claim as the public sees it, with what other apps publish with it (claims.extensions:
    evidence's part keeps withheld sources on the desk).

    It includes the claims linked as its duplicates ("Also checked as"), as the workspace shows them
    to the reviewer, so a public page never reads the desk's claims as they are now.
    """
    verdict = claim.verdict
    return {
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "summary": claim.summary,
            "claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else None,
            "language": claim.language,
            "topics": list(claim.topics),
        },
        "claimant": {
            # The id lets the public API filter by claimant without reading the claim as it is now.
            "id": claim.claimant_id,
            "name": claim.claimant.name,
            "title": claim.claimant.title,
            "kind": claim.claimant.kind,
        },
        "appearances": [
            {
                "url": a.url,
                "outlet": a.outlet,
                "medium": a.medium,
                "appeared_on": a.appeared_on.isoformat() if a.appeared_on else None,
                "excerpt": a.excerpt,
                "is_first": a.is_first,
            }
            for a in Appearance.objects.filter(claim=claim)
        ],
        "verdict": {
            "rating": verdict.rating.label,
            "rating_value": verdict.rating.value,
            "headline": verdict.headline,
            "conclusion": verdict.conclusion,
            "analysis": verdict.analysis,
            "revision": verdict.revision,
            # The byline: the fact-checker who wrote the verdict, when the desk names its writers.
            "authors": _byline_authors(verdict),
        },
        # What other apps publish with the claim (evidence: its evidence and rebuttals).
        **extensions.merged(extensions.PUBLICATION_CONTENT, claim),
        # Reviewed with the claim (the workspace shows this list), so published with it.
        "duplicates": claim_public_duplicates(claim_id=claim.pk),
    }


def publication_changes_summary(*, claim: Claim) -> str:
    """What the revision under way changes in the fact-check as last published, in one line (the draft of
    a correction note; `claims.publishing.changes`). Empty for a claim never published or without a
    verdict."""
    from claims.publishing.changes import changes_summary

    published = Publication.objects.filter(claim_id=claim.pk).order_by("-version")
    last = published.values_list("content", flat=True).first()
    if last is None or getattr(claim, "verdict", None) is None or claim.verdict.rating_id is None:
        return ""
    return changes_summary(last, publication_content(claim=claim))


def publication_latest_list() -> QuerySet[Publication]:
    """The latest publication of every published fact-check, newest first."""
    return (
        Publication.objects.order_by("claim_id", "-version")
        .distinct("claim_id")
        .select_related("claim", "claim__claimant")
    )


# --- Public fact-checks: publications only, never the working draft -------------------


def _publications_latest() -> QuerySet[Publication]:
    """Each published fact-check's latest publication (no newer version of its claim exists)."""
    newer = Publication.objects.filter(claim_id=OuterRef("claim_id"), version__gt=OuterRef("version"))
    return Publication.objects.filter(~Exists(newer))


# Web-search syntax ("a phrase", -excluded, OR) asks for exactly those words: such a query is not matched.
_SEARCH_SYNTAX = re.compile(r'"|(?:^|\s)-\w|(?:^|\s)or(?:\s|$)', re.IGNORECASE)
# How many fact-checks matching may add to a search (best first); full-text search finds the rest.
PUBLISHED_MATCHES = 50


def publication_matches(*, text: str) -> dict[int, float]:
    """Published fact-checks that state what `text` states, as {claim_id: similarity}.

    claims.matching over the statements as last published (never a revision's
    draft), so a reworded, shortened or recased query finds the fact-check
    that the words alone would miss. A query in web-search syntax is left to
    full-text search. Two queries (none for an empty or syntax query).
    """
    from claims import matching

    if not text.strip() or _SEARCH_SYNTAX.search(text):
        return {}
    found = matching.claims_similar_to_text(text=text, limit=PUBLISHED_MATCHES, published_only=True)
    return {match.claim_id: match.score for match in found}


def _publications_searched(publications: QuerySet[Publication], *, q: str, vector) -> QuerySet[Publication]:
    """Publications found by full-text search over `vector` or by matching, annotated rank and match_score.

    Order by match_score (0 when matching did not find it), then rank.
    """
    search = claim_search_query(q)
    matched = publication_matches(text=q)
    found = Q(Matches(vector, search))
    match_score = Value(0.0, output_field=FloatField())
    if matched:
        found |= Q(claim_id__in=list(matched))
        match_score = Case(
            *(When(claim_id=claim_id, then=Value(score)) for claim_id, score in matched.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return publications.filter(found).annotate(
        rank=SearchRank(vector, search, normalization=1), match_score=match_score
    )


def publication_public_list(*, filters: dict | None = None) -> QuerySet[Publication]:
    """Published fact-checks for the public list: each claim's latest publication, latest first.

    Reads publication snapshots only (never the claim, verdict or evidence as
    they are now), so search and filters see exactly what readers can read.
    Filters: q (web-search syntax over the statement, summary, claimant,
    headline and conclusion as published, and plain text also matched by
    `publication_matches`; best match first), rating (label), claimant (name
    as published). Each row is annotated with first_published_at (when
    version 1 went out). One query (three when matching a query).
    """
    filters = filters or {}
    first_published = Publication.objects.filter(claim_id=OuterRef("claim_id"), version=1).values(
        "published_at"
    )[:1]
    publications = _publications_latest().annotate(first_published_at=Subquery(first_published))
    if (filters.get("rating") or "").strip():
        publications = publications.filter(rating_label__iexact=filters["rating"].strip())
    if (filters.get("claimant") or "").strip():
        publications = publications.filter(content__claimant__name=filters["claimant"].strip())
    q = (filters.get("q") or "").strip()
    if not q:
        return publications.order_by("-published_at", "-id")
    vector = (
        SearchVector("claim_reviewed", KT("content__claim__text"), config="english", weight="A")
        + SearchVector(
            KT("content__claimant__name"), KT("content__verdict__headline"), config="english", weight="B"
        )
        + SearchVector(KT("content__verdict__conclusion"), config="english", weight="C")
    )
    return _publications_searched(publications, q=q, vector=vector).order_by(
        "-match_score", "-rank", "-published_at", "-id"
    )


def publication_public_claimants() -> list[str]:
    """The claimants' names as published, for the public list's filter. One query."""
    return list(
        _publications_latest()
        .annotate(claimant_name=KT("content__claimant__name"))
        .order_by("claimant_name")
        .values_list("claimant_name", flat=True)
        .distinct()
    )


DUPLICATES_SHOWN = 50


def claim_public_duplicates(*, claim_id: int, limit: int = DUPLICATES_SHOWN) -> list[dict]:
    """The claims linked as duplicates of a claim, as its public page would list them, oldest first.

    Only what a reader may see of them: the statement as said, who said it and
    where it first appeared (outlet, URL, medium, date); nothing of the desk's
    work. Each: text, claimant, claimant_title, outlet, url, medium, appeared_on
    (ISO date or None). The publication snapshots this list (never read live
    by a public page) and the workspace shows the same list to the reviewer,
    so what is published under "Also checked as" is what was reviewed. One query.
    """
    first_appearance = Appearance.objects.filter(claim_id=OuterRef("pk")).order_by(
        "-is_first", "appeared_on", "id"
    )
    rows = (
        Claim.objects.filter(duplicate_of_id=claim_id)
        .annotate(
            where_outlet=Subquery(first_appearance.values("outlet")[:1]),
            where_url=Subquery(first_appearance.values("url")[:1]),
            where_medium=Subquery(first_appearance.values("medium")[:1]),
            where_on=Subquery(first_appearance.values("appeared_on")[:1]),
        )
        .order_by("created_at", "id")
        .values(
            "text",
            "claimant__name",
            "claimant__title",
            "where_outlet",
            "where_url",
            "where_medium",
            "where_on",
        )[:limit]
    )
    return [
        {
            "text": row["text"],
            "claimant": row["claimant__name"],
            "claimant_title": row["claimant__title"],
            "outlet": row["where_outlet"] or "",
            "url": row["where_url"] or "",
            "medium": row["where_medium"] or "",
            "appeared_on": row["where_on"].isoformat() if row["where_on"] else None,
        }
        for row in rows
    ]


def publication_public_duplicates(*, publication: Publication) -> list[dict]:
    """The duplicates a publication lists under "Also checked as": its snapshot, never the desk's claims.

    Publications written before the list was snapshotted list none (their words were never reviewed
    as part of the fact-check). No query.
    """
    return list(publication.content.get("duplicates", []))


def claim_duplicate_links(*, claim: Claim) -> dict:
    """A claim's duplicate links, for the workspace: {"original", "duplicates"}.

    original: the claim this one repeats (None when not linked), with its
    claimant and `factcheck_slug` (its latest publication's slug, None while
    unpublished); duplicates: the claims linked as repeating this one, oldest
    first, with their claimants and where each first appeared (`where_outlet`,
    `where_url`, `where_on`). Two queries at most.
    """
    latest_slug = Publication.objects.filter(claim_id=OuterRef("pk")).order_by("-version").values("slug")[:1]
    original = None
    if claim.duplicate_of_id is not None:
        original = (
            Claim.objects.select_related("claimant")
            .annotate(factcheck_slug=Subquery(latest_slug))
            .filter(pk=claim.duplicate_of_id)
            .first()
        )
    first_appearance = Appearance.objects.filter(claim_id=OuterRef("pk")).order_by(
        "-is_first", "appeared_on", "id"
    )
    # The same rows and order as claim_public_duplicates (what a publication lists), so the reviewer
    # reads what will be published.
    duplicates = list(
        Claim.objects.filter(duplicate_of_id=claim.pk)
        .select_related("claimant")
        .annotate(
            where_outlet=Subquery(first_appearance.values("outlet")[:1]),
            where_url=Subquery(first_appearance.values("url")[:1]),
            where_on=Subquery(first_appearance.values("appeared_on")[:1]),
        )
        .order_by("created_at", "id")
    )
    return {"original": original, "duplicates": duplicates}


def publication_public_corrections() -> QuerySet[Publication]:
    """Every correction and update across the site (versions after the first), newest first.

    Publication snapshots only, as readers see them. One query per page.
    """
    return Publication.objects.filter(version__gt=1).order_by("-published_at", "-id")


def publication_public_versions(*, slug: str) -> list[Publication]:
    """Every publication of one fact-check, newest first (empty when none has this slug).

    The first is what readers see; all of them make the corrections log. One query.
    """
    versions = list(Publication.objects.filter(slug=slug).order_by("-version", "-published_at", "-id"))
    # A slug names one claim (it ends in the claim's id); should two ever share one, keep to the first.
    return [p for p in versions if p.claim_id == versions[0].claim_id]


# --- Published fact-checks in the API: publications only, never the working draft ------


def factcheck_list(*, filters: dict | None = None) -> QuerySet[Publication]:
    """Published fact-checks for the API: each claim's latest publication, latest published first.

    Reads publication snapshots only, so a revision in progress never shows.
    Filters: q (web-search syntax over the statement, summary and claimant as
    published, and plain text also matched by `publication_matches`; best
    match first), claimant (id), rating (label), language
    (BCP-47; the region is ignored, so en-GB finds en and en-US), published_after
    and published_before (the first publication), updated_after and
    updated_before (the latest), and claimed_or_published_after (the claim date
    or the first publication on or after it, as Fact Check Tools' maxAgeDays).
    Each row is annotated with first_published_at. One query (three when matching a query).
    """
    from django.db.models.functions import Lower

    filters = filters or {}
    first_published = Publication.objects.filter(claim_id=OuterRef("claim_id"), version=1).values(
        "published_at"
    )[:1]
    publications = _publications_latest().annotate(first_published_at=Subquery(first_published))
    if filters.get("claimant") is not None:
        publications = publications.filter(content__claimant__id=filters["claimant"])
    if filters.get("rating"):
        publications = publications.filter(rating_label__iexact=filters["rating"])
    language = (filters.get("language") or "").strip().lower().split("-")[0]
    if language:
        publications = publications.alias(published_language=Lower(KT("content__claim__language"))).filter(
            Q(published_language=language) | Q(published_language__startswith=f"{language}-")
        )
    if filters.get("published_after"):
        publications = publications.filter(first_published_at__gte=filters["published_after"])
    if filters.get("published_before"):
        publications = publications.filter(first_published_at__lt=filters["published_before"])
    if filters.get("updated_after"):
        publications = publications.filter(published_at__gte=filters["updated_after"])
    if filters.get("updated_before"):
        publications = publications.filter(published_at__lt=filters["updated_before"])
    since = filters.get("claimed_or_published_after")
    if since:
        publications = publications.alias(published_claimed_on=KT("content__claim__claimed_on")).filter(
            Q(first_published_at__gte=since) | Q(published_claimed_on__gte=since.date().isoformat())
        )
    q = (filters.get("q") or "").strip()
    if not q:
        return publications.order_by("-id")
    # The indexed expression (claims.models.publication_search_vector), so the GIN index answers.
    vector = publication_search_vector()
    return _publications_searched(publications, q=q, vector=vector).order_by("-match_score", "-rank", "-id")


def factcheck_get(*, claim_id: int) -> Publication:
    """One published fact-check: the claim's latest publication, with every version.

    The result carries `versions` (every publication of the claim, oldest
    first, with its correction or update note) and `first_published_at`.
    Raises Publication.DoesNotExist when the claim was never published. One query.
    """
    versions = list(Publication.objects.filter(claim_id=claim_id).defer("claimreview").order_by("version"))
    if not versions:
        raise Publication.DoesNotExist(f"Claim {claim_id} has no publication.")
    latest = versions[-1]
    latest.versions = versions
    latest.first_published_at = versions[0].published_at
    return latest


def factcheck_claimreview(*, claim_id: int) -> Publication:
    """The latest publication of a claim, for its ClaimReview. Raises Publication.DoesNotExist. One query."""
    return (
        Publication.objects.filter(claim_id=claim_id)
        .only("id", "claim_id", "version", "published_at", "claimreview")
        .latest("version")
    )


def factcheck_claimreview_feed():
    """Every published fact-check's latest ClaimReview, latest published first, read in chunks.

    Yields (slug, first_published_at, published_at, claimreview) tuples, so a
    feed of any size is streamed, not held in memory. One query (a server-side cursor).
    """
    return (
        factcheck_list()
        .values_list("slug", "first_published_at", "published_at", "claimreview")
        .iterator(chunk_size=500)
    )


def factcheck_last_published_at():
    """When the latest publication of any fact-check went out (None before the first). One query."""
    from django.db.models import Max

    return Publication.objects.aggregate(latest=Max("published_at"))["latest"]
