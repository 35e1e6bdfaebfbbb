"""Erase everything a reader sent with one email address: their requests, contact and emails."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import EmailValidator

from claims.requests import services
from factcheck.commands import OperatorCommand


class Command(OperatorCommand):
    help = "Erase every reader request sent with an email address (requests, the address, emails)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The requester's email address")

    def handle(self, *args, email: str, **options):
        try:
            EmailValidator()(email.strip())
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address", returncode=2) from None
        count = services.requests_erase(email=email)
        self.stdout.write(f"Erased {count} requests sent with that address.")
