"""Archiving survives what production throws at it, with real workers on the real Redis broker:
a worker killed with SIGKILL mid-task, a database connection dropped mid-task, a page that never answers."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection, connections

from evidence.models import Snapshot
from factcheck.celery import app as celery_app
from tests.evidence.conftest import BROKER_URL, wait_until
from tests.evidence.site import Page
from tests.factories import add_evidence, make_claim

BASE_DIR = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 3  # seconds before a message whose worker died is delivered again


def database_url() -> str:
    s = connection.settings_dict
    return "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
        **{k: s[k] or "" for k in ("USER", "HOST", "PORT", "NAME")}
    )


@pytest.fixture
def subprocess_broker(settings):
    """This process sends to Redis database 9 under a prefix of this test's own, as the worker reads it."""
    prefix = f"test-{uuid.uuid4().hex}:"
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = BROKER_URL
    celery_app.conf.broker_transport_options = {
        "global_keyprefix": prefix,
        "visibility_timeout": VISIBILITY_TIMEOUT,
    }
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield prefix
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    client = redis.Redis.from_url(BROKER_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()


class Worker:
    """`celery -A factcheck worker` as a process of its own (solo pool: the task runs in it)."""

    def __init__(self, *, prefix: str, site, media, log: Path):
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=BROKER_URL,
            CELERY_BROKER_KEY_PREFIX=prefix,
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            OUTBOUND_ALLOWLIST=f"127.0.0.1:{site.port}",
            EVIDENCE_ARCHIVING="true",
            MEDIA_ROOT=str(media),
            ARCHIVE_READ_TIMEOUT="120",
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


