"""Intake on real news: are the statements a desk would log found, with the speaker's full name?

    .venv/bin/python bench/intake_real.py [--split development|frozen|...|frozen-9|held-out-8-9] [--verbose]

Reads bench/data/intake_real/*.json: excerpts of published stories and transcripts nobody here
wrote (sources and the annotation rules in that folder's README), each with the checkable
attributed statements a desk would log and who made them. Runs `extract_candidates` on each text
and counts, for all candidates and for those scoring at least 0.5:

- a candidate is right when its speaker is a gold statement's speaker (full name, compared after
  normalisation: case, accents, hyphens, a leading "the", honorifics) and its words cover that
  statement: word-set F1 at least 0.6 (lower-cased letters and digits, apostrophes dropped);
- precision: right candidates / candidates; recall: gold statements some candidate covers / gold.

The frozen splits are reported apart: each was scored once, after the rules were committed (the
commits are in docs/BENCHMARKS.md). Round 1 tuned on "development" and scored "frozen"; round 2
tuned on both and scored "frozen-2", texts gathered after round 1. Needs no database.
"""

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "data" / "intake_real"
MATCH_F1 = 0.6
THRESHOLD = 0.5
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "dame"}


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", "")))


def overlap(found: str, expected: str) -> float:
    """Word-set F1 of a candidate's text against a gold statement."""
    a, b = words(found), words(expected)
    shared = len(a & b)
    if not shared:
        return 0.0
    precision, recall = shared / len(a), shared / len(b)
    return 2 * precision * recall / (precision + recall)


def normalise_name(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    while tokens and (tokens[0] == "the" or tokens[0] in _HONORIFICS):
        tokens.pop(0)
    return " ".join(tokens)


def matches(candidate, claim) -> bool:
    return normalise_name(candidate.speaker) == normalise_name(claim["speaker"]) and (
        overlap(candidate.text, claim["text"]) >= MATCH_F1
    )


# Round 1: tuned on "development", then "frozen" scored once. Round 2: tuned on both of those, then
# "frozen-2" (texts gathered after round 1 was scored) scored once. Round 3 likewise with "frozen-3".
SPLITS = {
    "development": {"development"},
    "frozen": {"frozen"},
    "round-2-tuning": {"development", "frozen"},
    "frozen-2": {"frozen-2"},
    "round-3-tuning": {"development", "frozen", "frozen-2"},
    "frozen-3": {"frozen-3"},
    "round-4-tuning": {"development", "frozen", "frozen-2", "frozen-3"},
    "frozen-4": {"frozen-4"},
    "round-5-tuning": {"development", "frozen", "frozen-2", "frozen-3", "frozen-4"},
    # Rounds 5 and 6 were gathered and annotated by people other than the rules' tuner, before any
    # run, and both were scored once on the rules frozen at 027010b (docs/BENCHMARKS.md).
    "frozen-5": {"frozen-5"},
    "frozen-6": {"frozen-6"},
    "held-out-5-6": {"frozen-5", "frozen-6"},
    # Round 7 (85-106): annotated by a third person before any run, scored once on 8898580.
    "round-7-tuning": {"development", "frozen", "frozen-2", "frozen-3", "frozen-4", "frozen-5", "frozen-6"},
    "frozen-7": {"frozen-7"},
    # Rounds 8 (107-128) and 9 (129-150): gathered and annotated by two more people before any run,
    # scored once on the rules frozen in session 8 (docs/BENCHMARKS.md).
    "frozen-8": {"frozen-8"},
    "frozen-9": {"frozen-9"},
    "held-out-8-9": {"frozen-8", "frozen-9"},
    # Rounds 10 (151-172) and 11 (173-194): gathered and annotated by two more people before any run,
    # scored once on the rules frozen in session 9 (docs/BENCHMARKS.md).
    "round-10-tuning": {
        "development",
        "frozen",
        "frozen-2",
        "frozen-3",
        "frozen-4",
        "frozen-5",
        "frozen-6",
        "frozen-7",
        "frozen-8",
        "frozen-9",
    },
    "frozen-10": {"frozen-10"},
    "frozen-11": {"frozen-11"},
    "held-out-10-11": {"frozen-10", "frozen-11"},
    # Rounds 12 (195-216) and 13 (217-238): gathered and annotated by two more people while rounds 10
    # and 11 were tuned on, scored once on the rules frozen after that (docs/BENCHMARKS.md).
    "frozen-12": {"frozen-12"},
    "frozen-13": {"frozen-13"},
    "held-out-12-13": {"frozen-12", "frozen-13"},
    # Rounds 14 (239-260) and 15 (261-282, 267 dropped: the same page as 251): gathered and annotated
    # by two more people at the start of session 10, before any run, scored once on 1680639.
    "frozen-14": {"frozen-14"},
    "frozen-15": {"frozen-15"},
    "held-out-14-15": {"frozen-14", "frozen-15"},
    # Rounds 16 (283-304) and 17 (305-326): gathered and annotated by two more people at the start of
    # session 11, before any run, scored once on e0e637e (docs/BENCHMARKS.md).
    "frozen-16": {"frozen-16"},
    "frozen-17": {"frozen-17"},
    "held-out-16-17": {"frozen-16", "frozen-17"},
    # Rounds 18 (327-348) and 19 (349-370): gathered and annotated by two more people at the start of
    # session 12, before any run, committed unscored (docs/BENCHMARKS.md, "Session 12").
    "frozen-18": {"frozen-18"},
    "frozen-19": {"frozen-19"},
    "held-out-18-19": {"frozen-18", "frozen-19"},
    # Rounds 20 (371-391) and 21 (393-414): gathered and annotated by two more people at the start of
    # session 13, before any run, committed unscored (docs/BENCHMARKS.md, "Session 13").
    "frozen-20": {"frozen-20"},
    "frozen-21": {"frozen-21"},
    "held-out-20-21": {"frozen-20", "frozen-21"},
    # Rounds 22 (415-436) and 23 (437-458): gathered and annotated by two more people during session 13
    # while rounds 20 and 21 were tuned on, before any run; committed unscored.
    "frozen-22": {"frozen-22"},
    "frozen-23": {"frozen-23"},
    "held-out-22-23": {"frozen-22", "frozen-23"},
    # Rounds 24 (459-480) and 25 (481-502): gathered and annotated by two more people late in session 13,
    # before any run; committed unscored.
    "frozen-24": {"frozen-24"},
    "frozen-25": {"frozen-25"},
    "held-out-24-25": {"frozen-24", "frozen-25"},
    # Rounds 26 (503-524) and 27 (525-546): gathered and annotated by two more people at the start of
    # session 14, before any run; scored once on 516119b and once on 4a582aa (docs/BENCHMARKS.md,
    # "Session 14"), tuning data since.
    "frozen-26": {"frozen-26"},
    "frozen-27": {"frozen-27"},
    "held-out-26-27": {"frozen-26", "frozen-27"},
    # Rounds 28 (547-568) and 29 (569-590): gathered and annotated by two more people in session 14
    # while rounds 26 and 27 were tuned on, before any run; scored once on 516119b and once on dc75991
    # (docs/BENCHMARKS.md, "Session 14"), tuning data since.
    "frozen-28": {"frozen-28"},
    "frozen-29": {"frozen-29"},
    "held-out-28-29": {"frozen-28", "frozen-29"},
    # Rounds 30 (591-612) and 31 (613-632): gathered and annotated by two more people at the start of
    # session 15, before any run; scored once on 0abc815 and on a73e687, the same candidates
    # (docs/BENCHMARKS.md, "Session 15"), tuning data since.
    "frozen-30": {"frozen-30"},
    "frozen-31": {"frozen-31"},
    "held-out-30-31": {"frozen-30", "frozen-31"},
}
HELD_OUT: set[str] = set()  # rounds gathered and not yet scored: none
# Everything but the rounds not yet scored: what the rules and the desk's score may be tuned on.
# Rounds 20 and 21 were scored once in session 13 (on 06838bb), 22 and 23 (on 646b80f), 24 and 25
# (on 4f89ec2), 26 and 27 in session 14 (on 4a582aa), 28 and 29 (on dc75991), 30 and 31 in session 15
# (on a73e687): every text is tuning data now, and a new round is put in HELD_OUT until it is scored.
SPLITS["tuning"] = set().union(*SPLITS.values()) - HELD_OUT


def documents(split: str | None) -> list[dict]:
    found = [json.loads(path.read_text()) for path in sorted(DATA.glob("*.json"))]
    return [d for d in found if split is None or d["split"] in SPLITS[split]]


def score(docs: list[dict], *, verbose: bool = False) -> dict:
    from bench.benchdb import settings_only

    settings_only()  # the check-worthiness score embeds sentences with the matcher's model
    from claims.intake.extraction import extract_candidates

    totals = {key: {"candidates": 0, "right": 0, "found": 0} for key in ("all", f">={THRESHOLD}")}
    gold_total = 0
    rows = []
    for document in docs:
        candidates = extract_candidates(document["text"])
        gold = document["claims"]
        gold_total += len(gold)
        row = [document["id"], len(gold)]
        for key, kept in (
            ("all", candidates),
            (f">={THRESHOLD}", [c for c in candidates if c.score >= THRESHOLD]),
        ):
            right = [c for c in kept if any(matches(c, g) for g in gold)]
            found = [g for g in gold if any(matches(c, g) for c in kept)]
            totals[key]["candidates"] += len(kept)
            totals[key]["right"] += len(right)
            totals[key]["found"] += len(found)
            row += [len(kept), len(right), len(found)]
        rows.append(row)
        if verbose:
            for c in candidates:
                if not any(matches(c, g) for g in gold):
                    print(f"  FALSE  [{document['id']}] {c.score:.2f} {c.speaker!r}: {c.text}")
            for g in gold:
                if not any(matches(c, g) for c in candidates):
                    near = max(candidates, key=lambda c: overlap(c.text, g["text"]), default=None)
                    hint = (
                        f"\n         nearest: {near.score:.2f} {near.speaker!r}: {near.text}" if near else ""
                    )
                    print(f"  MISSED [{document['id']}] {g['speaker']!r}: {g['text']}{hint}")
                elif not any(matches(c, g) and c.score >= THRESHOLD for c in candidates):
                    low = max((c.score for c in candidates if matches(c, g)), default=0)
                    print(f"  LOW    [{document['id']}] {low:.2f} {g['speaker']!r}: {g['text']}")
    result = {"documents": len(docs), "gold": gold_total, "rows": rows}
    for key, part in totals.items():
        result[key] = {
            **part,
            "precision": part["right"] / part["candidates"] if part["candidates"] else 0.0,
            "recall": part["found"] / gold_total if gold_total else 0.0,
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=list(SPLITS), help="only these documents")
    parser.add_argument("--verbose", action="store_true", help="list wrong candidates and misses")
    args = parser.parse_args()
    splits = [args.split] if args.split else [
        "development", "frozen", "frozen-2", "frozen-3", "frozen-4", "frozen-5", "frozen-6", "frozen-7",
        "frozen-8", "frozen-9", "frozen-10", "frozen-11", "frozen-12", "frozen-13", "frozen-14", "frozen-15",
        "frozen-16", "frozen-17", "frozen-18", "frozen-19", "frozen-20", "frozen-21", "frozen-22",
        "frozen-23", "frozen-24", "frozen-25",
    ]  # fmt: skip
    print(
        "Each frozen split was held out for one round only and tuned on in the next; the held-out numbers, "
        "each on the rules frozen before it, are in docs/BENCHMARKS.md (rounds 18 and 19: session 12)."
    )
    for split in splits:
        result = score(documents(split), verbose=args.verbose)
        print(f"\n{split}: {result['documents']} documents, {result['gold']} gold statements")
        print(f"{'document':34} gold | all: cand right found | >=0.5: cand right found")
        for doc_id, gold, *numbers in result["rows"]:
            print(
                f"{doc_id:34} {gold:4} | {numbers[0]:9} {numbers[1]:5} {numbers[2]:5} | "
                f"{numbers[3]:11} {numbers[4]:5} {numbers[5]:5}"
            )
        for key in ("all", f">={THRESHOLD}"):
            part = result[key]
            print(
                f"{split} {key:6} candidates {part['candidates']:3}: precision {part['precision']:.3f}, "
                f"recall {part['recall']:.3f} ({part['found']}/{result['gold']})"
            )


if __name__ == "__main__":
    main()
