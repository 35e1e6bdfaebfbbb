"""Workflow steps for tests, in one place: a claim taken through the real services and workflow.

Every step is a service call, as a member would make it (no row written by hand), so a test that
publishes, revises or republishes goes through the same rules as the desk and the API.
"""

import datetime

from claims import services
from claims.models import Claim, ClaimState
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
    conclusion="The numbers say otherwise.",
    analysis="",
    claimant=None,
    appearances=(),
    evidence=({},),
    rebuttals=(),
    **claim_fields,
) -> Claim:
    """Log a claim, research it (appearances, evidence, rebuttals, verdict), have it reviewed and
    publish it (version 1). `evidence` items are `add_evidence` keywords."""
    claim = make_claim(author=checker, text=text, claimant=claimant or ClaimantFactory(), **claim_fields)
    claim = services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    for appearance in appearances:
        services.appearance_create(claim=claim, actor=checker, **appearance)
    for item in evidence:
        add_evidence(claim, actor=checker, **item)
    for rebuttal in rebuttals:
        evidence_services.rebuttal_create(claim=claim, actor=checker, **rebuttal)
    write_verdict(
        claim, actor=checker, rating=rating, headline=headline, conclusion=conclusion, analysis=analysis
    )
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    return services.claim_transition(claim=claim, action="publish", actor=editor)


def revise(
    claim,
    *,
    checker,
    editor,
    rating="True",
    headline="The revised headline",
    conclusion="A draft conclusion nobody approved.",
) -> Claim:
    """Start a revision of a published fact-check and change its verdict (keeping its analysis):
    the working draft now differs from what is public."""
    claim = services.claim_transition(claim=claim, action="revise", actor=editor)
    write_verdict(
        claim,
        actor=checker,
        rating=rating,
        headline=headline,
        conclusion=conclusion,
        analysis=claim.verdict.analysis,
    )
    return claim


def publish_revision(claim, *, checker, reviewer, editor, note, note_kind="correction") -> Claim:
    """Review and publish the revision: the next version, with its correction or update note."""
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim = services.claim_transition(
        claim=claim, action="publish", actor=editor, note=note, note_kind=note_kind
    )
    assert claim.state == ClaimState.PUBLISHED
    return claim


def republish(claim, *, checker, reviewer, editor, rating, note, note_kind="correction") -> Claim:
    """Revise with a new rating, review and publish again."""
    revise(claim, checker=checker, editor=editor, rating=rating)
    return publish_revision(
        claim, checker=checker, reviewer=reviewer, editor=editor, note=note, note_kind=note_kind
    )


def publish_correction(claim, *, editor, reviewer, note, note_kind="correction", **verdict) -> Claim:
    """The quick correction: the editor revises, changes the verdict (`write_verdict` keywords; the
    rest kept), submits it with its note, and the reviewer's approval publishes it (two people)."""
    claim = services.claim_transition(claim=claim, action="revise", actor=editor)
    current = claim.verdict
    fields = {
        "rating": current.rating.label,
        "headline": current.headline,
        "conclusion": current.conclusion,
        "analysis": current.analysis,
    }
    write_verdict(claim, actor=editor, **(fields | verdict))
    services.claim_transition(claim=claim, action="submit", actor=editor, note=note, note_kind=note_kind)
    claim = services.claim_transition(claim=claim, action="approve", actor=reviewer)
    assert claim.state == ClaimState.PUBLISHED
    return claim


def duplicate_claim(checker, *, text="Imports of steel have doubled, she said."):
    """A claim that repeats another (Jane Roe on Town Hall Radio), with its first appearance."""
    repeat = make_claim(author=checker, text=text, claimant=ClaimantFactory(name="Jane Roe", title="Senator"))
    services.appearance_create(
        claim=repeat,
        actor=checker,
        url="https://example.org/town-hall",
        outlet="Town Hall Radio",
        medium="radio",
        appeared_on=datetime.date(2025, 8, 2),
        is_first=True,
    )
    return repeat
