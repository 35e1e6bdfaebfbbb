"""Writes to evidence, by concern: `content` (sources, evidence, rebuttals) and `snapshots` (archived
copies and link checks). Callers import from `evidence.services`; each rule lives in its module."""

from evidence.services.content import (  # noqa: F401
    EVIDENCE_FIELDS,
    REBUTTAL_FIELDS,
    evidence_create,
    evidence_delete,
    evidence_restore,
    evidence_update,
    rebuttal_create,
    rebuttal_delete,
    rebuttal_restore,
    rebuttal_update,
    source_create,
    source_get_or_create,
    source_resolve,
    source_update,
)
from evidence.services.snapshots import (  # noqa: F401
    ARCHIVE_RESUME_AFTER,
    ARCHIVE_TARGETS,
    RETRY_BACKOFF_CAP,
    TransientFetchError,
    archive_retry_delay,
    links_recheck_enqueue,
    snapshot_archive,
    snapshot_archive_lost,
    snapshot_archive_on_commit,
    snapshot_archive_queue,
    snapshot_recheck,
    snapshot_recheck_due,
)
