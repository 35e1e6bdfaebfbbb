"""Writes to evidence: snapshots (archived copies of evidence and appearance URLs) and link checks.

See "Archiving" below for the rules.
"""

import datetime
import hashlib
import logging
import random
from dataclasses import dataclass
from functools import partial

import pghistory
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from claims.services.notifications import link_broken_notify
from evidence.models import (
    Evidence,
    LinkChange,
    Snapshot,
    SnapshotKind,
)
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

logger = logging.getLogger(__name__)


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
