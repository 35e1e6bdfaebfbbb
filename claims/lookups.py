"""Lookups the claim list's FilterSet (claims.filters) and the selectors both use, below both so that
neither imports the other back: full-text search of claims, and the ratings of the default scale by
label. The selectors' package (claims.selectors) offers them too."""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from claims.models import Claim, Rating
from claims.search import ForgivingQuery, Matches


def claim_search_query(text: str, *, typos: str | None = None) -> ForgivingQuery:
    """Web-search syntax (words, "quoted phrases", or, -excluded) that forgives word forms and one
    typo (claims.search); `typos` overrides settings.SEARCH_TYPOS."""
    return ForgivingQuery(text, typos=typos)


def claim_search(
    *, query: str, claims: QuerySet[Claim] | None = None, typos: str | None = None
) -> QuerySet[Claim]:
    """Claims matching the query, best match first (ts_rank over the stored vector).

    The stored vector is the claim's search document: its statement and summary (weight A), its
    claimant (B), its verdict's headline, conclusion and analysis, its appearances' outlets and its
    evidence's titles (C), its evidence's excerpts and sources (D); the search forgives word forms and
    one typo (claims.search). The rank is divided by 1 + log(length): a long document that mentions
    the words once, in passing, ranks below a claim about them. No query more than the list.
    """
    search = claim_search_query(query, typos=typos)
    claims = claims if claims is not None else Claim.objects.select_related("claimant")
    # A match in the claim's own words (its statement, summary, claimant: weights A and B) ranks by
    # those words alone, above any match found only in its research: so a claim with a long analysis
    # and much evidence does not sink below a bare one with the same statement.
    own_words = Func(F("search_vector"), template="ts_filter(%(expressions)s, '{a,b}')")
    own = SearchRank(own_words, search, normalization=1)
    rank = Coalesce(  # own + 1 where the own words match (ts_rank is at most 1), else the whole rank
        NullIf(own, Value(0.0)) + 1,
        SearchRank(F("search_vector"), search, normalization=1),
        output_field=FloatField(),
    )
    return (
        claims.filter(Matches(F("search_vector"), search))
        .annotate(rank=rank)
        .order_by("-rank", "-created_at", "-id")
    )


def rating_list() -> QuerySet[Rating]:
    """The default scale's ratings, best first, unordered labels last."""
    return Rating.objects.filter(scale__is_default=True).select_related("scale")


def rating_get(*, label: str) -> Rating:
    """A rating of the default scale by its label (case-insensitive) or slug."""
    return rating_list().get(Q(label__iexact=label.strip()) | Q(slug=label.strip().lower()))
