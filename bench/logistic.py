"""Logistic regression by Newton's method, for the fits of bench/ (numpy only)."""

import numpy as np


def fit(
    x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30, offset: np.ndarray | None = None
) -> np.ndarray:
    """Logistic regression weights (last one the bias) by Newton's method, the bias unpenalised;
    `offset` is a part of each row's logit that is given, not fitted."""
    offset = np.zeros(len(x)) if offset is None else offset
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
