import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import User
from factcheck.roles import Role
from tests.database import subprocess_database_url
from tests.factories import PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "a-long-and-unusual-passphrase-7"


def create_member(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("create_member", *args, stdout=out, **options)
    return out.getvalue()


def run_create_member(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """manage.py create_member as an operator runs it, against the test database."""
    # The subprocess only sees what this test committed (hence transaction=True on these tests).
    test_url = subprocess_database_url()
    return subprocess.run(
        [sys.executable, "manage.py", "create_member", *args],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": test_url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Through call_command --------------------------------------------------------


@pytest.mark.django_db
def test_creates_a_member_with_a_role_and_a_password():
    output = create_member(
        "carla", "--role", "reviewer", "--password", NEW_PASSWORD, "--email", "c@example.org"
    )

    member = User.objects.get(username="carla")
    assert member.role == Role.REVIEWER
    assert member.email == "c@example.org"
    assert member.check_password(NEW_PASSWORD)
    assert not member.is_staff and not member.is_superuser
    assert "Created member carla (reviewer)" in output


@pytest.mark.django_db
def test_updating_the_role_keeps_the_password_and_email():
    UserFactory(username="dan", role=Role.FACT_CHECKER, email="dan@example.org")

    output = create_member("dan", "--role", "editor")

    member = User.objects.get(username="dan")
    assert member.role == Role.EDITOR
    assert member.check_password(PASSWORD)
    assert member.email == "dan@example.org"
    assert User.objects.filter(username="dan").count() == 1
    assert "password unchanged" in output


@pytest.mark.django_db
def test_updating_with_a_password_replaces_it():
    UserFactory(username="dan", role=Role.FACT_CHECKER)

    create_member("dan", "--role", "fact-checker", "--password", NEW_PASSWORD)

    member = User.objects.get(username="dan")
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)


@pytest.mark.django_db
def test_admin_gets_the_django_admin_and_loses_it_with_another_role():
    create_member("root-ops", "--role", "admin", "--password", NEW_PASSWORD)
    member = User.objects.get(username="root-ops")
    assert member.role == Role.ADMIN
    assert member.is_staff and member.is_superuser

    create_member("root-ops", "--role", "editor")
    member.refresh_from_db()
    assert member.role == Role.EDITOR
    assert not member.is_staff and not member.is_superuser


@pytest.mark.django_db
def test_password_from_stdin_through_call_command():
    create_member("erika", "--role", "editor", "--password-stdin", stdin=io.StringIO(NEW_PASSWORD + "\n"))
    assert User.objects.get(username="erika").check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_refusals_through_call_command_raise_command_error_and_write_nothing():
    with pytest.raises(CommandError, match="Unknown role"):
        create_member("x-member", "--role", "wizard", "--password", NEW_PASSWORD)
    with pytest.raises(CommandError, match="too short"):
        create_member("x-member", "--role", "editor", "--password", "abc")
    with pytest.raises(CommandError, match="needs a password"):
        create_member("x-member", "--role", "editor")
    with pytest.raises(CommandError, match="--role"):
        create_member("x-member", "--password", NEW_PASSWORD)
    assert not User.objects.filter(username="x-member").exists()


@pytest.mark.django_db
def test_a_weak_password_leaves_an_existing_member_untouched():
    UserFactory(username="dan", role=Role.FACT_CHECKER)

    with pytest.raises(CommandError, match="too common"):
        create_member("dan", "--role", "admin", "--password", "password123")

    member = User.objects.get(username="dan")
    assert member.role == Role.FACT_CHECKER
    assert not member.is_superuser
    assert member.check_password(PASSWORD)


# --- As an operator runs it --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_line_creates_a_member():
    result = run_create_member("frank", "--role", "fact-checker", "--password", NEW_PASSWORD)

    assert result.returncode == 0, result.stderr
    assert "Created member frank" in result.stdout
    assert User.objects.get(username="frank").check_password(NEW_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_reads_the_password_from_stdin():
    result = run_create_member("grace", "--role", "admin", "--password-stdin", stdin=NEW_PASSWORD + "\n")

    assert result.returncode == 0, result.stderr
    member = User.objects.get(username="grace")
    assert member.check_password(NEW_PASSWORD)
    assert member.is_superuser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["henry", "--role", "wizard", "--password", NEW_PASSWORD], None, "Unknown role “wizard”"),
        (["henry", "--role", "editor", "--password", "henry"], None, "too similar to the username"),
        (["henry", "--role", "editor", "--password", "12345678"], None, "entirely numeric"),
        (["henry", "--role", "editor"], None, "needs a password"),
        (["henry", "--password", NEW_PASSWORD], None, "required: --role"),
        (["--role", "editor", "--password", NEW_PASSWORD], None, "required: username"),
        (
            ["henry", "--role", "editor", "--password", NEW_PASSWORD, "--password-stdin"],
            "x\n",
            "not allowed with",
        ),
        (["henry", "--role", "editor", "--password-stdin"], "", "standard input was empty"),
    ],
    ids=[
        "bad-role",
        "similar-password",
        "numeric-password",
        "no-password",
        "no-role",
        "no-username",
        "both-passwords",
        "empty-stdin",
    ],
)
def test_the_command_line_refuses_in_one_line(args, stdin, says):
    result = run_create_member(*args, stdin=stdin)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert not User.objects.filter(username="henry").exists()
