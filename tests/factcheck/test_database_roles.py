"""Append-only is a database privilege: the role the app runs as cannot rewrite history, whatever it
sets in its session, and cannot switch the guards off. Migrations run as another role (here: the
suite's own login, which owns the tables)."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from evidence import services as evidence_services
from factcheck.database_roles import append_only_tables
from tests.public_content import publish_sourced_factcheck
from tests.workflow import publish_revision, revise

ROLE = "factcheck_app_test"


@pytest.fixture
def app_role(transactional_db):
    with connection.cursor() as cursor:
        # Roles belong to the whole server; another run may have made this one already.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    call_command("grant_app_role", "--role", ROLE)
    return ROLE


def connect_as(role: str) -> psycopg.Connection:
    """A login as `role`, to the test database, the way the app's processes log in."""
    s = connection.settings_dict
    host = s["HOST"] or s["OPTIONS"].get("host") or None
    return psycopg.connect(dbname=s["NAME"], user=role, host=host, port=s["PORT"] or None, autocommit=True)


def ignore_every_trigger(table: str) -> str:
    """The audit's bypass: pgtrigger skips the triggers named in this session setting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
        )
        names = [row[0] for row in cursor.fetchall()]
    return "{" + ",".join(f"{table}:{name}" for name in names) + "}"


REWRITES = [
    ("claims_publication", "UPDATE claims_publication SET rating_label = 'True'"),
    ("claims_publication", "DELETE FROM claims_publication"),
    ("claims_publication", "TRUNCATE claims_publication CASCADE"),
    ("claims_transition", "UPDATE claims_transition SET comment = 'rewritten'"),
    ("claims_transition", "DELETE FROM claims_transition"),
    ("claims_review", "UPDATE claims_review SET comment = 'rewritten'"),
    ("claims_review", "DELETE FROM claims_review"),
    ("claims_claimevent", "UPDATE claims_claimevent SET text = 'rewritten'"),
    ("claims_claimevent", "DELETE FROM claims_claimevent"),
    ("claims_claimevent", "TRUNCATE claims_claimevent"),
    ("claims_publication", "ALTER TABLE claims_publication DISABLE TRIGGER ALL"),
    ("claims_claimevent", "ALTER TABLE claims_claimevent DISABLE TRIGGER USER"),
    ("claims_review", f"ALTER TABLE claims_review OWNER TO {ROLE}"),
]


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for table in ("claims_publication", "claims_transition", "claims_review", "claims_claimevent"):
            cursor.execute(f"SELECT count(*), md5(string_agg(t::text, '' ORDER BY t::text)) FROM {table} t")
            found[table] = cursor.fetchone()
        return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("table", "statement"), REWRITES, ids=[s for _, s in REWRITES])
def test_the_app_role_cannot_rewrite_history_even_with_the_triggers_told_to_ignore(
    app_role, checker, reviewer, editor, table, statement
):
    publish_sourced_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    before = counts()
    assert all(count for count, _ in before.values()), before

    with connect_as(app_role) as app:
        for setting in (None, "pgtrigger.ignore", "session_replication_role"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), app.transaction():
                if setting == "pgtrigger.ignore":
                    app.execute(
                        "SELECT set_config('pgtrigger.ignore', %s, true)", [ignore_every_trigger(table)]
                    )
                elif setting == "session_replication_role":
                    # Turns every trigger off, for superusers only: refused here, and so the statement.
                    app.execute("SET LOCAL session_replication_role = replica")
                app.execute(statement)
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_the_app_role_cannot_drop_a_guard_or_give_itself_the_privilege_back(app_role):
    with connect_as(app_role) as app:
        trigger = app.execute(
            "SELECT tgname FROM pg_trigger "
            "WHERE tgrelid = 'claims_publication'::regclass AND NOT tgisinternal"
        ).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(f'DROP TRIGGER "{trigger}" ON claims_publication')
        # A grant by a role that holds no grant option gives nothing (PostgreSQL only warns).
        app.execute(f"GRANT UPDATE, DELETE ON claims_review TO {ROLE}")
        assert app.execute(
            "SELECT has_table_privilege(%s, 'claims_review', 'UPDATE'), "
            "has_table_privilege(%s, 'claims_review', 'DELETE'), "
            "has_table_privilege(%s, 'claims_claimevent', 'DELETE')",
            [ROLE, ROLE, ROLE],
        ).fetchone() == (False, False, False)


@pytest.mark.django_db(transaction=True)
def test_every_history_table_is_append_only_for_the_app_role(app_role):
    tables = append_only_tables()
    assert {"claims_publication", "claims_transition", "claims_review", "claims_claimevent"} <= set(tables)
    assert "evidence_evidenceevent" in tables
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, 'INSERT'), has_table_privilege(%s, %s, 'SELECT'), "
                "has_table_privilege(%s, %s, 'UPDATE') OR has_table_privilege(%s, %s, 'DELETE') "
                "OR has_table_privilege(%s, %s, 'TRUNCATE') OR has_table_privilege(%s, %s, 'TRIGGER')",
                [ROLE, table] * 6,
            )
            assert cursor.fetchone() == (True, True, False), table


@pytest.mark.django_db(transaction=True)
def test_the_whole_workflow_runs_as_the_app_role(app_role, checker, reviewer, editor):
    """The product needs no privilege it was refused: log, research, review, publish, correct, remove."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        claim = publish_sourced_factcheck(checker=checker, reviewer=reviewer, editor=editor)
        claim = revise(claim, checker=checker, editor=editor)
        evidence = claim.evidence.order_by("pk").last()
        evidence_services.evidence_delete(evidence=evidence, actor=checker)
        claim = publish_revision(
            claim, checker=checker, reviewer=reviewer, editor=editor, note="Rating fixed."
        )
        assert claim.publications.count() == 2
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_the_command_refuses_a_missing_role_and_names_it(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="there is no database role 'no_such_role_here'"):
        call_command("grant_app_role", "--role", "no_such_role_here")
