"""Fit the check-worthiness weights on ClaimBuster's train split: a logistic regression over the signals.

    .venv/bin/python bench/checkworthiness_fit.py [--l2 1.0] [--repo PATH]

Reads the train split of bench/checkworthiness.py (never the held-out one), turns each sentence into
the signals of `claims.intake.worthiness_signals.signals`, and fits one weight per signal and a bias
by Newton's method with an L2 penalty (the bias unpenalised). It sets the few weights the desk's
rules decide (DESK_RULES below), then moves the bias so that "score >= 0.5" has the best F1 on
train (CFS are 28 % of the sentences; a desk wants the line where precision and recall meet, not the
one a calibrated probability puts there). Prints the weights as
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
# (bench/data/intake_real/README.md). After the fit, these weights are set by hand to say so (a figure
# in a plan is weighed apart from the figures of facts by the signals, so the others do not lean on it).
DESK_RULES = {"future_figure": 0.5, "plan": -1.0, "prediction": -1.0, "intention": -1.0}


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression weights (last one the bias) by Newton's method."""
    x = np.hstack([x, np.ones((len(x), 1))])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        w -= np.linalg.solve(hessian, gradient)
    return w


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
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--repo", type=Path, default=REPO)
    args = parser.parse_args()
    data = sentences(args.repo, "train")
    names = sorted(REASONS)
    rows = [signals(s.text) for s in data]
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    y = np.array([1.0 if s.is_check_worthy else 0.0 for s in data])
    w = fit(x, y, args.l2)
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
