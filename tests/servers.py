"""The app as production runs it: gunicorn in a process of its own, against the test database."""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.database import subprocess_database_url

BASE_DIR = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def started(args: list[str], *, env: dict) -> subprocess.Popen:
    """A process run from the project's folder, its output and errors read as one stream of text lines."""
    return subprocess.Popen(
        args, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def lines_until(process: subprocess.Popen, marker: str, *, timeout: float) -> list[str]:
    """What a `started` process prints, up to the first line holding `marker` (or until it ends, or
    `timeout` seconds pass)."""
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            break
    return lines


# The two kinds of process that load the models at start (ClaimsConfig.start_check), for tests that
# start them with a model that cannot load.
START_PROCESSES = pytest.mark.parametrize(
    "process",
    [
        ["-c", "import factcheck.wsgi"],
        ["-m", "celery", "-A", "factcheck", "worker", "--pool=solo", "--loglevel=WARNING"],
    ],
    ids=["web", "worker"],
)


def start_refusal(process: list[str], tmp_path: Path, **setting: str) -> str:
    """Start `process` with the start-up checks on and `setting` in its environment; assert it stopped
    with exit code 3 and one `[factcheck]` line, no traceback; return that line."""
    env = os.environ | {
        "PROCESS_START_CHECKS": "true",
        "FACTCHECK_DATA_DIR": str(tmp_path / "data"),
        "DEBUG": "true",
        **setting,
    }
    result = subprocess.run(
        [sys.executable, *process], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 3, (result.returncode, result.stderr[-2000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("[factcheck]")]
    assert len(errors) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return errors[0]


def server_environment(data_dir: Path, **changes: str) -> dict:
    """The environment of a process serving the test database, with its own data folder."""
    env = os.environ | {
        "DATABASE_URL": subprocess_database_url(),
        "FACTCHECK_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    env.pop("CELERY_BROKER_URL", None)  # tasks enqueued on commit go to a broker folder of the test
    env.update(changes)
    return env


def _first_answer(process, port: int, log: Path, *, deadline: float) -> None:
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(1.0, deadline - time.monotonic()))
        try:
            conn.request("GET", "/api/v1/")
            conn.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail("gunicorn did not answer: " + log.read_text(errors="replace"))
            time.sleep(0.2)
        finally:
            conn.close()


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 1):
    """Yields the port gunicorn serves on; stops it (and fails with its output) when done."""
    port = free_port()
    log = Path(env["FACTCHECK_DATA_DIR"]) / f"gunicorn-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "factcheck.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail("gunicorn did not start: " + log.read_text(errors="replace"))
            time.sleep(0.2)
    # The port opens before the worker has loaded the app (and its models): ready means answering, so
    # a test that times a request measures the request, not the worker's start.
    _first_answer(process, port, log, deadline=time.monotonic() + 90)
    try:
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",  # no TLS proxy on loopback
    # Production requires a shared cache; the pages served in these tests only need one configured.
    "CACHE_URL": os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/1",
}


@pytest.fixture(scope="session")
def production_server(tmp_path_factory, django_db_setup):
    """gunicorn with DEBUG=false after `collectstatic`, as docs/DEPLOY.md runs it; yields its port.

    One server (and one collectstatic) for the whole run: it reads whatever rows the tests commit."""
    data_dir = tmp_path_factory.mktemp("production")
    env = server_environment(data_dir, STATIC_ROOT=str(data_dir / "static"), **PRODUCTION)
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    with gunicorn(env) as port:
        yield port
