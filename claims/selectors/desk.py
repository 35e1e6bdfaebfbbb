"""Reads for the desk: claim lists and search, the workspace, the timeline, queues and inboxes, the
API's claims. Each selector fixes its query shape, so a page of 50 costs what a page of 5 does."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims import extensions
from claims.models import (
    Appearance,
    Claim,
    ClaimState,
    IntakeJob,
    Publication,
    RatingScale,
    ReaderRequest,
    Review,
    Transition,
)
from factcheck.roles import EDITING_ROLES

# Orders a claim list can take, by the name a list's "sort" control sends.
CLAIM_SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "due": (F("due_on").asc(nulls_last=True), "-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "demand": (F("asked_by").desc(), "-created_at", "-id"),
}


def asked_by():
    """How many readers asked about a claim (claims.requests), as a subquery for claim lists."""
    counted = (
        ReaderRequest.objects.filter(claim_id=OuterRef("pk"))
        .order_by()
        .values("claim_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


REVIEW_STEPS = ("submit", "request_changes")


def _last_review_step():
    """The claim's latest submit or request for changes (a subquery): which one decides if work came back."""
    latest = Transition.objects.filter(claim_id=OuterRef("pk"), action__in=REVIEW_STEPS).order_by("-id")
    return Subquery(latest.values("action")[:1])


def with_changes_requested(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate `changes_requested`: a reviewer sent the claim back and it was not submitted again."""
    return claims.alias(last_review_step=_last_review_step()).annotate(
        changes_requested=Case(
            When(Q(state=ClaimState.RESEARCHING) & Q(last_review_step="request_changes"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def claim_changes_requested(*, claim: Claim) -> Transition | None:
    """The request for changes the claim waits on (with its reviewer and comment), or None: shown at
    the top of the claim page until the claim is submitted again. One query, none for a claim from
    `claim_get_for_workspace` (its transitions are prefetched)."""
    if claim.state != ClaimState.RESEARCHING:
        return None
    prefetched = getattr(claim, "_prefetched_objects_cache", {}).get("transitions")
    if prefetched is not None:  # the workspace's claim holds its transitions (with actors): no query
        latest = max((t for t in prefetched if t.action in REVIEW_STEPS), key=lambda t: t.pk, default=None)
    else:
        latest = (
            Transition.objects.filter(claim=claim, action__in=REVIEW_STEPS)
            .select_related("actor")
            .order_by("-id")
            .first()
        )
    return latest if latest is not None and latest.action == "request_changes" else None


def claim_list(*, filters=None, user=None) -> QuerySet[Claim]:
    """Claims for lists, newest first, or by relevance when searching.

    `filters` (a dict, or the page's query parameters) go through the claim list's one FilterSet
    (`claims.filters.ClaimFilter`, the API's too): q, state, claimant, assignee, topic, rating,
    language, created/updated after/before; a value it refuses is left out. `sort` (a key of
    CLAIM_SORTS) orders the list; searching without one sorts by relevance.
    """
    from claims.filters import ClaimFilter

    filters = filters or {}
    claims = with_changes_requested(
        Claim.objects.select_related("claimant", "assignee").annotate(
            verdict_rating_label=F("verdict__rating__label"), asked_by=asked_by()
        )
    ).order_by(*CLAIM_SORTS["newest"])
    claims = ClaimFilter(filters, queryset=claims).qs
    sort = CLAIM_SORTS.get(filters.get("sort") or "")
    return claims.order_by(*sort) if sort else claims


def claim_state_counts() -> list[dict]:
    """How many claims are in each state, every state listed."""
    counts = dict(Claim.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return [
        {"state": state.value, "label": state.label, "count": counts.get(state.value, 0)}
        for state in ClaimState
    ]


def claim_get_for_workspace(*, pk: int) -> Claim:
    """One claim with everything the workspace shows, in a fixed number of queries (with what other
    apps add to it: claims.extensions)."""
    return (
        Claim.objects.select_related(
            "claimant",
            "assignee",
            "verdict",
            "verdict__rating",
            "verdict__author",
            "verdict__last_edited_by",
            "verdict__submitted_by",
        )
        .annotate(asked_by=asked_by())
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.prefetch_related(
                    *extensions.prefetches_for("workspace_appearances")
                ),
            ),
            *extensions.prefetches_for("workspace"),
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
        # What other apps keep of the claim (evidence: its evidence and rebuttals).
        *[source for function in extensions.TIMELINE for source in function(claim)],
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
                    # One request (or service call) is one context: the history page shows it as one entry.
                    "context_id": event.pgh_context_id,
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
    original_published = Publication.objects.filter(claim_id=OuterRef("duplicate_of_id")).order_by("-version")
    return (
        Claim.objects.select_related(
            "claimant",
            "assignee",
            "verdict",
            "verdict__rating",
            "verdict__author",
            "verdict__last_edited_by",
            "verdict__submitted_by",
        )
        .annotate(duplicate_of_factcheck_slug=Subquery(original_published.values("slug")[:1]))
        .prefetch_related(
            "appearances",
            *extensions.prefetches_for("api"),
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
    """A member's open claims (not published or dismissed): work sent back with changes requested
    first, then overdue, then by due date.

    Each claim gets `due_status`: "overdue", "due_soon" (within DUE_SOON_DAYS)
    or "". Returns {"claims", "overdue", "due_soon"} (the last two are counts).
    One query.
    """

    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    claims = list(
        claim_list(filters={"assignee": user.pk})
        .filter(state__in=OPEN_STATES)
        .order_by(F("changes_requested").desc(), F("due_on").asc(nulls_last=True), "-created_at", "-id")
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

    candidates = (
        Claim.objects.filter(state=ClaimState.IN_REVIEW)
        .select_related("claimant", "assignee", "verdict", "verdict__rating")
        .annotate(verdict_rating_label=F("verdict__rating__label"))
        .prefetch_related(
            *extensions.prefetches_for("review_inbox"),
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
