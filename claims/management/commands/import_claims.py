import logging
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import CommandError

from claims import job_failures
from claims.imports import jobs as imports
from claims.imports.rows import FIELDS
from claims.models import ImportFormat, ImportJob, ImportJobStatus
from factcheck.commands import OperatorCommand
from factcheck.errors import DomainError

logger = logging.getLogger(__name__)

BAR_WIDTH = 30
ERRORS_SHOWN = 200


class Command(OperatorCommand):
    help = (
        "Import claims from a JSON Lines, CSV, ClaimReview JSON-LD or DataFeed file, as the member "
        "--user (an editor or admin). Columns: " + ", ".join(FIELDS) + ". Rows already "
        "imported (same external_id, else same claimant and text) are skipped. Bad rows are listed "
        "with their line number and the good ones go in; the exit status is 1 when any row was bad, "
        "2 when the file could not be read at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--user", required=True, help="The importing member's username (editor or admin)."
        )
        parser.add_argument(
            "--format",
            choices=ImportFormat.values,
            default="",
            help="jsonl, csv or claimreview (default: told from the file's name and first bytes).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the import to the worker and follow its progress (default: import here).",
        )

    def handle(self, *args, file, user, format, enqueue, **options):
        member = get_user_model().objects.filter(username=user.strip()).first()
        if member is None:
            raise CommandError(f"No member “{user}”.", returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.", returncode=2)
        try:
            with path.open("rb") as handle:
                job = imports.import_job_create(
                    file=File(handle, name=path.name),
                    actor=member,
                    name=path.name,
                    fmt=format,
                    enqueue=enqueue,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from None
        self.stdout.write(
            f"Import {job.pk} of {path.name} ({job.get_format_display()}) as {member.username}."
        )
        if enqueue:
            job = self._follow(job)
        else:
            try:
                job = imports.import_job_run(job_id=job.pk, on_progress=self._draw)
            except Exception as error:
                # As the worker does (factcheck.job_tasks): the job ends failed, with the reason.
                logger.exception("Import %s stopped on an unexpected error", job.pk)
                job_failures.import_job_crashed(job_id=job.pk, error=error)
                job.refresh_from_db()
        self.stderr.write("")
        self._report(job)

    def _draw(self, job: ImportJob) -> None:
        total = job.total_rows or 0
        filled = round(BAR_WIDTH * job.rows_done / total) if total else 0
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {job.percent_done:3d}% {job.rows_done:,}/{total:,} rows", ending="")
        self.stderr.flush()

    def _follow(self, job: ImportJob) -> ImportJob:
        self.stdout.write("Waiting for the worker (Ctrl-C stops watching; the import goes on).")
        while True:
            job = ImportJob.objects.get(pk=job.pk)
            if job.status != ImportJobStatus.QUEUED:
                self._draw(job)
            if job.is_finished:
                return job
            time.sleep(0.5)

    def _report(self, job: ImportJob) -> None:
        if job.status == ImportJobStatus.FAILED:
            raise CommandError(f"The file could not be imported: {job.error}", returncode=2)
        self.stdout.write(
            f"{job.rows_done:,} rows: {job.created_count:,} claims created, {job.skipped_count:,} already "
            f"imported (skipped), {job.error_count:,} bad."
        )
        for error in job.errors[:ERRORS_SHOWN]:
            self.stderr.write(f"line {error['line']}: {error['reason']}")
        if job.error_count > min(len(job.errors), ERRORS_SHOWN):
            self.stderr.write(
                f"... and {job.error_count - min(len(job.errors), ERRORS_SHOWN):,} more bad rows."
            )
        if job.error_count:
            raise CommandError(
                f"{job.error_count:,} row{'s' if job.error_count != 1 else ''} could not be imported "
                "(see above).",
                returncode=1,
            )
