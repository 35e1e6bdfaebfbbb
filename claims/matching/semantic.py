"""Matching, the semantic stage: the stored claims whose embedding is nearest a text's.

Rules:
- Where the server has pgvector (and migration 0008 could build the index), the nearest claims come
  from the HNSW index over the stored vectors (cosine distance), searched wide enough
  (`hnsw.ef_search`) that it misses almost nothing an exact search finds.
- Elsewhere (the extension is not installed: Debian's PostgreSQL packages none) the same answer
  comes from an exact search: every stored vector is held once per process in a float32 matrix,
  refreshed from the rows computed since it was read, and compared with one matrix product. Slower
  and larger (1.5 KB per claim per process), same answers; tests run both.
- Only vectors of the current model count, and a vector counts for a candidate only while it was
  computed from the very text compared (its hash): a claim whose text changed since is scored by
  the lexical stage alone until the worker catches up, never by its old meaning.
"""

import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy
from django.db import connection

from claims.matching.embedding import MODEL_DIMENSION, MODEL_NAME

# How many nearest claims the semantic stage adds to the lexical candidates (at least the answer's
# limit): 30, not 50, changed no CheckThat train answer's MAP@5 (bench/checkthat.py --pools).
SEMANTIC_POOL = 30
# The HNSW search's breadth (`hnsw.ef_search`); never below the rows asked for (twice the pool: a claim
# may have two stored texts), since pgvector returns at most ef_search rows. 60, not 100: a third less
# time at 1,000,000 claims, the same CheckThat train answers (docs/BENCHMARKS.md).
HNSW_EF_SEARCH = 60
HNSW_INDEX = "claim_embedding_hnsw"
# Rows written within this many seconds before the last refresh are read again (commits may land
# out of order); reading one twice changes nothing.
REFRESH_OVERLAP_SECONDS = 60

_VECTOR_SQL = f"(vector::vector({MODEL_DIMENSION}))"

_lock = threading.Lock()
_has_index: dict[str, bool] = {}


def vector_literal(vector) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in vector) + "]"


def has_index(cursor) -> bool:
    """Whether this database has pgvector and the HNSW index (looked up once per process)."""
    key = connection.settings_dict["NAME"]
    if key not in _has_index:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = %s)", [HNSW_INDEX])
        _has_index[key] = bool(cursor.fetchone()[0])
    return _has_index[key]


@dataclass
class Found:
    """What the semantic stage found for one query vector."""

    nearest: dict[int, float]  # the k nearest claims: {claim id: cosine}, nearest first
    cosine_of: dict[tuple[int, str], float]  # (claim id, text hash) -> cosine, for every row looked at


def search(cursor, vector, *, k: int = SEMANTIC_POOL, candidate_ids=()) -> Found:
    """The k claims nearest `vector`, and the cosine of every stored text of those claims and of
    `candidate_ids` (the other stage's), in one query (one count on the exact path)."""
    if has_index(cursor):
        return _indexed(cursor, vector, k, list(candidate_ids))
    matrix = _exact(cursor)
    nearest = matrix.nearest(vector, k)
    return Found(nearest=nearest, cosine_of=matrix.cosines_of(vector, set(candidate_ids) | set(nearest)))


def nearest(cursor, vector, *, k: int = SEMANTIC_POOL) -> dict[int, float]:
    """The k claims whose stored vector is nearest `vector`: {claim id: cosine similarity}."""
    return search(cursor, vector, k=k).nearest


_ef_search_set: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> value set


def _indexed(cursor, vector, k: int, candidate_ids: list[int]) -> Found:
    raw = cursor.connection
    breadth = max(HNSW_EF_SEARCH, 2 * k)
    if _ef_search_set.get(raw) != breadth:  # once per connection, and again when a query asks for more
        cursor.execute(f"SET hnsw.ef_search = {breadth}")
        _ef_search_set[raw] = breadth
    literal = vector_literal(vector)
    cursor.execute(
        f"""
        WITH near AS (
            SELECT claim_id FROM claims_claimembedding
            WHERE model = %(model)s
            ORDER BY {_VECTOR_SQL} <=> %(q)s::vector({MODEL_DIMENSION})
            LIMIT %(rows)s
        ), wanted AS (
            SELECT claim_id FROM near UNION SELECT unnest(%(ids)s::bigint[])
        )
        SELECT e.claim_id, e.text_hash, 1 - (e.{_VECTOR_SQL[1:-1]} <=> %(q)s::vector({MODEL_DIMENSION})),
               e.claim_id IN (SELECT claim_id FROM near)
        FROM wanted JOIN claims_claimembedding e ON e.claim_id = wanted.claim_id
        WHERE e.model = %(model)s
        """,
        {"model": MODEL_NAME, "q": literal, "rows": 2 * k, "ids": candidate_ids},
    )
    best: dict[int, float] = {}
    cosine_of = {}
    for claim_id, digest, cosine, is_near in cursor.fetchall():
        cosine_of[(claim_id, digest)] = float(cosine)
        if is_near:
            best[claim_id] = max(best.get(claim_id, -1.0), float(cosine))
    nearest = dict(sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k])
    return Found(nearest=nearest, cosine_of=cosine_of)


@dataclass
class _Matrix:
    """Every stored vector of the model, for the exact search (one per database, per process)."""

    rows: dict[int, int] = field(default_factory=dict)  # embedding row id -> position
    claim_ids: list[int] = field(default_factory=list)
    keys: dict[tuple[int, str], int] = field(default_factory=dict)  # (claim id, hash) -> position
    by_claim: dict[int, list[int]] = field(default_factory=dict)  # claim id -> its positions
    hashes: list[str] = field(default_factory=list)
    matrix: numpy.ndarray = field(default_factory=lambda: numpy.zeros((0, MODEL_DIMENSION), numpy.float32))
    read_up_to: object = None  # the latest computed_at read
    checked_at: float = 0.0

    def refresh(self, cursor) -> None:
        cursor.execute(
            "SELECT count(*), max(computed_at) FROM claims_claimembedding WHERE model = %s", [MODEL_NAME]
        )
        count, latest = cursor.fetchone()
        if count == len(self.rows) and latest == self.read_up_to:
            return
        if self.read_up_to is None or count < len(self.rows):
            self.__init__()
            cursor.execute(
                "SELECT id, claim_id, text_hash, vector::text FROM claims_claimembedding WHERE model = %s",
                [MODEL_NAME],
            )
        else:
            cursor.execute(
                "SELECT id, claim_id, text_hash, vector::text FROM claims_claimembedding "
                "WHERE model = %s AND computed_at >= %s - make_interval(secs => %s)",
                [MODEL_NAME, self.read_up_to, REFRESH_OVERLAP_SECONDS],
            )
        self._apply(cursor.fetchall())
        self.read_up_to = latest
        if len(self.rows) != count:  # rows deleted and added meanwhile: read them all next time
            self.read_up_to = None

    def _apply(self, fetched) -> None:
        added = []
        for row_id, claim_id, digest, text in fetched:
            vector = numpy.array(text.strip("{}").split(","), dtype=numpy.float32)
            position = self.rows.get(row_id)
            if position is None:
                position = len(self.claim_ids)
                self.rows[row_id] = position
                added.append(vector)
                self.claim_ids.append(claim_id)
                self.by_claim.setdefault(claim_id, []).append(position)
                self.hashes.append(digest)
            else:
                self.keys.pop((self.claim_ids[position], self.hashes[position]), None)
                self.matrix[position] = vector
                self.hashes[position] = digest
            self.keys[(claim_id, digest)] = position
        if added:
            self.matrix = numpy.vstack([self.matrix, numpy.stack(added)])

    def nearest(self, vector, k: int) -> dict[int, float]:
        if not self.claim_ids:
            return {}
        scores = self.matrix @ numpy.asarray(vector, dtype=numpy.float32)
        top = numpy.argpartition(-scores, min(2 * k, len(scores)) - 1)[: 2 * k]
        best: dict[int, float] = {}
        for position in top:
            claim_id = self.claim_ids[position]
            best[claim_id] = max(best.get(claim_id, -1.0), float(scores[position]))
        return dict(sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k])

    def cosines_of(self, vector, claim_ids: set[int]) -> dict[tuple[int, str], float]:
        query = numpy.asarray(vector, dtype=numpy.float32)
        return {
            (claim_id, self.hashes[position]): float(self.matrix[position] @ query)
            for claim_id in claim_ids
            for position in self.by_claim.get(claim_id, ())
        }


_matrices: dict[str, _Matrix] = {}


def _exact(cursor) -> _Matrix:
    key = connection.settings_dict["NAME"]
    with _lock:
        matrix = _matrices.setdefault(key, _Matrix())
        matrix.refresh(cursor)
        matrix.checked_at = time.monotonic()
        return matrix


def forget() -> None:
    """Drop what this process holds (between tests, or after a bulk load)."""
    with _lock:
        _matrices.clear()
        _has_index.clear()
