"""The app served by a real WSGI server (gunicorn on loopback) against the test database.

Django's test client always declares a Content-Length and reads nothing from a socket; only a real
server shows what is refused before a body arrives, and how a chunked body is read.
"""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.database import subprocess_database_url

BASE_DIR = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(data_dir: Path, **environment: str):
    """Serve the app on a free loopback port (yielded) with these environment variables added."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": subprocess_database_url(),
        "FACTCHECK_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "true",
    }
    env.pop("CELERY_BROKER_URL", None)  # tasks enqueued on commit go to a broker folder of this test
    env |= environment
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + process.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    try:
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
