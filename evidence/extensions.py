"""What evidence adds to a claim, registered with claims (claims.extensions) when the app is ready:
claims shows a claim's evidence, loads it with the claim and publishes it without importing evidence."""

from claims import extensions
from evidence import selectors
from evidence.web import sections

extensions.prefetches("workspace")(selectors.claim_workspace_prefetches)
extensions.prefetches("workspace_appearances")(selectors.appearance_workspace_prefetches)
extensions.prefetches("api")(selectors.claim_api_prefetches)
extensions.prefetches("review_inbox")(selectors.claim_review_inbox_prefetches)
extensions.publication_content(selectors.evidence_publication_content)
extensions.public_page(sections.public_page_context)
extensions.workspace(sections.workspace_context)
for template in sections.WORKSPACE_SECTIONS:
    extensions.workspace_panel(template)
extensions.dashboard(sections.dashboard_context)
extensions.timeline(selectors.claim_timeline_sources)
extensions.restorable(
    "evidence",
    url_name="claims:evidence:evidence-restore",
    present=lambda claim: {item.pk for item in claim.evidence.all()},
)
extensions.restorable(
    "rebuttal",
    url_name="claims:evidence:rebuttal-restore",
    present=lambda claim: {item.pk for item in claim.rebuttals.all()},
)


@extensions.api_claim_fields
def api_claim_fields() -> dict:
    from evidence.api.serializers import EvidenceSerializer, RebuttalSerializer

    return {"evidence": EvidenceSerializer(many=True), "rebuttals": RebuttalSerializer(many=True)}


@extensions.content_cascades
def content_cascades() -> list:
    from evidence.models import Snapshot

    # Archived copies go with the row they archive; the service deletes them with it.
    return [Snapshot]
