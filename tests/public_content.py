"""Published fact-checks for the public page tests, built through the real services and workflow.

HOSTILE_* strings would run script or load an image if any page put them out
as markup: they set window.__xss, open a dialog, or end a <script> block early.
"""

import datetime

from evidence import services as evidence_services
from tests.factories import ClaimantFactory
from tests.workflow import publish_factcheck

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


def publish_sourced_factcheck(
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
    """A fact-check as a public page shows one (a first appearance, evidence from named sources,
    a rebuttal; with `withheld`, evidence from a source that must not be shown), published."""
    customs = evidence_services.source_get_or_create(name="Customs Office", kind="government", actor=checker)
    evidence = [
        {"stance": "refutes", "source": customs, "excerpt": excerpt},
        {"stance": "context", "title": "Background on quotas", "url": "https://example.org/quota"},
    ]
    if withheld:
        secret = evidence_services.source_get_or_create(name=WITHHELD_SOURCE, kind="other", actor=checker)
        evidence.append(
            {
                "stance": "supports",
                "title": "An internal memo",
                "url": WITHHELD_URL,
                "source": secret,
                "excerpt": "The memo mentions a rise.",
                "is_withheld": True,
            }
        )
    return publish_factcheck(
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text=text,
        summary=summary,
        claimant=claimant,
        rating=rating,
        headline=headline,
        conclusion=conclusion,
        analysis=analysis,
        appearances=[
            {
                "url": "https://example.org/interview",
                "outlet": "Evening News",
                "medium": "tv",
                "appeared_on": datetime.date(2025, 7, 15),
                "is_first": True,
            }
        ],
        evidence=evidence,
        rebuttals=[
            {
                "party": "The Ministry of Trade",
                "kind": "denial",
                "statement": "Said the figure is wrong.",
                "stated_on": datetime.date(2025, 7, 16),
            }
        ],
    )


def publish_hostile_factcheck(*, checker, reviewer, editor):
    """A published fact-check whose claim, claimant, excerpt and analysis are hostile markup."""
    return publish_sourced_factcheck(
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
