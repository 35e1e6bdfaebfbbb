"""Bulk import speed: 100,000 claims from LIAR as JSON Lines, through the product's import, beside raw COPY.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--liar PATH] [--keep FILE]

LIAR (train and valid splits, read where they lie, never copied) is turned
into import rows: the statement, the speaker as claimant with their job
title, the subjects as topics, the context as the outlet, and PolitiFact's
label as a draft verdict's rating. The corpus is cycled until there are
`--rows` rows, each with a distinct external_id (`liar-<id>-<cycle>`).

Timed, in a database of the bench's own (BENCH_DATABASE_URL, default
factcheck_import_bench), each from empty claim tables:
1. the import as `manage.py import_claims` runs it (claims.imports.jobs: parse,
   check every row, find or create claimants, skip known rows, batched
   inserts with history recorded by the triggers, progress per batch);
2. the same file again (every row is skipped: nothing is created);
3. the ceiling: the same claimants, claims and verdicts loaded with raw COPY
   (no checks, no duplicate detection), with the triggers on (history and
   search vector, as the product needs them) and with them off (a floor the
   product may not use: no history).
"""

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import benchdb  # noqa: E402

DEFAULT_LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_import_bench"
RATINGS = {
    "true": "True",
    "mostly-true": "Mostly true",
    "half-true": "Half true",
    "barely-true": "Mostly false",
    "false": "False",
    "pants-fire": "False",
}
TABLES = (
    "claims_verdict, claims_verdictevent, claims_appearance, claims_appearanceevent, claims_claim, "
    "claims_claimevent, claims_claimant, claims_claimantevent, claims_importjob"
)


def liar_statements(folder: Path) -> list[dict]:
    """LIAR's train and valid rows as dicts (id, label, statement, speaker, title, subjects, context)."""
    rows = []
    for split in ("train.tsv", "valid.tsv"):
        with (folder / split).open(newline="", encoding="utf-8") as handle:
            for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(record) < 14 or not record[2].strip():
                    continue
                rows.append(
                    {
                        "id": record[0].removesuffix(".json"),
                        "label": record[1],
                        "statement": record[2].strip(),
                        "subjects": [s for s in record[3].split(",") if s.strip()],
                        "speaker": record[4].replace("-", " ").title().strip() or "Unknown",
                        "title": record[5].strip()[:200],
                        "context": record[13].strip()[:200],
                    }
                )
    return rows


def import_rows(statements: list[dict], count: int):
    """`count` import rows cycling through the statements, each with its own external_id."""
    for n in range(count):
        cycle, index = divmod(n, len(statements))
        s = statements[index]
        rating = RATINGS.get(s["label"], "")
        yield {
            "external_id": f"liar-{s['id']}-{cycle}",
            "text": s["statement"],
            "claimant": s["speaker"],
            "claimant_title": s["title"],
            "language": "en",
            "topics": [t.replace("-", " ") for t in s["subjects"]][:10],
            "outlet": s["context"],
            "rating": rating,
            "conclusion": f"PolitiFact rated it “{s['label']}”." if rating else "",
        }


def truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")


def counts() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        result = {}
        for table in (
            "claims_claim",
            "claims_claimevent",
            "claims_claimant",
            "claims_verdict",
            "claims_appearance",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[table] = cursor.fetchone()[0]
        return result


def run_import(path: Path, editor) -> tuple[float, object]:
    from django.core.files import File

    from claims.imports import jobs as imports

    started = time.perf_counter()
    with path.open("rb") as handle:
        job = imports.import_job_create(
            file=File(handle, name=path.name), actor=editor, name=path.name, enqueue=False
        )
    job = imports.import_job_run(job_id=job.pk)
    return time.perf_counter() - started, job


def raw_copy(rows: list[dict], editor, *, triggers: bool) -> float:
    """COPY claimants, claims and verdicts: no checks, no duplicate detection (the ceiling)."""
    from django.db import connection, transaction

    from claims.models import Rating

    ratings = {r.label: r.pk for r in Rating.objects.filter(scale__is_default=True)}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if not triggers:
            cursor.execute("SET LOCAL session_replication_role = replica")
        # Deferred foreign-key checks make every trigger's own statement go over the pending ones again:
        # quadratic in the rows of the transaction (see docs/BENCHMARKS.md). Checked row by row instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        claimants = sorted({(r["claimant"], r["claimant_title"]) for r in rows})
        with cursor.cursor.copy(
            "COPY claims_claimant (name, title, kind, created_at, updated_at) FROM STDIN"
        ) as copy:
            for name, title in claimants:
                copy.write_row((name, title, "person", "now", "now"))
        cursor.execute("SELECT id, name, title FROM claims_claimant")
        claimant_ids = {(name, title): pk for pk, name, title in cursor.fetchall()}
        columns = (
            "text, summary, claimant_id, language, topics, state, selection_reason, external_id, is_demo, "
            "created_by_id, created_at, updated_at"
        )
        with cursor.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (
                        r["text"], "", claimant_ids[(r["claimant"], r["claimant_title"])], r["language"],
                        r["topics"], "new", "", r["external_id"], False, editor.pk, "now", "now",
                    )
                )  # fmt: skip
        cursor.execute("SELECT external_id, id FROM claims_claim")
        claim_ids = dict(cursor.fetchall())
        verdict_columns = (
            "claim_id, rating_id, headline, conclusion, analysis, correction_note, correction_note_kind, "
            "revision, author_id, last_edited_by_id, is_demo, created_at, updated_at"
        )
        with cursor.cursor.copy(f"COPY claims_verdict ({verdict_columns}) FROM STDIN") as copy:
            for r in rows:
                if r["rating"]:
                    copy.write_row(
                        (
                            claim_ids[r["external_id"]], ratings[r["rating"]], "", r["conclusion"], "", "",
                            "", 1, editor.pk, editor.pk, False, "now", "now",
                        )
                    )  # fmt: skip
        with cursor.cursor.copy(
            "COPY claims_appearance "
            "(claim_id, url, outlet, medium, excerpt, is_first, created_at, updated_at) FROM STDIN"
        ) as copy:
            for r in rows:
                if r["outlet"]:
                    copy.write_row(
                        (claim_ids[r["external_id"]], "", r["outlet"], "other", "", True, "now", "now")
                    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--keep", type=Path, help="Also write the generated JSONL here.")
    args = parser.parse_args()

    import os

    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("EVIDENCE_ARCHIVING", "false")
    with tempfile.TemporaryDirectory() as media:
        os.environ["MEDIA_ROOT"] = media
        benchdb.setup()
        from django.contrib.auth import get_user_model

        from factcheck.roles import Role

        statements = liar_statements(args.liar)
        rows = list(import_rows(statements, args.rows))
        path = Path(media) / "liar.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if args.keep:
            args.keep.write_bytes(path.read_bytes())
        print(
            f"{len(statements):,} LIAR statements -> {len(rows):,} rows, "
            f"{path.stat().st_size / 1e6:.1f} MB of JSONL"
        )

        truncate()
        editor, _ = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"role": Role.EDITOR}
        )
        results = []

        seconds, job = run_import(path, editor)
        after = counts()
        assert job.created_count == len(rows), (job.created_count, job.errors[:5])
        assert after["claims_claimevent"] >= len(rows), after
        results.append(("import_claims (checks, claimants, duplicates, history)", seconds, job.created_count))
        print(f"import: {seconds:.1f} s, {job.created_count:,} created; rows now: {after}")

        seconds, again = run_import(path, editor)
        assert again.created_count == 0 and again.skipped_count == len(rows), (
            again.created_count,
            again.skipped_count,
        )
        assert counts()["claims_claim"] == len(rows)
        results.append(("the same file again (all skipped)", seconds, again.created_count))
        print(f"re-import: {seconds:.1f} s, {again.created_count} created, {again.skipped_count:,} skipped")

        for triggers in (True, False):
            truncate()
            seconds = raw_copy(rows, editor, triggers=triggers)
            label = (
                "raw COPY, triggers on (history, search vector)"
                if triggers
                else "raw COPY, triggers off (no history)"
            )
            results.append((label, seconds, counts()["claims_claim"]))
            print(f"{label}: {seconds:.1f} s")
        truncate()

        out = io.StringIO()
        out.write("| load | seconds | claims | rows/s |\n|---|---:|---:|---:|\n")
        for label, seconds, created in results:
            out.write(f"| {label} | {seconds:.1f} | {created:,} | {len(rows) / seconds:,.0f} |\n")
        print()
        print(out.getvalue())


if __name__ == "__main__":
    main()
