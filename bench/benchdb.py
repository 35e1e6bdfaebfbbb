"""A database of the bench's own: created if missing, migrated, and Django set up against it.

The intake and matching benches load tens of thousands (or a million) claims;
they never touch the development or test databases.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_intake_bench"


def settings_only() -> None:
    """Configure Django for what needs its settings and no database (the embedding model's, say)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")  # never opened
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def setup(url: str | None = None, *, migrate: bool = True) -> str:
    """Point Django at the bench database (BENCH_DATABASE_URL or the default), create and migrate it."""
    url = url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    _create_database(url)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, skip_checks=True)
    return url


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def truncate_claims() -> None:
    """Empty the claim tables (and their history) so a bench starts from nothing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_claim, claims_claimant, claims_claimevent, claims_claimantevent, "
            "claims_appearance, claims_appearanceevent, claims_intakejob RESTART IDENTITY CASCADE"
        )
