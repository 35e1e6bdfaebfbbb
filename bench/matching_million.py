"""Semantic matching at scale: N claims (default 1,000,000) with stored embeddings, one query at a time.

    BENCH_DATABASE_URL=... .venv/bin/python -m bench.matching_million [--rows 1000000] [--queries 300]
        [--embedded] [--skip-load] [--throughput 2000] [--stages] [--seed 42]

- Claims: generated from the LIAR train statements as bench/matching_speed.py does (real words,
  swapped), loaded with COPY, search vectors and GIN index built (timed there).
- Stored vectors: SYNTHETIC (embedding a million texts takes hours on two cores): unit vectors of
  the model's dimension, drawn around 2,000 random centres so that they cluster as real ones do
  (a claim's cosine to its centre about 0.6), written with a binary COPY, each with its claim's text
  hash so the matcher counts it as current.
- Index: pgvector's HNSW built over them where the server has pgvector (`--embedded` starts the
  embedded PostgreSQL, which has it, under .data/bench-pg); elsewhere the exact search.
- Queries: REAL. Rewrites (bench/matching_liar.py's rules) of stored claims' texts, each through
  `claims.matching.claims_similar_to_text` end to end: the query's own embedding by the model,
  the lexical stage, the nearest vectors, the fusion. p50/p95/p99 after a warm-up.
- Embedding throughput, measured apart on REAL text: `--throughput N` LIAR statements through
  `embedding.encode` in the worker's batches, claims/s; the time to backfill N claims follows from it.
- `--stages`: the timed queries are also timed stage by stage (bench/matching_stages.py).
- Memory: the resident set (VmRSS) of this process, which by then holds what a web process holds
  (Django, the model, the exact search's matrix when there is no index), after the queries.

Runs in its own database (BENCH_DATABASE_URL, default factcheck_million_bench). Run it once, last.
"""

import argparse
import os
import random
import statistics
import struct
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import benchdb  # noqa: E402
from bench.matching_liar import DEFAULT_LIAR, read_liar, rewrite  # noqa: E402

CENTRES = 2000
SPREAD = 0.045  # per-dimension noise around a centre: a claim's cosine to its centre about 0.6


def embedded_url() -> str:
    import pgserver

    folder = ROOT / ".data" / "bench-pg"
    folder.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode=None)
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'million';")
    if "1 row" not in exists:
        server.psql("CREATE DATABASE million;")
    return server.get_uri("million")


def rss_mb(pid: str = "self") -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, amount = line.split(":")
            values[name] = int(amount.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def vectors_load(cursor) -> dict:
    """Synthetic clustered unit vectors for every claim, by binary COPY; then the HNSW index if any."""
    import numpy

    from claims.matching import embedding, semantic

    timings = {}
    began = time.perf_counter()
    cursor.execute("DROP INDEX IF EXISTS " + semantic.HNSW_INDEX)
    cursor.execute("TRUNCATE claims_claimembedding")
    cursor.execute("SELECT id, md5(text) FROM claims_claim ORDER BY id")
    rows = cursor.fetchall()
    rng = numpy.random.default_rng(12)
    dimension = embedding.MODEL_DIMENSION
    centres = rng.standard_normal((CENTRES, dimension)).astype(numpy.float32)
    centres /= numpy.linalg.norm(centres, axis=1, keepdims=True)
    model = embedding.MODEL_NAME.encode()
    now = int((time.time() - 946684800) * 1_000_000)  # PostgreSQL's epoch is 2000-01-01
    head = struct.pack("!iiiii", 1, 0, 700, dimension, 1)  # one dimension, no nulls, float4, n, from 1
    chunk = 20_000
    with cursor.cursor.copy(
        "COPY claims_claimembedding (claim_id, kind, model, text_hash, vector, computed_at) "
        "FROM STDIN WITH (FORMAT binary)"
    ) as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0))
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            picks = rng.integers(0, CENTRES, len(part))
            vectors = (
                centres[picks] + rng.standard_normal((len(part), dimension)).astype(numpy.float32) * SPREAD
            )
            vectors /= numpy.linalg.norm(vectors, axis=1, keepdims=True)
            # Each element: its length (4) then the float, big-endian, as binary COPY wants them.
            elements = numpy.empty((len(part), dimension, 2), dtype=">i4")
            elements[:, :, 0] = 4
            elements[:, :, 1] = vectors.astype(">f4").view(">i4")
            array_bytes = len(head) + dimension * 8
            out = bytearray()
            for (claim_id, digest), body in zip(part, elements, strict=True):
                out += struct.pack("!hiq", 6, 8, claim_id)
                out += struct.pack("!i", 5) + b"claim"
                out += struct.pack("!i", len(model)) + model
                out += struct.pack("!i", 32) + digest.encode()
                out += struct.pack("!i", array_bytes) + head + body.tobytes()
                out += struct.pack("!iq", 8, now)
            copy.write(bytes(out))
        copy.write(struct.pack("!h", -1))
    timings["write the synthetic vectors"] = time.perf_counter() - began
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')")
    if cursor.fetchone()[0]:
        step = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute(
            f"CREATE INDEX {semantic.HNSW_INDEX} ON claims_claimembedding "
            f"USING hnsw ((vector::vector({dimension})) vector_cosine_ops)"
        )
        timings["HNSW index build"] = time.perf_counter() - step
        cursor.execute(f"SELECT pg_size_pretty(pg_relation_size('{semantic.HNSW_INDEX}'))")
        timings["HNSW index size"] = cursor.fetchone()[0]
    cursor.execute("ANALYZE claims_claimembedding")
    cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('claims_claimembedding'))")
    timings["embedding table size"] = cursor.fetchone()[0]
    return timings


def throughput(statements: list[str], count: int) -> float:
    """Claims/s of embedding real text in the worker's batches (the model warm)."""
    from claims.matching import embedding, index

    embedding.encode(statements[:8])
    texts = statements[:count]
    began = time.perf_counter()
    for start in range(0, len(texts), index.BATCH_SIZE):
        embedding.encode(texts[start : start + index.BATCH_SIZE])
    return len(texts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--embedded", action="store_true", help="Use the embedded PostgreSQL (pgvector).")
    parser.add_argument("--skip-load", action="store_true", help="Query the tables as they are.")
    parser.add_argument("--throughput", type=int, default=2000, help="Real statements to embed for claims/s.")
    parser.add_argument(
        "--seed", type=int, default=42, help="Which claims the queries rewrite (another: claims no run read)."
    )
    parser.add_argument(
        "--stages", action="store_true", help="Also where the time goes (bench/matching_stages.py)."
    )
    args = parser.parse_args()

    os.environ.setdefault("PROCESS_START_CHECKS", "false")
    url = embedded_url() if args.embedded else os.environ.get("BENCH_DATABASE_URL")
    benchdb.setup(url or "postgres://postgres@127.0.0.1:5432/factcheck_million_bench")
    from django.conf import settings
    from django.db import connection

    from bench.matching_speed import load
    from claims import matching
    from claims.matching import embedding, semantic

    statements = [r["statement"] for r in read_liar(args.liar / "train.tsv")]
    if not args.skip_load:
        for name, value in load(args.rows, statements).items():
            print(f"{name:32} {value if isinstance(value, tuple) else f'{value:.1f} s'}")
        with connection.cursor() as cursor:
            for name, value in vectors_load(cursor).items():
                print(f"{name:32} {value if isinstance(value, str) else f'{value:.1f} s'}")
    matching.statistics_forget()
    began = time.perf_counter()
    embedding.model_get()
    print(f"model load                       {time.perf_counter() - began:.1f} s")
    rss_before = rss_mb()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        count = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM claims_claimembedding")
        vectors = cursor.fetchone()[0]
        path = "pgvector HNSW" if semantic.has_index(cursor) else "exact (numpy, in process)"
        cursor.execute(
            "SELECT id, text FROM claims_claim TABLESAMPLE SYSTEM (1) REPEATABLE (%s) LIMIT %s",
            [args.seed, args.queries + args.warmup],
        )
        sample = cursor.fetchall()
    random.Random(3).shuffle(sample)
    began = time.perf_counter()
    for _, text in sample[: args.warmup]:
        matching.claims_similar_to_text(text=rewrite(text, "warm"), limit=5)
    print(f"warm-up ({args.warmup} queries)              {time.perf_counter() - began:.1f} s")
    queries = [rewrite(text, f"speed:{claim_id}") for claim_id, text in sample[args.warmup :]]
    if args.stages:  # the same timed queries, each stage timed too
        from bench.matching_stages import run

        latencies = run(queries, warmup=0)
    else:
        latencies = []
        for query in queries:
            began = time.perf_counter()
            matching.claims_similar_to_text(text=query, limit=5)
            latencies.append(time.perf_counter() - began)
    latencies.sort()
    n = len(latencies)
    from claims.matching.lexical import post_text

    embed_times = []
    for claim_id, text in sample[args.warmup :]:
        began = time.perf_counter()
        embedding.encode([post_text(rewrite(text, f"speed:{claim_id}"))])
        embed_times.append(time.perf_counter() - began)
    embed_times.sort()
    print(
        f"\nclaims {count:,}, stored vectors {vectors:,}, nearest by {path}; "
        f"{settings.MATCH_EMBEDDING_THREADS} torch thread(s)"
    )
    p50, p95 = statistics.median(latencies) * 1000, latencies[int(0.95 * (n - 1))] * 1000
    p99, top = latencies[int(0.99 * (n - 1))] * 1000, latencies[-1] * 1000
    print(
        f"one query, end to end ({n}): p50 {p50:.0f} ms  p95 {p95:.0f} ms  p99 {p99:.0f} ms  max {top:.0f} ms"
    )
    print(
        f"of which the query's embedding alone: p50 {statistics.median(embed_times) * 1000:.0f} ms  "
        f"p95 {embed_times[int(0.95 * (n - 1))] * 1000:.0f} ms"
    )
    rss, peak = rss_mb()
    print(
        f"this process (a web process's load): VmRSS {rss:.0f} MB "
        f"(before the queries {rss_before:.0f}), peak {peak:.0f} MB"
    )
    if args.throughput:
        rate = throughput(statements, args.throughput)
        print(
            f"embedding throughput, {args.throughput:,} real LIAR statements: {rate:.1f} claims/s; "
            f"a backfill of {count:,} claims at that rate: {count / rate / 3600:.1f} h"
        )


if __name__ == "__main__":
    main()
