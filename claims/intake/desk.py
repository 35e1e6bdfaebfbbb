"""The desk's score: how likely a desk logs a statement under the speaker intake found for it, 0 to 1.

Check-worthiness (`claims.intake.checkworthiness`) says how checkable a sentence is worded; it was
fitted on debate sentences and knows nothing of attribution. This score is a second logistic
regression, fitted on the statements desks' annotators logged from published news
(bench/data/intake_real, by bench/intake_desk_fit.py), over what intake knows of a candidate:

- the check-worthiness logit and its signals;
- the speaker as found: a person or a body, how many words its name has, whether the name is in the
  text as found or only as part of a longer name, how often it is mentioned, what share of the
  text's candidates it has, whether a title goes with it;
- the statement: quoted or reported, its length, where in the text it stands, whether it opens
  with a pronoun or speaks in the first person, whether it holds a figure;
- the text: how many candidates and speakers it has, whether it is a transcript with labels;
- the statement's embedding by the matcher's model against weights fitted on the same texts (the
  statements not embedded take its mean, as check-worthiness does).

The weights are read from desk_weights.json beside this module; nothing is trained at run time.
bench/intake_desk_fit.py reports the fit with each round of texts held out in turn.
"""

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.core.signals import setting_changed
from django.dispatch import receiver

from claims.intake.checkworthiness import Assessment
from claims.intake.worthiness_signals import REASONS
from claims.matching.embedding import MODEL_DIMENSION
from claims.process_models import ModelUnavailable

WEIGHTS_FILE = Path(__file__).with_name("desk_weights.json")  # settings.INTAKE_DESK_WEIGHTS may name another
_OPENS_WITH_PRONOUN = re.compile(r"^(?:he|she|it|they|we|i|this|that|there)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|we|our|us|my)\b", re.IGNORECASE)
_LABEL_LINE = re.compile(r"(?:^|\n)[A-Z][A-Za-z .'-]{1,40}:")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.&'’-]*\s$")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class Found:
    """A statement intake found, before the desk's score: what the score is computed from."""

    text: str
    speaker: str
    kind: str
    title: str
    start: int
    end: int
    quoted: bool
    assessment: Assessment


def features(found: list[Found], text: str) -> list[dict[str, float]]:
    """The score's inputs for each statement of one text (the names of desk_weights.json)."""
    length = max(1, len(text))
    speakers: dict[str, int] = {}
    for item in found:
        speakers[item.speaker] = speakers.get(item.speaker, 0) + 1
    transcript = float(bool(_LABEL_LINE.search(text)))
    mentions, inside = {}, {}
    # Every word counted once: a text of many speakers is not read again for each.
    word_counts = Counter(_WORD.findall(text))
    for name in speakers:
        last = name.split()[-1]
        # The surname as a word ("Lee", not the "Lee" of "Leeds"), as often as the text writes it.
        mentions[name] = math.log1p(word_counts[last.strip(".,;:'’\"()")])
        places = [m.start() for m in re.finditer(re.escape(name), text)]
        before = [p for p in places if _CAPITALISED_BEFORE.search(text[max(0, p - 30) : p])]
        inside[name] = (float(not places), len(before) / len(places) if places else 0.0)
    rows = []
    for item in found:
        words = len(item.text.split())
        score = min(max(item.assessment.score, 1e-3), 1 - 1e-3)
        tokens = len(item.speaker.split())
        row = {
            "checkworthiness": math.log(score / (1 - score)),
            "person": float(item.kind == "person"),
            "one_word_name": float(tokens == 1),
            "two_word_name": float(tokens == 2),
            "title": float(bool(item.title)),
            "quoted": float(item.quoted),
            "log_words": math.log1p(words),
            "short": float(words < 8),
            "long": float(words > 45),
            "position": item.start / length,
            "log_candidates": math.log1p(len(found)),
            "log_speakers": math.log1p(len(speakers)),
            "speaker_share": speakers[item.speaker] / len(found),
            "log_mentions": mentions[item.speaker],
            "name_not_in_text": inside[item.speaker][0],
            "name_inside_longer": inside[item.speaker][1],
            "opens_with_pronoun": float(bool(_OPENS_WITH_PRONOUN.match(item.text))),
            "first_person": float(bool(_FIRST_PERSON.search(item.text))),
            "figure": float(any(ch.isdigit() for ch in item.text)),
            "transcript": transcript,
        }
        found_signals = item.assessment.signals  # check-worthiness's, of the same words
        row.update({f"signal_{name}": found_signals.get(name, 0.0) for name in REASONS})
        row["embedding"] = 0.0  # filled in by score() from the statement's vector, when it has one
        rows.append(row)
    return rows


@functools.cache
def fitted() -> dict:
    """The fitted weights (read once); ModelUnavailable with one line when they cannot be used."""
    from django.conf import settings

    path = Path(settings.INTAKE_DESK_WEIGHTS) if settings.INTAKE_DESK_WEIGHTS else WEIGHTS_FILE
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"{path} is not readable fitted weights ({error})") from error
    problem = _problem(found)
    if problem:
        raise ModelUnavailable(f"{path.name}: {problem}")
    return {
        "features": tuple(found["features"]),
        "weights": tuple(float(v) for v in found["weights"]),
        "mean": tuple(float(v) for v in found["mean"]),
        "scale": tuple(float(v) for v in found["scale"]),
        "bias": float(found["bias"]),
        "embedding": tuple(float(v) for v in found["embedding"]),
        "embedding_mean": float(found["embedding_mean"]),
    }


def _problem(found) -> str | None:
    """What makes `found` unusable as the desk's weights, in a few words, or None."""
    if not isinstance(found, dict):
        return "not an object of fitted weights"
    missing = [
        k
        for k in ("features", "weights", "mean", "scale", "bias", "embedding", "embedding_mean")
        if k not in found
    ]
    if missing:
        return f"missing {', '.join(missing)}"
    expected = set(features([Found("x", "X", "person", "", 0, 1, False, Assessment(0.5, ()))], "x")[0])
    names = found["features"]
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return "features must be a list of names"
    if set(names) != expected or len(names) != len(expected):
        return f"the desk's features differ: {sorted(set(names) ^ expected) or 'a name twice'}"
    for key in ("weights", "mean", "scale", "embedding"):
        values = found[key]
        if not isinstance(values, list) or not all(_finite(v) for v in values):
            return f"{key} must be a list of finite numbers"
    for key in ("weights", "mean", "scale"):
        if len(found[key]) != len(names):
            return f"{key} holds {len(found[key])} numbers for {len(names)} features"
    if not all(v > 0 for v in found["scale"]):
        return "every scale must be above 0"
    if len(found["embedding"]) != MODEL_DIMENSION:
        return f"{len(found['embedding'])} embedding weights, not {MODEL_DIMENSION}"
    for key in ("bias", "embedding_mean"):
        if not _finite(found[key]):
            return f"{key} must be a finite number"
    return None


def _finite(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@receiver(setting_changed)
def _weights_setting_changed(setting, **kwargs) -> None:
    if setting == "INTAKE_DESK_WEIGHTS":
        fitted.cache_clear()


def startup_check(process: str) -> None:
    """Read the weights now; on failure print one line naming the cause and exit (status 3)."""
    from claims.process_models import load_or_exit

    load_or_exit(process=process, model="intake desk score (desk_weights.json)", load=fitted)


def score(found: list[Found], text: str, vectors: list) -> list[float]:
    """The desk's score of each statement (0..1); `vectors[i]` is its embedding, or None."""
    weights = fitted()
    terms = list(zip(weights["features"], weights["weights"], weights["mean"], weights["scale"], strict=True))
    scores = []
    for row, vector in zip(features(found, text), vectors, strict=True):
        if vector is not None:  # the embedding's input, counted from its mean
            dot = sum(w * float(v) for w, v in zip(weights["embedding"], vector, strict=True))
            row["embedding"] = dot - weights["embedding_mean"]
        logit = weights["bias"] + sum(
            weight * (row[name] - mean) / scale for name, weight, mean, scale in terms
        )
        scores.append(round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit)))), 3))
    return scores
