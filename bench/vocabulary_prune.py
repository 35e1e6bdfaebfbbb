"""The daily prune of the typo vocabulary (claims.housekeeping `unused_search_words`): time and queries.

    .venv/bin/python bench/vocabulary_prune.py [--rows 100000] [--unused 20000] [--liar ../shared/data/liar]
        [--skip-load] [--timeout 600]

Builds (unless --skip-load) a database of its own, BENCH_DATABASE_URL or
postgres://postgres@127.0.0.1:5432/factcheck_prune_bench: --rows generated claims (bench/matching_speed.py's
generator over the LIAR train statements: real words, made-up names, loaded with COPY, search vectors
and GIN index built), then the vocabulary as the search triggers would have written it (every word of
every claim's text and claimant, `claims_search_words`). Then it times the prune as the daily
housekeeping runs it (`factcheck.housekeeping._delete_in_batches` over the registered query):

1. a pass that deletes nothing (every word is used), twice (the second warm);
2. a pass that deletes --unused made-up words (random letters, so they sort all over the vocabulary)
   added among the used ones: the words left must be exactly the used ones.

For each: wall time, the queries issued and the slowest of them; a statement longer than --timeout
seconds is cancelled and said so. Run it on two commits to compare.
"""

import argparse
import os
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import benchdb  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_prune_bench"


def vocabulary_fill(cursor) -> None:
    cursor.execute("TRUNCATE claims_searchword")
    cursor.execute(
        "INSERT INTO claims_searchword (word) SELECT DISTINCT w FROM ("
        " SELECT claims_search_words(text) AS w FROM claims_claim"
        " UNION ALL SELECT claims_search_words(name) FROM claims_claimant) words ON CONFLICT DO NOTHING"
    )
    cursor.execute("ANALYZE claims_searchword")


def unused_add(cursor, count: int) -> list[str]:
    rng = random.Random(11)
    words = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(7, 10))) for _ in range(count * 2)}
    cursor.execute("SELECT array_agg(word) FROM claims_searchword")
    words -= set(cursor.fetchone()[0])
    words = sorted(words)[: count * 3]
    rng.shuffle(words)
    chosen = sorted(words[:count])
    with cursor.cursor.copy("COPY claims_searchword (word) FROM STDIN") as copy:
        for word in chosen:
            copy.write_row((word,))
    cursor.execute("ANALYZE claims_searchword")
    return chosen


def prune(label: str) -> int:
    from django.db import OperationalError, connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from factcheck import housekeeping

    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        try:
            deleted = housekeeping._delete_in_batches(housekeeping.EXPIRING["search_words"](timezone.now()))
        except OperationalError as error:  # the statement timeout
            print(f"{label:38} cancelled after {time.perf_counter() - began:.0f} s: {str(error).strip()}")
            return -1
        took = time.perf_counter() - began
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    print(
        f"{label:38} {took:7.2f} s  deleted {deleted:>6,}  queries {len(queries):>3}  "
        f"slowest {', '.join(q['time'] + ' s' for q in slowest)}"
    )
    return deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--unused", type=int, default=20_000)
    parser.add_argument(
        "--liar", type=Path, default=None, help="The LIAR folder (bench/matching_liar.py's default)."
    )
    parser.add_argument("--skip-load", action="store_true", help="Use the claims already loaded.")
    parser.add_argument(
        "--timeout", type=int, default=600, help="Seconds a statement may take (then cancelled)."
    )
    args = parser.parse_args()

    os.environ.setdefault("PROCESS_START_CHECKS", "false")
    benchdb.setup(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL)
    from django.db import connection

    from bench.matching_liar import DEFAULT_LIAR, read_liar
    from bench.matching_speed import load
    from claims.models import SearchWord

    if not args.skip_load:
        statements = [r["statement"] for r in read_liar((args.liar or DEFAULT_LIAR) / "train.tsv")]
        for name, value in load(args.rows, statements).items():
            print(f"{name:32} {value if isinstance(value, tuple) else f'{value:.1f} s'}")
    with connection.cursor() as cursor:
        began = time.perf_counter()
        vocabulary_fill(cursor)
        cursor.execute("SELECT count(*) FROM claims_claim")
        claims = cursor.fetchone()[0]
        print(f"vocabulary from the claims       {time.perf_counter() - began:.1f} s")
    used = set(SearchWord.objects.values_list("word", flat=True))
    print(f"claims {claims:,}, vocabulary {len(used):,} words, all used")

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{args.timeout}s'")
    prune("nothing to delete (cold)")
    prune("nothing to delete (warm)")
    with connection.cursor() as cursor:
        added = unused_add(cursor, args.unused)
    deleted = prune(f"{len(added):,} unused among {len(used):,} used")
    if deleted < 0:
        return
    left = set(SearchWord.objects.values_list("word", flat=True))
    assert deleted == len(added) and left == used, (deleted, len(left ^ used))
    prune("nothing to delete (after)")


if __name__ == "__main__":
    main()
