"""`make run` and `make test`: everything a fresh machine needs, in one command each.

    python -m factcheck.launcher run    # database, migrations, demo, web server, worker, beat
    python -m factcheck.launcher test   # the whole test suite

When DATABASE_URL is unset, an embedded PostgreSQL (the pgserver package)
runs under .data/pgdata and keeps its data between runs. When
CELERY_BROKER_URL is unset, the worker uses a filesystem transport (factcheck/broker.py)
under .data/broker. Ctrl-C stops every process started here.
"""

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FACTCHECK_DATA_DIR", BASE_DIR / ".data"))
EMBEDDED_DB_NAME = "factcheck"
# The embedded server's roles: `postgres` owns the tables and migrates; the app runs as this one, which
# may only read and add to history (factcheck/database_roles.py).
EMBEDDED_APP_ROLE = "factcheck_app"


def say(message: str) -> None:
    print(f"[factcheck] {message}", flush=True)


def fail(message: str) -> "None":
    print(f"[factcheck] error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def embedded_database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL under .data/pgdata and return its URL."""
    # pgserver's platformdirs warns about XDG_RUNTIME_DIR on servers; it is harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import pgserver
    except ImportError:
        fail("the pgserver package is missing: run `make run` (it installs everything) or set DATABASE_URL")
    pgdata = DATA_DIR / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    say(f"starting the embedded PostgreSQL in {pgdata} ...")
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DB_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {EMBEDDED_DB_NAME};")
    server.psql(
        f"DO $$ BEGIN CREATE ROLE {EMBEDDED_APP_ROLE} LOGIN; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    )
    url = server.get_uri(EMBEDDED_DB_NAME)
    saved = DATA_DIR / "database_url"
    saved.write_text(with_user(url, EMBEDDED_APP_ROLE) + "\n")
    # manage.py commands run by hand find the embedded server while it runs.
    atexit.register(lambda: saved.unlink(missing_ok=True))
    return url


def with_user(url: str, user: str) -> str:
    """The same database URL, logging in as `user` (no password: the embedded server trusts its socket)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(user, safe='')}@{host}"))


def url_user(url: str) -> str:
    return unquote(urlsplit(url).username or "")


def child_environment() -> dict:
    """The environment of the processes started here; DATABASE_URL is the owner's (it migrates)."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    env["PYTHONUNBUFFERED"] = "1"
    if not env.get("DATABASE_URL", "").strip():
        env["DATABASE_URL"] = embedded_database_url()
        env["DATABASE_APP_ROLE"] = EMBEDDED_APP_ROLE
    else:
        say("using the database in DATABASE_URL")
    if not env.get("CELERY_BROKER_URL", "").strip():
        for folder in ("queue", "processed", "control"):
            (DATA_DIR / "broker" / folder).mkdir(parents=True, exist_ok=True)
    folder = mail_folder(env)
    if folder is not None:
        # Every process writes sent mail to the same folder, the one printed at start.
        env["EMAIL_FILE_PATH"] = str(folder)
        folder.mkdir(parents=True, exist_ok=True)
    return env


def mail_folder(env: dict) -> Path | None:
    """Where sent mail is kept as files (read them there), or None when it goes to an SMTP server.

    The same rule as factcheck/settings.py: EMAIL_URL first (file:///path or smtp://), then EMAIL_HOST
    or an EMAIL_BACKEND of one's own; otherwise files under .data/mail/ (or EMAIL_FILE_PATH)."""
    url = env.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        return Path(unquote(parts.path)) if parts.scheme.lower() == "file" else None
    backend = env.get("EMAIL_BACKEND", "").strip()
    if env.get("EMAIL_HOST", "").strip() or (backend and not backend.endswith("filebased.EmailBackend")):
        return None
    return Path(env.get("EMAIL_FILE_PATH", "").strip() or DATA_DIR / "mail")


def role_environments(env: dict) -> tuple[dict, dict]:
    """(the migrating owner's environment, the app's): two roles, so the app cannot rewrite history.

    Embedded: `postgres` migrates, `factcheck_app` runs the app. With DATABASE_URL: the app runs as its
    user, and MIGRATION_DATABASE_URL (when set) migrates and grants that user its privileges."""
    owner_env, app_env = dict(env), dict(env)
    if env.get("DATABASE_APP_ROLE") and not os.environ.get("DATABASE_URL", "").strip():
        app_env["DATABASE_URL"] = with_user(env["DATABASE_URL"], env["DATABASE_APP_ROLE"])
    elif env.get("MIGRATION_DATABASE_URL", "").strip():
        owner_env["DATABASE_URL"] = env["MIGRATION_DATABASE_URL"].strip()
        # The role granted is always the one the app logs in as: a DATABASE_APP_ROLE left in the
        # environment (by `make test` on the embedded server, say) must not name another one.
        owner_env["DATABASE_APP_ROLE"] = app_env["DATABASE_APP_ROLE"] = url_user(env["DATABASE_URL"])
    return owner_env, app_env


def manage(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, cwd=BASE_DIR)
    if result.returncode != 0:
        fail(f"`manage.py {' '.join(args)}` failed (exit {result.returncode}); see the lines above")


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def wait_for_http(url: str, processes: list, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            fail("a process stopped while starting; see the lines above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    fail(f"the web server did not answer at {url} within {timeout:.0f} s")


def stop_all(processes: list) -> None:
    # SIGTERM to each leader only: the worker then stops its own pool (a warm shutdown).
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 20
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of its group
        except (ProcessLookupError, PermissionError):
            pass


def run() -> None:
    host = "127.0.0.1"
    port = int(os.environ.get("PORT", "8000"))
    if not port_is_free(host, port):
        fail(f"port {port} on {host} is in use: stop what runs there, or start with PORT=8001 make run")
    env = child_environment()
    owner_env, env = role_environments(env)
    manage(owner_env, "migrate", "--noinput")
    manage(env, "seed_demo")
    processes: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        # Each child leads its own process group, so stopping it stops its children too.
        process = subprocess.Popen(list(args), env=env, cwd=BASE_DIR, start_new_session=True)
        processes.append(process)
        return process

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C, a closed terminal or a plain `kill` all stop everything started here,
    # also when a shell started us in the background with SIGINT ignored.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        start(sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload")
        start(sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--loglevel", "INFO")
        # Periodic work (link checks, lost webhook deliveries); its schedule file lives with the data.
        schedule = str(DATA_DIR / "celerybeat-schedule")
        start(sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel", "INFO", "-s", schedule)
        url = f"http://{host}:{port}/"
        wait_for_http(url + "accounts/login/", processes)
        from evidence.demo import DEMO_MEMBERS, DEMO_PASSWORD

        print("", flush=True)
        say(f"the workbench runs at {url}")
        say("demo logins (password for all: " + DEMO_PASSWORD + "):")
        for username, role in DEMO_MEMBERS:
            say(f"    {username:<8} {role}")
        folder = mail_folder(env)
        if folder is not None:
            say(f"sent mail is kept in {folder} (a .log file per connection; open it to read)")
        else:
            say("sent mail goes to the SMTP server in EMAIL_URL / EMAIL_HOST")
        say("a Celery worker and Celery beat run beside it; press Ctrl-C to stop everything")
        while True:
            for process in processes:
                if process.poll() is not None:
                    fail(f"`{' '.join(process.args)}` stopped (exit {process.returncode}); stopping the rest")
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("stopping ...")
    finally:
        stop_all(processes)


def test(pytest_args: list[str]) -> None:
    env = child_environment()
    # The suite logs in as the owner and makes its own roles where a test needs one (test_database_roles).
    env.pop("DATABASE_APP_ROLE", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args], env=env, cwd=BASE_DIR, check=False
    )
    if result.returncode == 5:
        fail("pytest collected no tests: that is a failure, not a pass")
    raise SystemExit(result.returncode)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"run", "test"}:
        fail("usage: python -m factcheck.launcher run | test [pytest arguments]")
    if argv[0] == "run":
        run()
    else:
        test(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
