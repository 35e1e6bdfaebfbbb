"""`make run`'s launcher: migrates, loads the demo, serves the login page, runs a worker, stops cleanly."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.database import subprocess_database_url
from tests.servers import free_port, lines_until, started


def children_of(pid: int) -> list[int]:
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in result.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; `ps` shows it as Z until its parent reaps it.
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout
    return bool(state.strip()) and not state.strip().startswith("Z")


APP_ROLE = "factcheck_app_launcher_test"


@pytest.mark.django_db(transaction=True)
def test_run_serves_login_and_demo_with_a_worker_and_ctrl_c_stops_everything(tmp_path):
    # Two roles, as production has them: the suite's login migrates, the app runs as a role of its own.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    owner_url = subprocess_database_url()
    app_url = subprocess_database_url(user=APP_ROLE)
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=app_url,
        MIGRATION_DATABASE_URL=owner_url,
        PORT=str(port),
        FACTCHECK_DATA_DIR=str(tmp_path),
        # Left by `make test` on the embedded server: it names another role and must not win.
        DATABASE_APP_ROLE="factcheck_app",
    )
    for name in ("EMAIL_URL", "EMAIL_HOST", "EMAIL_BACKEND", "EMAIL_FILE_PATH"):
        env.pop(name, None)  # the laptop default: files under the data dir
    env.pop("CELERY_BROKER_URL", None)  # the laptop default: filesystem transport under the data dir
    launcher = started([sys.executable, "-m", "factcheck.launcher", "run"], env=env)
    try:
        # Migrate and the demo, on a machine that may be busy.
        lines = lines_until(launcher, "Ctrl-C", timeout=300)
        output = "".join(lines)
        assert f"the workbench runs at http://127.0.0.1:{port}/" in output, output
        for username in ("alice", "bob", "erin", "admin"):
            assert username in output
        # Sent mail lands where a person can read it, and the launcher says where.
        assert f"sent mail is kept in {tmp_path / 'mail'} " in output, output
        assert (tmp_path / "mail").is_dir()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200
        assert 'name="username"' in page and "Log in" in page

        children = children_of(launcher.pid)
        assert len(children) == 3, children  # the web server, the worker and beat
        worker_seen = beat_seen = False
        for _ in range(120):
            worker_seen = any("celery@" in line and "ready" in line for line in lines)
            beat_seen = any("beat: Starting" in line for line in lines)
            if worker_seen and beat_seen:
                break
            lines.append(launcher.stdout.readline())
        assert worker_seen, "".join(lines)
        assert beat_seen, "".join(lines)
        # Beat says "Starting" before it writes its schedule file: give it a moment, not a race.
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("celerybeat-schedule*")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(tmp_path.glob("celerybeat-schedule*")), sorted(p.name for p in tmp_path.iterdir())

        from claims.models import Claim

        assert Claim.objects.filter(external_id__startswith="demo-").count() == 6
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'claims_claim', 'UPDATE'), "
                "has_table_privilege(%s, 'claims_claimevent', 'DELETE'), "
                "has_table_privilege(%s, 'claims_publication', 'UPDATE')",
                [APP_ROLE] * 3,
            )
            assert cursor.fetchone() == (True, False, False)

        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)
        time.sleep(0.5)
        assert not [pid for pid in children if alive(pid)]
    finally:
        if launcher.poll() is None:
            launcher.kill()


def test_the_role_granted_is_the_one_the_app_logs_in_as_whatever_the_environment_says():
    from factcheck.launcher import role_environments

    env = {
        "DATABASE_URL": "postgres://desk_app@127.0.0.1:5432/desk",
        "MIGRATION_DATABASE_URL": "postgres://desk_owner@127.0.0.1:5432/desk",
        "DATABASE_APP_ROLE": "factcheck_app",
    }
    owner_env, app_env = role_environments(env)
    assert owner_env["DATABASE_URL"] == "postgres://desk_owner@127.0.0.1:5432/desk"
    assert app_env["DATABASE_URL"] == "postgres://desk_app@127.0.0.1:5432/desk"
    assert owner_env["DATABASE_APP_ROLE"] == app_env["DATABASE_APP_ROLE"] == "desk_app"


def test_the_mail_folder_follows_the_settings_rule(tmp_path):
    from factcheck.launcher import DATA_DIR, mail_folder

    assert mail_folder({}) == DATA_DIR / "mail"
    assert mail_folder({"EMAIL_FILE_PATH": str(tmp_path)}) == tmp_path
    assert mail_folder({"EMAIL_URL": "file:///var/mail/desk%20box"}) == Path("/var/mail/desk box")
    assert mail_folder({"EMAIL_URL": "smtp://u:p@mail.example.org:587/?tls=1"}) is None
    assert mail_folder({"EMAIL_HOST": "mail.example.org"}) is None
    assert mail_folder({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}) is None
