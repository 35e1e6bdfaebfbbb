"""Writes to evidence: sources, evidence, rebuttals, snapshots.

Evidence and rebuttals change only while their claim's content is editable
(not once it is published and not under revision). Saving evidence with a URL
queues its archiving after commit (see "Archiving" below).
"""

import datetime
import hashlib
import logging
import random
from dataclasses import dataclass
from functools import partial

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from claims.models import Claim
from claims.services import cited_row_change, claims_content_changed, content_edit
from claims.services.notifications import link_broken_notify
from evidence.models import (
    Evidence,
    LinkChange,
    Rebuttal,
    RebuttalKind,
    Snapshot,
    SnapshotKind,
    Source,
    SourceKind,
    Stance,
)
from factcheck.errors import Conflict
from factcheck.history import acting_as, removal_of, removed_with, rows_restore
from factcheck.outbound import fetch
from factcheck.outbound_policy import (
    ARCHIVE_CONTENT_TYPES,
    ARCHIVE_CONTENT_TYPES_IN_WORDS,
    MAX_REDIRECTS,
    FetchFailed,
    OutboundRefused,
    ResponseTooLarge,
    TooManyRedirects,
)
from factcheck.page_text import title_and_text
from factcheck.references import reference_resolve
from factcheck.roles import WRITING_ROLES, ensure_role

EVIDENCE_FIELDS = (
    "stance",
    "kind",
    "title",
    "url",
    "offline_reference",
    "source",
    "excerpt",
    "published_on",
    "is_withheld",
    "is_demo",
)
REBUTTAL_FIELDS = ("party", "kind", "statement", "url", "stated_on", "is_demo")

logger = logging.getLogger(__name__)


def _ensure_unchanged(
    current, expected_updated_at: datetime.datetime | None, what: str, *, code: str
) -> None:
    # Checked under the row lock, so two editors who started from the same version cannot both save.
    if expected_updated_at is not None and current.updated_at != expected_updated_at:
        raise Conflict(f"Someone else changed {what} meanwhile.", code=code)


def _assign(obj, data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: "Unknown field." for name in sorted(unknown)})
    for name, value in data.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def source_get_or_create(*, name: str, kind: str = SourceKind.OTHER, url: str = "", actor) -> Source:
    """Find a source by name (case-insensitive), or create it."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the source's name."})
    if kind not in SourceKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(SourceKind.values)}."})
    found = Source.objects.filter(name__iexact=name).order_by("id").first()
    if found is not None:
        return found
    with transaction.atomic(), acting_as(actor):
        source = Source(name=name, kind=kind, url=url.strip())
        source.full_clean()
        source.save()
    return source


def source_resolve(value, *, actor) -> Source | None:
    """The source a caller means: a Source, its id, {"name", "kind"?, "url"?} (found or created), or None.

    Rules: an id must name a source; a name is found as `source_get_or_create` finds it
    (case-insensitively) or created under the actor's name, inside the caller's transaction.
    """
    return reference_resolve(value, Source, partial(source_get_or_create, actor=actor), field="source")


def _with_source(data: dict, actor) -> dict:
    return {**data, "source": source_resolve(data["source"], actor=actor)} if "source" in data else data


def evidence_create(*, claim: Claim, actor, **data) -> Evidence:
    """Add a piece of evidence to a claim.

    Rules: stance is supports, refutes or context; a URL or an offline
    reference is required; only while the claim's content is editable. The
    source may be given by id or by name (`source_resolve`: found or created).
    """
    with content_edit(claim, actor, what="The evidence") as edit:
        evidence = Evidence(claim=edit.claim, added_by=actor)
        _assign(evidence, _with_source(data, actor), EVIDENCE_FIELDS)
        _validate_evidence(evidence)
        evidence.save()
        snapshot_archive_on_commit(evidence=evidence)
    return evidence


def evidence_update(
    *, evidence: Evidence, actor, expected_updated_at: datetime.datetime | None = None, **data
) -> Evidence:
    """Change a piece of evidence (same rules as adding it).

    `expected_updated_at` (the `updated_at` the editor started from) refuses
    to overwrite a change someone else saved meanwhile (a `stale_evidence` Conflict).
    """
    with content_edit(evidence.claim_id, actor, what="The evidence"):
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        _ensure_unchanged(current, expected_updated_at, "this evidence", code="stale_evidence")
        _assign(current, _with_source(data, actor), EVIDENCE_FIELDS)
        _validate_evidence(current)
        current.save()
        snapshot_archive_on_commit(evidence=current)
    return current


def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove a piece of evidence (kept in the history, whence `evidence_restore` puts it back)."""
    with content_edit(evidence.claim_id, actor, what="The evidence"):
        Evidence.objects.filter(pk=evidence.pk).delete()


def _restore(model, *, claim: Claim | int, object_id: int, actor, what: str, noun: str, with_snapshots: bool):
    """Put back a removed row of this claim as the history recorded it (with its archived copies)."""
    claim_id = claim if isinstance(claim, int) else claim.pk
    with content_edit(claim_id, actor, what=what):
        removal = removal_of(model, object_id)
        if removal is None or removal.claim_id != claim_id:
            if model.objects.filter(pk=object_id, claim_id=claim_id).exists():
                raise Conflict(
                    f"This {noun} is on the claim already: someone restored it.", code="not_removed"
                )
            raise Conflict(f"There is no removed {noun} {object_id} on this claim.", code="not_removed")
        try:
            with transaction.atomic():
                (row,) = rows_restore(model, [removal])
                if with_snapshots:
                    rows_restore(Snapshot, removed_with(Snapshot, removal, evidence_id=object_id))
        except IntegrityError:
            # What it refers to is gone too (its source was deleted): add it again instead.
            raise Conflict(
                f"This {noun} cannot be restored: something it refers to is gone. Add it again.",
                code="not_restorable",
            ) from None
    return model.objects.get(pk=row.pk)


def evidence_restore(*, claim: Claim | int, evidence_id: int, actor) -> Evidence:
    """Put back a piece of evidence that was removed from this claim (Undo, or Restore in the history).

    Rules: as editing it (writers, only while the claim's content is editable), and it is a content
    change like adding it (a claim in review gets a new revision; an approved one goes back to review).
    It comes back as it was when removed, with its id and its archived copies; a Conflict when it is
    not removed (someone restored it first) or not this claim's.
    """
    return _restore(
        Evidence, claim=claim, object_id=evidence_id, actor=actor, what="The evidence", noun="evidence",
        with_snapshots=True,
    )  # fmt: skip


def _validate_evidence(evidence: Evidence) -> None:
    if evidence.stance not in Stance.values:
        raise ValidationError({"stance": f"Stance must be one of: {', '.join(Stance.values)}."})
    if not evidence.url and not evidence.offline_reference:
        raise ValidationError({"url": "Give a URL, or an offline reference for material without one."})
    evidence.full_clean(exclude=["claim", "added_by", "source"])


def rebuttal_create(*, claim: Claim, actor, **data) -> Rebuttal:
    """Record a response by an identified party (denial, right of reply, counter-claim)."""
    with content_edit(claim, actor, what="A rebuttal") as edit:
        rebuttal = Rebuttal(claim=edit.claim, added_by=actor)
        _assign(rebuttal, data, REBUTTAL_FIELDS)
        _validate_rebuttal(rebuttal)
        rebuttal.save()
    return rebuttal


def rebuttal_update(
    *, rebuttal: Rebuttal, actor, expected_updated_at: datetime.datetime | None = None, **data
) -> Rebuttal:
    """Change a rebuttal.

    `expected_updated_at` (the `updated_at` the editor started from) refuses
    to overwrite a change someone else saved meanwhile (a `stale_rebuttal` Conflict).
    """
    with content_edit(rebuttal.claim_id, actor, what="A rebuttal"):
        current = Rebuttal.objects.select_for_update().get(pk=rebuttal.pk)
        _ensure_unchanged(current, expected_updated_at, "this rebuttal", code="stale_rebuttal")
        _assign(current, data, REBUTTAL_FIELDS)
        _validate_rebuttal(current)
        current.save()
    return current


def rebuttal_delete(*, rebuttal: Rebuttal, actor) -> None:
    """Remove a rebuttal (kept in the history, whence `rebuttal_restore` puts it back)."""
    with content_edit(rebuttal.claim_id, actor, what="A rebuttal"):
        Rebuttal.objects.filter(pk=rebuttal.pk).delete()


def rebuttal_restore(*, claim: Claim | int, rebuttal_id: int, actor) -> Rebuttal:
    """Put back a rebuttal that was removed from this claim (same rules as `evidence_restore`)."""
    return _restore(
        Rebuttal, claim=claim, object_id=rebuttal_id, actor=actor, what="A rebuttal", noun="rebuttal",
        with_snapshots=False,
    )  # fmt: skip


def _validate_rebuttal(rebuttal: Rebuttal) -> None:
    if rebuttal.kind not in RebuttalKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(RebuttalKind.values)}."})
    rebuttal.full_clean(exclude=["claim", "added_by"])


def _ensure_writer(actor) -> None:
    ensure_role(actor, *WRITING_ROLES, message="Only fact-checkers and editors can add and change sources.")


def source_create(*, name: str, kind: str = SourceKind.OTHER, url: str = "", actor) -> Source:
    """Create a source. Rules: writers only; a second source of the same name is a Conflict."""
    _ensure_writer(actor)
    existing = Source.objects.filter(name__iexact=" ".join((name or "").split())).first()
    if existing is not None:
        raise Conflict(f"The source {existing.name} already exists (id {existing.pk}).", code="source_exists")
    return source_get_or_create(name=name, kind=kind, url=url, actor=actor)


# What a publication shows of a source (beside evidence that is not withheld).
SOURCE_PUBLISHED_FIELDS = ("name", "kind")


def source_update(*, source: Source, actor, **changes) -> Source:
    """Change a source's name, kind or URL.

    Rules: writers only. The name and kind are published with the evidence
    citing the source, so changing them is a content change of every claim
    with such evidence (withheld or not: the reviewer saw it): claims in review
    get a new revision, approved ones go back to review
    (`claims.services.claims_content_changed`). The same values again write nothing.
    """
    _ensure_writer(actor)
    with transaction.atomic(), acting_as(actor):
        # NO KEY UPDATE: evidence being added with this source (a KEY SHARE) is not blocked, so its
        # writer can release the claim's lock, which this service takes next.
        current, changed = cited_row_change(
            Source.objects.all(), pk=source.pk, changes=changes, editable=("name", "kind", "url")
        )
        if not changed:
            return current
        if changed & set(SOURCE_PUBLISHED_FIELDS):
            claims_content_changed(
                claim_ids=Evidence.objects.filter(source=current).values_list("claim_id", flat=True),
                actor=actor,
                what=f"The source {current.name}",
                with_originals=False,
            )
    return current


# --- Archiving: snapshots of evidence and appearance URLs ---------------------------------
#
# Saving evidence or an appearance with a URL queues `evidence.tasks.snapshot_archive` after
# commit; the worker fetches the URL under the outbound policy (factcheck.outbound) and writes a
# Snapshot. Link checks (`snapshot_recheck`) fetch archived URLs again and write a snapshot only
# when something changed: the page is gone, its content changed, or it came back.

ARCHIVE_TARGETS = ("evidence", "appearance")
# After this long without a copy, a queued archiving is taken for lost and queued again.
ARCHIVE_RESUME_AFTER = datetime.timedelta(hours=2)
RECHECK_BATCH = 500
RETRY_BACKOFF_CAP = 3600.0


class TransientFetchError(Exception):
    """The fetch failed in a way worth trying again later (network, timeout, HTTP 5xx or 429)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class FetchOutcome:
    """What one archiving fetch found: a body to keep, or an error in words (and whether it may pass)."""

    url: str
    final_url: str = ""
    status_code: int | None = None
    content_type: str = ""
    body: bytes | None = None
    error: str = ""
    is_transient: bool = False

    @property
    def is_good(self) -> bool:
        return self.body is not None and not self.error


def _target_model(target: str):
    if target == "evidence":
        return Evidence
    if target == "appearance":
        from claims.models import Appearance

        return Appearance
    raise ValueError(f"unknown archiving target {target!r}")


def _target_get(target: str, target_id: int):
    model = _target_model(target)
    queryset = model.objects.select_related("claim") if target == "appearance" else model.objects
    return queryset.filter(pk=target_id).first()


def _is_demo(target: str, obj) -> bool:
    return bool(obj.is_demo) if target == "evidence" else bool(obj.claim.is_demo)


def _snapshots_of(target: str, obj):
    return Snapshot.objects.filter(**{target: obj})


def snapshot_archive_on_commit(*, evidence: Evidence | None = None, appearance=None) -> bool:
    """Queue the archiving of an evidence's (or appearance's) URL for when the transaction commits.

    Call it inside the service's transaction, after the save. Nothing is queued
    (returns False) when archiving is off (EVIDENCE_ARCHIVING), for demo
    content (the demo makes up its own copies), for a row without a URL, or
    when this row's URL has an archived copy already.
    """
    target, obj = ("evidence", evidence) if evidence is not None else ("appearance", appearance)
    if obj is None or not settings.EVIDENCE_ARCHIVING or not obj.url or _is_demo(target, obj):
        return False
    if _snapshots_of(target, obj).filter(url=obj.url, error="").exists():
        return False
    transaction.on_commit(partial(_enqueue, "snapshot_archive", target, obj.pk))
    return True


def snapshot_archive_queue(*, target: str, ids: list[int]) -> int:
    """Queue the archiving of rows saved without their service (a bulk import); returns how many.

    Call after commit. Nothing is queued when archiving is off.
    """
    if not settings.EVIDENCE_ARCHIVING:
        return 0
    for target_id in ids:
        _enqueue("snapshot_archive", target, target_id)
    return len(ids)


def _enqueue(task_name: str, target: str, target_id: int, countdown: float | None = None) -> None:
    from evidence import tasks

    try:
        getattr(tasks, task_name).apply_async(args=[target, target_id], countdown=countdown)
    except Exception:
        # Runs after commit: the save stands. The periodic link check queues lost archivings again.
        logger.exception("Could not queue %s of %s %s", task_name, target, target_id)


def archive_retry_delay(retries_done: int) -> float:
    """Seconds before the next try: ARCHIVE_RETRY_BACKOFF doubled per try, capped, jittered by ±25%."""
    delay = min(RETRY_BACKOFF_CAP, settings.ARCHIVE_RETRY_BACKOFF * 2**retries_done)
    return delay * random.uniform(0.75, 1.25)


def _fetch_for_archive(url: str) -> FetchOutcome:
    """Fetch a URL as archiving does (redirects followed, types and size limited) and say what came back."""
    outcome = FetchOutcome(url=url)
    try:
        result = fetch(
            url,
            max_redirects=MAX_REDIRECTS,
            max_bytes=settings.ARCHIVE_MAX_BYTES,
            connect_timeout=settings.ARCHIVE_CONNECT_TIMEOUT,
            read_timeout=settings.ARCHIVE_READ_TIMEOUT,
            total_timeout=settings.ARCHIVE_TOTAL_TIMEOUT,
            content_types=ARCHIVE_CONTENT_TYPES,
            content_types_in_words=ARCHIVE_CONTENT_TYPES_IN_WORDS,
        )
    except (OutboundRefused, TooManyRedirects) as refusal:
        outcome.error = refusal.reason
        return outcome
    except ResponseTooLarge:
        outcome.error = f"refused: the page is larger than {settings.ARCHIVE_MAX_BYTES:,} bytes"
        return outcome
    except FetchFailed as failure:
        outcome.error, outcome.is_transient = failure.reason, True
        return outcome
    except Exception as unexpected:
        # A page no rule foresaw must still end its archiving, as a failure that says so, rather
        # than crash the task and leave the copy "pending" for ever. Not retried: it would fail alike.
        logger.exception("Archiving %s failed unexpectedly", url)
        outcome.error = f"the page could not be fetched ({type(unexpected).__name__}: {unexpected})"[:1000]
        return outcome
    outcome.final_url = result.url
    outcome.status_code = result.status_code
    outcome.content_type = result.headers.get("content-type", "")[:200]
    if result.is_success:
        outcome.body = result.body
    else:
        reason = f"HTTP {result.status_code}{' ' + result.reason if result.reason else ''}"
        outcome.error = f"the page answered {reason}"
        outcome.is_transient = result.status_code >= 500 or result.status_code == 429
    return outcome


def _body_store(body: bytes, sha256: str) -> str:
    """Keep a body in file storage under its hash (one file per content, whoever fetched it)."""
    name = f"snapshots/{sha256[:2]}/{sha256}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(body))
    return name


def _snapshot_write(*, target: str, obj, key: str, outcome: FetchOutcome, **extra) -> Snapshot:
    """Write one snapshot of a fetch; a second writer with the same key gets the first one's snapshot."""
    snapshot = Snapshot(
        **{target: obj},
        url=outcome.url,
        final_url=(outcome.final_url or "")[:2000],
        status_code=outcome.status_code,
        content_type=outcome.content_type,
        error=outcome.error,
        fetched_at=timezone.now(),
        key=key,
        **extra,
    )
    if outcome.is_good:
        body = outcome.body
        snapshot.size = len(body)
        snapshot.sha256 = hashlib.sha256(body).hexdigest()
        try:
            snapshot.title, snapshot.text = title_and_text(body, outcome.content_type)
        except Exception:
            # The copy is kept either way; a page whose text cannot be read is kept without it.
            logger.exception("Could not read the text of %s", outcome.url)
        snapshot.body.name = _body_store(body, snapshot.sha256)
    try:
        with transaction.atomic(), pghistory.context(source="archiving"):
            snapshot.save()
    except IntegrityError:
        existing = Snapshot.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    return snapshot


def _archive_key(target: str, obj) -> str:
    # The same row in the same state gives the same key: a task delivered twice, or queued again
    # by the periodic resume, writes one snapshot; an edit (a new updated_at) may try again.
    seed = f"archive|{target}|{obj.pk}|{obj.url}|{obj.updated_at.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()


def snapshot_archive(*, target: str, target_id: int, is_final_attempt: bool = True) -> Snapshot | None:
    """Fetch an evidence's or appearance's URL and keep what came back as a Snapshot.

    Idempotent: returns the existing snapshot, fetching nothing, when this row's
    URL already has an archived copy or this very fetch was written before;
    returns None for a row that is gone, has no URL or is demo content. A
    refusal by the outbound policy, a content type or size we do not keep, or
    an HTTP 4xx is recorded as a failed snapshot at once. A network failure,
    timeout, HTTP 5xx or 429 raises TransientFetchError to be tried again,
    unless `is_final_attempt`, when it is recorded too.
    """
    obj = _target_get(target, target_id)
    if obj is None or not obj.url or _is_demo(target, obj):
        return None
    key = _archive_key(target, obj)
    done = _snapshots_of(target, obj).filter(Q(key=key) | Q(url=obj.url, error="")).first()
    if done is not None:
        return done
    outcome = _fetch_for_archive(obj.url)
    if outcome.is_transient:
        if not is_final_attempt:
            raise TransientFetchError(outcome.error)
        outcome.error = f"gave up after repeated failures; last: {outcome.error}"
    return _snapshot_write(target=target, obj=obj, key=key, outcome=outcome, kind=SnapshotKind.ARCHIVE)


def snapshot_recheck(*, target: str, target_id: int, is_final_attempt: bool = True) -> Snapshot | None:
    """Fetch an archived URL again; write a snapshot when the page is gone, changed or back.

    Compared with the row's latest snapshot of its URL: the same content only
    stamps that snapshot's `checked_at`; a new hash is "changed"; an HTTP 4xx
    or 5xx, a DNS failure or a refusal is "gone" (once: while it stays gone
    only `checked_at` moves); a page answering again after being gone is
    "restored" (or "changed", with other content). Returns the new snapshot,
    or None when nothing was written. Idempotent per compared snapshot.
    Transient failures raise TransientFetchError unless `is_final_attempt`.
    """
    obj = _target_get(target, target_id)
    if obj is None or not obj.url or _is_demo(target, obj):
        return None
    snapshots = _snapshots_of(target, obj).filter(url=obj.url, is_demo=False).defer("text")
    base = snapshots.order_by("-fetched_at", "-id").first()
    last_good = snapshots.filter(error="").exclude(sha256="").order_by("-fetched_at", "-id").first()
    if base is None or last_good is None:
        return None  # never archived: archiving, not a link check, is what it needs
    key = hashlib.sha256(f"recheck|{base.pk}".encode()).hexdigest()
    written = Snapshot.objects.filter(key=key).first()
    if written is not None:
        return written
    outcome = _fetch_for_archive(obj.url)
    if outcome.is_transient and not is_final_attempt:
        raise TransientFetchError(outcome.error)
    now = timezone.now()
    was_gone = base.change == LinkChange.GONE
    since = f"{last_good.fetched_at:%-d %b %Y}"
    if not outcome.is_good:
        if was_gone:
            _checked(base, now)
            return None
        note = f"The link is gone: {outcome.error} (archived copy of {since} kept)."
        # The members who answer for a published fact-check are told in the same transaction.
        with transaction.atomic():
            snapshot = _snapshot_write(
                target=target, obj=obj, key=key, outcome=outcome, kind=SnapshotKind.RECHECK,
                change=LinkChange.GONE, note=note, checked_at=now,
            )  # fmt: skip
            link_broken_notify(claim=obj.claim, link=obj.url, note=note, event_key=f"link-gone:{snapshot.pk}")
        return snapshot
    sha256 = hashlib.sha256(outcome.body).hexdigest()
    if sha256 == last_good.sha256 and not was_gone:
        _checked(base, now)
        return None
    if sha256 == last_good.sha256:
        change, note = LinkChange.RESTORED, f"The page answers again, as archived on {since}."
    else:
        change = LinkChange.CHANGED
        note = (
            f"The content changed since the copy of {since} "
            f"(SHA-256 {last_good.sha256[:12]}… → {sha256[:12]}…)."
        )
    return _snapshot_write(
        target=target, obj=obj, key=key, outcome=outcome, kind=SnapshotKind.RECHECK,
        change=change, note=note, checked_at=now,
    )  # fmt: skip


def _checked(snapshot: Snapshot, when) -> None:
    with pghistory.context(source="link check"):
        Snapshot.objects.filter(pk=snapshot.pk).update(checked_at=when)


def _last_checked_expression():
    from django.db.models.functions import Coalesce, Greatest

    return Greatest("fetched_at", Coalesce("checked_at", "fetched_at"))


def snapshot_recheck_due(
    *, older_than: datetime.timedelta, limit: int | None = None
) -> list[tuple[str, int]]:
    """The (target, id) pairs whose URL was archived and last checked more than `older_than` ago.

    Demo content and rows never archived (pending or failed) are left out;
    the least recently checked come first.
    """
    cutoff = timezone.now() - older_than
    due = []
    for target in ARCHIVE_TARGETS:
        latest = (
            Snapshot.objects.filter(**{f"{target}__isnull": False, "is_demo": False})
            .filter(url=F(f"{target}__url"))
            .order_by(f"{target}_id", "-fetched_at", "-id")
            .distinct(f"{target}_id")
            .values("id")
        )
        good = Snapshot.objects.filter(**{target: OuterRef(target), "url": OuterRef("url"), "error": ""})
        rows = (
            Snapshot.objects.filter(pk__in=Subquery(latest))
            .annotate(last_checked=_last_checked_expression(), has_copy=Exists(good.exclude(sha256="")))
            .filter(has_copy=True, last_checked__lt=cutoff)
            .order_by("last_checked")
            .values_list(f"{target}_id", "last_checked")
        )
        if target == "evidence":
            rows = rows.filter(evidence__is_demo=False)
        else:
            rows = rows.filter(appearance__claim__is_demo=False)
        due += [(target, target_id, checked) for target_id, checked in rows]
    due.sort(key=lambda row: row[2])
    return [(target, target_id) for target, target_id, _ in due[:limit]]


def snapshot_archive_lost(*, older_than: datetime.timedelta = ARCHIVE_RESUME_AFTER) -> list[tuple[str, int]]:
    """Rows with a URL, saved more than `older_than` ago, with no snapshot of it: their task was lost."""
    if not settings.EVIDENCE_ARCHIVING:
        return []
    from claims.models import Appearance

    cutoff = timezone.now() - older_than
    lost = []
    for target, model, demo in (
        ("evidence", Evidence, "is_demo"),
        ("appearance", Appearance, "claim__is_demo"),
    ):
        any_copy = Snapshot.objects.filter(**{target: OuterRef("pk"), "url": OuterRef("url")})
        ids = (
            model.objects.exclude(url="")
            .filter(**{demo: False, "updated_at__lt": cutoff})
            .filter(~Exists(any_copy))
            .values_list("pk", flat=True)[:RECHECK_BATCH]
        )
        lost += [(target, pk) for pk in ids]
    return lost


def links_recheck_enqueue(*, older_than: datetime.timedelta | None = None) -> dict:
    """Periodic: queue link checks of URLs due for one, and archivings whose task was lost.

    Returns how many of each were queued. At most RECHECK_BATCH checks per run.
    """
    older_than = older_than or datetime.timedelta(days=settings.LINK_RECHECK_DAYS)
    due = snapshot_recheck_due(older_than=older_than, limit=RECHECK_BATCH)
    for target, target_id in due:
        _enqueue("snapshot_recheck", target, target_id)
    lost = snapshot_archive_lost()
    for target, target_id in lost:
        _enqueue("snapshot_archive", target, target_id)
    return {"rechecks": len(due), "archivings": len(lost)}
