"""Check-worthiness: how much a statement is worth checking, from 0 to 1, with the reasons.

Checkable statements of fact score high: numbers and figures, statistics, names, comparisons,
superlatives and records, laws and votes, what someone did, what happened. Beliefs, judgements,
obligations, plans, predictions, hedges, questions and pleasantries score low.

The score is a logistic regression over two kinds of input: the signals of
`claims.intake.worthiness_signals` (a few dozen patterns, each reported in words) and the sentence's
embedding by the matcher's model (all-MiniLM-L6-v2, `claims.matching.embedding`), which carries how
checkable statements are worded beyond what the patterns name. The weights were fitted on the train
part of a public, labelled data set (ClaimBuster's check-worthy debate sentences) by
bench/checkworthiness_fit.py and are read from checkworthiness_weights.json beside this module; four
of them are set by the desk's rules (no plans, intentions or forecasts). bench/checkworthiness.py
measures them on the held-out part and bench/intake_real.py on published news. 0.5 is the
check-worthy line. Nothing is downloaded and nothing is trained at run time.
"""

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

from claims.intake.worthiness_signals import REASONS, signals
from claims.matching.embedding import MODEL_DIMENSION

logger = logging.getLogger(__name__)

WEIGHTS_FILE = Path(__file__).with_name("checkworthiness_weights.json")
_FITTED = json.loads(WEIGHTS_FILE.read_text())
WEIGHTS: dict[str, float] = _FITTED["signals"]
BIAS: float = _FITTED["bias"]
# The embedding's part, counted from its mean on the train sentences (the bias holds that mean).
EMBEDDING_WEIGHTS: tuple[float, ...] = tuple(_FITTED["embedding"])
EMBEDDING_MEAN: float = _FITTED["embedding_mean"]
REASON_WEIGHT = 0.2  # a signal that moves the score less than this is not worth naming
WORDED_CHECKABLE = "worded like checkable statements"
WORDED_OTHERWISE = "worded like opinion or talk"
_UNNAMED = {"length"}
if len(EMBEDDING_WEIGHTS) != MODEL_DIMENSION:
    raise ImportError(
        f"{WEIGHTS_FILE.name} holds {len(EMBEDDING_WEIGHTS)} embedding weights, not {MODEL_DIMENSION}"
    )
if WEIGHTS.keys() != REASONS.keys():  # a signal without a weight, or a weight without a signal
    raise ImportError(f"check-worthiness weights and signals differ: {WEIGHTS.keys() ^ REASONS.keys()}")


@dataclass(frozen=True)
class Assessment:
    score: float
    reasons: tuple[str, ...]
    # The signals the score was computed from (the desk's score reads them too, not again).
    signals: dict = field(default_factory=dict, compare=False, repr=False)


def assess(text: str) -> Assessment:
    """Score a statement's check-worthiness (0..1) and say why, in a few words."""
    return assess_many([text])[0]


def assess_many(texts: list[str], *, embed_at_most: int | None = None) -> list[Assessment]:
    """Score several statements at once (their embeddings are computed in one batch).

    Embedding costs about 10 ms of CPU a sentence: with `embed_at_most`, only that many are embedded,
    those the signals alone rank highest, and the others are scored by their signals (the embedding's
    part taken at its mean), so that a text with hundreds of statements is still read in bounded time.
    """
    return assess_and_embed(texts, embed_at_most=embed_at_most)[0]


def assess_and_embed(texts: list[str], *, embed_at_most: int | None = None) -> tuple[list[Assessment], list]:
    """`assess_many`, and each statement's embedding (None for those not embedded), for the desk's score."""
    present = [i for i, text in enumerate(texts) if (text or "").strip()]
    found = [Assessment(0.0, ())] * len(texts)
    vectors: list = [None] * len(texts)
    embedded = present if _fitted_model_in_use() else []
    if embed_at_most is not None and len(embedded) > embed_at_most:
        by_signals = sorted(embedded, key=lambda i: -_signals_logit(signals(texts[i])))
        embedded = sorted(by_signals[:embed_at_most])
    encoded = _encoded([texts[i] for i in embedded]) if embedded else None
    if encoded is None:
        embedded = []  # the model failed: the signals alone score every statement
    for row, i in enumerate(embedded):
        vectors[i] = encoded[row]
        found[i] = _assessment(texts[i], _worded(encoded[row]))
    for i in sorted(set(present) - set(embedded)):
        found[i] = _assessment(texts[i], None)
    return found, vectors


def _signals_logit(found: dict[str, float]) -> float:
    return BIAS + sum(WEIGHTS[name] * value for name, value in found.items())


def _fitted_model_in_use() -> bool:
    """The weights hold for all-MiniLM-L6-v2's vectors only; another model set for matching
    (MATCH_EMBEDDING_MODEL_PATH) would give vectors of the same size that mean something else."""
    from django.conf import settings

    return not settings.MATCH_EMBEDDING_MODEL_PATH


def _encoded(texts: list[str]):
    """The texts' unit vectors (a float32 array), or None when the model cannot embed them."""
    from claims.matching.embedding import ModelUnavailable, encode

    try:
        return encode(texts)
    except ModelUnavailable as error:  # start-up checks it; a process started without them may not have it
        logger.warning("check-worthiness scored by its signals only: %s", error)
        return None


def _worded(vector) -> float:
    """The embedding's part of a statement's score."""
    return sum(w * float(v) for w, v in zip(EMBEDDING_WEIGHTS, vector, strict=True)) - EMBEDDING_MEAN


def _assessment(text: str, worded: float | None) -> Assessment:
    """The score from the signals and the embedding's part (None: not embedded, taken at its mean)."""
    found = signals(text)
    logit = _signals_logit(found) + (worded or 0.0)
    named = [(WEIGHTS[name] * value, REASONS[name]) for name, value in found.items() if name not in _UNNAMED]
    if worded is not None:
        named.append((worded, WORDED_CHECKABLE if worded > 0 else WORDED_OTHERWISE))
    named = [(weight, reason) for weight, reason in named if abs(weight) >= REASON_WEIGHT]
    ordered = sorted(w for w in named if w[0] > 0)[::-1] + sorted(w for w in named if w[0] < 0)
    reasons = tuple(dict.fromkeys(reason for _, reason in ordered))
    score = 1.0 / (1.0 + math.exp(-logit))
    return Assessment(round(score, 3), reasons, found)
