"""Matching speed at scale: build an index of N generated claims (default 1,000,000) and time queries.

    .venv/bin/python bench/matching_speed.py [--rows 1000000] [--queries 1000]

Claims are generated from the LIAR train statements (read where they lie,
never copied): each is a real statement with about a third of its words
swapped for others drawn by their frequency, names swapped for names from a
pool of 60,000 made-up ones, and numbers changed, so the vocabulary has the
long tail of a real archive. They are loaded with COPY into a staging table
and moved into claims_claim with their search vectors computed in the same
statement (history triggers are skipped for the bulk load, as an operator's
import would), then the GIN index is built and the table analysed, each timed.

Queries are rewrites (bench/matching_liar.py's rules) of randomly chosen
stored claims, timed end to end (claims.matching.claims_similar_to_text:
Python, both SQL round trips, re-ranking), after a warm-up.

Runs in its own database (BENCH_DATABASE_URL, default factcheck_intake_bench).
The machine is shared: run it once, last.
"""

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import benchdb  # noqa: E402
from bench.matching_liar import DEFAULT_LIAR, read_liar, rewrite  # noqa: E402

_TOKEN = re.compile(r"\S+")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+[,.;:]?$")
_NUMBER = re.compile(r"^\$?\d[\d,.]*%?[,.;:]?$")
_PLAIN = re.compile(r"^[a-z]+$")
SYLLABLES = "ka lo mi re tan vor bel dis gar hen ix jul kor lan mer nov pol quin ras sel tur ul ven".split()


def made_up_names(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(names)


def generator(statements: list[str], seed: int = 20250715):
    """Yield generated claim texts forever, deterministically."""
    rng = random.Random(seed)
    counts = Counter(w for s in statements for w in _TOKEN.findall(s.lower()) if _PLAIN.match(w))
    vocabulary = list(counts)
    weights = [counts[w] for w in vocabulary]
    cumulative, total = [], 0
    for weight in weights:
        total += weight
        cumulative.append(total)
    names = made_up_names(rng, 60_000)
    templates = [_TOKEN.findall(s) for s in statements]
    while True:
        words = list(rng.choice(templates))
        for i, word in enumerate(words):
            roll = rng.random()
            if _NUMBER.match(word):
                words[i] = str(rng.randint(1, 2000)) + ("%" if word.endswith("%") else "")
            elif i > 0 and _CAPITALISED.match(word):
                if roll < 0.7:
                    words[i] = rng.choice(names) + word[-1] if word[-1] in ",.;:" else rng.choice(names)
            elif _PLAIN.match(word) and roll < 0.33:
                words[i] = rng.choices(vocabulary, cum_weights=cumulative)[0]
        yield " ".join(words)


def load(rows: int, statements: list[str]) -> dict:
    from django.db import connection

    timings = {}
    benchdb.truncate_claims()
    texts = generator(statements)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS claim_search_vector_gin")
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_claim_stage "
            "(text text, claimant_id bigint, external_id text)"
        )
        cursor.execute("TRUNCATE bench_claim_stage")
        with cursor.cursor.copy(
            "COPY claims_claimant (name, title, kind, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(20_000):
                copy.write_row((f"Speaker {i}", "", "person", "now", "now"))
        cursor.execute("SELECT min(id), max(id) FROM claims_claimant")
        low, high = cursor.fetchone()
        rng = random.Random(7)
        with cursor.cursor.copy("COPY bench_claim_stage (text, claimant_id, external_id) FROM STDIN") as copy:
            for i in range(rows):
                copy.write_row((next(texts), rng.randint(low, high), f"gen:{i}"))
        timings["generate and copy"] = time.perf_counter() - began
        step = time.perf_counter()
        # The same vector the claim trigger computes; triggers (history too) are skipped for the bulk load.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO claims_claim (text, summary, claimant_id, language, topics, state, selection_reason,
                                      external_id, is_demo, created_at, updated_at, search_vector)
            SELECT s.text, '', s.claimant_id, 'en', '{}', 'new', '', s.external_id, false, now(), now(),
                   setweight(to_tsvector('english', s.text), 'A')
                   || setweight(to_tsvector('english', c.name), 'B')
            FROM bench_claim_stage s JOIN claims_claimant c ON c.id = s.claimant_id
            """
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        timings["insert with search vectors"] = time.perf_counter() - step
        step = time.perf_counter()
        cursor.execute("CREATE INDEX claim_search_vector_gin ON claims_claim USING gin (search_vector)")
        timings["GIN index build"] = time.perf_counter() - step
        step = time.perf_counter()
        cursor.execute("ANALYZE claims_claim")
        timings["analyze"] = time.perf_counter() - step
        cursor.execute("DROP TABLE bench_claim_stage")
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('claims_claim')), "
            "pg_size_pretty(pg_relation_size('claim_search_vector_gin'))"
        )
        timings["sizes"] = cursor.fetchone()
    timings["total"] = time.perf_counter() - began
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--skip-load", action="store_true", help="query the table as it is")
    args = parser.parse_args()

    benchdb.setup()
    from django.db import connection

    from claims import matching

    statements = [r["statement"] for r in read_liar(args.liar / "train.tsv")]
    if not args.skip_load:
        timings = load(args.rows, statements)
        for name, value in timings.items():
            print(f"{name:28} {value if isinstance(value, tuple) else f'{value:.1f} s'}")
    matching.statistics_forget()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        count = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id, text FROM claims_claim TABLESAMPLE SYSTEM (1) REPEATABLE (42) LIMIT %s",
            [args.queries + args.warmup],
        )
        sample = cursor.fetchall()
    random.Random(3).shuffle(sample)
    for _, text in sample[: args.warmup]:
        matching.claims_similar_to_text(text=rewrite(text, "warm"), limit=5, min_score=0)
    latencies, hits = [], 0
    for claim_id, text in sample[args.warmup :]:
        query = rewrite(text, f"speed:{claim_id}")
        began = time.perf_counter()
        found = matching.claims_similar_to_text(text=query, limit=5, min_score=0)
        latencies.append(time.perf_counter() - began)
        hits += bool(found) and (found[0].claim_id == claim_id or found[0].text == text)
    latencies.sort()
    n = len(latencies)
    print(f"claims: {count:,}; queries: {n} rewrites of stored claims (after {args.warmup} warm-up)")
    p50, p95 = statistics.median(latencies) * 1000, latencies[int(0.95 * (n - 1))] * 1000
    p99, top = latencies[int(0.99 * (n - 1))] * 1000, latencies[-1] * 1000
    print(f"latency: p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  max {top:.1f} ms")
    print(f"top-1 (the claim rewritten, or one with its very words): {hits / n:.3f}")


if __name__ == "__main__":
    main()
