"""A plain `celery -A factcheck worker` consumes every queue the project uses."""

import os
import sys

from factcheck.celery import QUEUE_NAMES
from tests.brokers import is_redis
from tests.servers import lines_until, started


def test_plain_worker_consumes_every_queue(tmp_path, broker):
    env = dict(os.environ)  # the broker's URL and this test's key prefix: no other test's messages
    if not is_redis(broker.url):
        # No broker configured (a laptop): the filesystem transport, as `make run` uses.
        env["FACTCHECK_DATA_DIR"] = str(tmp_path)
        for folder in ("queue", "processed", "control"):
            (tmp_path / "broker" / folder).mkdir(parents=True)
    worker = started(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
        ],
        env=env,
    )
    try:
        lines = lines_until(worker, " ready.", timeout=60)
        output = "".join(lines)
        assert " ready." in output, output
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    banner_queues = {line.split(".>", 1)[1].split()[0] for line in lines if line.strip().startswith(".>")}
    assert banner_queues == set(QUEUE_NAMES)
    assert {"default", "fetch", "webhooks", "matching"} <= banner_queues
