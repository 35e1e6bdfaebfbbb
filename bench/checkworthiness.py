"""Check-worthiness on public data: ClaimBuster's labelled debate sentences against our scorer.

    .venv/bin/python bench/checkworthiness.py [--split train|held-out] [--misses N] [--repo PATH]

Data: the ClaimBuster dataset (Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy
Factual Claims", ICWSM 2020; https://doi.org/10.5281/zenodo.3609356): sentences spoken in U.S.
presidential debates 1960-2016, labelled by crowd coders as check-worthy factual (CFS), unimportant
factual (UFS) or non-factual (NFS). Read from the public repository utaresearch/claimbuster-spotter
(GPL-3.0, as its README and COPYING say), two files at pinned commits, never copied here:

- data/two_class/kfold_25ncs.json at 922f71d4: 9,674 sentences, CFS against the rest (1 / 0);
- data/deprecated/disjoint_2000.json at e4ec5868: 2,000 sentences with the three labels (1 / 0 / -1);
  784 of them are also in the first file, with the same CFS-or-not label.

Pooled by sentence id: 10,890 sentences. The split is fixed by the id (SHA-1 of it, last digit
0-2 held out, about 30 %), so it never changes with the files' order; rules and weights are tuned
on "train" only, and "held-out" was scored once after they were frozen (the commit is in
docs/BENCHMARKS.md).

Measures, CFS positive, `claims.intake.checkworthiness.assess(sentence).score`:
precision, recall and F1 of "score >= 0.5", and average precision of the ranking (the desk reads
candidates best first). Fetch the repository with the project's `fetch` tool, or pass `--repo` to a
clone of it. Needs no database.
"""

import argparse
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPO = Path("/work/.mirror/utaresearch+claimbuster-spotter/repo")
FILES = (
    ("922f71d45631efc1a43f821ec4eae029f50cd47b", "data/two_class/kfold_25ncs.json"),
    ("e4ec586805e674153dbeda41340f5271c8426335", "data/deprecated/disjoint_2000.json"),
)
THRESHOLD = 0.5
HELD_OUT_DIGITS = {0, 1, 2}
LABEL_NAMES = {1: "CFS", 0: "UFS", -1: "NFS"}


@dataclass(frozen=True)
class Sentence:
    id: int
    text: str
    is_check_worthy: bool
    label: int | None  # the three-way label where the file has it


def configure_django() -> None:
    """The scorer embeds sentences with the matcher's model, which reads Django's settings."""
    from bench.benchdb import settings_only

    settings_only()


def split_of(sentence_id: int) -> str:
    digit = int(hashlib.sha1(str(sentence_id).encode()).hexdigest(), 16) % 10
    return "held-out" if digit in HELD_OUT_DIGITS else "train"


def _read(repo: Path, commit: str, path: str) -> list[dict]:
    """The file as it was at the pinned commit (a clone's work tree may no longer have it)."""
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    shown = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=True
    )
    return json.loads(shown.stdout)


def sentences(repo: Path = REPO, split: str | None = None) -> list[Sentence]:
    """The pooled sentences, optionally only one split's, in id order."""
    two_class, three_class = (_read(repo, commit, path) for commit, path in FILES)
    three = {row["sentence_id"]: row["label"] for row in three_class}
    pooled = {row["sentence_id"]: row for row in three_class}
    pooled.update({row["sentence_id"]: row for row in two_class})
    found = []
    for sentence_id, row in sorted(pooled.items()):
        if split is None or split_of(sentence_id) == split:
            label = three.get(sentence_id)
            found.append(Sentence(sentence_id, row["text"], row["label"] == 1, label))
    return found


def average_precision(scored: list[tuple[float, bool]]) -> float:
    """Mean of the precision at each positive, ranked best first (ties broken by input order)."""
    ranked = sorted(enumerate(scored), key=lambda item: (-item[1][0], item[0]))
    hits, total = 0, 0.0
    for rank, (_, (_, positive)) in enumerate(ranked, start=1):
        if positive:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def measure(data: list[Sentence]) -> dict:
    configure_django()
    from claims.intake.checkworthiness import assess_many

    scored = [
        (a.score, s.is_check_worthy) for a, s in zip(assess_many([s.text for s in data]), data, strict=True)
    ]
    kept = [positive for score, positive in scored if score >= THRESHOLD]
    positives = sum(positive for _, positive in scored)
    precision = sum(kept) / len(kept) if kept else 0.0
    recall = sum(kept) / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_label = {}
    for name_label, name in LABEL_NAMES.items():
        scores = [score for (score, _), s in zip(scored, data, strict=True) if s.label == name_label]
        if scores:
            by_label[name] = (len(scores), sum(scores) / len(scores), sum(x >= THRESHOLD for x in scores))
    return {
        "sentences": len(data),
        "positives": positives,
        "kept": len(kept),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "average_precision": average_precision(scored),
        "base_rate": positives / len(data) if data else 0.0,
        "by_label": by_label,
        "scored": scored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["train", "held-out"], default="train")
    parser.add_argument("--repo", type=Path, default=REPO, help="the repository's git dir or clone")
    parser.add_argument("--misses", type=int, default=0, help="print N false positives and N misses")
    args = parser.parse_args()
    data = sentences(args.repo, args.split)
    result = measure(data)
    print(
        f"ClaimBuster {args.split}: {result['sentences']} sentences, {result['positives']} CFS "
        f"(base rate {result['base_rate']:.3f})"
    )
    print(
        f">={THRESHOLD}: {result['kept']} kept, precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f}, F1 {result['f1']:.3f}; average precision "
        f"{result['average_precision']:.3f}"
    )
    for name, (count, mean, above) in result["by_label"].items():
        print(f"  three-way label {name}: {count} sentences, mean score {mean:.3f}, {above} at >={THRESHOLD}")
    if args.misses:
        pairs = list(zip(result["scored"], data, strict=True))
        kept = [p for p in pairs if p[0][0] >= THRESHOLD]
        false = sorted((p for p in kept if not p[1].is_check_worthy), key=lambda p: -p[0][0])
        left = [p for p in pairs if p[0][0] < THRESHOLD]
        missed = sorted((p for p in left if p[1].is_check_worthy), key=lambda p: p[0][0])
        for title, rows in (("FALSE", false), ("MISSED", missed)):
            for (score, _), s in rows[: args.misses]:
                print(f"  {title:6} {score:.2f} {s.text}")


if __name__ == "__main__":
    main()
