"""Domain events: what a claim's workflow tells the outside world, and the payloads that say it.

The payloads are built here, by the domain; `factcheck.webhooks` stores and delivers them without
knowing what a claim is. Call `webhook_transition_emit` inside the transaction of the transition:
if it rolls back, nothing is sent.
"""

from django.conf import settings

from claims.models import ClaimState
from factcheck.models import WebhookEventType
from factcheck.webhooks import webhook_event_emit


def claim_event_data(claim) -> dict:
    verdict = getattr(claim, "verdict", None)
    return {
        "id": claim.pk,
        "state": claim.state,
        "text": claim.text,
        "summary": claim.summary,
        "language": claim.language,
        "claimant": {"id": claim.claimant_id, "name": claim.claimant.name, "title": claim.claimant.title},
        "verdict": None
        if verdict is None
        else {
            "revision": verdict.revision,
            "rating": verdict.rating.label if verdict.rating_id else None,
            "headline": verdict.headline,
        },
        "api_url": f"{settings.SITE_URL}/api/v1/claims/{claim.pk}/",
    }


def publication_event_data(publication) -> dict:
    return {
        "claim_id": publication.claim_id,
        "version": publication.version,
        "url": publication.claimreview.get("url", ""),
        "claim_reviewed": publication.claim_reviewed,
        "rating": publication.rating_label,
        "published_at": publication.published_at,
        "note_kind": publication.note_kind,
        "note": publication.note,
    }


def webhook_transition_emit(*, claim, action: str, actor) -> None:
    """The events a workflow action causes (call inside `claim_transition`, after the state changed).

    submit -> claim.submitted; an approval that moves the claim to approved ->
    claim.approved; publish -> factcheck.published for version 1 and
    factcheck.corrected for later versions (corrections and updates).
    """
    actor_data = {"id": actor.pk, "username": actor.get_username()}
    if action == "submit":
        webhook_event_emit(
            event=WebhookEventType.CLAIM_SUBMITTED,
            data={"claim": claim_event_data(claim), "actor": actor_data},
        )
    elif action == "approve" and claim.state == ClaimState.APPROVED:
        webhook_event_emit(
            event=WebhookEventType.CLAIM_APPROVED,
            data={"claim": claim_event_data(claim), "actor": actor_data},
        )
    elif action == "publish":
        publication = claim.publications.order_by("-version").first()
        event = (
            WebhookEventType.FACTCHECK_PUBLISHED
            if publication.version == 1
            else WebhookEventType.FACTCHECK_CORRECTED
        )
        webhook_event_emit(
            event=event, data={"fact_check": publication_event_data(publication), "actor": actor_data}
        )
