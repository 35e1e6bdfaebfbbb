"""Reads for reader requests: the triage queue (clusters, suggestions, masked addresses), a
requester's status, and how many readers asked about a claim.

Rules:
- Addresses never leave this module whole: the triage queue shows them masked (`email_masked`), and
  nothing public reads them at all.
- The triage queue lists unattached requests that are not held, grouped by cluster, each cluster once;
  `sort` orders clusters by demand (most requests first), newest or oldest. Its query count is fixed.
"""

from dataclasses import dataclass, field

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
