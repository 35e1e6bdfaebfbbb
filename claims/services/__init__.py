"""Writes to claims: claimants, claims, appearances, verdicts (`content`), and the workflow (`workflow`).

Every service checks who may act, writes in one transaction under the
member's name (history), and enqueues follow-up work on commit.
"""

from claims.services.content import (
    APPEARANCE_PLACE_REQUIRED,
    CLAIM_EDITABLE_FIELDS,
    DUPLICATE_APPEARANCE,
    DUPLICATE_CLAIM,
    REVIEWED_CLAIM_FIELDS,
    VERDICT_FIELDS,
    ContentEdit,
    appearance_create,
    appearance_delete,
    appearance_place_check,
    appearance_update,
    cited_row_change,
    claim_content_changed,
    claim_create,
    claim_lock,
    claim_update,
    claimant_create,
    claimant_get_or_create,
    claimant_resolve,
    claimant_update,
    claims_content_changed,
    content_edit,
    rating_scale_changed,
    verdict_update,
)
from claims.services.workflow import (
    REVIEW_ACTIONS,
    claim_transition,
    publication_build,
    publication_create,
)

__all__ = [
    "APPEARANCE_PLACE_REQUIRED",
    "appearance_place_check",
    "CLAIM_EDITABLE_FIELDS",
    "ContentEdit",
    "DUPLICATE_APPEARANCE",
    "DUPLICATE_CLAIM",
    "REVIEWED_CLAIM_FIELDS",
    "REVIEW_ACTIONS",
    "VERDICT_FIELDS",
    "appearance_create",
    "appearance_delete",
    "appearance_update",
    "claim_content_changed",
    "claim_create",
    "claim_lock",
    "claim_transition",
    "claim_update",
    "claimant_create",
    "claimant_get_or_create",
    "claimant_resolve",
    "cited_row_change",
    "claimant_update",
    "claims_content_changed",
    "content_edit",
    "publication_build",
    "publication_create",
    "rating_scale_changed",
    "verdict_update",
]
