import datetime

from django.core.management.base import CommandError

from evidence import services
from evidence.models import LinkChange
from factcheck.commands import OperatorCommand
from factcheck.numbers import is_whole_number

WORDS = {
    LinkChange.GONE: "gone",
    LinkChange.CHANGED: "changed",
    LinkChange.RESTORED: "back again",
}


def _days(raw: str) -> int:
    if not is_whole_number(raw.strip()) or int(raw) > 36500:
        raise ValueError(raw)
    return int(raw)


class Command(OperatorCommand):
    help = (
        "Fetch archived evidence and appearance URLs again, as the periodic link check does: a page "
        "gone (HTTP 4xx or 5xx, a name that no longer resolves) or changed (new content) is recorded "
        "as a new snapshot with the change noted, for the dashboard's and the API's list of links to "
        "look at. Demo content is never fetched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=_days,
            default=None,
            metavar="DAYS",
            help="Only links last checked more than DAYS days ago (default: LINK_RECHECK_DAYS; 0: all).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the checks for the worker instead of running them here.",
        )

    def handle(self, *args, older_than, enqueue, verbosity, **options):
        from django.conf import settings

        days = settings.LINK_RECHECK_DAYS if older_than is None else older_than
        if enqueue:
            queued = services.links_recheck_enqueue(older_than=datetime.timedelta(days=days))
            self.stdout.write(
                f"Queued {queued['rechecks']} link checks for the worker "
                f"(and {queued['archivings']} archivings whose task was lost)."
            )
            return
        due = services.snapshot_recheck_due(older_than=datetime.timedelta(days=days))
        counts = {"same": 0, **{word: 0 for word in WORDS.values()}}
        failures = 0
        for number, (target, target_id) in enumerate(due, start=1):
            try:
                snapshot = services.snapshot_recheck(
                    target=target, target_id=target_id, is_final_attempt=True
                )
            except Exception as error:  # one broken row must not stop the rest; reported, and exit 1
                failures += 1
                self.stderr.write(f"[{number}/{len(due)}] {target} {target_id}: the check failed: {error}")
                continue
            word = WORDS.get(snapshot.change, "same") if snapshot is not None else "same"
            counts[word] += 1
            if snapshot is not None and verbosity >= 1:
                self.stdout.write(
                    f"[{number}/{len(due)}] {target} {target_id} {snapshot.url}: {word}: {snapshot.note}"
                )
            elif verbosity >= 2:
                self.stdout.write(f"[{number}/{len(due)}] {target} {target_id}: same")
        summary = ", ".join(f"{count} {word}" for word, count in counts.items())
        plural = "s" if len(due) != 1 else ""
        self.stdout.write(f"Checked {len(due)} link{plural} last checked over {days} days ago: {summary}.")
        if failures:
            raise CommandError(f"{failures} check{'s' if failures != 1 else ''} failed (see above).")
