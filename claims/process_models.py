"""Models a process loads from installed packages (the matching embedder, the intake parser).

Rules:
- A model that cannot load raises ModelUnavailable with one line naming the cause.
- At a web or worker process's start (settings.PROCESS_START_CHECKS), `load_or_exit` loads each
  model now; on failure it prints that line and exits with status 3, so the process refuses to
  start instead of failing with a traceback at the first request.
"""

import sys
from collections.abc import Callable

from django.conf import settings


class ModelUnavailable(RuntimeError):
    """A model could not be loaded (a missing package, unreadable weights)."""


def load_or_exit(*, process: str, model: str, load: Callable[[], object]) -> None:
    """Load a model now; on failure print one line naming the cause and exit (status 3)."""
    if not settings.PROCESS_START_CHECKS:
        return
    try:
        load()
    except ModelUnavailable as error:
        print(
            f"[factcheck] error: the {process} cannot start: the {model} did not load: {error}",
            file=sys.stderr,
            flush=True,
        )
        sys.exit(3)
