"""Matching: "was this already checked?" (claims/matching/search.py says how).

lexical.py   the full-text stage and the levels' guards
words.py     the lexical stage's word lists
embedding.py the sentence-embedding model (loaded once per process)
semantic.py  the nearest stored embeddings (pgvector HNSW where installed, else exact)
search.py    both stages fused: the public answer
index.py     keeping the stored embeddings current; tasks.py runs it on the `matching` queue

The names below are what the rest of the project imports (`from claims import matching`).
"""

from claims.matching.lexical import (
    DUPLICATE,
    MAX_TEXT_CHARS,
    SIMILAR,
    Match,
    _candidate_query,
    _Statistics,
    _Text,
    _Vocabulary,
    level_for,
    post_text,
    similarity,
)
from claims.matching.lexical import statistics_forget as _lexical_statistics_forget
from claims.matching.search import (
    CANDIDATE_POOL,
    claim_similar_for,
    claims_similar_to_text,
    claims_similar_to_texts,
)


def statistics_forget() -> None:
    """Drop what this process cached of the corpus: word statistics and stored vectors (after a bulk
    load, or between tests)."""
    from claims.matching import semantic

    _lexical_statistics_forget()
    semantic.forget()


__all__ = [
    "CANDIDATE_POOL",
    "DUPLICATE",
    "MAX_TEXT_CHARS",
    "SIMILAR",
    "Match",
    "_Statistics",
    "_Text",
    "_Vocabulary",
    "_candidate_query",
    "claim_similar_for",
    "claims_similar_to_text",
    "claims_similar_to_texts",
    "level_for",
    "post_text",
    "similarity",
    "statistics_forget",
]
