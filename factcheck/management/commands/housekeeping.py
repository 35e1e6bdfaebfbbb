from factcheck.commands import OperatorCommand
from factcheck.housekeeping import expired_records_delete


class Command(OperatorCommand):
    help = (
        "Delete what has outlived its retention, as the daily periodic task does: idempotency records "
        "older than IDEMPOTENCY_KEY_TTL_HOURS, intake jobs older than INTAKE_JOB_RETENTION_DAYS, "
        "finished webhook deliveries older than WEBHOOK_DELIVERY_RETENTION_DAYS, and the words of the "
        "search vocabulary no claim uses any more. Claims, evidence and their history are never touched."
    )

    def handle(self, *args, **options):
        deleted = expired_records_delete()
        self.stdout.write(
            "Deleted {idempotency_records:,} idempotency records, {intake_jobs:,} intake jobs, "
            "{webhook_deliveries:,} webhook deliveries, {search_words:,} unused search words; "
            "cleared {expired_secrets:,} expired webhook secrets.".format(**deleted)
        )
