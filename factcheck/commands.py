"""The base of the project's management commands: a wrong argument is one line that says what to fix.

argparse prints the whole usage and exits; an operator needs the one thing that is wrong, on standard
error, and a non-zero exit status (2, as argparse and `CommandError(returncode=2)` use).
"""

import sys

from django.core.management.base import BaseCommand, CommandError


class OperatorCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self._refuse_arguments
        return parser

    def _refuse_arguments(self, message):
        raise CommandError(f"{message} (see --help)", returncode=2)

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError as error:
            # Argument errors are raised before BaseCommand's own handler is in place.
            if "--traceback" in argv:
                raise
            self.stderr.write(f"CommandError: {error}")
            sys.exit(error.returncode)
