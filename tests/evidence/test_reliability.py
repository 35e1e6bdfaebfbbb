"""Archiving survives what production throws at it, with real workers on the real Redis broker:
a worker killed with SIGKILL mid-task, a database connection dropped mid-task, a page that never answers."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, connections

from claims.imports import jobs as imports
from claims.models import ImportJob
from evidence.models import Snapshot
from evidence.tasks import snapshot_archive
from factcheck.celery import app as celery_app
from tests.brokers import Broker, own_broker
from tests.database import subprocess_database_url
from tests.evidence.conftest import BROKER_URL
from tests.factories import add_evidence, make_claim
from tests.site import Page
from tests.workers import running_worker, wait_until

BASE_DIR = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 10  # seconds before a message whose worker died is delivered again


@pytest.fixture
def subprocess_broker(broker):
    """Redis database 9 under a prefix of this test's own, for this process and the worker processes,
    with a short visibility timeout: a message whose worker died comes back after it."""
    with own_broker(BROKER_URL, visibility_timeout=VISIBILITY_TIMEOUT) as own:
        yield own


class Worker:
    """`celery -A factcheck worker` as a process of its own (solo pool: the task runs in it)."""

    def __init__(self, *, broker: Broker, site, media, log: Path):
        env = dict(os.environ)
        env.update(
            broker.environment(),
            DATABASE_URL=subprocess_database_url(),
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            OUTBOUND_ALLOWLIST=f"127.0.0.1:{site.port}",
            EVIDENCE_ARCHIVING="true",
            MEDIA_ROOT=str(media),
            ARCHIVE_READ_TIMEOUT="120",
            ARCHIVE_TOTAL_TIMEOUT="120",
        )
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", "fetch", "--pool", "solo",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_archive_leaves_the_task_to_the_next_one_and_one_snapshot(
    archiving, site, media, checker, subprocess_broker, tmp_path
):
    site.pages["/report"] = Page(body=b"<title>Report</title><p>Archived once.</p>", stall_first=True)
    log = tmp_path / "workers.log"
    first = Worker(broker=subprocess_broker, site=site, media=media, log=log)
    second = None
    try:
        evidence = add_evidence(make_claim(author=checker), actor=checker, url=site.url("/report"))
        assert site.stalled.wait(timeout=120), log.read_text()  # the first worker is mid-fetch

        first.kill()  # SIGKILL: no warm shutdown, no acknowledgement, nothing written
        site.release()
        assert first.process.returncode == -signal.SIGKILL
        assert not Snapshot.objects.filter(evidence=evidence).exists()
        assert subprocess_broker.unacknowledged() == 1  # the message is held for whoever comes next

        second = Worker(broker=subprocess_broker, site=site, media=media, log=log)
        snapshot = wait_until(
            lambda: Snapshot.objects.filter(evidence=evidence).first(),
            timeout=120,
            message="the second worker",
        )
        # Acknowledged this time: nothing is left that could be delivered again.
        wait_until(
            lambda: subprocess_broker.unacknowledged() == 0 and subprocess_broker.queue_length("fetch") == 0,
            message="the acknowledgement",
        )
    finally:
        first.stop()
        if second is not None:
            second.stop()

    assert snapshot.error == "" and snapshot.title == "Report"
    assert Snapshot.objects.filter(evidence=evidence).count() == 1
    assert site.count("/report") == 2  # the killed try and the one that finished


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_dropped_mid_task_is_retried_and_completes(worker, site, checker):
    connection.ensure_connection()
    test_backend = connection.connection.info.backend_pid

    def drop_the_workers_connection(number):
        if number != 1:
            return
        # In the site's thread, a connection of its own: end every other session of the test database.
        handler = connections["default"]
        with handler.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                [test_backend],
            )
            dropped = sum(1 for (ok,) in cursor.fetchall() if ok)
        handler.close()
        drops.append(dropped)

    drops = []
    site.pages["/data"] = Page(body=b"<title>Data</title>", on_request=drop_the_workers_connection)

    evidence = add_evidence(make_claim(author=checker), actor=checker, url=site.url("/data"))

    snapshot = wait_until(lambda: Snapshot.objects.filter(evidence=evidence).first(), message="a snapshot")
    assert drops and drops[0] >= 1  # the worker's session was ended under it
    assert snapshot.error == "" and snapshot.title == "Data"
    assert site.count("/data") == 2  # the first try died writing; the retry fetched and wrote
    assert Snapshot.objects.filter(evidence=evidence).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_page_that_hangs_times_out_is_recorded_and_the_worker_goes_on(worker, site, checker, settings):
    settings.ARCHIVE_READ_TIMEOUT = 0.5
    settings.ARCHIVE_MAX_RETRIES = 1
    site.pages["/hangs"] = Page(delay=30)
    site.pages["/next"] = Page(body=b"<title>Next</title>")
    claim = make_claim(author=checker)
    started = time.monotonic()

    hanging = add_evidence(claim, actor=checker, url=site.url("/hangs"), title="Hangs")
    following = add_evidence(claim, actor=checker, url=site.url("/next"), title="Next")

    failed = wait_until(lambda: Snapshot.objects.filter(evidence=hanging).first(), message="the failure")
    done = wait_until(lambda: Snapshot.objects.filter(evidence=following).first(), message="the next page")
    assert failed.error == (
        f"gave up after repeated failures; last: 127.0.0.1:{site.port} did not answer within 0.5 s"
    )
    assert site.count("/hangs") == 2  # the first try and one retry
    assert done.error == "" and done.title == "Next"
    assert time.monotonic() - started < 20  # not the 30 s the page would have made it wait


# --- Separate queues: a flood of one kind of work does not hold up another ------------------------------


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("evidence.tasks.snapshot_archive", "fetch"),
        ("evidence.tasks.snapshot_recheck", "fetch"),
        ("evidence.tasks.links_recheck_due", "fetch"),
        ("claims.tasks.intake_job_fetch", "fetch"),
        ("factcheck.tasks.webhook_deliver", "webhooks"),
        ("claims.tasks.import_job_run", "default"),
    ],
)
def test_each_kind_of_work_has_its_queue(task, queue):
    route = celery_app.amqp.router.route({}, task)
    assert route["queue"].name == queue


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_archiving_does_not_hold_up_an_import(archiving, archive_broker, editor):
    for _ in range(300):  # nobody takes the fetch queue here: they all wait
        snapshot_archive.delay("evidence", 0)
    assert archive_broker.queue_length("fetch") == 300
    rows = "".join(json.dumps({"text": f"Claim {n}.", "claimant": "Someone"}) + "\n" for n in range(50))

    job = imports.import_job_create(file=io.BytesIO(rows.encode()), actor=editor, name="c.jsonl", fmt="jsonl")
    with running_worker(queues=("default",)):
        done = wait_until(
            lambda: ImportJob.objects.filter(pk=job.pk, status="done").first(),
            timeout=120,
            message="the import",
        )

    assert done.created_count == 50
    assert archive_broker.queue_length("fetch") == 300  # the flood is still there, untouched


@pytest.mark.django_db(transaction=True)
def test_one_worker_on_every_queue_takes_an_import_between_slow_fetches(
    archiving, archive_broker, site, editor
):
    """Even a single worker reading all queues (`make run`) serves the queues in turn: an import waits for
    at most the fetch in hand, not for the whole flood of fetches queued before it."""
    site.pages["/slow"] = Page(body=b"<title>Slow</title>", delay=1.0)
    claim = make_claim(author=editor)
    for number in range(30):
        add_evidence(claim, actor=editor, url=site.url("/slow"), title=f"Source {number}")
    assert archive_broker.queue_length("fetch") == 30
    rows = "".join(json.dumps({"text": f"Claim {n}.", "claimant": "Someone"}) + "\n" for n in range(20))

    job = imports.import_job_create(file=io.BytesIO(rows.encode()), actor=editor, name="c.jsonl", fmt="jsonl")
    with running_worker():
        done = wait_until(
            lambda: ImportJob.objects.filter(pk=job.pk, status="done").first(),
            timeout=60,
            message="the import",
        )
        fetched_meanwhile = site.count("/slow")

    assert done.created_count == 20
    assert fetched_meanwhile <= 5  # a fetch or so before the import, not the 30 (30 s) queued before it
    assert Snapshot.objects.filter(evidence__claim=claim).count() < 30
