"""Reads of claims: lists, search, the workspace, the timeline, publications.

Each selector fixes its query shape, so a page of 50 costs what a page of 5 does.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Prefetch, Q, QuerySet

from claims.models import (
    Appearance,
    Claim,
    ClaimState,
    Publication,
    Rating,
    RatingScale,
    Review,
    Transition,
)


def claim_search_query(text: str) -> SearchQuery:
    """Web-search syntax: words, "quoted phrases", OR, -excluded."""
    return SearchQuery(text, search_type="websearch", config="english")


def claim_list(*, filters: dict | None = None, user=None) -> QuerySet[Claim]:
    """Claims for lists, newest first, or by relevance when searching.

    Filters: q (full text over statement, summary and claimant name), state,
    claimant (id), assignee (id), topic, rating (label), language.
    """
    filters = filters or {}
    claims = Claim.objects.select_related("claimant", "assignee").annotate(
        verdict_rating_label=F("verdict__rating__label")
    )
    if filters.get("state"):
        claims = claims.filter(state=filters["state"])
    if filters.get("claimant"):
        claims = claims.filter(claimant_id=filters["claimant"])
    if filters.get("assignee"):
        claims = claims.filter(assignee_id=filters["assignee"])
    if filters.get("topic"):
        claims = claims.filter(topics__contains=[filters["topic"].lower()])
    if filters.get("rating"):
        claims = claims.filter(verdict__rating__label__iexact=filters["rating"])
    if filters.get("language"):
        claims = claims.filter(language=filters["language"])
    q = (filters.get("q") or "").strip()
    if q:
        return claim_search(query=q, claims=claims)
    return claims.order_by("-created_at", "-id")


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


def claim_state_counts() -> list[dict]:
    """How many claims are in each state, every state listed."""
    counts = dict(Claim.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return [
        {"state": state.value, "label": state.label, "count": counts.get(state.value, 0)}
        for state in ClaimState
    ]


def claim_get_for_workspace(*, pk: int) -> Claim:
    """One claim with everything the workspace shows, in a fixed number of queries."""
    from evidence.models import Evidence, Rebuttal

    return (
        Claim.objects.select_related(
            "claimant", "assignee", "verdict", "verdict__rating", "verdict__author", "verdict__last_edited_by"
        )
        .prefetch_related(
            "appearances",
            Prefetch("evidence", queryset=Evidence.objects.select_related("source", "added_by")),
            Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by")),
            Prefetch("verdict__reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
            Prefetch("publications", queryset=Publication.objects.order_by("-version")),
        )
        .get(pk=pk)
    )


def rating_scale_default() -> RatingScale:
    return RatingScale.objects.get(is_default=True)


def rating_list() -> QuerySet[Rating]:
    """The default scale's ratings, best first, unordered labels last."""
    return Rating.objects.filter(scale__is_default=True).select_related("scale")


def rating_get(*, label: str) -> Rating:
    """A rating of the default scale by its label (case-insensitive) or slug."""
    return rating_list().get(Q(label__iexact=label.strip()) | Q(slug=label.strip().lower()))


def publication_content(*, claim: Claim) -> dict:
    """The claim as the public sees it: withheld sources never leave the desk."""
    from evidence.models import Evidence

    verdict = claim.verdict
    evidence = Evidence.objects.filter(claim=claim).select_related("source").order_by("stance", "id")
    return {
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "summary": claim.summary,
            "claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else None,
            "language": claim.language,
            "topics": list(claim.topics),
        },
        "claimant": {"name": claim.claimant.name, "title": claim.claimant.title, "kind": claim.claimant.kind},
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
        },
        "evidence": [
            {
                "stance": e.stance,
                "kind": e.kind,
                "title": e.title,
                "excerpt": e.excerpt,
                "published_on": e.published_on.isoformat() if e.published_on else None,
                "is_withheld": e.is_withheld,
                "url": "" if e.is_withheld else e.url,
                "offline_reference": "" if e.is_withheld else e.offline_reference,
                "source": None
                if e.is_withheld or e.source is None
                else {"name": e.source.name, "kind": e.source.kind},
            }
            for e in evidence
        ],
        "rebuttals": [
            {
                "party": r.party,
                "kind": r.kind,
                "statement": r.statement,
                "url": r.url,
                "stated_on": r.stated_on.isoformat() if r.stated_on else None,
            }
            for r in claim.rebuttals.order_by("stated_on", "id")
        ],
    }


def publication_latest_list() -> QuerySet[Publication]:
    """The latest publication of every published fact-check, newest first."""
    return (
        Publication.objects.order_by("claim_id", "-version")
        .distinct("claim_id")
        .select_related("claim", "claim__claimant")
    )


# --- Timeline (history) --------------------------------------------------------

# Fields that change on every save and say nothing to a reader of the timeline.
_TIMELINE_QUIET_FIELDS = {"created_at", "updated_at", "search_vector"}
_TIMELINE_VERBS = {"insert": "added", "update": "changed", "delete": "removed"}


def _timeline_sources(claim: Claim):
    from django.apps import apps

    def event(app, name):
        return apps.get_model(app, name)

    return [
        ("claim", event("claims", "ClaimEvent"), {"pgh_obj_id": claim.pk}),
        ("appearance", event("claims", "AppearanceEvent"), {"claim_id": claim.pk}),
        ("verdict", event("claims", "VerdictEvent"), {"claim_id": claim.pk}),
        (
            "review",
            event("claims", "ReviewEvent"),
            {
                "verdict_id__in": event("claims", "VerdictEvent")
                .objects.filter(claim_id=claim.pk)
                .values("pgh_obj_id")
            },
        ),
        ("transition", event("claims", "TransitionEvent"), {"claim_id": claim.pk}),
        ("publication", event("claims", "PublicationEvent"), {"claim_id": claim.pk}),
        ("evidence", event("evidence", "EvidenceEvent"), {"claim_id": claim.pk}),
        ("rebuttal", event("evidence", "RebuttalEvent"), {"claim_id": claim.pk}),
    ]


def claim_timeline(*, claim: Claim) -> list[dict]:
    """Everything that happened to a claim, oldest first, from the append-only history.

    Each entry: at, kind (claim, appearance, verdict, review, transition,
    publication, evidence, rebuttal), verb (added, changed, removed), object_id,
    actor (username or None), changes ({field: [before, after]} for changes)
    and fields (the row as it was after the event). One query per kind.
    """
    entries = []
    for kind, model, lookup in _timeline_sources(claim):
        data_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.attname.startswith("pgh_") and f.attname not in _TIMELINE_QUIET_FIELDS
        ]
        previous_by_obj: dict = {}
        for event in model.objects.filter(**lookup).order_by("pgh_obj_id", "pgh_id"):
            row = {name: getattr(event, name) for name in data_fields}
            before = previous_by_obj.get(event.pgh_obj_id)
            changes = {}
            if event.pgh_label == "update" and before is not None:
                changes = {k: [before[k], v] for k, v in row.items() if before[k] != v}
                if not changes:
                    previous_by_obj[event.pgh_obj_id] = row
                    continue
            previous_by_obj[event.pgh_obj_id] = row
            context = event.pgh_context or {}
            entries.append(
                {
                    "at": event.pgh_created_at,
                    "event_id": event.pgh_id,
                    "kind": kind,
                    "verb": _TIMELINE_VERBS.get(event.pgh_label, event.pgh_label),
                    "object_id": event.pgh_obj_id,
                    "actor": context.get("username"),
                    "actor_id": context.get("user"),
                    "token": context.get("token"),
                    "changes": changes,
                    "fields": row,
                }
            )
    entries.sort(key=lambda e: (e["at"], e["kind"] != "claim", e["event_id"]))
    return entries


# --- API ---------------------------------------------------------------------------


def claim_list_for_api() -> QuerySet[Claim]:
    """Claims with everything their API representation nests, in a fixed number of queries."""
    from evidence.models import Evidence, Rebuttal

    return (
        Claim.objects.select_related(
            "claimant", "assignee", "verdict", "verdict__rating", "verdict__author", "verdict__last_edited_by"
        )
        .prefetch_related(
            "appearances",
            Prefetch(
                "evidence", queryset=Evidence.objects.select_related("source", "added_by").order_by("id")
            ),
            Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by").order_by("id")),
            Prefetch("verdict__reviews", queryset=Review.objects.select_related("reviewer").order_by("id")),
            Prefetch("publications", queryset=Publication.objects.only("id", "claim_id", "version")),
        )
        .order_by("-id")
    )


def claim_get_for_api(*, pk: int) -> Claim:
    return claim_list_for_api().get(pk=pk)


def claimant_list(*, name: str = "") -> QuerySet:
    """Claimants by name, optionally those whose name contains `name`."""
    from claims.models import Claimant

    claimants = Claimant.objects.all()
    if name.strip():
        claimants = claimants.filter(name__icontains=name.strip())
    return claimants.order_by("-id")
