"""Claims' models, by concern (each module says what it holds). Import them from `claims.models`."""

from claims.models.core import (  # noqa: F401
    CLAIM_SEARCH_VECTOR_SQL,
    CLAIM_TEXT_MAX_LENGTH,
    REVIEW_FOUR_EYES_SQL,
    SEARCH_REFRESH_SETTING,
    SUMMARY_MAX_LENGTH,
    Appearance,
    Claim,
    Claimant,
    ClaimantKind,
    ClaimState,
    Medium,
    NoteKind,
    Publication,
    Rating,
    RatingScale,
    Review,
    ReviewDecision,
    Transition,
    Verdict,
    publication_search_vector,
    search_part_triggers,
)
from claims.models.jobs import (  # noqa: F401
    ImportFormat,
    ImportJob,
    ImportJobStatus,
    IntakeJob,
    IntakeJobStatus,
)
from claims.models.requests import (  # noqa: F401
    REQUEST_TEXT_MAX_LENGTH,
    REQUEST_URL_MAX_LENGTH,
    ReaderRequest,
    RequestContact,
    RequestEmail,
    RequestEmailKind,
    RequestEmailStatus,
    RequestSource,
)
from claims.models.search import (  # noqa: F401
    ClaimEmbedding,
    ClaimSearchPart,
    EmbeddingKind,
    RealField,
    SearchWord,
)
