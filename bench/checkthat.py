"""Matching on real posts: CLEF CheckThat! 2022 Task 2A (English), tweets against 14,231 Snopes claims.

    .venv/bin/python -m bench.checkthat [--data PATH] [--reimport] [--calibrate] [--unrelated]
                                        [--show-misses N] [--train-only] [--dev-only]
                                        [--tune [--dump FILE]] [--pools]

The verified claims (`vclaims.jsonl`) go in through the product's own import
(`claims.imports.jobs`, what `manage.py import_claims` runs): one JSON Lines row
each, the claim as the fact-check states it as the text, "Unattributed" as
the claimant (Snopes does not name one), the vclaim id as external_id. They
are imported once into a database of the bench's own (BENCH_DATABASE_URL,
default factcheck_checkthat_bench) and reused after (`--reimport` starts
over); the import is timed. Their sentence embeddings are then computed as
the worker computes them (`claims.matching.index.embeddings_backfill`, what
`manage.py embeddings_backfill` runs), timed too: claims/s on this machine.

Each tweet is then asked through the real endpoint, `GET
/api/v1/claims/similar` (Django's test client, a bearer token with
claims:read), once with the default parameters and once with `limit=5`.
Measured per split (train and dev apart):
- MAP@5 (the lab's measure: per tweet, the precision at each rank 1..5 that
  holds a gold claim, summed, over the number of gold claims), top-1 (P@1),
  and the share of tweets whose answer contains a gold claim;
- the same for the matcher's own ranking with no threshold
  (`claims_similar_to_text(min_score=0)`), and for BM25 (Okapi, k1 1.5,
  b 0.75, the rank_bm25 package) over the same claim texts, and the Okapi
  BM25 written here earlier (k1 1.2, Lucene idf) beside it.

`--pools` (TRAIN only) prints MAP@5 for each pair of the two stages' pool sizes
(the lexical candidates re-ranked, the nearest vectors added), from one wide
run: a smaller pool is a prefix of a wider one, and a candidate's score does
not depend on which stage found it.

`--tune` (TRAIN only) prints the fusion weight's MAP@5 and the precision/recall
curve of the fused score the thresholds are chosen from. `--calibrate` prints,
from the TRAIN tweets only, the precision/recall of `similar` and `duplicate`
for each threshold. `--unrelated` measures how
often `duplicate` is said of text that is not gold: dev tweets against their
non-gold claims, and LIAR statements (PolitiFact, another source) against
the Snopes claims.

The data is read where it lies (`--data`, or CHECKTHAT_DATA, default
/work/shared/data/checkthat2022) and never copied into the repository. Only
train and dev are used: the lab's test tweets are held out.
"""

import argparse
import csv
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import benchdb  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("CHECKTHAT_DATA") or "/work/shared/data/checkthat2022")
DEFAULT_LIAR = Path(os.environ.get("LIAR_DATA") or "/work/shared/data/liar")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_checkthat_bench"
EXTERNAL_PREFIX = "checkthat:"
K = 5
CLAIMANT = "Unattributed"
# The ranking runs (and --calibrate) read this many candidates a tweet: the lexical pool of the
# lexical-only matcher, as in the runs before the pools shrank (the answer's top 5 do not change).
RANKED_LIMIT = 150

# --- Data --------------------------------------------------------------------------


def read_vclaims(folder: Path) -> list[dict]:
    with (folder / "vclaims.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_queries(folder: Path) -> dict[str, str]:
    queries = {}
    with (folder / "CT2022-Task2A-EN-Train-Dev_Queries.tsv").open(encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(record) >= 2:
                queries[record[0]] = record[1]
    return queries


def read_qrels(folder: Path, split: str) -> dict[str, set[str]]:
    name = {"train": "CT2022-Task2A-EN-Train_QRELs.tsv", "dev": "CT2022-Task2A-EN-Dev_QRELs.tsv"}[split]
    gold: dict[str, set[str]] = {}
    with (folder / name).open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3:
                gold.setdefault(parts[0], set()).add(parts[2])
    return gold


# --- Import ------------------------------------------------------------------------


def imported_ids() -> dict[int, str]:
    """Claim id -> vclaim id, for the claims this bench imported."""
    from claims.models import Claim

    rows = Claim.objects.filter(external_id__startswith=EXTERNAL_PREFIX).values_list("id", "external_id")
    return {pk: external.removeprefix(EXTERNAL_PREFIX) for pk, external in rows}


def import_vclaims(vclaims: list[dict], editor) -> tuple[float, object]:
    """The vclaims as a JSON Lines file, imported as `import_claims` does it; returns (seconds, job)."""
    from django.core.files import File

    from claims.imports import jobs as imports

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vclaims.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for v in vclaims:
                row = {
                    "external_id": EXTERNAL_PREFIX + v["vclaim_id"],
                    "text": v["vclaim"],
                    "claimant": CLAIMANT,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        with path.open("rb") as handle:
            job = imports.import_job_create(
                file=File(handle, name=path.name), actor=editor, name=path.name, enqueue=False
            )
        job = imports.import_job_run(job_id=job.pk)
        return time.perf_counter() - started, job


# --- Measures ----------------------------------------------------------------------


def average_precision(ranked: list[str], gold: set[str], k: int = K) -> float:
    """The lab's AP@k: precision at each rank up to k holding a gold claim, summed, over |gold|."""
    found, total = 0, 0.0
    for rank, vclaim in enumerate(ranked[:k], start=1):
        if vclaim in gold:
            found += 1
            total += found / rank
    return total / len(gold) if gold else 0.0


def summarise(answers: dict[str, list[str]], gold: dict[str, set[str]]) -> dict:
    n = len(gold)
    return {
        "n": n,
        "map5": sum(average_precision(answers.get(q, []), g) for q, g in gold.items()) / n,
        "p1": sum(bool(answers.get(q)) and answers[q][0] in g for q, g in gold.items()) / n,
        "contains": sum(bool(set(answers.get(q, [])) & g) for q, g in gold.items()) / n,
        "empty": sum(not answers.get(q) for q in gold) / n,
    }


# --- BM25 --------------------------------------------------------------------------

STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or "
    "that the their they this to was were will with you your we our not no so if than then there".split()
)
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


class BM25:
    """Okapi BM25 over a list of documents (k1 1.2, b 0.75, the Lucene idf)."""

    def __init__(self, documents: list[str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(tokens(d)) for d in documents]
        self.lengths = [sum(c.values()) for c in self.docs]
        self.average = sum(self.lengths) / max(len(self.docs), 1)
        frequency = Counter(t for c in self.docs for t in c)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
        self.postings: dict[str, list[int]] = {}
        for i, c in enumerate(self.docs):
            for t in c:
                self.postings.setdefault(t, []).append(i)

    def top(self, query: str, k: int = K) -> list[int]:
        scores: dict[int, float] = {}
        for t in set(tokens(query)):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i in self.postings[t]:
                tf = self.docs[i][t]
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.average)
                scores[i] = scores.get(i, 0.0) + idf * tf * (self.k1 + 1) / norm
        return sorted(scores, key=lambda i: (-scores[i], i))[:k]


class LibraryBM25:
    """BM25Okapi of the rank_bm25 package (its defaults: k1 1.5, b 0.75), the same tokens as above."""

    def __init__(self, documents: list[str]):
        from rank_bm25 import BM25Okapi

        self.model = BM25Okapi([tokens(d) or [""] for d in documents])

    def top(self, query: str, k: int = K) -> list[int]:
        import numpy

        scores = self.model.get_scores(tokens(query))
        best = numpy.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in best if scores[i] > 0]


# --- The runs ----------------------------------------------------------------------


def api_client():
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from factcheck.roles import Role
    from factcheck.services import api_token_create

    reader, _ = get_user_model().objects.get_or_create(
        username="checkthat-reader", defaults={"role": Role.FACT_CHECKER}
    )
    _, secret = api_token_create(user=reader, name="CheckThat bench", scopes=["claims:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def ask_api(client, texts: dict[str, str], by_claim: dict[int, str], **params) -> tuple[dict, dict, list]:
    """Each text through GET /api/v1/claims/similar: {query: [vclaim ids]}, {query: [levels]}, latencies."""
    answers, levels, latencies = {}, {}, []
    for qid, text in texts.items():
        began = time.perf_counter()
        response = client.get("/api/v1/claims/similar", {"text": text, **params})
        latencies.append(time.perf_counter() - began)
        assert response.status_code == 200, (qid, response.status_code, response.content[:300])
        results = response.json()["results"]
        answers[qid] = [by_claim.get(r["claim_id"], "") for r in results]
        levels[qid] = [r["level"] for r in results]
    return answers, levels, latencies


def ranked_scores(
    texts: dict[str, str], by_claim: dict[int, str]
) -> dict[str, list[tuple[str, float, bool]]]:
    """The matcher's whole candidate list for each text: (vclaim id, score, passes the duplicate guards).

    With both thresholds at 0 every candidate gets a level, and `duplicate` then means exactly "the
    duplicate guards (enough words, numbers, names) hold": a duplicate at threshold t is a score >= t
    with the guards holding.
    """
    from django.conf import settings

    from claims import matching

    saved = settings.MATCH_SIMILAR_THRESHOLD, settings.MATCH_DUPLICATE_THRESHOLD
    settings.MATCH_SIMILAR_THRESHOLD = settings.MATCH_DUPLICATE_THRESHOLD = 0.0
    try:
        out = {}
        for qid, text in texts.items():
            found = matching.claims_similar_to_text(text=text, limit=RANKED_LIMIT, min_score=0)
            out[qid] = [(by_claim.get(m.claim_id, ""), m.score, m.level == matching.DUPLICATE) for m in found]
        return out
    finally:
        settings.MATCH_SIMILAR_THRESHOLD, settings.MATCH_DUPLICATE_THRESHOLD = saved


def components(
    texts: dict[str, str], by_claim: dict[int, str]
) -> dict[str, list[tuple[str, float, float | None, bool]]]:
    """Each text's candidates from both stages: (vclaim id, lexical, cosine or None, guards hold)."""
    from claims.matching import lexical, search

    out = {}
    for qid, text in texts.items():
        cleaned = lexical.post_text(text[: lexical.MAX_TEXT_CHARS])
        query, scored = search.candidates_scored(cleaned, limit=10, published_only=False, exclude_ids=())
        out[qid] = [
            (
                by_claim.get(c.row[0], ""),
                c.lexical,
                c.cosine,
                lexical._sure_enough(query, c.analysed),
            )
            for c in scored
        ]
    return out


def tune(parts: dict[str, list], gold: dict[str, set[str]]) -> None:
    """On TRAIN: MAP@5 of the fused ranking for each cosine weight, then the default answer's MAP@5
    (top 10 at or above t) and the precision/recall of `similar` for each threshold t."""
    from claims.matching import search

    def ranked(weight: float):
        out = {}
        for qid, found in parts.items():
            fused = [
                (v, lex if cos is None else weight * max(cos, 0) + (1 - weight) * lex, sure)
                for v, lex, cos, sure in found
            ]
            out[qid] = sorted(fused, key=lambda item: -item[1])
        return out

    print("\n| cosine weight | train MAP@5 (ranking) | P@1 |\n|---:|---:|---:|")
    for weight in (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1.0):
        r = ranked(weight)
        s_ = summarise({q: [v for v, _, _ in f][:K] for q, f in r.items()}, gold)
        print(f"| {weight:.2f} | {s_['map5']:.3f} | {s_['p1']:.3f} |")
    r = ranked(search.FUSED_COSINE)
    print(f"\nWith the cosine weight in use ({search.FUSED_COSINE}):")
    print(
        "| t | train MAP@5 of the answer (top 10 at or above t) | tweets with an answer | "
        "pairs said | precision | recall | top answer `duplicate` (guards holding) and not gold |\n"
        "|---:|---:|---:|---:|---:|---:|---:|"
    )
    total_gold = sum(len(g) for g in gold.values())
    for t in [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]:
        answers = {q: [v for v, score, _ in f if score >= t][:10] for q, f in r.items()}
        said = sum(len(a) for a in answers.values())
        hit = sum(sum(v in gold[q] for v in a) for q, a in answers.items())
        wrong_dup = sum(bool(f) and f[0][1] >= t and f[0][2] and f[0][0] not in gold[q] for q, f in r.items())
        s_ = summarise(answers, gold)
        print(
            f"| {t:.2f} | {s_['map5']:.3f} | {1 - s_['empty']:.3f} | {said} | "
            f"{hit / said if said else 1:.3f} | {hit / total_gold:.3f} | {wrong_dup} |"
        )


def pools(texts: dict[str, str], by_claim: dict[int, str]) -> dict[str, list[tuple]]:
    """Each text's candidates from pools wider than any swept: (vclaim id, claim id, fused score,
    rank in the lexical stage's order or None, rank among the nearest vectors or None).

    A candidate's fused score does not depend on the pools (its cosine is looked up whichever stage
    found it); a smaller pool is a prefix of a wider one in both stages' orders. So the answer with
    pools (L, S) is: the candidates of lexical rank < L or semantic rank < S, scored, ranked."""
    from django.db import connection

    from claims.matching import embedding, lexical, search, semantic

    out = {}
    for qid, text in texts.items():
        cleaned = lexical.post_text(text[: lexical.MAX_TEXT_CHARS])
        vector = search._query_vector(cleaned)
        options = {"published_only": False, "exclude_ids": ()}
        with connection.cursor() as cursor:
            query, vocabulary, stats = lexical.analyse_text(cursor, cleaned)
            rows = lexical.candidates(cursor, query, vocabulary, stats, pool=max(SWEEP_LEXICAL), **options)
            lexical_rank = {row[0]: rank for rank, row in enumerate(rows)}
            found = semantic.search(cursor, vector, k=max(SWEEP_SEMANTIC), candidate_ids=set(lexical_rank))
            semantic_rank = {claim_id: rank for rank, claim_id in enumerate(found.nearest)}
            missing = [i for i in found.nearest if i not in lexical_rank]
            if missing:
                rows += lexical.rows_by_ids(cursor, missing, **options)
        scored = []
        for row in rows:
            lexical_score, _ = lexical.score(query, row, vocabulary, stats)
            cosine = found.cosine_of.get((row[0], embedding.text_hash(row[1])))
            scored.append(
                (
                    by_claim.get(row[0], ""),
                    row[0],
                    search.fused_score(lexical_score, cosine),
                    lexical_rank.get(row[0]),
                    semantic_rank.get(row[0]),
                )
            )
        out[qid] = scored
    return out


SWEEP_LEXICAL = (150, 100, 75, 50, 30, 20)
SWEEP_SEMANTIC = (100, 50, 40, 30, 20, 10)


def sweep(found: dict[str, list[tuple]], gold: dict[str, set[str]], threshold: float) -> None:
    """On TRAIN: MAP@5 of the ranking (top 5) and of the default answer (top 10 at or above the
    similar threshold) for each pair of pool sizes."""
    print(
        "\n| lexical pool | semantic pool | train MAP@5 (ranking) | P@1 | "
        f"MAP@5 (default answer, t {threshold}) | answer holds gold | candidates a query (mean) |"
        "\n|---:|---:|---:|---:|---:|---:|---:|"
    )
    for lexical_pool in SWEEP_LEXICAL:
        for semantic_pool in SWEEP_SEMANTIC:
            ranking, answer, sizes = {}, {}, []
            for qid, candidates in found.items():
                kept = [
                    c
                    for c in candidates
                    if (c[3] is not None and c[3] < lexical_pool)
                    or (c[4] is not None and c[4] < semantic_pool)
                ]
                kept.sort(key=lambda c: (-c[2], -c[1]))
                sizes.append(len(kept))
                ranking[qid] = [c[0] for c in kept[:K]]
                answer[qid] = [c[0] for c in kept if c[2] >= threshold][:10]
            r, a = summarise(ranking, gold), summarise(answer, gold)
            print(
                f"| {lexical_pool} | {semantic_pool} | {r['map5']:.4f} | {r['p1']:.3f} | {a['map5']:.4f} | "
                f"{a['contains']:.3f} | {statistics.fmean(sizes):.0f} |"
            )


def print_row(label: str, s: dict) -> None:
    print(
        f"| {label} | {s['n']} | {s['map5']:.3f} | {s['p1']:.3f} | {s['contains']:.3f} | {s['empty']:.3f} |"
    )


def curve(scored: dict[str, list], gold: dict[str, set[str]], *, duplicate: bool, limit: int = 10) -> None:
    """Precision and recall of the answer (top `limit` at or above t) over the threshold t, on TRAIN."""
    total_gold = sum(len(g) for g in gold.values())
    print(
        f"\n{'duplicate' if duplicate else 'similar'} (answer: top {limit} at or above t"
        + (", duplicate guards holding" if duplicate else "")
        + ")\n| t | pairs said | precision | recall (gold pairs said) | tweets with a gold claim said |"
        " tweets with a non-gold claim said |\n|---:|---:|---:|---:|---:|---:|"
    )
    for t in [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]:
        said = hit = with_gold = with_other = 0
        for qid, g in gold.items():
            kept = [v for v, score, sure in scored.get(qid, []) if score >= t and (sure or not duplicate)][
                :limit
            ]
            good = sum(v in g for v in kept)
            said += len(kept)
            hit += good
            with_gold += good > 0
            with_other += len(kept) > good
        precision = hit / said if said else 1.0
        n = len(gold)
        print(
            f"| {t:.2f} | {said} | {precision:.3f} | {hit / total_gold:.3f} | {with_gold / n:.3f} | "
            f"{with_other / n:.3f} |"
        )


def unrelated(args, texts: dict[str, str], dev_gold: dict[str, set[str]], by_claim: dict[int, str]) -> None:
    from claims import matching

    dup_other = sim_other = 0
    for qid, g in dev_gold.items():
        found = matching.claims_similar_to_text(text=texts[qid], limit=10)
        dup_other += any(m.level == matching.DUPLICATE and by_claim.get(m.claim_id) not in g for m in found)
        sim_other += any(m.level is not None and by_claim.get(m.claim_id) not in g for m in found)
    n = len(dev_gold)
    print(
        f"\ndev tweets whose default answer holds a non-gold claim called `duplicate`: {dup_other / n:.4f} "
        f"({dup_other}/{n}); `similar` or `duplicate`: {sim_other / n:.4f}"
    )
    statements = []
    with (args.liar / "valid.tsv").open(newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(record) >= 3 and record[2].strip():
                statements.append(record[2].strip())
    dup = sim = 0
    flagged = []
    for text in statements:
        found = matching.claims_similar_to_text(text=text, limit=1)
        level = found[0].level if found else None
        dup += level == matching.DUPLICATE
        sim += level is not None
        if level == matching.DUPLICATE:
            flagged.append((text, found[0].text, found[0].score))
    n = len(statements)
    print(
        f"LIAR valid statements against the Snopes claims: {n}; top answer "
        f"`duplicate` {dup / n:.4f} ({dup}), "
        f"`similar` or `duplicate` {sim / n:.4f} ({sim})"
    )
    for text, got, score in flagged[:10]:
        print(f"  DUPLICATE {text[:100]!r}\n         -> {got[:100]!r} ({score:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--reimport", action="store_true", help="Empty the claim tables and import again.")
    parser.add_argument(
        "--calibrate", action="store_true", help="Precision/recall over the thresholds (train)."
    )
    parser.add_argument("--unrelated", action="store_true", help="`duplicate` on text that is not gold.")
    parser.add_argument("--show-misses", type=int, default=0, help="Print N dev tweets the API misses.")
    parser.add_argument(
        "--train-only", action="store_true", help="Only the matcher's ranking on train (for tuning; no dev)."
    )
    parser.add_argument("--dev-only", action="store_true", help="The dev runs only (no train).")
    parser.add_argument(
        "--dump", type=Path, help="With --tune: write the train candidates' scores to this file."
    )
    parser.add_argument(
        "--tune", action="store_true", help="On TRAIN only: the fusion weight and the thresholds' curves."
    )
    parser.add_argument(
        "--pools", action="store_true", help="On TRAIN only: MAP@5 over the two stages' pool sizes."
    )
    args = parser.parse_args()

    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("EVIDENCE_ARCHIVING", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # One caller asks 2,400 questions in a few minutes: the per-caller throttle is not what is measured.
    os.environ.setdefault("API_THROTTLE_CALLER", "1000000/min")
    media = tempfile.TemporaryDirectory()
    os.environ["MEDIA_ROOT"] = media.name
    benchdb.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims import matching
    from factcheck.roles import Role

    vclaims = read_vclaims(args.data)
    by_claim = imported_ids()
    if args.reimport or len(by_claim) != len(vclaims):
        benchdb.truncate_claims()
        editor, _ = get_user_model().objects.get_or_create(
            username="checkthat-editor", defaults={"role": Role.EDITOR}
        )
        seconds, job = import_vclaims(vclaims, editor)
        print(
            f"import_claims: {job.created_count:,} created, {job.error_count} bad, "
            f"{job.skipped_count} skipped "
            f"in {seconds:.1f} s ({len(vclaims) / seconds:,.0f} rows/s)"
        )
        by_claim = imported_ids()
    else:
        print(f"reusing the {len(by_claim):,} imported claims (--reimport to import again)")
    from claims.matching import index

    stale = index.embeddings_stale_count()
    if stale:
        began = time.perf_counter()
        done = index.embeddings_backfill()
        seconds = time.perf_counter() - began
        print(
            f"embeddings_backfill: {done:,} claims in {seconds:.1f} s ({done / seconds:,.1f} claims/s, "
            f"{settings.MATCH_EMBEDDING_THREADS} torch thread(s))"
        )
    with connection.cursor() as cursor:
        # The matcher reads word frequencies from the planner's statistics; autovacuum would gather
        # them within a minute of the import, the bench does not wait for it.
        cursor.execute("ANALYZE claims_claim")
    matching.statistics_forget()

    texts = read_queries(args.data)
    gold = {split: read_qrels(args.data, split) for split in ("train", "dev")}
    print(
        f"thresholds: similar {settings.MATCH_SIMILAR_THRESHOLD}, "
        f"duplicate {settings.MATCH_DUPLICATE_THRESHOLD}; "
        f"claims {len(by_claim):,}; tweets train {len(gold['train'])}, dev {len(gold['dev'])}"
    )
    if args.pools:
        print("\nPool sizes on TRAIN only (dev is not looked at here)")
        found = pools({q: texts[q] for q in gold["train"]}, by_claim)
        sweep(found, gold["train"], settings.MATCH_SIMILAR_THRESHOLD)
        return
    if args.tune:
        print("\nTuning on TRAIN only (dev is not looked at here)")
        parts = components({q: texts[q] for q in gold["train"]}, by_claim)
        if args.dump:
            args.dump.write_text(
                json.dumps({"parts": parts, "gold": {q: sorted(g) for q, g in gold["train"].items()}})
            )
        tune(parts, gold["train"])
        return
    client = api_client()
    documents = [v["vclaim"] for v in vclaims]
    bm25 = BM25(documents)
    bm25_titled = BM25([f"{v['vclaim']} {v.get('title', '')}" for v in vclaims])
    bm25_library = LibraryBM25(documents)
    vclaim_ids = [v["vclaim_id"] for v in vclaims]

    print(
        "\n| run | tweets | MAP@5 | P@1 | answer holds a gold claim | empty answers |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    scored_all, dev_answers, latencies_all = {}, {}, []
    splits = ("train",) if args.train_only else ("dev",) if args.dev_only else ("train", "dev")
    for split in splits:
        split_gold = gold[split]
        split_texts = {q: texts[q] for q in split_gold}
        if args.train_only:
            scored_all[split] = scored = ranked_scores(split_texts, by_claim)
            plain = {q: [v for v, _, _ in found][:K] for q, found in scored.items()}
            print_row(f"{split}: matcher ranking, min_score=0", summarise(plain, split_gold))
            continue
        default, _, latencies = ask_api(client, split_texts, by_claim)
        latencies_all += latencies
        five, _, _ = ask_api(client, split_texts, by_claim, limit=5)
        scored = ranked_scores(split_texts, by_claim)
        scored_all[split] = scored
        plain = {q: [v for v, _, _ in found][:K] for q, found in scored.items()}
        print_row(f"{split}: API, default parameters (limit 10)", summarise(default, split_gold))
        print_row(f"{split}: API, limit=5", summarise(five, split_gold))
        print_row(f"{split}: matcher ranking, min_score=0", summarise(plain, split_gold))
        print_row(
            f"{split}: BM25 (rank_bm25 BM25Okapi, claim text)",
            summarise(
                {q: [vclaim_ids[i] for i in bm25_library.top(t)] for q, t in split_texts.items()}, split_gold
            ),
        )
        print_row(
            f"{split}: BM25 (written here, claim text)",
            summarise({q: [vclaim_ids[i] for i in bm25.top(t)] for q, t in split_texts.items()}, split_gold),
        )
        print_row(
            f"{split}: BM25 (claim text + fact-check title)",
            summarise(
                {q: [vclaim_ids[i] for i in bm25_titled.top(t)] for q, t in split_texts.items()}, split_gold
            ),
        )
        if split == "dev":
            dev_answers = default
    latencies_all.sort()
    print(
        ""
        if args.train_only
        else f"\nAPI latency (default parameters, in-process test client): p50 "
        f"{statistics.median(latencies_all) * 1000:.0f} ms, p95 "
        f"{latencies_all[int(0.95 * (len(latencies_all) - 1))] * 1000:.0f} ms"
    )
    if args.train_only and not args.calibrate:
        return

    if args.calibrate:
        print("\nCalibration on TRAIN only (dev is not looked at here)")
        curve(scored_all["train"], gold["train"], duplicate=False)
        curve(scored_all["train"], gold["train"], duplicate=True)
        gold_scores = [
            s for q, found in scored_all["train"].items() for v, s, _ in found if v in gold["train"][q]
        ]
        found_gold = sum(any(v in gold["train"][q] for v, _, _ in f) for q, f in scored_all["train"].items())
        print(
            f"\ntrain tweets with a gold claim anywhere in the candidate pool: "
            f"{found_gold}/{len(gold['train'])}; "
            f"gold scores: median {statistics.median(gold_scores):.3f}, "
            f"10th percentile {sorted(gold_scores)[len(gold_scores) // 10]:.3f}"
        )

    if args.unrelated and not args.train_only:
        unrelated(args, texts, gold["dev"], by_claim)

    if args.show_misses and not args.train_only:
        text_of = {v["vclaim_id"]: v["vclaim"] for v in vclaims}
        shown = 0
        for qid, g in gold["dev"].items():
            if set(dev_answers.get(qid, [])) & g:
                continue
            print(f"\nMISS {qid}: {texts[qid][:200]!r}")
            print(f"  gold: {[text_of.get(v, v)[:150] for v in g]}")
            got = dev_answers.get(qid, [])
            print(f"  got:  {text_of.get(got[0], got[0])[:150]!r}" if got else "  got:  nothing")
            shown += 1
            if shown >= args.show_misses:
                break
    media.cleanup()


if __name__ == "__main__":
    main()
