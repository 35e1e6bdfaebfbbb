from django.core.management.base import CommandError

from claims.imports.exports import EXPORT_FORMATS, claims_export
from factcheck.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Export claims as JSON Lines or CSV (the columns import_claims reads), or the published "
        "fact-checks as a schema.org ClaimReview DataFeed, to standard output or --output FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=EXPORT_FORMATS, default="jsonl", help="jsonl (default), csv or datafeed."
        )
        parser.add_argument("--output", default="-", help="The file to write (default: standard output).")
        parser.add_argument("--include-demo", action="store_true", help="Include the demo's claims too.")

    def handle(self, *args, format, output, include_demo, **options):
        try:
            if output == "-":
                count = claims_export(fmt=format, out=self.stdout._out, include_demo=include_demo)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = claims_export(fmt=format, out=out, include_demo=include_demo)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}") from None
        noun = "fact-checks" if format == "datafeed" else "claims"
        self.stderr.write(f"Exported {count:,} {noun} as {format}.")
