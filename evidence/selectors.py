"""Reads of evidence and sources."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from evidence.models import Evidence, LinkChange, Snapshot, SnapshotKind, Source


def evidence_for_claim(*, claim_id: int) -> QuerySet[Evidence]:
    """A claim's evidence with its source and who added it, oldest first."""
    return (
        Evidence.objects.filter(claim_id=claim_id)
        .select_related("source", "added_by")
        .prefetch_related(snapshots_prefetch())
        .order_by("id")
    )


def rebuttal_list_for_claim(*, claim_id: int):
    """A claim's rebuttals with who added them, oldest first (one query)."""
    from evidence.models import Rebuttal

    return Rebuttal.objects.filter(claim_id=claim_id).select_related("added_by").order_by("id")


def source_list(*, name: str = "") -> QuerySet[Source]:
    """Sources, newest first, optionally those whose name contains `name`."""
    sources = Source.objects.all()
    if name.strip():
        sources = sources.filter(name__icontains=name.strip())
    return sources.order_by("-id")


def evidence_get(*, claim_id: int, pk: int) -> Evidence:
    """One piece of a claim's evidence with its source and archived copies (DoesNotExist otherwise)."""
    return (
        Evidence.objects.select_related("source", "added_by")
        .prefetch_related(snapshots_prefetch())
        .get(claim_id=claim_id, pk=pk)
    )


def evidence_by_stance(evidence) -> list[dict]:
    """Evidence grouped by stance, every stance listed: [{stance, label, items}], no query."""
    from evidence.models import Stance

    items = list(evidence)
    return [
        {"stance": stance.value, "label": stance.label, "items": [e for e in items if e.stance == stance]}
        for stance in Stance
    ]


def rebuttal_get(*, claim_id: int, pk: int):
    """One of a claim's rebuttals (DoesNotExist otherwise)."""
    from evidence.models import Rebuttal

    return Rebuttal.objects.select_related("added_by").get(claim_id=claim_id, pk=pk)


# --- Archived copies ---------------------------------------------------------------------


def snapshots_prefetch(lookup: str = "snapshots") -> Prefetch:
    """Prefetch a row's snapshots, newest first, without their (long) extracted text."""
    return Prefetch(lookup, queryset=Snapshot.objects.defer("text").order_by("-fetched_at", "-id"))


@dataclass(frozen=True)
class ArchiveStatus:
    """Where archiving of a row's URL stands, as the API and the desk show it.

    `status` is "pending" (no snapshot of the URL yet), "archived" (a copy is
    kept) or "failed" (every try failed; `error` says why), "" for a row
    without a URL. `snapshot` is the copy kept when the URL was archived;
    `latest` is the latest snapshot of the URL, which a link check may have
    written: `link` is then "gone", "changed" or "restored" ("ok" otherwise).
    """

    status: str
    error: str = ""
    snapshot: Snapshot | None = None
    latest: Snapshot | None = None

    @property
    def link(self) -> str:
        if self.latest is None or self.status != "archived":
            return ""
        return self.latest.change or "ok"

    @property
    def checked_at(self):
        if self.latest is None:
            return None
        return max(filter(None, (self.latest.fetched_at, self.latest.checked_at)))


def archive_status(item) -> ArchiveStatus:
    """The archiving status of an evidence item or appearance, from its prefetched snapshots (no query)."""
    if not item.url:
        return ArchiveStatus(status="")
    snapshots = [s for s in item.snapshots.all() if s.url == item.url]
    if not snapshots:
        return ArchiveStatus(status="pending")
    copies = [s for s in snapshots if not s.error and s.sha256]
    archived = [s for s in copies if s.kind == SnapshotKind.ARCHIVE] or copies
    if archived:
        return ArchiveStatus(status="archived", snapshot=archived[0], latest=snapshots[0])
    return ArchiveStatus(status="failed", error=snapshots[0].error, latest=snapshots[0])


def snapshot_get(*, pk: int, claim_id: int | None = None) -> Snapshot:
    """One snapshot (of a claim's evidence or appearance, given `claim_id`); DoesNotExist otherwise."""
    snapshots = Snapshot.objects.select_related("evidence", "appearance")
    if claim_id is not None:
        snapshots = snapshots.filter(Q(evidence__claim_id=claim_id) | Q(appearance__claim_id=claim_id))
    return snapshots.get(pk=pk)


def evidence_link_problems() -> QuerySet[Evidence]:
    """Evidence of published fact-checks whose link a check found gone or changed, latest finding first.

    What a corrections desk must look at: the claim has a publication, and the
    latest snapshot of the evidence's current URL is a link check saying
    "gone" or "changed". Each row carries `problem` (that snapshot's change),
    `problem_note`, `problem_at`, `problem_status_code`, `problem_error`,
    `problem_snapshot_id` and `publication_slug` (the latest publication's).
    One query.
    """
    from claims.models import Publication

    latest = Snapshot.objects.filter(evidence=OuterRef("pk"), url=OuterRef("url")).order_by(
        "-fetched_at", "-id"
    )
    latest_publication = Publication.objects.filter(claim=OuterRef("claim_id")).order_by("-version")
    return (
        Evidence.objects.exclude(url="")
        .filter(is_demo=False)
        .filter(Exists(Publication.objects.filter(claim=OuterRef("claim_id"))))
        .annotate(
            problem=Subquery(latest.values("change")[:1]),
            problem_note=Subquery(latest.values("note")[:1]),
            problem_at=Subquery(latest.values("fetched_at")[:1]),
            problem_status_code=Subquery(latest.values("status_code")[:1]),
            problem_error=Subquery(latest.values("error")[:1]),
            problem_snapshot_id=Subquery(latest.values("id")[:1]),
            publication_slug=Subquery(latest_publication.values("slug")[:1]),
        )
        .filter(problem__in=[LinkChange.GONE, LinkChange.CHANGED])
        .select_related("claim", "claim__claimant", "source")
        .order_by("-problem_at", "-id")
    )


# --- What the claim's reads load and publish (registered with claims in evidence/extensions.py) ---


def claim_workspace_prefetches() -> list[Prefetch]:
    """The workspace's claim: its evidence with source, who added it and archived copies; its rebuttals."""
    from evidence.models import Rebuttal

    return [
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("source", "added_by").prefetch_related(
                snapshots_prefetch()
            ),
        ),
        Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by")),
    ]


def appearance_workspace_prefetches() -> list[Prefetch]:
    """The workspace's appearances: their archived copies."""
    return [snapshots_prefetch()]


def claim_api_prefetches() -> list[Prefetch]:
    """The API's claims: evidence and rebuttals as the API nests them, oldest first."""
    from evidence.models import Rebuttal

    return [
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("source", "added_by")
            .prefetch_related(snapshots_prefetch())
            .order_by("id"),
        ),
        Prefetch("rebuttals", queryset=Rebuttal.objects.select_related("added_by").order_by("id")),
    ]


def claim_review_inbox_prefetches() -> list[Prefetch]:
    """The review inbox's claims: whether each has evidence (the workflow's guards ask)."""
    return [Prefetch("evidence", queryset=Evidence.objects.only("id", "claim_id"))]


def claim_timeline_sources(claim) -> list:
    """The claim's evidence and rebuttals in its timeline: their history events, by claim."""
    from django.apps import apps

    return [
        ("evidence", apps.get_model("evidence", "EvidenceEvent"), {"claim_id": claim.pk}),
        ("rebuttal", apps.get_model("evidence", "RebuttalEvent"), {"claim_id": claim.pk}),
    ]


def evidence_publication_content(claim) -> dict:
    """The claim's evidence and rebuttals as the public sees them: withheld sources never leave the desk."""
    evidence = Evidence.objects.filter(claim=claim).select_related("source").order_by("stance", "id")
    return {
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
