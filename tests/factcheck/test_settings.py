"""Settings come from the environment; the production profile passes `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.settings import parse_allowlist, parse_email_url

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args, **env_changes):
    env = {k: v for k, v in os.environ.items() if k not in env_changes or env_changes[k] is not None}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in a deployment
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "factcheck.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/15",  # never connected to by `check`
}


def test_production_profile_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_fail_check_deploy():
    # The check is real: the make-run defaults (DEBUG on, the development key) do not pass it.
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="true", SECRET_KEY=None)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DEBUG": "false", "SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG is false"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"REQUIRED_APPROVALS": "0"}, "REQUIRED_APPROVALS must be at least 1"),
        ({"REQUIRED_APPROVALS": "two"}, "REQUIRED_APPROVALS must be a whole number"),
        ({"OUTBOUND_ALLOWLIST": "127.0.0.1"}, "OUTBOUND_ALLOWLIST entries must look like host:port"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/x"}, "DATABASE_URL must point at PostgreSQL"),
        # Production throttles across all web processes, so their counters must be shared.
        ({**PRODUCTION, "CACHE_URL": None}, "CACHE_URL must be set when DEBUG is false"),
        ({**PRODUCTION, "CACHE_URL": " "}, "CACHE_URL must be set when DEBUG is false"),
        ({"CACHE_URL": "127.0.0.1:6379"}, "CACHE_URL must be a Redis URL"),
        ({"CACHE_URL": "memcached://:hunter2@cache:11211"}, "CACHE_URL must be a Redis URL"),
        ({"EMAIL_RETRY_SCHEDULE": "soon"}, "EMAIL_RETRY_SCHEDULE must be comma-separated seconds"),
        ({"EMAIL_RETRY_SCHEDULE": "30,-1"}, "EMAIL_RETRY_SCHEDULE delays must lie between 0 and 7 days"),
        ({"NOTIFICATION_DIGEST_HOUR": "24"}, "NOTIFICATION_DIGEST_HOUR must be an hour from 0 to 23"),
        ({"EMAIL_URL": "mail.example.org:25"}, "EMAIL_URL must look like smtp://"),
        ({"EMAIL_URL": "imap://u:hunter2@mail.example.org/"}, "EMAIL_URL must look like smtp://"),
        ({"EMAIL_URL": "smtp://u:hunter2@mail.example.org:port/"}, "EMAIL_URL must look like smtp://"),
        ({"EMAIL_URL": "smtp://u:hunter2@mail.example.org/?tls=maybe"}, "EMAIL_URL's tls must be 1 or 0"),
        ({"EMAIL_URL": "smtp://u:hunter2@mail.example.org/?tsl=1"}, "EMAIL_URL takes tls, ssl and timeout"),
        ({"EMAIL_URL": "smtps://u:hunter2@mail.example.org/?tls=1"}, "cannot ask for both tls"),
        ({"EMAIL_URL": "file://relative/path"}, "EMAIL_URL must look like smtp://"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(changes, message):
    result = manage("check", **changes)
    assert result.returncode != 0
    assert message in result.stderr
    assert "hunter2" not in result.stderr  # a refused URL's password is not repeated


def test_development_still_runs_without_a_shared_cache():
    result = manage("check", DEBUG="true", CACHE_URL=None)
    assert result.returncode == 0, result.stderr


def test_outbound_allowlist_parses_host_port_pairs():
    assert parse_allowlist(["127.0.0.1:8025", "[::1]:9000", "LocalHost:80"]) == {
        ("127.0.0.1", 8025),
        ("::1", 9000),
        ("localhost", 80),
    }
    assert parse_allowlist([]) == frozenset()
    for bad in ["127.0.0.1:", ":80", "host:99999", "host:http"]:
        with pytest.raises(ImproperlyConfigured):
            parse_allowlist([bad])


def test_required_approvals_defaults_to_one(settings):
    assert settings.REQUIRED_APPROVALS == 1


def test_email_url_gives_the_email_settings():
    assert parse_email_url("smtp://desk%40example.org:p%40ss@mail.example.org:2587/?tls=1&timeout=20") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2587,
        "EMAIL_HOST_USER": "desk@example.org",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 20,
    }
    smtps = parse_email_url("smtps://mail.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)
    assert parse_email_url("smtp://127.0.0.1")["EMAIL_PORT"] == 25
    assert parse_email_url("file:///srv/desk/mail") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": Path("/srv/desk/mail"),
    }


def test_email_url_is_what_the_running_app_uses(tmp_path):
    shown = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )
    result = manage(
        "shell", "-c", shown, EMAIL_URL="smtp://u:p@mail.example.org:2525/?tls=1", EMAIL_HOST="other"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "2525",
        "True",
    ]
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_FILE_PATH)",
        EMAIL_URL=f"file://{tmp_path}",
    )
    assert result.stdout.splitlines()[-1] == str(tmp_path)
