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
from dataclasses import dataclass, field

import numpy
from django.db import connection

from claims.matching.embedding import MODEL_DIMENSION, MODEL_NAME

# How many nearest claims the semantic stage adds to the lexical candidates.
SEMANTIC_POOL = 50
HNSW_EF_SEARCH = 100
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


def nearest(cursor, vector, *, k: int = SEMANTIC_POOL) -> dict[int, float]:
    """The k claims whose stored vector is nearest `vector`: {claim id: cosine similarity}."""
    if has_index(cursor):
        cursor.execute(f"SET hnsw.ef_search = {max(HNSW_EF_SEARCH, k)}")
        cursor.execute(
            f"""
            SELECT claim_id, 1 - ({_VECTOR_SQL} <=> %s::vector({MODEL_DIMENSION})) AS cosine
            FROM claims_claimembedding
            WHERE model = %s
            ORDER BY {_VECTOR_SQL} <=> %s::vector({MODEL_DIMENSION})
            LIMIT %s
            """,
            [vector_literal(vector), MODEL_NAME, vector_literal(vector), 2 * k],
        )
        best: dict[int, float] = {}
        for claim_id, cosine in cursor.fetchall():
            best[claim_id] = max(best.get(claim_id, -1.0), float(cosine))
        return dict(sorted(best.items(), key=lambda item: -item[1])[:k])
    return _exact(cursor).nearest(vector, k)


def cosines(cursor, vector, keys: list[tuple[int, str]]) -> dict[tuple[int, str], float]:
    """Cosine similarity of `vector` to each stored (claim id, text hash) that has one."""
    if not keys:
        return {}
    if has_index(cursor):
        cursor.execute(
            f"""
            SELECT claim_id, text_hash, 1 - ({_VECTOR_SQL} <=> %s::vector({MODEL_DIMENSION}))
            FROM claims_claimembedding
            WHERE model = %s AND claim_id = ANY(%s)
            """,
            [vector_literal(vector), MODEL_NAME, sorted({claim_id for claim_id, _ in keys})],
        )
        found = {(claim_id, digest): float(cosine) for claim_id, digest, cosine in cursor.fetchall()}
        return {key: found[key] for key in keys if key in found}
    return _exact(cursor).cosines(vector, keys)


@dataclass
class _Matrix:
    """Every stored vector of the model, for the exact search (one per database, per process)."""

    rows: dict[int, int] = field(default_factory=dict)  # embedding row id -> position
    claim_ids: list[int] = field(default_factory=list)
    keys: dict[tuple[int, str], int] = field(default_factory=dict)  # (claim id, hash) -> position
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
        for position in top[numpy.argsort(-scores[top])]:
            claim_id = self.claim_ids[position]
            best.setdefault(claim_id, float(scores[position]))
        return dict(list(best.items())[:k])

    def cosines(self, vector, keys) -> dict[tuple[int, str], float]:
        query = numpy.asarray(vector, dtype=numpy.float32)
        return {key: float(self.matrix[self.keys[key]] @ query) for key in keys if key in self.keys}


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
