"""Bulk import of claims: JSON Lines, CSV, and ClaimReview JSON-LD or DataFeed files.

A row (a JSON object per line, a CSV record, or one ClaimReview) carries
`external_id`, `text`, `summary`, `claimant`, `claimant_title`, `claimed_on`,
`language`, `topics`, `outlet`, `appearance_url`, and optionally `rating` and
`conclusion` (a draft verdict: imported claims start as new, like any other).

Rules enforced here, by the import service and so by the command, the API
and the page alike:
- only editors and admins import (a file can add thousands of claims);
- a bad row is reported with its line number and the reason, and the good
  rows go in all the same;
- a row the database refuses all the same (a rule these checks do not know)
  is reported by its line too, and the rest of its batch goes in;
- every job ends, done or failed with a reason a person can read, whatever
  the file holds (JSON nested thousands deep too); a crash or a stall fails
  it (claims.job_failures); reasons are kept short (MAX_REASON_CHARS);
- a CSV cell that an export quoted against spreadsheet formulas reads back
  as it was (claims.imports.spreadsheet_cells);
- importing the same file again creates nothing: a row whose `external_id`
  is known, or, without one, whose claimant and normalised text (case and
  spacing ignored) match a claim, is skipped;
- rows go in by batches, each in one transaction with the job's progress,
  so an import that stops (a worker killed) resumes where it was; history
  is recorded for every row (the triggers fire on bulk inserts too), under
  the importing member's name;
- appearances with a URL are archived afterwards (EVIDENCE_ARCHIVING).
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from functools import partial

import pghistory
import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from claims.imports.batches import BatchResult, ImportState, _claimants_resolve, rows_insert
from claims.imports.claimreview import _claimreview_rows
from claims.imports.readers import _csv_rows, _decode, _jsonl_rows, format_detect
from claims.imports.rows import (
    BATCH_SIZE,
    MAX_ERRORS_KEPT,
    MAX_REASON_CHARS,
    FileRefused,
    ImportRow,
    RowError,
    normalised_text,
    ratings_by_name,
    row_clean,
)
from claims.models import Claimant, ImportFormat, ImportJob, ImportJobStatus, Rating
from claims.signals import appearances_imported
from factcheck.history import acting_as
from factcheck.reasons import reason_bound
from factcheck.roles import EDITING_ROLES, ensure_role

# --- Jobs --------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)


def file_rows(data: bytes, fmt: str, *, ratings: dict[str, Rating]) -> Iterator[tuple[int, dict | RowError]]:
    """The rows of a file as (line number, raw row or RowError). Raises FileRefused for the whole file."""
    text = _decode(data)
    if not text.strip():
        raise FileRefused("The file is empty.")
    if fmt == ImportFormat.JSONL:
        return _jsonl_rows(text)
    if fmt == ImportFormat.CSV:
        return _csv_rows(text)
    if fmt == ImportFormat.CLAIMREVIEW:
        return _claimreview_rows(text, ratings)
    raise FileRefused(f"Unknown format “{fmt}”: use {', '.join(ImportFormat.values)}.")


def importer_check(actor) -> None:
    """Raise NotPermitted unless the member may import claims (active editors and admins)."""
    ensure_role(actor, *EDITING_ROLES, message="Only editors and admins can import claims.")


def import_job_create(
    *, file, actor, name: str = "", fmt: str = "", content_type: str = "", enqueue: bool = True
) -> ImportJob:
    """Keep an uploaded file and queue its import (`claims.tasks.import_job_run`) after commit.

    Rules: editors and admins only; at most IMPORT_MAX_BYTES; the format is
    given, or told from the content type, the name or the first bytes.
    """
    importer_check(actor)
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES
        raise ValidationError({"file": f"The file is {size:,} bytes; the limit is {limit:,}."})
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    if fmt and fmt not in ImportFormat.values:
        raise ValidationError({"format": f"Format must be one of: {', '.join(ImportFormat.values)}."})
    if not fmt:
        file.seek(0)
        head = file.read(4096)
        file.seek(0)
        try:
            fmt = format_detect(name=name, content_type=content_type, head=head)
        except FileRefused as refusal:
            raise ValidationError({"format": refusal.reason}) from None
    with transaction.atomic():
        # A name is shown, never used as a path; PostgreSQL cannot store a NUL character.
        job = ImportJob(format=fmt, original_name=(name or "").replace("\x00", "")[:255], created_by=actor)
        job.file.save(f"import.{fmt}", file if isinstance(file, File) else File(file), save=False)
        job.save()
        if enqueue:
            transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from claims.tasks import import_job_run

    try:
        import_job_run.delay(job_id)
    except Exception:
        # After commit: the job stays queued, and its page says it waits for the worker.
        logger.exception("Could not queue import job %s", job_id)


def _advisory_key(job_id: int) -> int:
    return 0x1A_0000_0000 + job_id  # this job's lock, apart from any other advisory lock


def import_job_run(*, job_id: int, on_progress: Callable[[ImportJob], None] | None = None) -> ImportJob:
    """Import a job's file: batches of rows with the job's progress; bad rows listed with their line.

    Idempotent and resumable: a finished job is left as it is; a job that
    stopped half-way goes on after the rows it had committed; a job another
    worker is running is left to it. A file that cannot be read at all fails
    the job with the reason.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(job_id)])
        (locked,) = cursor.fetchone()
    if not locked:
        return ImportJob.objects.get(pk=job_id)
    try:
        return _run(job_id, on_progress)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(job_id)])


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.RUNNING]


def _run(job_id: int, on_progress) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return job
    # A sign of life before the first pass, which may take a while on a big file (claims.job_failures).
    ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(progressed_at=timezone.now())
    actor = job.created_by
    ratings = ratings_by_name()
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        # One pass to count (progress is rows done of the total), one to import: only the file is held.
        total = sum(1 for _ in file_rows(data, job.format, ratings=ratings))
    except FileRefused as refusal:
        ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
            status=ImportJobStatus.FAILED, error=refusal.reason, finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    resumed_at = job.rows_done
    ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
        status=ImportJobStatus.RUNNING,
        total_rows=total,
        started_at=job.started_at or timezone.now(),
        progressed_at=timezone.now(),
    )
    job.refresh_from_db()
    if job.is_finished:  # failed meanwhile (the stalled-job check)
        return job
    if on_progress:
        on_progress(job)
    state = ImportState()
    rows = file_rows(data, job.format, ratings=ratings)
    if resumed_at:
        # Rows committed before the stop count as seen: a repeat of one later in the file is a duplicate.
        _remember([next(rows) for _ in range(resumed_at)], state, actor=actor, ratings=ratings)
    try:
        for batch in _batches(rows, BATCH_SIZE):
            _batch(job, batch, actor=actor, state=state, ratings=ratings)
            if on_progress:
                on_progress(job)
    except JobGivenUp:
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
        status=ImportJobStatus.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    if job.created_count:
        # Rows go in without the claim service: their embeddings come from one sweep, not a task each.
        from claims.matching.index import embeddings_sweep_queue

        embeddings_sweep_queue()
    if on_progress:
        on_progress(job)
    return job


def _remember(rows: list, state: ImportState, *, actor, ratings) -> None:
    cleaned = []
    for line, raw in rows:
        if isinstance(raw, RowError):
            continue
        try:
            cleaned.append(row_clean(line, raw, ratings=ratings))
        except RowError:
            continue
    with transaction.atomic(), acting_as(actor):
        _claimants_resolve(cleaned, state)  # committed rows' claimants exist: nothing is created
    for row in cleaned:
        if row.external_id:
            state.external_ids.add(row.external_id)
        else:
            state.texts.add((state.claimants[row.claimant_key], normalised_text(row.text)))


def _batch(job: ImportJob, batch: list, *, actor, state: ImportState, ratings) -> None:
    good, errors = [], []
    for line, raw in batch:
        if isinstance(raw, RowError):
            errors.append(_row_error(line, raw.reason))
            continue
        try:
            good.append(row_clean(line, raw, ratings=ratings))
        except RowError as error:
            errors.append(_row_error(line, error.reason))
    with transaction.atomic(), acting_as(actor), pghistory.context(import_job=job.pk):
        # Deferred foreign-key checks pile up while the history triggers run statements of their own,
        # and PostgreSQL goes over the pile again after each one: quadratic (docs/BENCHMARKS.md).
        # Checked at once instead, row by row, the batch costs what its rows cost.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        result, refused = _rows_insert_or_report(good, actor=actor, state=state)
        errors = sorted(errors + refused, key=lambda error: error["line"])
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJobStatus.RUNNING:
            raise JobGivenUp  # failed meanwhile (the stalled-job check): this batch is not written
        locked.progressed_at = timezone.now()
        locked.rows_done += len(batch)
        locked.created_count += result.created
        locked.skipped_count += result.skipped
        locked.error_count += len(errors)
        room = MAX_ERRORS_KEPT - len(locked.errors)
        if room > 0:
            locked.errors = locked.errors + errors[:room]
        counts = ["rows_done", "created_count", "skipped_count", "error_count", "errors"]
        locked.save(update_fields=[*counts, "progressed_at"])
        if result.appearance_ids:
            transaction.on_commit(partial(_archive_appearances, result.appearance_ids))
    for name in ("rows_done", "created_count", "skipped_count", "error_count", "errors"):
        setattr(job, name, getattr(locked, name))


class JobGivenUp(Exception):
    """The job was failed while this run went on (it had stopped making progress): stop, write nothing."""


# What the database may refuse in a row the checks above let through: that row is reported, not the batch.
_ROW_REFUSALS = (IntegrityError, DataError, psycopg.IntegrityError, psycopg.DataError)


def _row_error(line: int, reason: str) -> dict:
    return {"line": line, "reason": reason_bound(reason, limit=MAX_REASON_CHARS)}


def _rows_insert_or_report(rows: list[ImportRow], *, actor, state: ImportState) -> tuple[BatchResult, list]:
    """Insert a batch; if the database refuses it, insert its rows one by one and report the refused."""
    if not rows:
        return BatchResult(), []
    try:
        with transaction.atomic():  # a savepoint: a refusal undoes this batch's rows only
            return rows_insert(rows, actor=actor, state=state), []
    except _ROW_REFUSALS:
        logger.warning("The database refused a row of an import batch; inserting its rows one by one")
    _state_forget(state, rows)
    result, refused = BatchResult(), []
    for row in rows:
        try:
            with transaction.atomic():
                one = rows_insert([row], actor=actor, state=state)
        except _ROW_REFUSALS as refusal:
            _state_forget(state, [row])
            detail = (str(refusal).strip().splitlines() or [type(refusal).__name__])[0]
            refused.append(_row_error(row.line, f"the database refused the row ({detail})"))
            continue
        result.created += one.created
        result.skipped += one.skipped
        result.appearance_ids += one.appearance_ids
    return result, refused


def _state_forget(state: ImportState, rows: list[ImportRow]) -> None:
    """After a rollback, forget what these rows added to the state: the database is asked again.

    Safe because the state only spares queries: a row seen earlier in the file was committed (or
    skipped as already in the database), so `_known` finds it there all the same. Claimants created
    in the rolled-back savepoint are gone and are forgotten; those still in the database are kept.
    """
    for row in rows:
        claimant = state.claimants.get(row.claimant_key)
        if row.external_id:
            state.external_ids.discard(row.external_id)
        elif claimant is not None:
            state.texts.discard((claimant, normalised_text(row.text)))
    keys = {row.claimant_key for row in rows if row.claimant_key in state.claimants}
    alive = set(
        Claimant.objects.filter(pk__in={state.claimants[key] for key in keys}).values_list("pk", flat=True)
    )
    for key in keys:
        if state.claimants[key] not in alive:
            del state.claimants[key]


def _archive_appearances(appearance_ids: list[int]) -> None:
    """Announce the imported appearances (evidence queues the archiving of their URLs)."""
    appearances_imported.send(sender=ImportJob, appearance_ids=appearance_ids)


def import_job_get(*, pk: int, actor) -> ImportJob:
    """One import job, for the editors and admins who may import (ImportJob.DoesNotExist otherwise)."""
    importer_check(actor)
    return ImportJob.objects.select_related("created_by").get(pk=pk)


def import_job_list(*, actor):
    """Import jobs, newest first (editors and admins)."""
    importer_check(actor)
    return ImportJob.objects.select_related("created_by").order_by("-id")
