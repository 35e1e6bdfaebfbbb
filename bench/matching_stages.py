"""Where one matching query's time goes: the query's embedding, the lexical SQL, the nearest-vector
SQL, the rows only the semantic stage found, and the re-ranking in Python.

    BENCH_DATABASE_URL=... .venv/bin/python -m bench.matching_stages [--queries 200] [--warmup 20]
        [--tweets /work/shared/data/checkthat2022]

Used by bench/matching_million.py (`--stages`) on its loaded tables, and alone on any bench
database: the queries are then the CheckThat TRAIN tweets (`--tweets`) or rewrites of stored claims.
Each stage is timed by wrapping the function that does it (the wrapped function still runs: the
answer is the product's); the rest of a query (the fusion, the levels) is what is left of its
end-to-end time. Timing adds well under a millisecond a query.

The query's embedding runs in its own thread beside the lexical SQL (claims/matching/search.py):
its time is shown apart, and what the query pays for it is the wait for its result after the
lexical stage (the stages in the query's own thread add up to the whole).
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EMBEDDING = "query embedding (its own thread, beside the lexical SQL)"
WAIT = "waiting for the query's embedding"
# (label, module, function) in the order a query runs them.
STAGES = (
    (EMBEDDING, "claims.matching.embedding", "encode"),
    ("lexical: analyse the text (SQL)", "claims.matching.lexical", "analyse_text"),
    ("lexical: candidates (SQL)", "claims.matching.lexical", "candidates"),
    ("semantic: nearest vectors (SQL)", "claims.matching.semantic", "search"),
    ("semantic-only rows (SQL)", "claims.matching.lexical", "rows_by_ids"),
    ("re-rank: lexical score of each candidate", "claims.matching.lexical", "score"),
)


@contextmanager
def stages_timed():
    """Wrap each stage's function; yields {label: [seconds per query]} filled by `query_done()`."""
    import importlib

    current: dict[str, float] = {}
    per_query: dict[str, list[float]] = {label: [] for label, _, _ in STAGES}
    per_query[WAIT] = []
    originals = []
    for label, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(*args, _original=original, _label=label, **kwargs):
            began = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                current[_label] = current.get(_label, 0.0) + time.perf_counter() - began

        setattr(module, name, timed)
        originals.append((module, name, original))
    from claims.matching import search

    started = search._query_vector_started

    def started_timed(*args, **kwargs):
        return _TimedResult(started(*args, **kwargs), current)

    search._query_vector_started = started_timed
    originals.append((search, "_query_vector_started", started))

    def query_done():
        for label in per_query:
            per_query[label].append(current.get(label, 0.0))
        current.clear()

    try:
        yield per_query, query_done
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


class _TimedResult:
    """A future whose `.result()` wait is counted as WAIT."""

    def __init__(self, future, current: dict[str, float]):
        self.future, self.current = future, current

    def result(self):
        began = time.perf_counter()
        try:
            return self.future.result()
        finally:
            self.current[WAIT] = self.current.get(WAIT, 0.0) + time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def report(per_query: dict[str, list[float]], totals: list[float]) -> None:
    """A table: each stage's p50, p95 and mean in ms, and its share of the mean query."""
    mean_total = statistics.fmean(totals)
    in_query = [label for label in per_query if label != EMBEDDING]
    rest = [t - sum(per_query[label][i] for label in in_query) for i, t in enumerate(totals)]
    print("\n| stage | p50 ms | p95 ms | mean ms | share of the mean |\n|---|---:|---:|---:|---:|")
    rows = [*per_query.items(), ("the rest (fusion, levels, cursor)", rest), ("whole query", totals)]
    for label, values in rows:
        mean = statistics.fmean(values)
        print(
            f"| {label} | {statistics.median(values) * 1000:.1f} | {percentile(values, 0.95) * 1000:.1f} | "
            f"{mean * 1000:.1f} | {mean / mean_total:.0%} |"
        )


def run(texts: list[str], *, warmup: int) -> list[float]:
    """Ask each text (after `warmup` of them unmeasured), print where the time went; the latencies."""
    from claims import matching

    for text in texts[:warmup]:
        matching.claims_similar_to_text(text=text, limit=5)
    totals = []
    with stages_timed() as (per_query, query_done):
        for text in texts[warmup:]:
            began = time.perf_counter()
            matching.claims_similar_to_text(text=text, limit=5)
            totals.append(time.perf_counter() - began)
            query_done()
    report(per_query, totals)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--tweets", type=Path, help="CheckThat data folder: ask its TRAIN tweets.")
    args = parser.parse_args()
    os.environ.setdefault("PROCESS_START_CHECKS", "false")
    from bench import benchdb

    benchdb.setup(migrate=False)
    from django.db import connection

    from bench.matching_liar import rewrite
    from claims import matching

    if args.tweets:
        from bench.checkthat import read_qrels, read_queries

        queries = read_queries(args.tweets)
        texts = [queries[q] for q in sorted(read_qrels(args.tweets, "train"))]
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, text FROM claims_claim TABLESAMPLE SYSTEM (1) REPEATABLE (42) LIMIT %s",
                [args.queries + args.warmup],
            )
            texts = [rewrite(text, f"stages:{pk}") for pk, text in cursor.fetchall()]
    matching.statistics_forget()
    run(texts[: args.queries + args.warmup], warmup=args.warmup)


if __name__ == "__main__":
    main()
