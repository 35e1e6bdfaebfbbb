"""Lookups the claim list's FilterSet (claims.filters) and the selectors both use, below both so that
neither imports the other back: full-text search of claims, and the ratings of the default scale by
label. The selectors' package (claims.selectors) offers them too."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from claims.models import Claim, Rating


def claim_search_query(text: str) -> SearchQuery:
    """Web-search syntax: words, "quoted phrases", OR, -excluded."""
    return SearchQuery(text, search_type="websearch", config="english")


def claim_search(*, query: str, claims: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims matching the query, best match first (ts_rank over the stored vector).

    The rank is divided by 1 + log(length): a long statement that mentions the
    words once, in passing, ranks below a claim about them.
    """
    search = claim_search_query(query)
    claims = claims if claims is not None else Claim.objects.select_related("claimant")
    return (
        claims.filter(search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search, normalization=1))
        .order_by("-rank", "-created_at", "-id")
    )


def rating_list() -> QuerySet[Rating]:
    """The default scale's ratings, best first, unordered labels last."""
    return Rating.objects.filter(scale__is_default=True).select_related("scale")


def rating_get(*, label: str) -> Rating:
    """A rating of the default scale by its label (case-insensitive) or slug."""
    return rating_list().get(Q(label__iexact=label.strip()) | Q(slug=label.strip().lower()))
