import sys

import pghistory
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from factcheck.commands import OperatorCommand
from factcheck.errors import DomainError
from factcheck.roles import Role
from factcheck.services import member_create_or_update


class Command(OperatorCommand):
    help = (
        "Create a member with a role, or change an existing member's role. "
        "A new member needs a password; an existing one keeps theirs unless a new one is given."
    )
    # call_command(..., stdin=StringIO("...")) feeds --password-stdin in tests and scripts.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        password = parser.add_mutually_exclusive_group()
        password.add_argument(
            "--password", help="The password (visible in the process list and shell history)."
        )
        password.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        parser.add_argument("--email")

    def handle(self, *args, username, role, password, password_stdin, email, **options):
        if password_stdin:
            password = (options.get("stdin") or sys.stdin).read().rstrip("\r\n")
            if not password:
                raise CommandError("--password-stdin was given but standard input was empty.")
        try:
            with pghistory.context(command="create_member"):
                member, created = member_create_or_update(
                    username=username, role=role, password=password, email=email
                )
        except ValidationError as error:
            message = " ".join(error.messages)
            if getattr(error, "code", None) == "password_required":
                message += " Give --password or --password-stdin."
            raise CommandError(message) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        if created:
            self.stdout.write(f"Created member {member.username} ({member.role}).")
        else:
            changed = "new password" if password is not None else "password unchanged"
            self.stdout.write(f"Updated member {member.username}: role {member.role}, {changed}.")
