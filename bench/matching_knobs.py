"""The semantic stage's knobs measured apart: HNSW `ef_search`, torch threads, a quantised model.

    .venv/bin/python -m bench.matching_knobs hnsw        # on bench/matching_million.py's tables
    .venv/bin/python -m bench.matching_knobs embedding   # the model alone, CheckThat tweets

- `hnsw`: the nearest-rows query alone (as claims/matching/semantic.py asks it) at `ef_search`
  100, 60 and 40, alternated twice, each time on 60 queries not asked before (real embeddings of
  rewritten LIAR statements), so no setting profits from another's cache; then the share of an
  exact search's 20 nearest that the index finds at each setting (20 queries; an exact search is a
  scan of the whole table, slow). Runs on the embedded PostgreSQL under .data/bench-pg.
- `embedding`: one text at a time, as a query is embedded, with 1 and 2 torch threads (twice), then
  the same with torch's dynamic int8 quantisation of the linear layers, and the cosine between the
  quantised and the float32 vector of each text (stored vectors are float32: a query vector must be
  comparable with them).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.checkthat import DEFAULT_DATA, read_queries  # noqa: E402
from bench.matching_liar import DEFAULT_LIAR, read_liar, rewrite  # noqa: E402
from bench.matching_million import embedded_url  # noqa: E402


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms  "
        f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.1f} ms"
    )


def hnsw(liar: Path) -> None:
    import psycopg

    from bench import benchdb

    url = embedded_url()
    benchdb.setup(url, migrate=False)
    from claims.matching import embedding, semantic

    connection = psycopg.connect(url, autocommit=True)
    texts = [r["statement"] for r in read_liar(liar / "train.tsv")]
    random.Random(9).shuffle(texts)
    vectors = embedding.encode([rewrite(text, "knobs") for text in texts[:380]])
    literals = [semantic.vector_literal(v) for v in vectors]
    column = f"(vector::vector({embedding.MODEL_DIMENSION}))"

    def nearest(literal: str, rows: int) -> list[int]:
        return [
            row[0]
            for row in connection.execute(
                f"SELECT claim_id FROM claims_claimembedding WHERE model = %s "
                f"ORDER BY {column} <=> %s::vector({embedding.MODEL_DIMENSION}) LIMIT %s",
                [embedding.MODEL_NAME, literal, rows],
            )
        ]

    settings = [(100, 60), (60, 60), (40, 40)]
    found: dict[int, dict[int, list[int]]] = {ef: {} for ef, _ in settings}
    for round_ in range(2):
        for n, (ef, rows) in enumerate(settings):
            connection.execute(f"SET hnsw.ef_search = {ef}")
            block = (round_ * len(settings) + n) * 60
            times = []
            for i in range(block, block + 60):
                began = time.perf_counter()
                nearest(literals[i], rows)
                times.append(time.perf_counter() - began)
            print(f"ef_search {ef:3}, {rows} rows, 60 new queries: {_ms(times)}", flush=True)
    asked = literals[360:380]
    for ef, rows in settings:
        connection.execute(f"SET hnsw.ef_search = {ef}")
        found[ef] = {i: nearest(literal, rows) for i, literal in enumerate(asked)}
    connection.execute("SET enable_indexscan = off")
    exact = {i: nearest(literal, 20) for i, literal in enumerate(asked)}
    for ef, _ in settings:
        share = statistics.fmean(len(set(found[ef][i][:20]) & set(exact[i])) / 20 for i in exact)
        print(f"ef_search {ef:3}: share of the exact 20 nearest found, 20 queries: {share:.3f}")


def embedding_knobs(data: Path) -> None:
    from bench.benchdb import settings_only

    settings_only()  # for the model's settings only
    import numpy
    import torch

    from claims.matching import embedding
    from claims.matching.lexical import post_text

    texts = [post_text(t) for t in list(read_queries(data).values())[:90]]
    model = embedding.model_get()

    def timed(encoder, threads: int):
        torch.set_num_threads(threads)
        for text in texts[:10]:
            encoder.encode([text], normalize_embeddings=True, show_progress_bar=False)
        times, vectors = [], []
        for text in texts[10:]:
            began = time.perf_counter()
            vectors.append(encoder.encode([text], normalize_embeddings=True, show_progress_bar=False)[0])
            times.append(time.perf_counter() - began)
        return times, numpy.array(vectors)

    for threads in (1, 2, 1, 2):
        times, reference = timed(model, threads)
        print(f"float32, {threads} torch thread(s), 80 tweets one at a time: {_ms(times)}", flush=True)
    quantised = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    for threads in (1, 2):
        times, vectors = timed(quantised, threads)
        print(f"int8 dynamic, {threads} torch thread(s): {_ms(times)}", flush=True)
    cosines = (vectors * reference).sum(axis=1)
    print(
        f"cosine of a text's int8 vector with its float32 vector: min {cosines.min():.4f}, "
        f"median {numpy.median(cosines):.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("hnsw", "embedding"))
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    os.environ.setdefault("PROCESS_START_CHECKS", "false")
    if args.what == "hnsw":
        hnsw(args.liar)
    else:
        embedding_knobs(args.data)


if __name__ == "__main__":
    main()
