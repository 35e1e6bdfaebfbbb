"""How far two people agree on what a desk would log: the ceiling the intake targets are measured under.

    .venv/bin/python bench/intake_agreement.py [--verbose]

bench/data/intake_real_second/ holds a second, independent annotation of some of the texts in
bench/data/intake_real/ (same rules, same README; the second annotator saw the texts only, never the
first annotation or the extractor's output). Each second annotation is scored against the first
exactly as bench/intake_real.py scores the extractor (speaker equal after normalisation, words
covering the statement at word-set F1 0.6): "precision" is the share of the second person's
statements the first also logged, "recall" the share of the first person's the second found. An
extractor cannot be expected to agree with one annotator much better than another annotator does.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_real import DATA, matches  # noqa: E402

SECOND = Path(__file__).resolve().parent / "data" / "intake_real_second"


@dataclass
class Statement:
    """A second annotator's statement, shaped like a candidate for `matches`."""

    speaker: str
    text: str


def agreement(*, verbose: bool = False) -> dict:
    totals = {"first": 0, "second": 0, "second_right": 0, "first_found": 0, "texts": 0}
    for path in sorted(SECOND.glob("*.json")):
        second = json.loads(path.read_text())
        first = json.loads((DATA / path.name).read_text())
        theirs = [Statement(s["speaker"], s["text"]) for s in second["claims"]]
        gold = first["claims"]
        right = [s for s in theirs if any(matches(s, g) for g in gold)]
        found = [g for g in gold if any(matches(s, g) for s in theirs)]
        totals["texts"] += 1
        totals["first"] += len(gold)
        totals["second"] += len(theirs)
        totals["second_right"] += len(right)
        totals["first_found"] += len(found)
        if verbose:
            for s in theirs:
                if s not in right:
                    print(f"  SECOND ONLY [{first['id']}] {s.speaker!r}: {s.text}")
            for g in gold:
                if g not in found:
                    print(f"  FIRST ONLY  [{first['id']}] {g['speaker']!r}: {g['text']}")
    totals["precision"] = totals["second_right"] / totals["second"] if totals["second"] else 0.0
    totals["recall"] = totals["first_found"] / totals["first"] if totals["first"] else 0.0
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list the statements only one person logged")
    args = parser.parse_args()
    result = agreement(verbose=args.verbose)
    print(
        f"{result['texts']} texts: first annotator {result['first']} statements, second {result['second']}\n"
        f"second against first: precision {result['precision']:.3f} "
        f"({result['second_right']}/{result['second']}), "
        f"recall {result['recall']:.3f} ({result['first_found']}/{result['first']})"
    )


if __name__ == "__main__":
    main()
