"""Extraction quality: are the check-worthy claims found, with the right speaker?

    .venv/bin/python bench/intake_extraction.py [--threshold 0.5] [--verbose]

Reads every bench/data/intake/*.json (articles and transcripts written for
this bench, with the claims a desk would log and who made them; the rules
were tuned on the "development" ones, the "held-out" ones were written after
and not tuned on), runs the extractor, keeps the candidates scoring at or above the threshold, and counts:

- a hit: a kept candidate with the expected speaker whose words cover the
  expected claim (word-set F1 at least 0.6, or containing it);
- precision: hits / kept candidates; recall: expected claims found / expected.

Needs no database: extraction is pure text work.
"""

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "data" / "intake"
MATCH_F1 = 0.6


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def overlap(found: str, expected: str) -> float:
    a, b = words(found), words(expected)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared == len(b):
        return 1.0
    precision, recall = shared / len(a), shared / len(b)
    return 0.0 if not shared else 2 * precision * recall / (precision + recall)


def same_speaker(found: str | None, expected: str) -> bool:
    def norm(name):
        return re.sub(r"^the\s+", "", (name or "").lower()).strip(" .")

    return norm(found) == norm(expected)


def evaluate(threshold: float, verbose: bool, split: str | None = None) -> dict:
    from bench.benchdb import settings_only

    settings_only()  # the check-worthiness score embeds sentences with the matcher's model
    from claims.intake.extraction import extract_candidates

    totals = {"kept": 0, "hits": 0, "expected": 0, "found": 0}
    timings = []
    rows = []
    for path in sorted(DATA.glob("*.json")):
        document = json.loads(path.read_text())
        if split and document.get("split") != split:
            continue
        began = time.perf_counter()
        candidates = extract_candidates(document["text"])
        timings.append(time.perf_counter() - began)
        kept = [c for c in candidates if c.score >= threshold]
        expected = document["claims"]
        matched_expected = set()
        hits = 0
        for candidate in kept:
            best = None
            for i, claim in enumerate(expected):
                if (
                    same_speaker(candidate.speaker, claim["speaker"])
                    and overlap(candidate.text, claim["text"]) >= MATCH_F1
                ):
                    best = i
                    break
            if best is not None:
                hits += 1
                matched_expected.add(best)
            elif verbose:
                label = f"{candidate.score:.2f} {candidate.speaker!r}"
                print(f"  FALSE [{document['id']}] {label}: {candidate.text}")
        if verbose:
            for i, claim in enumerate(expected):
                if i not in matched_expected:
                    near = max(candidates, key=lambda c: overlap(c.text, claim["text"]), default=None)
                    hint = f" (nearest: {near.score:.2f} {near.speaker!r}: {near.text})" if near else ""
                    print(f"  MISSED [{document['id']}] {claim['speaker']!r}: {claim['text']}{hint}")
        totals["kept"] += len(kept)
        totals["hits"] += hits
        totals["expected"] += len(expected)
        totals["found"] += len(matched_expected)
        rows.append((document["id"], len(expected), len(matched_expected), len(kept), hits))
    precision = totals["hits"] / totals["kept"] if totals["kept"] else 0.0
    recall = totals["found"] / totals["expected"] if totals["expected"] else 0.0
    return {
        "documents": len(rows),
        "rows": rows,
        "precision": precision,
        "recall": recall,
        "expected": totals["expected"],
        "kept": totals["kept"],
        "median_ms": statistics.median(timings) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--split", choices=["development", "held-out"], help="only these documents")
    args = parser.parse_args()
    result = evaluate(args.threshold, args.verbose, args.split)
    print(f"{'document':28} expected found kept hits")
    for doc_id, expected, found, kept, hits in result["rows"]:
        print(f"{doc_id:28} {expected:8} {found:5} {kept:4} {hits:4}")
    splits = [args.split] if args.split else ["development", "held-out", None]
    print()
    for split in splits:
        part = result if split == args.split else evaluate(args.threshold, False, split)
        print(
            f"{split or 'all':12} {part['documents']:2} documents, {part['expected']:3} expected claims, "
            f"{part['kept']:3} kept (score >= {args.threshold}): precision {part['precision']:.3f}, "
            f"recall {part['recall']:.3f}; median {part['median_ms']:.1f} ms per document"
        )


if __name__ == "__main__":
    main()
