"""Published fact-checks for API tests, brought there through the real workflow (services only)."""

from claims import services
from claims.models import Claim
from evidence import services as evidence_services
from tests.factories import ClaimantFactory, add_evidence, make_claim, write_verdict


def publish_factcheck(
    *,
    checker,
    reviewer,
    editor,
    text="Steel imports doubled last year.",
    rating="False",
    headline="Not what the data show",
    claimant=None,
    evidence=({},),
    rebuttals=(),
    **claim_fields,
) -> Claim:
    """Log a claim, research it, have it reviewed and publish it (version 1)."""
    claim = make_claim(author=checker, text=text, claimant=claimant or ClaimantFactory(), **claim_fields)
    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    for item in evidence:
        add_evidence(claim, actor=checker, **item)
    for rebuttal in rebuttals:
        evidence_services.rebuttal_create(claim=claim, actor=checker, **rebuttal)
    write_verdict(claim, actor=checker, rating=rating, headline=headline)
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    return services.claim_transition(claim=claim, action="publish", actor=editor)


def revise(claim, *, checker, editor, rating, headline="Revised headline", conclusion="Revised.") -> Claim:
    """Start a revision of a published fact-check and change its verdict (the working draft)."""
    services.claim_transition(claim=claim, action="revise", actor=editor)
    write_verdict(claim, actor=checker, rating=rating, headline=headline, conclusion=conclusion)
    return claim


def republish(claim, *, checker, reviewer, editor, rating, note, note_kind="correction") -> Claim:
    """Revise, review and publish again: the next version, with its correction or update note."""
    revise(claim, checker=checker, editor=editor, rating=rating)
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    return services.claim_transition(
        claim=claim, action="publish", actor=editor, note=note, note_kind=note_kind
    )
