"""Check-worthiness: how much a statement is worth checking, from 0 to 1, with the reasons.

Checkable statements of fact score high: numbers and figures, statistics, names, comparisons,
superlatives and records, laws and votes, what someone did, what happened. Beliefs, judgements,
obligations, plans, predictions, hedges, questions and pleasantries score low.

The score is a logistic combination of the signals in `claims.intake.worthiness_signals`. The
weights are a handful of numbers fitted on the train part of a public, labelled data set
(ClaimBuster's check-worthy debate sentences) by bench/checkworthiness_fit.py and copied here;
bench/checkworthiness.py measures them on its held-out part and bench/intake_real.py on published
news. 0.5 is the check-worthy line. Each signal that counts is reported in words, so a
fact-checker can see why a sentence was picked; nothing is downloaded and nothing is trained at
run time.
"""

import math
from dataclasses import dataclass

from claims.intake.worthiness_signals import REASONS, signals

WEIGHTS = {
    "number": 1.93,
    "figure": 1.78,
    "names": 1.06,
    "statistic": 0.97,
    "third_party": 0.90,
    "superlative": 0.88,
    "length": 0.88,
    "comparison": 0.83,
    "past": 0.78,
    "legislation": 0.78,
    "happened": 0.72,
    "future_figure": 0.50,  # set by hand: the desk logs no plans or forecasts
    "time_frame": 0.30,
    "cause": 0.23,
    "absolute": 0.15,
    "denial": -0.01,
    "year": -0.13,
    "would": -0.20,
    "you": -0.35,
    "pleasantry": -0.53,
    "judgement": -0.63,
    "hedge": -0.74,
    "short": -0.78,
    "first_person": -0.78,
    "obligation": -0.87,
    "intention": -1.00,  # set by hand: the desk logs no plans or forecasts
    "plan": -1.00,  # set by hand: the desk logs no plans or forecasts
    "prediction": -1.00,  # set by hand: the desk logs no plans or forecasts
    "belief": -1.01,
    "question": -1.90,
}
BIAS = -1.37
REASON_WEIGHT = 0.2  # a signal that moves the score less than this is not worth naming
_UNNAMED = {"length"}
if WEIGHTS.keys() != REASONS.keys():  # a signal without a weight, or a weight without a signal
    raise ImportError(f"check-worthiness weights and signals differ: {WEIGHTS.keys() ^ REASONS.keys()}")


@dataclass(frozen=True)
class Assessment:
    score: float
    reasons: tuple[str, ...]


def assess(text: str) -> Assessment:
    """Score a statement's check-worthiness (0..1) and say why, in a few words."""
    if not (text or "").strip():
        return Assessment(0.0, ())
    found = signals(text)
    contributions = {name: WEIGHTS[name] * value for name, value in found.items()}
    logit = BIAS + sum(contributions.values())
    named = [
        (weight, name)
        for name, weight in contributions.items()
        if abs(weight) >= REASON_WEIGHT and name not in _UNNAMED
    ]
    ordered = sorted((w, n) for w, n in named if w > 0)[::-1] + sorted((w, n) for w, n in named if w < 0)
    reasons = tuple(dict.fromkeys(REASONS[name] for _, name in ordered))
    score = 1.0 / (1.0 + math.exp(-logit))
    return Assessment(round(score, 3), reasons)
