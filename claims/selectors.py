"""Reads of claims: lists, search, the workspace, the timeline, publications.

Each selector fixes its query shape, so a page of 50 costs what a page of 5 does.
"""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.models import (
    Appearance,
    Claim,
    ClaimState,
    IntakeJob,
    Publication,
    Rating,
    RatingScale,
    Review,
    Transition,
    Verdict,
    publication_search_vector,
)
from factcheck.roles import EDITING_ROLES


def claim_search_query(text: str) -> SearchQuery:
    """Web-search syntax: words, "quoted phrases", OR, -excluded."""
    return SearchQuery(text, search_type="websearch", config="english")


# Orders a claim list can take, by the name a list's "sort" control sends.
CLAIM_SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "due": (F("due_on").asc(nulls_last=True), "-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
}


def claim_list(*, filters=None, user=None) -> QuerySet[Claim]:
    """Claims for lists, newest first, or by relevance when searching.

    `filters` (a dict, or the page's query parameters) go through the claim list's one FilterSet
    (`claims.filters.ClaimFilter`, the API's too): q, state, claimant, assignee, topic, rating,
    language, created/updated after/before; a value it refuses is left out. `sort` (a key of
    CLAIM_SORTS) orders the list; searching without one sorts by relevance.
    """
    from claims.filters import ClaimFilter  # it searches with `claim_search` below

    filters = filters or {}
    claims = (
        Claim.objects.select_related("claimant", "assignee")
        .annotate(verdict_rating_label=F("verdict__rating__label"))
        .order_by(*CLAIM_SORTS["newest"])
    )
    claims = ClaimFilter(filters, queryset=claims).qs
    sort = CLAIM_SORTS.get(filters.get("sort") or "")
    return claims.order_by(*sort) if sort else claims


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
    from evidence.selectors import snapshots_prefetch

    return (
        Claim.objects.select_related(
            "claimant", "assignee", "verdict", "verdict__rating", "verdict__author", "verdict__last_edited_by"
        )
        .prefetch_related(
            Prefetch("appearances", queryset=Appearance.objects.prefetch_related(snapshots_prefetch())),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source", "added_by").prefetch_related(
                    snapshots_prefetch()
                ),
            ),
            Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by")),
            Prefetch("verdict__reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
            Prefetch(
                "publications",
                queryset=Publication.objects.select_related("published_by").order_by("-version"),
            ),
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


def _byline_authors(verdict) -> list[str]:
    if not settings.FACTCHECK_BYLINE_AUTHORS:
        return []
    name = verdict.author.get_full_name().strip()
    return [name] if name else []


def publication_content(*, claim: Claim) -> dict:
    """The claim as the public sees it: withheld sources never leave the desk.

    It includes the claims linked as its duplicates ("Also checked as"), as the workspace shows them
    to the reviewer, so a public page never reads the desk's claims as they are now.
    """
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
        # Reviewed with the claim (the workspace shows this list), so published with it.
        "duplicates": claim_public_duplicates(claim_id=claim.pk),
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
# `is_demo` is the demo's bookkeeping (a member's first edit of a demo row clears it), not content.
_TIMELINE_QUIET_FIELDS = {"created_at", "updated_at", "search_vector", "is_demo"}
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
    """Claims with everything their API representation nests, in a fixed number of queries.

    Each claim is annotated with duplicate_of_factcheck_slug: the public slug of
    the fact-check that answers it when it is a duplicate of a published claim.
    """
    from evidence.models import Evidence, Rebuttal
    from evidence.selectors import snapshots_prefetch

    original_published = Publication.objects.filter(claim_id=OuterRef("duplicate_of_id")).order_by("-version")
    return (
        Claim.objects.select_related(
            "claimant", "assignee", "verdict", "verdict__rating", "verdict__author", "verdict__last_edited_by"
        )
        .annotate(duplicate_of_factcheck_slug=Subquery(original_published.values("slug")[:1]))
        .prefetch_related(
            "appearances",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source", "added_by")
                .prefetch_related(snapshots_prefetch())
                .order_by("id"),
            ),
            Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by").order_by("id")),
            Prefetch("verdict__reviews", queryset=Review.objects.select_related("reviewer").order_by("id")),
            Prefetch("publications", queryset=Publication.objects.only("id", "claim_id", "version")),
        )
        .order_by("-id")
    )


def claim_get_for_api(*, pk: int) -> Claim:
    return claim_list_for_api().get(pk=pk)


def appearance_list_for_claim(*, claim_id: int) -> QuerySet[Appearance]:
    """Where a claim was seen, the first appearance first (one query)."""
    return Appearance.objects.filter(claim_id=claim_id)


def claimant_list(*, name: str = "") -> QuerySet:
    """Claimants by name, optionally those whose name contains `name`."""
    from claims.models import Claimant

    claimants = Claimant.objects.all()
    if name.strip():
        claimants = claimants.filter(name__icontains=name.strip())
    return claimants.order_by("-id")


# --- The desk (web UI) -------------------------------------------------------------

# A claim due within this many days is "due soon" in a member's queue.
DUE_SOON_DAYS = 3
OPEN_STATES = (ClaimState.NEW, ClaimState.RESEARCHING, ClaimState.IN_REVIEW, ClaimState.APPROVED)


def claim_queue(*, user, today=None) -> dict:
    """A member's open claims (not published or dismissed), overdue first, then by due date.

    Each claim gets `due_status`: "overdue", "due_soon" (within DUE_SOON_DAYS)
    or "". Returns {"claims", "overdue", "due_soon"} (the last two are counts).
    One query.
    """
    import datetime

    from django.utils import timezone

    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    claims = list(
        claim_list(filters={"assignee": user.pk})
        .filter(state__in=OPEN_STATES)
        .order_by(F("due_on").asc(nulls_last=True), "-created_at", "-id")
    )
    for claim in claims:
        if claim.due_on is not None and claim.due_on < today:
            claim.due_status = "overdue"
        elif claim.due_on is not None and claim.due_on <= soon:
            claim.due_status = "due_soon"
        else:
            claim.due_status = ""
    return {
        "claims": claims,
        "overdue": sum(1 for c in claims if c.due_status == "overdue"),
        "due_soon": sum(1 for c in claims if c.due_status == "due_soon"),
    }


def claim_review_inbox(*, user) -> list[Claim]:
    """Claims in review that this member may approve or send back now, oldest first.

    The workflow decides (the same `available_actions` as the buttons and the
    API): not their own verdict, not a revision they already reviewed. Four queries.
    """
    from claims import workflow
    from evidence.models import Evidence

    candidates = (
        Claim.objects.filter(state=ClaimState.IN_REVIEW)
        .select_related("claimant", "assignee", "verdict", "verdict__rating")
        .annotate(verdict_rating_label=F("verdict__rating__label"))
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("id", "claim_id")),
            "verdict__reviews",
            Prefetch("publications", queryset=Publication.objects.only("id", "claim_id")),
        )
        .order_by("updated_at", "id")
    )
    reviewing = {"approve", "request_changes"}
    return [claim for claim in candidates if reviewing & set(workflow.available_actions(claim, user))]


def intake_jobs_visible_to(*, user) -> QuerySet[IntakeJob]:
    """The articles being read from a URL (intake jobs) this member may see.

    Rule: editors and admins see everyone's (they run the desk); anyone else only their own.
    The page and the API ask here, so a job hidden on one is hidden on the other.
    """
    jobs = IntakeJob.objects.all()
    if getattr(user, "role", None) in EDITING_ROLES:
        return jobs
    return jobs.filter(created_by=user)


def member_assignable_list() -> QuerySet:
    """Active members who can be assigned a claim (the checking roles), by username."""
    from django.contrib.auth import get_user_model

    from factcheck.roles import CHECKING_ROLES

    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=list(CHECKING_ROLES))
        .order_by("username", "id")
    )


def claimant_choices() -> QuerySet:
    """Every claimant, by name, for a picker."""
    from claims.models import Claimant

    return Claimant.objects.order_by("name", "id")


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
    found = Q(search=search)
    match_score = Value(0.0, output_field=FloatField())
    if matched:
        found |= Q(claim_id__in=list(matched))
        match_score = Case(
            *(When(claim_id=claim_id, then=Value(score)) for claim_id, score in matched.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return (
        publications.annotate(search=vector)
        .filter(found)
        .annotate(rank=SearchRank(vector, search, normalization=1), match_score=match_score)
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


# --- Dashboard: aggregates computed in SQL, a fixed number of queries ---------------


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _count_of(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `queryset` as a subquery expression (0 when it is empty)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def dashboard_verdicts_by_rating() -> list[dict]:
    """Verdicts per rating of the default scale, best first: every rating listed, zero included.

    Each row: label, slug, position, value, verdicts (all verdicts with this
    rating) and published (those whose claim is published now). One query.
    """
    rows = rating_list().annotate(
        verdicts=Count("verdict", distinct=True),
        published=Count("verdict", filter=Q(verdict__claim__state=ClaimState.PUBLISHED), distinct=True),
    )
    return [
        {
            "label": r.label,
            "slug": r.slug,
            "position": r.position,
            "value": r.value,
            "verdicts": r.verdicts,
            "published": r.published,
        }
        for r in rows
    ]


def dashboard_time_to_publish(*, weeks: int = 12, today: datetime.date | None = None) -> list[dict]:
    """Median days from logging a claim to its first publication, per week of that publication.

    The last `weeks` weeks (Monday to Sunday, in the site's time zone), oldest
    first, every week listed: week_start (date), published (count) and
    median_days (None for a week without a first publication). One query.
    """
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    days = Func(
        F("published_at") - F("claim__created_at"),
        function="EXTRACT",
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    ) / Value(86400.0)
    rows = (
        Publication.objects.filter(version=1, published_at__gte=since)
        .annotate(week=TruncWeek("published_at"))
        .order_by()
        .values("week")
        .annotate(published=Count("id"), median_days=_Median(days))
    )
    by_week = {timezone.localtime(row["week"]).date(): row for row in rows}
    result = []
    for index in range(weeks):
        week_start = first_monday + datetime.timedelta(weeks=index)
        row = by_week.get(week_start)
        result.append(
            {
                "week_start": week_start,
                "published": row["published"] if row else 0,
                "median_days": row["median_days"] if row else None,
            }
        )
    return result


def dashboard_reviewer_workload(*, days: int = 30) -> list[dict]:
    """Open review work per active reviewer, by username.

    Each row: reviewer, can_review (claims in review whose current revision
    this reviewer may still review: not its author or last editor, not
    reviewed by them yet, as the workflow's four-eyes rule says), reviews_recent
    (reviews given in the last `days` days) and reviews_total. One query.
    """
    from factcheck.models import User
    from factcheck.roles import Role

    reviewable = (
        Verdict.objects.filter(claim__state=ClaimState.IN_REVIEW)
        .exclude(author_id=OuterRef("pk"))
        .exclude(last_edited_by_id=OuterRef("pk"))
        .filter(
            ~Exists(
                Review.objects.filter(
                    verdict_id=OuterRef("pk"),
                    revision=OuterRef("revision"),
                    reviewer_id=OuterRef(OuterRef("pk")),
                )
            )
        )
    )
    since = timezone.now() - datetime.timedelta(days=days)
    given = Review.objects.filter(reviewer_id=OuterRef("pk"))
    reviewers = (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .annotate(
            can_review=_count_of(reviewable),
            reviews_recent=_count_of(given.filter(created_at__gte=since)),
            reviews_total=_count_of(given),
        )
        .order_by("username", "id")
    )
    return [
        {
            "reviewer": reviewer,
            "can_review": reviewer.can_review,
            "reviews_recent": reviewer.reviews_recent,
            "reviews_total": reviewer.reviews_total,
        }
        for reviewer in reviewers
    ]


def _overdue(today: datetime.date) -> QuerySet[Claim]:
    return Claim.objects.filter(due_on__lt=today).exclude(
        state__in=[ClaimState.PUBLISHED, ClaimState.DISMISSED]
    )


def dashboard_overdue_claims(*, today: datetime.date | None = None, limit: int = 50) -> list[Claim]:
    """Claims past their due date and not yet published or dismissed, most overdue first. One query."""
    today = today or timezone.localdate()
    return list(_overdue(today).select_related("claimant", "assignee").order_by("due_on", "id")[:limit])


def dashboard_overdue_by_assignee(*, today: datetime.date | None = None) -> list[dict]:
    """How many overdue claims each assignee holds (None for unassigned), most first. One query."""
    today = today or timezone.localdate()
    rows = (
        _overdue(today)
        .order_by()
        .values("assignee_id", "assignee__username")
        .annotate(overdue=Count("id"))
        .order_by("-overdue", "assignee__username")
    )
    return [{"assignee": row["assignee__username"], "overdue": row["overdue"]} for row in rows]


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
