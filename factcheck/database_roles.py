"""Append-only as a database privilege: the role the application runs as cannot rewrite history.

Rules this module enforces, in the database itself (triggers are a second line, not the guarantee):
- The app role may read and write the working tables, and only read and add rows to the append-only
  ones: every history (pghistory event) table and the tables in settings.APPEND_ONLY_MODELS
  (publications, transitions, reviews). No UPDATE, DELETE or TRUNCATE there, whatever a session sets
  (`pgtrigger.ignore`, `session_replication_role`), since a privilege is not a setting.
- The app role owns nothing and gets no TRIGGER privilege, so it cannot disable, drop or create a
  trigger; migrations run as another role (the owner), which is the only one that can.
- Granting is idempotent and runs after every `migrate` when DATABASE_APP_ROLE is set, so a table a
  migration adds is covered at once.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections
from psycopg import sql

from factcheck.errors import Conflict

WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
APPEND = ("SELECT", "INSERT")


def append_only_tables() -> list[str]:
    """The tables whose rows are never updated or deleted: history events and the declared models."""
    import pghistory.models

    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy and model._meta.managed
    }
    tables |= {apps.get_model(label)._meta.db_table for label in settings.APPEND_ONLY_MODELS}
    return sorted(tables)


def _check_role(cursor, role: str) -> None:
    cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
    found = cursor.fetchone()
    if found is None:
        raise Conflict(f"there is no database role {role!r}: create it first (CREATE ROLE {role} LOGIN)")
    if found[0] or found[1]:
        raise Conflict(f"the app role {role!r} is a superuser or bypasses row security: use a plain role")
    cursor.execute("SELECT current_user")
    if cursor.fetchone()[0] == role:
        raise Conflict(f"run this as the owner of the tables (the migrating role), not as {role!r}")
    cursor.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND pg_get_userbyid(c.relowner) = %s",
        [role],
    )
    if cursor.fetchone()[0]:
        raise Conflict(
            f"the app role {role!r} owns tables, so it could disable their triggers: "
            "make the migrating role their owner (ALTER TABLE ... OWNER TO ...)"
        )


def app_role_grant(*, role: str, using: str = "default") -> list[str]:
    """Give `role` what the application needs and nothing more; returns the append-only tables.

    Rules: the role must exist, be no superuser and own no table; it gets SELECT, INSERT, UPDATE and
    DELETE on working tables, SELECT and INSERT only on append-only ones, and the sequences it needs."""
    protected = append_only_tables()
    with connections[using].cursor() as cursor:
        _check_role(cursor, role)
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        who = sql.Identifier(role)
        cursor.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who))
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), who))
        # Start from nothing, so a privilege granted by hand earlier does not survive.
        cursor.execute(
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(sql.Identifier(schema), who)
        )
        cursor.execute(
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.SQL(", ").join(map(sql.SQL, WRITE)), sql.Identifier(schema), who
            )
        )
        cursor.execute(
            sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                sql.Identifier(schema), who
            )
        )
        for table in protected:
            cursor.execute(
                sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {} FROM {}").format(
                    sql.Identifier(table), who
                )
            )
    return protected
