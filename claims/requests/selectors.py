"""Reads for reader requests: the triage queue (clusters, suggestions, masked addresses), a
requester's status, and how many readers asked about a claim.

Rules:
- Addresses never leave this module whole: the triage queue shows them masked (`email_masked`), and
  nothing public reads them at all.
- The triage queue lists unattached requests that are not held, grouped by cluster, each cluster once;
  `sort` orders clusters by demand (most requests first), newest or oldest. Its query count is fixed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, F, FloatField, Func, OuterRef, Q, Subquery
from django.db.models.functions import Greatest, TruncWeek
from django.utils import timezone

from claims.models import Claim, ClaimState, Publication, ReaderRequest

TRIAGE_SORTS = ("demand", "newest", "oldest")
TRIAGE_ROWS = 1000  # requests read for one page of the queue (a held flood never counts)

STATUS_RECEIVED = "received"
STATUS_CHECKING = "checking"
STATUS_PUBLISHED = "published"


def email_masked(email: str) -> str:
    """n•••@example.org: enough for an editor to tell two requesters apart, not to write to them."""
    if not email or "@" not in email:
        return ""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}•••@{domain}"


@dataclass
class Cluster:
    lead: ReaderRequest
    requests: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.requests)

    @property
    def last_at(self):
        return max(r.created_at for r in self.requests)

    @property
    def first_at(self):
        return min(r.created_at for r in self.requests)


def request_triage_queue(*, sort: str = "demand") -> list[Cluster]:
    """The triage queue: clusters of unattached requests, with the lead's suggestions (two queries)."""
    rows = list(
        ReaderRequest.objects.filter(claim__isnull=True, is_held=False)
        .select_related("contact")
        .defer("vector")
        .order_by("-created_at", "-id")[:TRIAGE_ROWS]
    )
    clusters: dict[int, Cluster] = {}
    for row in reversed(rows):  # oldest first: the lead is the cluster's first request
        key = row.cluster_id or row.pk
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = Cluster(lead=row)
        cluster.requests.append(row)
        contact = getattr(row, "contact", None)
        row.email_masked = email_masked(contact.email) if contact is not None else ""
    claim_ids = {s["claim_id"] for c in clusters.values() for s in c.lead.suggestions}
    claims = {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in=claim_ids)
        .select_related("claimant")
        .only("pk", "text", "summary", "state", "claimant__name")
    }
    for cluster in clusters.values():
        cluster.suggestions = [
            {**s, "claim": claims[s["claim_id"]]} for s in cluster.lead.suggestions if s["claim_id"] in claims
        ]
    result = list(clusters.values())
    if sort == "oldest":
        result.sort(key=lambda c: (c.first_at, c.lead.pk))
    elif sort == "newest":
        result.sort(key=lambda c: (c.last_at, c.lead.pk), reverse=True)
    else:
        result.sort(key=lambda c: (c.size, c.last_at), reverse=True)
    return result


def request_cluster_ids(*, request_id: int) -> list[int] | None:
    """The unattached requests of a request's cluster (itself included); None when there is no such
    request (an empty list: its whole cluster is attached already)."""
    lead = ReaderRequest.objects.filter(pk=request_id).values_list("pk", "cluster_id").first()
    if lead is None:
        return None
    key = lead[1] or request_id
    return list(
        ReaderRequest.objects.filter(claim__isnull=True)
        .filter(pk=key)
        .union(ReaderRequest.objects.filter(claim__isnull=True, cluster_id=key))
        .values_list("pk", flat=True)
    )


def request_held_count() -> int:
    return ReaderRequest.objects.filter(claim__isnull=True, is_held=True).count()


def request_status(*, request_id: int) -> dict | None:
    """What a requester may see of their request: its text, when it came, and where it stands."""
    request = (
        ReaderRequest.objects.filter(pk=request_id)
        .select_related("claim__duplicate_of")
        .only("pk", "text", "url", "created_at", "claim__state", "claim__duplicate_of__state")
        .first()
    )
    if request is None:
        return None
    claim = request.claim
    status, factcheck_slug = STATUS_RECEIVED, ""
    if claim is not None:
        answering = [c for c in (claim, claim.duplicate_of) if c is not None]
        publication = (
            Publication.objects.filter(claim__in=answering).order_by("-published_at", "-version").first()
        )
        if publication is not None:
            status, factcheck_slug = STATUS_PUBLISHED, publication.slug
        elif claim.state != ClaimState.DISMISSED:
            status = STATUS_CHECKING
    return {"request": request, "status": status, "factcheck_slug": factcheck_slug}


def claim_asked_by(*, claim_id: int) -> int:
    return ReaderRequest.objects.filter(claim_id=claim_id).count()


# --- The dashboard's reader numbers: one query each, whatever the number of requests --------------
# Held requests (a flood over the per-address cap) count nowhere here, as they wait nowhere.


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _week_bounds(weeks: int, today):
    this_monday = today - datetime.timedelta(days=today.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks - 1)
    return first_monday, timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))


def dashboard_requests_per_week(*, weeks: int = 12, today=None) -> list[dict]:
    """Requests received per week (Monday to Sunday, the site's time zone), the last `weeks` weeks,
    oldest first, every week listed: week_start (date) and requests (count). One query."""
    today = today or timezone.localdate()
    first_monday, since = _week_bounds(weeks, today)
    rows = (
        ReaderRequest.objects.filter(is_held=False, created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .order_by()
        .values("week")
        .annotate(requests=Count("id"))
    )
    by_week = {timezone.localtime(row["week"]).date(): row["requests"] for row in rows}
    return [
        {"week_start": monday, "requests": by_week.get(monday, 0)}
        for monday in (first_monday + datetime.timedelta(weeks=index) for index in range(weeks))
    ]


def dashboard_request_answers() -> dict:
    """All requests, those answered (attached to a claim that has been published), the share answered
    (None without requests) and the median days from a request to its answer: to the first publication
    of its claim, or zero for a request that came after it (the answer was already out). One query."""
    first_published = Subquery(
        Publication.objects.filter(claim_id=OuterRef("claim_id"), version=1).values("published_at")[:1]
    )
    seconds = Func(
        Greatest(F("first_published_at"), F("created_at")) - F("created_at"),
        function="EXTRACT",
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )
    totals = (
        ReaderRequest.objects.filter(is_held=False)
        .annotate(first_published_at=first_published)
        .aggregate(
            requests=Count("id"),
            answered=Count("id", filter=Q(first_published_at__isnull=False)),
            median_seconds=_Median(seconds, filter=Q(first_published_at__isnull=False)),
        )
    )
    median = totals["median_seconds"]
    return {
        "requests": totals["requests"],
        "answered": totals["answered"],
        "share_answered": totals["answered"] / totals["requests"] if totals["requests"] else None,
        "median_days": None if median is None else median / 86400.0,
    }


def dashboard_most_asked(*, limit: int = 10) -> list[dict]:
    """The claims most asked about: claim and asked (attached requests), most first, then newest
    claim. One query."""
    claims = (
        Claim.objects.annotate(
            asked=Count("reader_requests", filter=Q(reader_requests__is_held=False), distinct=True)
        )
        .filter(asked__gt=0)
        .select_related("claimant")
        .order_by("-asked", "-id")[:limit]
    )
    return [{"claim": claim, "asked": claim.asked} for claim in claims]
