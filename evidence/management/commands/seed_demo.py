from django.core.management.base import CommandError

from evidence.demo import DEMO_MEMBERS, DEMO_PASSWORD, demo_load
from factcheck.commands import OperatorCommand
from factcheck.errors import DomainError


class Command(OperatorCommand):
    help = (
        "Load the demo members and fact-checks (July 2025 coverage of NVIDIA H20 exports to China). "
        "Safe to run again: what is already there is left as it is."
    )

    def handle(self, *args, **options):
        try:
            report = demo_load()
        except DomainError as error:
            raise CommandError(error.message) from None
        if report.members_created:
            self.stdout.write(f"Created members: {', '.join(report.members_created)}.")
        if report.members_existing:
            self.stdout.write(f"Members already there, left unchanged: {', '.join(report.members_existing)}.")
        for external_id, state in report.claims_created:
            self.stdout.write(f"Loaded demo claim {external_id} ({state}).")
        if report.claims_existing:
            self.stdout.write(f"Demo claims already there, skipped: {', '.join(report.claims_existing)}.")
        if not report.members_created and not report.claims_created:
            self.stdout.write("The demo was already loaded; nothing changed.")
        # A member who existed before the demo keeps their own password.
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_MEMBERS:
            self.stdout.write(f"    {username:<8} {role}")
