"""Matching: "was this already checked?" for any text, against every claim and published fact-check.

Two stages, fused:

1. Lexical (claims/matching/lexical.py): the claims sharing the text's telling words, from
   PostgreSQL full-text search, scored by the weighted share of words they have in common.
2. Semantic (claims/matching/semantic.py): the claims whose sentence embedding is nearest the
   text's (all-MiniLM-L6-v2, claims/matching/embedding.py), so a post that says the same thing in
   other words is found too.

Rules:
- Candidates are the union of both stages (CANDIDATE_POOL lexical, SEMANTIC_POOL nearest; the
  lexical stage alone re-ranks LEXICAL_ONLY_POOL when the model gives no vector). Each is
  scored FUSED_COSINE x its cosine similarity + FUSED_LEXICAL x its lexical score, and ranked on it.
- The query's embedding is computed in another thread while the lexical stage's SQL runs: a query
  waits for the longer of the two, not for both.
- A claim whose embedding is not computed yet (or was computed from an older text) is scored by the
  lexical stage alone, so it is still found while the worker catches up.
- At or above settings.MATCH_DUPLICATE_THRESHOLD a result is a `duplicate` (and the lexical
  guards hold: enough words, the same numbers and names), at or above MATCH_SIMILAR_THRESHOLD it is
  `similar`. Both thresholds were calibrated on CheckThat 2022 train tweets (docs/BENCHMARKS.md).
- Any text gets an answer in bounded time, possibly empty: it is cut at MAX_TEXT_CHARS, the model
  reads its opening only, and a text with no word and no meaning finds nothing.
- If the model cannot be loaded in a running process (start-up checks it: embedding.startup_check),
  the answer is the lexical stage's alone and the failure is logged, never a server error.
"""

import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from claims.matching import embedding, lexical, semantic
from claims.matching.lexical import MAX_TEXT_CHARS, Match, level_for, post_text

logger = logging.getLogger(__name__)

CANDIDATE_POOL = lexical.CANDIDATE_POOL
# When the semantic stage cannot answer (the model failed to load, or the text means nothing to it),
# the lexical stage re-ranks this many: its own best pool when it was the only stage.
LEXICAL_ONLY_POOL = 150
FUSED_COSINE = 0.55
FUSED_LEXICAL = 0.45


# The query's embedding runs beside the lexical stage's SQL (torch and the database both release the
# GIL): a query waits for the longer of the two, not their sum. A few threads, as many queries at once
# as a web process serves, so no query waits behind another's embedding.
EMBEDDING_THREADS = 4
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _forget_pool_after_fork() -> None:
    """A forked worker has none of its parent's threads: it starts its own pool on first use."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool_after_fork)


def _query_vector_started(text: str) -> Future:
    """The query's embedding, computed in another thread; `.result()` is its vector or None."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(EMBEDDING_THREADS, thread_name_prefix="query-embedding")
    return _pool.submit(_query_vector, text)


def _query_vector(text: str):
    try:
        return embedding.encode([text])[0]
    except embedding.ModelUnavailable as error:
        logger.error("Matching without its semantic stage: %s", error)
    except Exception:  # whatever the model makes of a text, the lexical stage still answers
        logger.exception("Matching without its semantic stage for this text")
    return None


def fused_score(lexical_score: float, cosine: float | None) -> float:
    """0..1: the fused score of a candidate (lexical alone while it has no current embedding)."""
    if cosine is None:
        return lexical_score
    return FUSED_COSINE * max(cosine, 0.0) + FUSED_LEXICAL * lexical_score


@dataclass(frozen=True)
class Scored:
    """One candidate with both stages' scores (before the threshold)."""

    row: tuple  # lexical.rows_by_ids' columns
    lexical: float
    cosine: float | None  # None: no embedding of this very text yet
    analysed: object  # the candidate's lexemes, for the duplicate guards

    @property
    def score(self) -> float:
        return fused_score(self.lexical, self.cosine)


def candidates_scored(
    text: str, *, limit: int, published_only: bool, exclude_ids
) -> tuple[object, list[Scored]]:
    """Both stages' candidates for a cleaned text, each with its lexical score and cosine."""
    embedded = _query_vector_started(text)
    options = {"published_only": published_only, "exclude_ids": exclude_ids}
    with connection.cursor() as cursor:
        query, vocabulary, stats = lexical.analyse_text(cursor, text)
        pool = max(CANDIDATE_POOL, limit)
        rows = lexical.candidates(cursor, query, vocabulary, stats, pool=pool, **options)
        vector = embedded.result()
        cosine_of = {}
        if vector is None or not vector.any():
            if len(rows) >= pool and LEXICAL_ONLY_POOL > pool:
                # The lexical stage answers alone: re-rank as many as it did before there was another.
                rows = lexical.candidates(cursor, query, vocabulary, stats, pool=LEXICAL_ONLY_POOL, **options)
        else:
            seen = {row[0] for row in rows}
            found = semantic.search(cursor, vector, k=max(semantic.SEMANTIC_POOL, limit), candidate_ids=seen)
            cosine_of = found.cosine_of
            missing = [i for i in found.nearest if i not in seen]
            if missing:
                rows += lexical.rows_by_ids(cursor, missing, **options)
    scored = []
    for row in rows:
        lexical_score, analysed = lexical.score(query, row, vocabulary, stats)
        cosine = cosine_of.get((row[0], embedding.text_hash(row[1])))
        scored.append(Scored(row=row, lexical=lexical_score, cosine=cosine, analysed=analysed))
    return query, scored


def claims_similar_to_text(
    *,
    text: str,
    limit: int = 10,
    min_score: float | None = None,
    published_only: bool = False,
    exclude_ids: tuple[int, ...] | list[int] = (),
) -> list[Match]:
    """Existing claims that state what `text` states, best first.

    By default only those at or above MATCH_SIMILAR_THRESHOLD (each with its
    level); pass `min_score=0` for a plain ranking. `published_only` keeps
    claims with a published fact-check and compares (and returns) the
    statement and claimant as last published, so a revision under way is
    never matched or shown.
    """
    text = post_text((text or "")[:MAX_TEXT_CHARS])
    if not text:
        return []
    threshold = settings.MATCH_SIMILAR_THRESHOLD if min_score is None else min_score
    query, scored = candidates_scored(
        text, limit=limit, published_only=published_only, exclude_ids=exclude_ids
    )
    matches = []
    for candidate in scored:
        score = candidate.score
        if score < threshold:
            continue
        claim_id, claim_text, state, duplicate_of_id, claimant, is_published, _ = candidate.row
        matches.append(
            Match(
                claim_id=claim_id,
                text=claim_text,
                claimant=claimant,
                state=state,
                score=score,
                level=level_for(score, query=query, claim=candidate.analysed),
                is_published=is_published,
                duplicate_of_id=duplicate_of_id,
            )
        )
    matches.sort(key=lambda m: (-m.score, -m.claim_id))
    return matches[:limit]


def claim_similar_for(claim, *, limit: int = 5) -> list[Match]:
    """Other claims that may already check this one ("possibly already checked"), best first.

    The claim itself, and the claim it is already linked to as a duplicate,
    are left out.
    """
    exclude = [claim.pk] + ([claim.duplicate_of_id] if claim.duplicate_of_id else [])
    return claims_similar_to_text(text=claim.text, limit=limit, exclude_ids=exclude)


def claims_similar_to_texts(*, texts: list[str], limit: int = 3) -> list[list[Match]]:
    """`claims_similar_to_text` for several texts (intake marks each candidate)."""
    return [claims_similar_to_text(text=text, limit=limit) for text in texts]
