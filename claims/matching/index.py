"""Keeping the stored embeddings current: what the `matching` queue's worker computes.

Rules:
- Every claim has one embedding of its text (kind `claim`), and a claim published with another
  statement than its current text (a revision under way) one more of the statement as last
  published (kind `published`); a `published` row that no longer differs is deleted.
- A row is current while its model is embedding.MODEL_NAME and its hash is the md5 of the text it
  stands for. Anything else is stale and is computed again; PostgreSQL finds the stale ones itself
  (`md5()` of the text), so no flag has to be kept in step with the claims.
- Writes are upserts on (claim, kind), one transaction per batch: running a batch twice leaves one
  row per claim and kind, and a worker killed mid-batch loses only that batch, which the next run
  (the periodic sweep, or the backfill command again) finds stale and computes.
- Saving a claim queues its embedding after commit (`embedding_refresh_on_commit`); a lost message
  is caught by the sweep.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import connection, transaction

from claims.matching import embedding

logger = logging.getLogger(__name__)

BATCH_SIZE = 64
# At most this many claims per periodic sweep (about a minute's work on two cores).
SWEEP_MAX_CLAIMS = 2000

_PUBLISHED_TEXT = """
    LEFT JOIN LATERAL (
        SELECT p.content -> 'claim' ->> 'text' AS text FROM claims_publication p
        WHERE p.claim_id = c.id ORDER BY p.version DESC LIMIT 1
    ) pub ON true"""

_STALE_SQL = f"""
    FROM claims_claim c{_PUBLISHED_TEXT}
    LEFT JOIN claims_claimembedding e ON e.claim_id = c.id AND e.kind = 'claim'
    LEFT JOIN claims_claimembedding ep ON ep.claim_id = c.id AND ep.kind = 'published'
    WHERE c.id > %(after)s AND (
        e.id IS NULL OR e.model <> %(model)s OR e.text_hash <> md5(c.text)
        OR (pub.text IS NOT NULL AND pub.text <> c.text
            AND (ep.id IS NULL OR ep.model <> %(model)s OR ep.text_hash <> md5(pub.text)))
        OR ((pub.text IS NULL OR pub.text = c.text) AND ep.id IS NOT NULL)
    )"""


def embeddings_stale_count() -> int:
    """How many claims have a missing or stale embedding."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*)" + _STALE_SQL, {"after": 0, "model": embedding.MODEL_NAME})
        return cursor.fetchone()[0]


def embeddings_stale_ids(*, after: int = 0, limit: int = BATCH_SIZE) -> list[int]:
    """The next `limit` claims (by id, after `after`) whose embeddings are missing or stale."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id" + _STALE_SQL + " ORDER BY c.id LIMIT %(limit)s",
            {"after": after, "model": embedding.MODEL_NAME, "limit": limit},
        )
        return [row[0] for row in cursor.fetchall()]


def embeddings_refresh(*, claim_ids: list[int]) -> int:
    """Compute and store the missing or stale embeddings of these claims; returns how many were written.

    Idempotent: current rows are left alone, and a claim deleted meanwhile is skipped.
    """
    if not claim_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.id, c.text, pub.text, e.text_hash, e.model, ep.text_hash, ep.model
            FROM claims_claim c{_PUBLISHED_TEXT}
            LEFT JOIN claims_claimembedding e ON e.claim_id = c.id AND e.kind = 'claim'
            LEFT JOIN claims_claimembedding ep ON ep.claim_id = c.id AND ep.kind = 'published'
            WHERE c.id = ANY(%s)
            """,
            [list(claim_ids)],
        )
        rows = cursor.fetchall()
    wanted: list[tuple[int, str, str]] = []  # (claim id, kind, text)
    drop_published: list[int] = []
    for claim_id, text, published, claim_hash, claim_model, pub_hash, pub_model in rows:
        if claim_model != embedding.MODEL_NAME or claim_hash != embedding.text_hash(text):
            wanted.append((claim_id, "claim", text))
        if published is not None and published != text:
            if pub_model != embedding.MODEL_NAME or pub_hash != embedding.text_hash(published):
                wanted.append((claim_id, "published", published))
        elif pub_hash is not None:
            drop_published.append(claim_id)
    vectors = embedding.encode([text for _, _, text in wanted]) if wanted else []
    with transaction.atomic(), connection.cursor() as cursor:
        if wanted:
            cursor.execute(
                """
                INSERT INTO claims_claimembedding (claim_id, kind, model, text_hash, vector, computed_at)
                SELECT u.claim_id, u.kind, %s, u.text_hash, u.vector::real[], clock_timestamp()
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])
                     AS u(claim_id, kind, text_hash, vector)
                WHERE EXISTS (SELECT 1 FROM claims_claim c WHERE c.id = u.claim_id)
                ON CONFLICT (claim_id, kind) DO UPDATE
                SET model = EXCLUDED.model, text_hash = EXCLUDED.text_hash, vector = EXCLUDED.vector,
                    computed_at = EXCLUDED.computed_at
                """,
                [
                    embedding.MODEL_NAME,
                    [claim_id for claim_id, _, _ in wanted],
                    [kind for _, kind, _ in wanted],
                    [embedding.text_hash(text) for _, _, text in wanted],
                    ["{" + ",".join(f"{x:.7g}" for x in vector) + "}" for vector in vectors],
                ],
            )
        if drop_published:
            cursor.execute(
                "DELETE FROM claims_claimembedding WHERE kind = 'published' AND claim_id = ANY(%s)",
                [drop_published],
            )
    return len(wanted)


def embeddings_backfill(
    *,
    batch_size: int = BATCH_SIZE,
    max_claims: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Compute every missing or stale embedding, batch by batch in id order; returns the claims done.

    Resumable: each batch commits on its own, and what a killed run left undone is still stale.
    """
    done, after = 0, 0
    while max_claims is None or done < max_claims:
        size = batch_size if max_claims is None else min(batch_size, max_claims - done)
        ids = embeddings_stale_ids(after=after, limit=size)
        if not ids:
            break
        embeddings_refresh(claim_ids=ids)
        done += len(ids)
        after = ids[-1]
        if progress is not None:
            progress(len(ids))
    return done


def embedding_refresh_on_commit(*, claim_id: int) -> None:
    """Queue the claim's embedding for when the transaction commits (call inside the service's)."""
    if settings.MATCH_EMBEDDINGS:
        transaction.on_commit(partial(_enqueue, claim_id))


def embeddings_sweep_queue() -> None:
    """Queue a sweep of stale embeddings now (after a bulk import, which saves claims without services)."""
    if not settings.MATCH_EMBEDDINGS:
        return
    from claims.matching import tasks

    try:
        tasks.embeddings_sweep.delay()
    except Exception:
        logger.exception("Could not queue an embeddings sweep")


def _enqueue(claim_id: int) -> None:
    from claims.matching import tasks

    try:
        tasks.claim_embedding_refresh.delay(claim_id)
    except Exception:
        # Runs after commit: the save stands, and the periodic sweep computes what was not queued.
        logger.exception("Could not queue the embedding of claim %s", claim_id)
