"""A plain `celery -A factcheck worker` consumes every queue the project uses."""

import os
import subprocess
import sys
import time
from pathlib import Path

from factcheck.celery import QUEUE_NAMES
from tests.brokers import is_redis

BASE_DIR = Path(__file__).resolve().parents[2]


def test_plain_worker_consumes_every_queue(tmp_path, broker):
    env = dict(os.environ)  # the broker's URL and this test's key prefix: no other test's messages
    if not is_redis(broker.url):
        # No broker configured (a laptop): the filesystem transport, as `make run` uses.
        env["FACTCHECK_DATA_DIR"] = str(tmp_path)
        for folder in ("queue", "processed", "control"):
            (tmp_path / "broker" / folder).mkdir(parents=True)
    worker = subprocess.Popen(
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
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = worker.stdout.readline()
            if not line:
                break
            lines.append(line)
            if " ready." in line:
                break
        output = "".join(lines)
        assert " ready." in output, output
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    banner_queues = {line.split(".>", 1)[1].split()[0] for line in lines if line.strip().startswith(".>")}
    assert banner_queues == set(QUEUE_NAMES)
    assert {"default", "fetch", "webhooks", "matching"} <= banner_queues
