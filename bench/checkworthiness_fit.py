"""Fit the check-worthiness weights on ClaimBuster's train split: a logistic regression over the signals.

    .venv/bin/python bench/checkworthiness_fit.py [--l2 1.0] [--repo PATH]

Reads the train split of bench/checkworthiness.py (never the held-out one), turns each sentence into
the signals of `claims.intake.worthiness_signals.signals`, and fits one weight per signal and a bias
by Newton's method with an L2 penalty (the bias unpenalised). Then it moves the bias so that
"score >= 0.5" has the best F1 on train (CFS are 28 % of the sentences; a desk wants the line where
precision and recall meet, not the one a calibrated probability puts there). Prints the weights as
Python, to paste into `claims/intake/checkworthiness.py` by hand: nothing is fitted at run time.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthiness import REPO, sentences  # noqa: E402

from claims.intake.worthiness_signals import REASONS, signals  # noqa: E402

# ClaimBuster's coders count a promise with a figure as check-worthy ("I'll cut taxes by $500 billion":
# 57 % of such train sentences are CFS); the desk's rules do not log plans, intentions or predictions
# (bench/data/intake_real/README.md). These weights are set by hand to say so, and the others are
# fitted around them (their contribution is a fixed offset in the fit).
F1_SLACK = 0.0
DESK_RULES = {"future_figure": 0.5, "plan": -1.0, "prediction": -1.0, "intention": -1.0}


def fit(x: np.ndarray, y: np.ndarray, l2: float, offset: np.ndarray, steps: int = 30) -> np.ndarray:
    """Logistic regression weights (last one the bias) by Newton's method, each logit plus `offset`."""
    x = np.hstack([x, np.ones((len(x), 1))])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + offset)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        w -= np.linalg.solve(hessian, gradient)
    return w


def best_shift(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The most inclusive bias shift whose F1 of "logit >= 0" is within F1_SLACK of the best, and that F1.

    F1 is flat near its best; of the lines that score alike, the desk is served by the one that
    shows more candidates (a miss costs more than a candidate read and dropped).
    """
    scores = []
    for shift in np.arange(-2.0, 2.0, 0.02):
        kept = logits + shift >= 0
        tp = float((kept & (y == 1)).sum())
        precision, recall = (tp / kept.sum(), tp / (y == 1).sum()) if tp else (0.0, 0.0)
        scores.append((float(shift), 2 * precision * recall / (precision + recall) if tp else 0.0))
    best = max(f1 for _, f1 in scores)
    return max((shift, f1) for shift, f1 in scores if f1 >= best - F1_SLACK)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--repo", type=Path, default=REPO)
    args = parser.parse_args()
    data = sentences(args.repo, "train")
    names = sorted(REASONS)
    rows = [signals(s.text) for s in data]
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    offset = np.zeros(len(rows))
    y = np.array([1.0 if s.is_check_worthy else 0.0 for s in data])
    w = fit(x, y, args.l2, offset)
    for name, weight in DESK_RULES.items():
        w[names.index(name)] = weight
    logits = np.hstack([x, np.ones((len(x), 1))]) @ w
    shift, f1 = best_shift(logits, y)
    print(f"# fitted on {len(data)} train sentences, L2 {args.l2}; bias shifted by {shift:+.2f}: F1 {f1:.3f}")
    print("WEIGHTS = {")
    fitted = dict(zip(names, w[:-1], strict=True))
    for name, weight in sorted({**fitted, **DESK_RULES}.items(), key=lambda item: -item[1]):
        note = "  # set by hand: the desk logs no plans or forecasts" if name in DESK_RULES else ""
        print(f'    "{name}": {weight:.2f},{note}')
    print("}")
    print(f"BIAS = {w[-1] + shift:.2f}")


if __name__ == "__main__":
    main()
