from django.core.management.base import CommandError
from tqdm import tqdm

from claims.matching import embedding, index
from factcheck.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Compute the missing or stale sentence embeddings of every claim (and of published statements "
        "that differ from their claim's text), batch by batch, with a progress bar. Resumable: stopped "
        "at any point, run it again and it goes on where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=index.BATCH_SIZE, help=f"Claims per batch ({index.BATCH_SIZE})."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, batch_size, no_progress, **options):
        if not 1 <= batch_size <= 10_000:
            raise CommandError("--batch-size must lie between 1 and 10000", returncode=2)
        try:
            embedding.model_get()
        except embedding.ModelUnavailable as error:
            raise CommandError(f"the matching model {embedding.MODEL_NAME} did not load: {error}") from None
        total = index.embeddings_stale_count()
        with tqdm(
            total=total, unit="claim", disable=no_progress or None, file=self.stderr._out, smoothing=0.1
        ) as bar:
            done = index.embeddings_backfill(batch_size=batch_size, progress=bar.update)
        self.stderr.write(f"Embedded {done:,} claims ({embedding.MODEL_NAME}).")
