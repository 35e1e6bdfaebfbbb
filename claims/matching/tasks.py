"""Worker tasks of matching, on the `matching` queue (settings.CELERY_TASK_ROUTES: claims.matching.*).

Each is idempotent (claims/matching/index.py): running one twice writes nothing more.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.matching import index


@shared_task(
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, retry_jitter=True, max_retries=5
)
def claim_embedding_refresh(claim_id: int) -> int:
    """Compute the embeddings of one claim if missing or stale (its text, its published statement)."""
    return index.embeddings_refresh(claim_ids=[claim_id])


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def embeddings_sweep() -> int:
    """Periodic: compute up to SWEEP_MAX_CLAIMS missing or stale embeddings (lost tasks, bulk imports)."""
    return index.embeddings_backfill(max_claims=index.SWEEP_MAX_CLAIMS)
