"""manage.py create_api_token: the token alone on the last line; bad input: one line on stderr, a failure."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.models import ApiToken
from tests.database import subprocess_database_url

BASE_DIR = Path(__file__).resolve().parents[2]


def run_command(*args: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it, against the test database (it sees only committed rows)."""
    test_url = subprocess_database_url()
    return subprocess.run(
        [sys.executable, "manage.py", "create_api_token", *args],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": test_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_the_printed_token_works_with_its_scopes_and_expiry(reviewer):
    result = run_command(
        "--user",
        reviewer.username,
        "--scopes",
        "claims:read,factchecks:read",
        "--expires-days",
        "30",
        "--name",
        "Newsroom CMS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    secret = result.stdout.rstrip("\n").splitlines()[-1]
    assert secret.startswith("fcw_") and " " not in secret
    token = ApiToken.objects.get(user=reviewer)
    assert token.name == "Newsroom CMS"
    assert sorted(token.scopes) == ["claims:read", "factchecks:read"]
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 120
    assert secret not in token.key_hash  # only a hash is stored

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.post("/api/v1/claims/", {}, format="json").status_code == 403  # no write scope


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--user", "nobody", "--scopes", "claims:read"], "No member"),
        (["--user", "bob-test", "--scopes", "claims:fly"], "Unknown: claims:fly"),
        (["--user", "bob-test", "--scopes", "claims:read", "--expires-days", "0"], "--expires-days"),
        (["--user", "bob-test", "--scopes", "claims:read", "--name", "n" * 101], "100 characters"),
        (["--user", "bob-test"], "--scopes"),
        (["--scopes", "claims:read"], "--user"),
        (["--user", "bob-test", "--scopes", "claims:read", "--colour", "blue"], "unrecognized"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_a_failure(args, says, reviewer):
    result = run_command(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert result.stdout == ""
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_call_command_without_a_name_names_the_token_after_its_scopes(checker):
    out = io.StringIO()
    call_command("create_api_token", "--user", checker.username, "--scopes", "claims:submit", stdout=out)
    lines = out.getvalue().splitlines()
    assert "not shown again" in lines[0]
    token = ApiToken.objects.get(user=checker)
    assert token.name == "Token for claims:submit" and token.expires_at is None
    assert lines[-1].startswith("fcw_")
    with pytest.raises(CommandError, match="No member"):
        call_command("create_api_token", "--user", "ghost", "--scopes", "claims:read")
