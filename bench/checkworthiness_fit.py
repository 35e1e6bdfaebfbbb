"""Fit the check-worthiness weights on ClaimBuster's train split: a logistic regression over the
signals and the sentence's embedding.

    .venv/bin/python bench/checkworthiness_fit.py [--l2 0.3] [--repo PATH] [--write]

Reads the train split of bench/checkworthiness.py (never the held-out one), turns each sentence into
the signals of `claims.intake.worthiness_signals.signals` and its all-MiniLM-L6-v2 embedding (the
model the matcher uses, `claims.matching.embedding.encode`: 384 numbers), and fits one weight per
signal, one per embedding dimension and a bias by Newton's method with an L2 penalty (the bias
unpenalised). The desk's rules decide what ClaimBuster's coders saw otherwise: plans, predictions and
intentions are labelled not check-worthy, and a few weights are set by hand (both below), then moves the bias
so that "score >= 0.5" has the best F1 on train (CFS are 28 % of the sentences; a desk wants the line
where precision and recall meet, not the one a calibrated probability puts there). With --write it
writes them to claims/intake/checkworthiness_weights.json, which the scorer reads: nothing is fitted
at run time. Embedding the 7,628 train sentences takes about a minute and a half on two cores.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthiness import REPO, configure_django, sentences  # noqa: E402
from logistic import fit  # noqa: E402

configure_django()

from claims.intake.checkworthiness import WEIGHTS_FILE  # noqa: E402
from claims.intake.worthiness_signals import REASONS, signals  # noqa: E402
from claims.matching.embedding import encode  # noqa: E402

# ClaimBuster's coders count a promise with a figure as check-worthy ("I'll cut taxes by $500 billion":
# 57 % of such train sentences are CFS); the desk's rules do not log plans, intentions or predictions
# (bench/data/intake_real/README.md). After the fit, these weights are set by hand to say so (a figure
# in a plan is weighed apart from the figures of facts by the signals, so the others do not lean on it).
DESK_RULES = {"future_figure": 0.5, "plan": -1.0, "prediction": -1.0, "intention": -1.0}
# The embedding would learn the coders' view all the same (a plan with a figure scored 0.58 with the
# weights above set by hand): train sentences with a plan, a prediction or an intention are labelled
# not check-worthy before the fit (2,009 of the 7,628; 376 of them CFS), as the desk would label them.
DESK_NOT_CHECKED = ("plan", "prediction", "intention")


def best_shift(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The bias shift with the best F1 of "logit >= 0" (of equals, the one keeping more), and that F1."""
    scores = []
    for shift in np.arange(-2.0, 2.0, 0.02):
        kept = logits + shift >= 0
        tp = float((kept & (y == 1)).sum())
        precision, recall = (tp / kept.sum(), tp / (y == 1).sum()) if tp else (0.0, 0.0)
        scores.append((2 * precision * recall / (precision + recall) if tp else 0.0, float(shift)))
    f1, shift = max(scores)
    return shift, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2", type=float, default=0.3)
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.relative_to(ROOT)}")
    args = parser.parse_args()
    data = sentences(args.repo, "train")
    names = sorted(REASONS)
    x_signals = np.array([[signals(s.text).get(name, 0.0) for name in names] for s in data])
    x_embedding = encode([s.text for s in data]).astype(np.float64)
    x = np.hstack([x_signals, x_embedding])
    y = np.array([1.0 if s.is_check_worthy else 0.0 for s in data])
    y[(x_signals[:, [names.index(name) for name in DESK_NOT_CHECKED]] > 0).any(axis=1)] = 0.0
    w = fit(x, y, args.l2)
    for name, weight in DESK_RULES.items():
        w[names.index(name)] = weight
    logits = np.hstack([x, np.ones((len(x), 1))]) @ w
    shift, f1 = best_shift(logits, y)
    embedding_weights = w[len(names) : -1]
    # The embedding's part is reported against its mean on train, so the bias takes that mean.
    embedding_mean = float((x_embedding @ embedding_weights).mean())
    weights = {
        "fitted_on": f"ClaimBuster train split, {len(data)} sentences (bench/checkworthiness.py)",
        "l2": args.l2,
        "train_f1": round(f1, 4),
        "bias": round(float(w[-1] + shift + embedding_mean), 4),
        "signals": {
            name: round(float(weight), 4)
            for name, weight in sorted(zip(names, w[: len(names)], strict=True), key=lambda item: -item[1])
        },
        "desk_rules": sorted(DESK_RULES),
        "desk_not_checked": list(DESK_NOT_CHECKED),
        "embedding_mean": round(embedding_mean, 4),
        "embedding": [round(float(weight), 4) for weight in embedding_weights],
    }
    print(f"# fitted on {len(data)} train sentences, L2 {args.l2}; bias shifted by {shift:+.2f}: F1 {f1:.3f}")
    print(json.dumps({k: v for k, v in weights.items() if k != "embedding"}, indent=2))
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(weights, indent=1) + "\n")
        print(f"written to {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
