"""Every job ends: whatever a file holds, an import job ends done or failed with a reason a person can read,
bad rows are reported by line while the good rows go in, a task that crashes fails its job, and a periodic
check fails import and intake jobs that stopped making progress. With a real worker on the real broker."""

import datetime
import io
import json
import time
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from claims.imports import jobs as imports
from claims.imports.rows import BATCH_SIZE
from claims.intake.services import intake_job_create
from claims.job_failures import jobs_stalled_fail
from claims.models import Claim, Claimant, ImportJob, IntakeJob
from claims.tasks import import_job_run
from factcheck.celery import app as celery_app
from tests.workers import running_worker

DEEP = 100_000  # arrays within arrays: Python's JSON reader gives up long before


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(transactional_db, broker):
    with running_worker() as running:
        yield running


def jsonl(*rows) -> bytes:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows).encode()


def finished(job: ImportJob, timeout: float = 60) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the job is still {job.status} after {timeout} s (rows done: {job.rows_done})")


def import_in_worker(editor, content: bytes, name: str) -> ImportJob:
    return finished(imports.import_job_create(file=io.BytesIO(content), actor=editor, name=name))


@pytest.mark.django_db(transaction=True)
def test_a_row_with_an_unknown_claimant_kind_is_reported_and_the_rows_after_it_go_in(worker, editor):
    content = jsonl(
        {"text": "Steel imports doubled last year.", "claimant": "Howard Lutnick"},
        {"text": "Electricity is free in Korea.", "claimant": "Bogus Kind", "claimant_kind": "bogus"},
        {"text": "Wind is cheapest.", "claimant": "Energy Institute", "claimant_kind": "organisation"},
        {"text": "Exports fell by half.", "claimant": "Jane Doe"},
    )  # fmt: skip

    job = import_in_worker(editor, content, "kinds.jsonl")

    assert job.status == "done" and job.error == ""
    assert job.errors == [{"line": 2, "reason": "claimant_kind “bogus” is not one of: person, organisation"}]
    assert (job.created_count, job.error_count, job.rows_done) == (3, 1, 4)
    assert sorted(Claim.objects.values_list("claimant__name", flat=True)) == [
        "Energy Institute", "Howard Lutnick", "Jane Doe",
    ]  # fmt: skip
    assert Claimant.objects.get(name="Energy Institute").kind == "organisation"
    assert not Claimant.objects.filter(name="Bogus Kind").exists()


@pytest.mark.django_db(transaction=True)
def test_a_jsonl_line_nested_deep_is_that_lines_error_and_the_others_go_in(worker, editor):
    content = jsonl(
        {"text": "Steel imports doubled last year.", "claimant": "Howard Lutnick"},
        "[" * DEEP + "]" * DEEP,
        '{"text": ' + "[" * DEEP + "]" * DEEP + ', "claimant": "Deep Speaker"}',
        {"text": "Exports fell by half.", "claimant": "Jane Doe"},
    )

    job = import_in_worker(editor, content, "deep.jsonl")

    assert job.status == "done"
    assert [error["line"] for error in job.errors] == [2, 3]
    assert all("nested too deeply" in error["reason"] for error in job.errors)
    assert job.created_count == 2 and Claim.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_claimreview_file_nested_deep_fails_with_the_reason(worker, editor):
    nested = "[" * DEEP + "]" * DEEP
    content = '{"@context": "https://schema.org", "@type": "ClaimReview", "x": ' + nested + "}"

    job = import_in_worker(editor, content.encode(), "deep.json")

    assert job.status == "failed" and job.finished_at is not None
    assert job.error.startswith("The file is not read: its JSON is nested too deeply")
    assert Claim.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_datafeed_element_nested_deep_is_its_lines_error_and_the_reviews_go_in(worker, editor):
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Steel imports doubled last year.",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Howard Lutnick"}},
    }
    deep = "[" * 900 + "]" * 900  # the reader takes it; following the lists within lists does not
    content = (
        '{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [\n'
        + json.dumps({"@type": "DataFeedItem", "item": [review]})
        + ",\n"
        + deep
        + "\n]}"
    )

    job = import_in_worker(editor, content.encode(), "feed.json")

    assert job.status == "done"
    assert [error["line"] for error in job.errors] == [3]
    assert "nested too deeply" in job.errors[0]["reason"]
    assert job.created_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_that_crashes_fails_its_job_with_a_reason(worker, editor):
    job = imports.import_job_create(
        file=io.BytesIO(jsonl({"text": "A claim.", "claimant": "Jane Doe"})), actor=editor, name="gone.jsonl",
        enqueue=False,
    )  # fmt: skip
    job.file.storage.delete(job.file.name)  # the media volume lost it: reading it raises, unforeseen

    import_job_run.delay(job.pk)

    job = finished(job)
    assert job.status == "failed" and job.finished_at is not None
    assert job.error == (
        "The import stopped on an unexpected error in the worker (FileNotFoundError); an administrator "
        "finds the details in the worker's log. No row was imported."
    )


@contextmanager
def database_refuses(table: str, name: str, check: str):
    """A refusal our code cannot foresee (a constraint, a trigger, a column limit added later), for a
    while: the real database says no."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({check}) NOT VALID")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


@pytest.mark.django_db(transaction=True)
def test_the_command_fails_the_job_when_its_import_crashes(editor, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes(jsonl({"text": "A claim.", "claimant": "Jane Doe"}))
    out, err = io.StringIO(), io.StringIO()

    with database_refuses("claims_importjob", "test_never_running", "status <> 'running'"):
        with pytest.raises(CommandError) as refused:
            call_command("import_claims", str(path), "--user", editor.username, stdout=out, stderr=err)

    job = ImportJob.objects.get()
    assert job.status == "failed" and job.finished_at is not None
    assert job.error == (
        "The import stopped on an unexpected error in the worker (IntegrityError); an administrator "
        "finds the details in the worker's log. No row was imported."
    )
    assert refused.value.returncode == 2 and job.error in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_an_intake_task_that_crashes_fails_its_job_with_a_reason(worker, checker):
    with database_refuses("claims_intakejob", "test_never_fetching", "status <> 'fetching'"):
        job = intake_job_create(url="https://example.org/article", actor=checker)  # never fetched
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and IntakeJob.objects.get(pk=job.pk).status == "queued":
            time.sleep(0.1)

    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.error == (
        "Could not read the article: the worker stopped on an unexpected error (IntegrityError); "
        "an administrator finds the details in the worker's log."
    )


@pytest.fixture
def database_refuses_a_word(transactional_db):
    with database_refuses("claims_claim", "test_refused_word", "text NOT LIKE '%%refused-word%%'"):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_row_the_database_refuses_is_reported_by_line_and_the_good_rows_go_in(
    worker, editor, database_refuses_a_word
):
    rows = [{"text": f"Claim number {n}.", "claimant": f"Speaker {n % 7}"} for n in range(2500)]
    rows[1] = {"text": "This has the refused-word in it.", "claimant": "Refused Speaker"}
    rows[2] = {"text": "Said again by the same speaker.", "claimant": "Refused Speaker"}
    rows[3] = {"text": "And refused-word again.", "claimant": "Only Refused", "external_id": "x-4"}
    rows[4] = {"text": "Claim number 0.", "claimant": "Speaker 0"}  # a repeat of line 1: skipped
    rows[2100] = {"text": "refused-word in the second batch.", "claimant": "Speaker 1"}

    job = import_in_worker(editor, jsonl(*rows), "refused.jsonl")

    assert job.status == "done", job.error
    assert [error["line"] for error in job.errors] == [2, 4, 2101]
    assert all(
        reason.startswith("the database refused the row (") and "test_refused_word" in reason
        for reason in (error["reason"] for error in job.errors)
    )
    assert (job.created_count, job.skipped_count, job.error_count) == (2496, 1, 3)
    assert Claim.objects.count() == 2496
    assert not Claim.objects.filter(text__contains="refused-word").exists()
    assert Claim.objects.filter(claimant__name="Refused Speaker").count() == 1
    assert not Claimant.objects.filter(name="Only Refused").exists()  # rolled back with its row


# --- The periodic check -------------------------------------------------------------------------------------


def _import_job(editor, status, *, minutes_quiet, **fields) -> ImportJob:
    job = ImportJob.objects.create(
        file="imports/x.jsonl", format="jsonl", created_by=editor, status=status, **fields
    )
    ImportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - datetime.timedelta(minutes=minutes_quiet)
    )
    return job


def _intake_job(member, status, *, minutes_quiet) -> IntakeJob:
    job = IntakeJob.objects.create(url="https://example.org/a", created_by=member, status=status)
    IntakeJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - datetime.timedelta(minutes=minutes_quiet)
    )
    return job


@pytest.fixture
def jobs(editor, checker):
    return {
        "queued_import": _import_job(editor, "queued", minutes_quiet=61),
        "running_import": _import_job(
            editor, "running", minutes_quiet=90, total_rows=5000, rows_done=2000, created_count=1990
        ),
        "busy_import": _import_job(editor, "running", minutes_quiet=5, total_rows=5000, rows_done=4000),
        "waiting_import": _import_job(editor, "queued", minutes_quiet=59),
        "old_done_import": _import_job(editor, "done", minutes_quiet=600),
        "queued_intake": _intake_job(checker, "queued", minutes_quiet=61),
        "fetching_intake": _intake_job(checker, "fetching", minutes_quiet=120),
        "waiting_intake": _intake_job(checker, "queued", minutes_quiet=10),
        "old_failed_intake": _intake_job(checker, "failed", minutes_quiet=600),
    }


STALLED = {"queued_import", "running_import", "queued_intake", "fetching_intake"}


def _statuses(jobs) -> dict[str, str]:
    return {name: type(job).objects.get(pk=job.pk).status for name, job in jobs.items()}


@pytest.mark.django_db(transaction=True)
def test_beat_fails_the_jobs_that_stopped_making_progress_in_a_real_worker(jobs, worker, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["jobs-stalled-fail"]
    assert entry == {"task": "claims.tasks.jobs_stalled_fail", "schedule": 300.0}
    assert celery_app.amqp.router.route({}, entry["task"])["queue"].name == "default"
    before = _statuses(jobs)

    celery_app.send_task(entry["task"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _statuses(jobs) == before:
        time.sleep(0.1)

    assert _statuses(jobs) == {
        name: "failed" if name in STALLED else status for name, status in before.items()
    }
    error = {name: type(job).objects.get(pk=job.pk).error for name, job in jobs.items()}
    assert error["queued_import"] == (
        "The import was not started by a worker for 60 minutes, so it was stopped: upload the file again. "
        "No row was imported."
    )
    assert error["running_import"] == (
        "The import made no progress for 60 minutes, so it was stopped: upload the file again. "
        "The first 2,000 of 5,000 rows were read, and the good ones are in."
    )
    assert error["queued_intake"] == (
        "Could not read the article: no worker started reading it within 60 minutes, so it was stopped; "
        "try again."
    )
    assert error["fetching_intake"].startswith("Could not read the article: the fetch did not end within 60")
    assert error["busy_import"] == error["waiting_import"] == error["old_done_import"] == ""
    assert ImportJob.objects.get(pk=jobs["running_import"].pk).created_count == 1990  # the counts stay
    assert jobs_stalled_fail() == {"import_jobs": 0, "intake_jobs": 0}  # nothing more to do


def test_the_check_follows_the_setting(jobs, settings):
    settings.JOB_STALL_MINUTES = 100

    assert jobs_stalled_fail() == {"import_jobs": 0, "intake_jobs": 1}  # only the fetch quiet for 120
    assert IntakeJob.objects.get(pk=jobs["fetching_intake"].pk).status == "failed"


def test_an_import_failed_meanwhile_is_not_taken_up_again_by_its_worker(db, editor, settings):
    """The check fails a job whose worker hangs; if that worker comes back, it writes nothing more."""
    rows = [{"text": f"Claim number {n}.", "claimant": "Bulk Speaker"} for n in range(4500)]
    job = imports.import_job_create(
        file=io.BytesIO(jsonl(*rows)), actor=editor, name="c.jsonl", enqueue=False
    )
    failed_now = []

    def hang_after_the_first_batch(progress: ImportJob) -> None:
        if progress.rows_done and not failed_now:
            later = timezone.now() + datetime.timedelta(minutes=settings.JOB_STALL_MINUTES + 1)
            failed_now.append(jobs_stalled_fail(now=later))

    job = imports.import_job_run(job_id=job.pk, on_progress=hang_after_the_first_batch)

    assert failed_now == [{"import_jobs": 1, "intake_jobs": 0}]
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("The import made no progress for 60 minutes")
    assert (job.rows_done, job.created_count) == (BATCH_SIZE, BATCH_SIZE)
    assert Claim.objects.count() == BATCH_SIZE
    assert imports.import_job_run(job_id=job.pk).status == "failed"  # a redelivered message changes nothing
