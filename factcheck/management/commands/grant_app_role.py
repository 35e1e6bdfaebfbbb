from django.conf import settings

from factcheck.commands import OperatorCommand
from factcheck.database_roles import app_role_grant
from factcheck.errors import Conflict


class Command(OperatorCommand):
    help = (
        "Give the database role the application runs as exactly what it needs: read and write the "
        "working tables, only read and add to history, publications, transitions and reviews. Run it as "
        "the owner of the tables (the role that migrates); `migrate` runs it itself when "
        "DATABASE_APP_ROLE is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=settings.DATABASE_APP_ROLE or None, help="the app's role")

    def handle(self, *args, role=None, **options):
        from django.core.management.base import CommandError

        if not role:
            raise CommandError("name the app's role: --role NAME (or set DATABASE_APP_ROLE)", returncode=2)
        try:
            protected = app_role_grant(role=role)
        except Conflict as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(f"Role {role}: read and write, except {len(protected)} append-only tables.")
