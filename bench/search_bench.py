"""The desk's claim search on the 11,553 LIAR statements: how long a search takes, as the list page runs it.

    .venv/bin/python bench/search_bench.py [--liar ../shared/data/liar] [--rounds 20] [--reload]

Loads (once; --reload drops the database and starts over) a database of its own, BENCH_DATABASE_URL or
postgres://postgres@127.0.0.1:5432/factcheck_search_bench, with every statement of the LIAR train
and valid splits as a claim (the speaker as the claimant), where it was said as its appearance's
outlet, a verdict whose analysis names the label and the subjects, and one piece of evidence titled
after the subjects with the speaker's job as its excerpt. Rows go in through the ORM, so every
search trigger runs as in production. Then it times `claim_list(filters={"q": ...})` as the desk's
list page uses it (a count and the first page of 50) for each query below, `--rounds` times each,
and prints the median and the 95th percentile per query, the number of matches and the queries
issued. The data is read from where it lies; nothing of it is copied into the repository.
"""

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import benchdb  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_search_bench"
DEFAULT_LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"
PAGE = 50

QUERIES = [
    ("one word", "taxes"),
    ("common word", "health"),
    ("two words", "health care"),
    ("a name", "obama"),
    ("phrase", '"social security"'),
    ("excluding", "jobs -obama"),
    ("word form", "unemployed"),
    ("word form (prefix)", "employ"),
    ("typo", "helath"),
    ("typo", "unemploymnet"),
    ("typo, two words", "medicar cuts"),
    ("no match", "photosynthesis"),
]


def load(liar: Path) -> int:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from claims.models import Appearance, Claim, Claimant, Verdict
    from evidence.models import Evidence

    rows = []
    for split in ("train.tsv", "valid.tsv"):
        with open(liar / split, newline="", encoding="utf-8") as handle:
            rows.extend(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    user, _ = get_user_model().objects.get_or_create(username="search-bench")
    started = time.perf_counter()
    with transaction.atomic():
        claimants = {}
        for row in rows:
            speaker = (row[4] or "unknown").replace("-", " ").title()
            if speaker not in claimants:
                claimants[speaker] = Claimant(name=speaker[:200], title=row[5][:200])
        Claimant.objects.bulk_create(claimants.values(), batch_size=2000)
        claims = Claim.objects.bulk_create(
            [
                Claim(
                    text=row[2],
                    claimant=claimants[(row[4] or "unknown").replace("-", " ").title()],
                    topics=[s for s in row[3].split(",") if s][:5],
                    external_id=f"liar-{row[0]}",
                    created_by=user,
                )
                for row in rows
            ],
            batch_size=2000,
        )
        Appearance.objects.bulk_create(
            [
                Appearance(claim=claim, outlet=row[13][:200] or "unknown", is_first=True)
                for claim, row in zip(claims, rows, strict=True)
            ],
            batch_size=2000,
        )
        Verdict.objects.bulk_create(
            [
                Verdict(
                    claim=claim,
                    headline=f"Rated {row[1]}",
                    analysis=f"PolitiFact rated this statement {row[1]}."
                    f" Subjects: {row[3].replace(',', ', ')}.",
                    author=user,
                    last_edited_by=user,
                )
                for claim, row in zip(claims, rows, strict=True)
            ],
            batch_size=2000,
        )
        Evidence.objects.bulk_create(
            [
                Evidence(
                    claim=claim,
                    stance="context",
                    title=f"Background on {row[3].replace(',', ', ').replace('-', ' ')}",
                    url="https://example.org/",
                    excerpt=row[5],
                    added_by=user,
                )
                for claim, row in zip(claims, rows, strict=True)
            ],
            batch_size=2000,
        )
    print(f"loaded {len(claims):,} claims in {time.perf_counter() - started:.0f} s")
    return len(claims)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()

    import os

    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if args.reload:
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(url)
        with psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            user=config["USER"] or "postgres",
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
    benchdb.setup(url)
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim
    from claims.selectors import claim_list

    if args.reload or Claim.objects.count() < 11_000:
        load(args.liar)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"{Claim.objects.count():,} claims")
    print("| search | q | matches | p50 ms | p95 ms | queries |\n|---|---|---:|---:|---:|---:|")
    for label, q in QUERIES:
        timings = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                page = Paginator(claim_list(filters={"q": q}), PAGE).get_page(1)
                list(page.object_list)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"| {label} | `{q}` | {page.paginator.count:,} | {statistics.median(timings):.1f} | {p95:.1f} |"
            f" {len(queries)} |"
        )


if __name__ == "__main__":
    main()
