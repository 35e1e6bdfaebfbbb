"""Published fact-checks for the public page tests, built through the real services and workflow.

HOSTILE_* strings would run script or load an image if any page put them out
as markup: they set window.__xss, open a dialog, or end a <script> block early.
"""

import datetime

from claims import services
from claims.models import ClaimState
from claims.selectors import rating_get
from evidence import services as evidence_services
from tests.factories import ClaimantFactory, add_evidence, make_claim, write_verdict

HOSTILE_CLAIM = 'Steel imports doubled </script><script>window.__xss=1;alert("claim")</script> last year.'
HOSTILE_CLAIMANT = "<img src=x onerror=\"window.__xss=2;alert('claimant')\"> Mallory"
HOSTILE_EXCERPT = "<script>window.__xss=3</script><img src=x onerror=window.__xss=4> the tariff rose"
HOSTILE_ANALYSIS = (
    "The **customs data** say otherwise.\n\n"
    "<script>window.__xss=5</script>\n\n"
    '<img src="x" onerror="window.__xss=6">\n\n'
    "[a link](javascript:window.__xss=7) and [a source](https://example.org/stats)."
)
WITHHELD_SOURCE = "Whistleblower at the Ministry"
WITHHELD_URL = "https://example.org/leaked-memo"


def publish_factcheck(
    *,
    checker,
    reviewer,
    editor,
    text="Steel imports doubled last year.",
    summary="",
    claimant=None,
    rating="False",
    headline="Not what the data show",
    conclusion="The numbers say otherwise.",
    analysis="",
    excerpt="Imports rose by 4 percent.",
    withheld=False,
):
    """A claim taken through the workflow to its first publication; returns the claim."""
    claim = make_claim(author=checker, text=text, summary=summary, claimant=claimant)
    claim = services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    services.appearance_create(
        claim=claim,
        actor=checker,
        url="https://example.org/interview",
        outlet="Evening News",
        medium="tv",
        appeared_on=datetime.date(2025, 7, 15),
        is_first=True,
    )
    source = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    add_evidence(claim, actor=checker, stance="refutes", source=source, excerpt=excerpt)
    add_evidence(
        claim, actor=checker, stance="context", title="Background on quotas", url="https://example.org/quota"
    )
    if withheld:
        secret = evidence_services.source_get_or_create(name=WITHHELD_SOURCE, kind="other", actor=checker)
        add_evidence(
            claim,
            actor=checker,
            stance="supports",
            title="An internal memo",
            url=WITHHELD_URL,
            source=secret,
            excerpt="The memo mentions a rise.",
            is_withheld=True,
        )
    evidence_services.rebuttal_create(
        claim=claim,
        actor=checker,
        party="The Ministry of Trade",
        kind="denial",
        statement="Said the figure is wrong.",
        stated_on=datetime.date(2025, 7, 16),
    )
    write_verdict(
        claim, actor=checker, rating=rating, headline=headline, conclusion=conclusion, analysis=analysis
    )
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    return services.claim_transition(claim=claim, action="publish", actor=editor)


def publish_hostile_factcheck(*, checker, reviewer, editor):
    """A published fact-check whose claim, claimant, excerpt and analysis are hostile markup."""
    return publish_factcheck(
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text=HOSTILE_CLAIM,
        summary="Mallory says steel imports doubled",
        claimant=ClaimantFactory(name=HOSTILE_CLAIMANT),
        excerpt=HOSTILE_EXCERPT,
        analysis=HOSTILE_ANALYSIS,
        headline='Imports rose, they did not double <img src=x onerror="window.__xss=8">',
        withheld=True,
    )


def revise_and_edit(claim, *, checker, editor, rating="True", headline="The revised headline"):
    """Start a revision and change the verdict: the working draft now differs from what is public."""
    claim = services.claim_transition(claim=claim, action="revise", actor=editor)
    current = claim.verdict
    services.verdict_update(
        claim=claim,
        actor=checker,
        rating=rating_get(label=rating),
        headline=headline,
        conclusion="A draft conclusion nobody approved.",
        analysis=current.analysis,
    )
    return claim


def publish_revision(claim, *, checker, reviewer, editor, note, note_kind="correction"):
    """Review and publish the revision with its correction or update note."""
    services.claim_transition(claim=claim, action="submit", actor=checker)
    services.claim_transition(claim=claim, action="approve", actor=reviewer)
    claim = services.claim_transition(
        claim=claim, action="publish", actor=editor, note=note, note_kind=note_kind
    )
    assert claim.state == ClaimState.PUBLISHED
    return claim
