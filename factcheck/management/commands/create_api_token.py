"""`manage.py create_api_token`: an operator on the server issues a token for a member.

Rules: the web never mints a token for someone else (a member creates their own on /account/tokens/);
this command may, because whoever runs it already holds the database and SECRET_KEY. History records
the command and the operator's login on the server, not the member, as who created it.
"""

import datetime
import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from factcheck.commands import OperatorCommand
from factcheck.errors import DomainError
from factcheck.models import TokenScope
from factcheck.numbers import is_whole_number
from factcheck.services import api_token_issue_on_server

MAX_EXPIRY_DAYS = 3650


def _positive_days(raw: str) -> int:
    if not is_whole_number(raw.strip()) or not 1 <= int(raw) <= MAX_EXPIRY_DAYS:
        raise ValueError
    return int(raw)


def _operator() -> str:
    """The login running the command, as the server knows it (for history)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "unknown"


class Command(OperatorCommand):
    help = (
        "Create an API token for a member and print it (alone, on the last line). "
        "Only its hash is stored: this is the one time it is shown. "
        f"Scopes: {', '.join(TokenScope.values)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The member's username.")
        parser.add_argument(
            "--scopes", required=True, help=f"Comma-separated, from: {', '.join(TokenScope.values)}."
        )
        parser.add_argument(
            "--expires-days",
            type=str,
            default=None,
            help=f"Days until the token expires (1 to {MAX_EXPIRY_DAYS}); without it, it never expires.",
        )
        parser.add_argument(
            "--name", default="", help="What the token is for (default: the first scope's use)."
        )

    def handle(self, *args, user, scopes, expires_days, name, **options):
        member = get_user_model().objects.filter(username=user.strip()).first()
        if member is None:
            raise CommandError(f"No member “{user}”: create them first with create_member.")
        scope_list = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        expires_at = None
        if expires_days is not None:
            try:
                days = _positive_days(expires_days)
            except ValueError:
                raise CommandError(
                    f"--expires-days must be a whole number from 1 to {MAX_EXPIRY_DAYS}, "
                    f"not {expires_days!r}."
                ) from None
            expires_at = timezone.now() + datetime.timedelta(days=days)
        name = name.strip() or f"Token for {', '.join(scope_list) or 'nothing'}"
        try:
            token, secret = api_token_issue_on_server(
                user=member, operator=_operator(), name=name, scopes=scope_list, expires_at=expires_at
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        expiry = f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "never expires"
        self.stdout.write(
            f"Token “{token.name}” for {member.username} ({member.role}): scopes {', '.join(token.scopes)}; "
            f"{expiry}. It acts as {member.username}: hand it only to them or their integration. "
            "Store it now: it is not shown again."
        )
        self.stdout.write(secret)
