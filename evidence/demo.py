"""The demo desk: four members and six claims from the July 2025 coverage of NVIDIA H20 exports to China.

`demo_load()` brings the demo in through the same services and workflow the
desk uses (a claim is assigned by the editor, researched and submitted by
the fact-checker, approved by the reviewer, published by the editor), so the
demo shows every state, every evidence stance, a rebuttal and a publication.
Verdicts, evidence, rebuttals and snapshots are marked is_demo: the analysis
is illustrative, not a fact-check of record. Demo URLs are never fetched: the
demo writes its own made-up snapshots for them.

The launcher imports DEMO_PASSWORD and DEMO_MEMBERS before Django is set up,
so this module imports models and services only inside its functions.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

# Passes Django's password validators; shown by `make run` and `manage.py seed_demo`.
DEMO_PASSWORD = "demo-password-1"
# (username, role) of the demo members.
DEMO_MEMBERS = (
    ("alice", "fact-checker"),
    ("bob", "reviewer"),
    ("erin", "editor"),
    ("admin", "admin"),
)
DEMO_EMAIL_DOMAIN = "example.org"
DEMO_NOTICE = "Demo content: written to show the workbench, not a fact-check of record."
# Demo snapshots are made up, not fetched; they all carry this time so a reload is identical.
DEMO_SNAPSHOT_AT = datetime.datetime(2025, 7, 18, 9, 0, tzinfo=datetime.UTC)

_LUTNICK = {"name": "Howard Lutnick", "title": "U.S. Secretary of Commerce"}
_NVIDIA = {"name": "NVIDIA", "kind": "company", "url": "https://www.nvidia.com/"}
_BIS = {
    "name": "U.S. Department of Commerce, Bureau of Industry and Security",
    "kind": "government",
    "url": "https://www.bis.gov/",
}
_TOPICS = ["export controls", "semiconductors", "u.s.-china relations"]
_JULY_15 = datetime.date(2025, 7, 15)

# Each claim is brought to `state` through the workflow. Evidence and the
# rebuttals are added while it is researched; `changes_requested` sends the
# first submission back once, with evidence added before the resubmission.
DEMO_CLAIMS = (
    {
        "external_id": "demo-h20-1",
        "state": "published",
        "claimant": _LUTNICK,
        "text": "China, Japan, and Korea provide electricity almost for free and then dump steel to the U.S.",
        "summary": "Lutnick says China, Japan and Korea give near-free power and dump steel",
        "claimed_on": _JULY_15,
        "topics": ["trade", "steel", "energy"],
        "checkworthiness": 0.85,
        "selection_reason": "A cabinet secretary's factual claim about allies' trade practices, widely "
        "reported in Korea and answered by the Korean government.",
        "appearance": {
            "outlet": "CNBC",
            "medium": "tv",
            "url": "https://www.cnbc.com/video/2025/07/15/commerce-secretary-lutnick-on-chips-and-trade.html",
            "appeared_on": _JULY_15,
            "excerpt": "Interview with the Secretary of Commerce on chip exports and tariffs.",
        },
        "evidence": [
            {
                "stance": "refutes",
                "kind": "dataset",
                "title": "KEPCO electricity tariffs for industrial customers",
                "url": "https://home.kepco.co.kr/kepco/EN/F/htmlView/ENFBHP00103.do",
                "source": {"name": "Korea Electric Power Corporation (KEPCO)", "kind": "company"},
                "excerpt": "Industrial customers pay a demand charge and a per-kWh energy charge under "
                "the published tariff; industrial rates were raised several times from 2022 to 2024.",
                "published_on": datetime.date(2024, 10, 24),
            },
            {
                "stance": "context",
                "kind": "document",
                "title": "Countervailing duty proceedings on steel from Korea",
                "url": "https://www.trade.gov/enforcement-and-compliance",
                "source": {
                    "name": "U.S. Department of Commerce, International Trade Administration",
                    "kind": "government",
                },
                "excerpt": "In several proceedings Commerce has examined whether electricity sold by "
                "KEPCO to Korean steelmakers is a subsidy, reaching different conclusions over the years.",
                "published_on": datetime.date(2023, 11, 1),
            },
        ],
        "changes_requested": {
            "comment": "Say what U.S. trade measures already apply to Korean steel, so readers can weigh "
            "the word 'dump'.",
            "evidence": [
                {
                    "stance": "context",
                    "kind": "document",
                    "title": "Section 232 steel measures and the end of country exemptions in 2025",
                    "url": "https://www.whitehouse.gov/presidential-actions/2025/02/adjusting-imports-of-steel-into-the-united-states/",
                    "source": {"name": "The White House", "kind": "government"},
                    "excerpt": "Korea's 2018 quota arrangement in place of the steel tariff ended in 2025, "
                    "when the tariff began to apply to steel from Korea as from other countries.",
                    "published_on": datetime.date(2025, 2, 10),
                },
            ],
        },
        "rebuttals": [
            {
                "party": "The South Korean government and steel industry",
                "kind": "denial",
                "statement": "Said the remark is not factual: Korean steelmakers pay industrial "
                "electricity rates, and electricity in Korea is not provided almost for free.",
                "url": "https://en.yna.co.kr/view/AEN20250716000000320",
                "stated_on": datetime.date(2025, 7, 16),
            },
        ],
        "verdict": {
            "rating": "Mostly false",
            "headline": "Industrial power in Korea is billed, not almost free",
            "conclusion": "Korean steelmakers buy electricity under a published industrial tariff that rose "
            "several times since 2022. Whether its price is a subsidy is argued in U.S. trade cases, but "
            "'almost for free' is not supported.",
            "analysis": "Korea's state-owned utility KEPCO sells electricity to industry under a published "
            "tariff with demand and energy charges, and raised industrial rates several times from 2022 to "
            "2024.\n\nU.S. trade cases have asked whether that price is below market and so a subsidy; "
            "the answers have differed from case to case. That is a dispute about the level of the price, "
            "not evidence that power is nearly free.\n\nThe Korean government and steel industry answered "
            "that the remark is not factual.",
        },
    },
    {
        "external_id": "demo-h20-2",
        "state": "approved",
        "claimant": _LUTNICK,
        "text": "This is an old chip. We do not sell our best products to China.",
        "summary": "Lutnick says the H20 is an old chip and not NVIDIA's best product",
        "claimed_on": _JULY_15,
        "topics": _TOPICS,
        "checkworthiness": 0.7,
        "selection_reason": "Explains the decision to license H20 exports; checkable against the chip's "
        "specifications and NVIDIA's line-up.",
        "appearance": {
            "outlet": "CNBC",
            "medium": "tv",
            "url": "https://www.cnbc.com/video/2025/07/15/lutnick-nvidia-h20-old-chip.html",
            "appeared_on": _JULY_15,
            "excerpt": "The Secretary on why the administration will license H20 sales to China.",
        },
        "evidence": [
            {
                "stance": "supports",
                "kind": "statement",
                "title": "NVIDIA on filing licence applications to sell the H20 in China",
                "url": "https://blogs.nvidia.com/blog/nvidia-h20-china-july-2025/",
                "source": _NVIDIA,
                "excerpt": "The H20 is built on the Hopper architecture; NVIDIA's current data-centre "
                "generation is Blackwell.",
                "published_on": datetime.date(2025, 7, 14),
            },
            {
                "stance": "context",
                "kind": "document",
                "title": "Export controls on advanced computing items (October 2023 rule)",
                "url": "https://www.bis.gov/press-release/commerce-strengthens-restrictions-advanced-computing",
                "source": _BIS,
                "excerpt": "The H20 was designed to stay under the performance limits of the October "
                "2023 rule; a licence requirement was placed on it in April 2025.",
                "published_on": datetime.date(2023, 10, 17),
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": "Mostly true",
            "headline": "A cut-down chip of NVIDIA's previous generation",
            "conclusion": "The H20 is a reduced version of NVIDIA's previous Hopper generation and is not "
            "its best product; 'old' understates that it is still useful for running AI models.",
            "analysis": "NVIDIA built the H20 for the Chinese market to fit the 2023 U.S. export limits. It "
            "belongs to the Hopper generation, which Blackwell has succeeded as NVIDIA's flagship.\n\n"
            "Its compute is well below the H100's, though its memory bandwidth keeps it useful for "
            "inference, which is why its export was debated.",
        },
    },
    {
        "external_id": "demo-h20-3",
        "state": "in_review",
        "claimant": _LUTNICK,
        "text": "We only sell chips at the fourth level, not the second or third.",
        "summary": "Lutnick says only fourth-tier chips are sold to China",
        "claimed_on": _JULY_15,
        "topics": _TOPICS,
        "checkworthiness": 0.6,
        "selection_reason": "A specific ranking claim that can be compared with NVIDIA's line-up.",
        "appearance": {
            "outlet": "CNBC",
            "medium": "tv",
            "url": "https://www.cnbc.com/video/2025/07/15/lutnick-fourth-level-chips.html",
            "appeared_on": _JULY_15,
            "excerpt": "The Secretary on which NVIDIA chips may be sold to China.",
        },
        "evidence": [
            {
                "stance": "context",
                "kind": "document",
                "title": "NVIDIA data-centre GPU line-up",
                "url": "https://www.nvidia.com/en-us/data-center/",
                "source": _NVIDIA,
                "excerpt": "NVIDIA lists Blackwell and Hopper data-centre GPUs; it publishes no numbered "
                "ranking of 'levels'.",
                "published_on": datetime.date(2025, 7, 1),
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": "Half true",
            "headline": "Below NVIDIA's top chips, but 'fourth level' is not an official tier",
            "conclusion": "The H20 ranks below Blackwell, the H200 and the H100 in computing power, but "
            "NVIDIA has no official 'levels', so the ranking is the Secretary's own shorthand.",
            "analysis": "Counting by compute, Blackwell, the H200 and the H100 all sit above the H20, "
            "which makes 'fourth' a defensible reading. NVIDIA itself publishes no such tiers.",
        },
    },
    {
        "external_id": "demo-h20-4",
        "state": "dismissed",
        "dismiss_reason": "A forecast about future market share, not a checkable statement of fact.",
        "claimant": {"name": "David Sacks", "title": "White House AI and crypto policy head"},
        "text": "Market share will be captured by U.S. corporations or Chinese corporations like Huawei "
        "in a zero-sum game.",
        "summary": "Sacks says U.S. and Chinese chipmakers compete in a zero-sum game",
        "claimed_on": _JULY_15,
        "topics": _TOPICS,
        "checkworthiness": 0.3,
        "selection_reason": "Flagged from TV monitoring of the H20 decision.",
        "appearance": {
            "outlet": "Bloomberg TV",
            "medium": "tv",
            "url": "https://www.bloomberg.com/news/videos/2025-07-15/sacks-on-nvidia-h20-and-huawei",
            "appeared_on": _JULY_15,
            "excerpt": "The White House AI adviser on competition with Huawei.",
        },
        "evidence": [],
        "rebuttals": [],
    },
    {
        "external_id": "demo-h20-5",
        "state": "researching",
        "claimant": {"name": "Scott Bessent", "title": "U.S. Secretary of the Treasury"},
        "text": "The H20 export control was a card used for negotiations.",
        "summary": "Bessent says H20 export control was a bargaining card in trade talks",
        "claimed_on": _JULY_15,
        "topics": _TOPICS + ["trade"],
        "checkworthiness": 0.65,
        "selection_reason": "Links an export control to trade talks; checkable against the record of "
        "the talks.",
        "due_on": datetime.date(2025, 7, 25),
        "appearance": {
            "outlet": "Bloomberg TV",
            "medium": "tv",
            "url": "https://www.bloomberg.com/news/videos/2025-07-15/bessent-h20-negotiations",
            "appeared_on": _JULY_15,
            "excerpt": "The Treasury Secretary on the H20 decision and talks with China.",
        },
        "evidence": [
            {
                "stance": "context",
                "kind": "article",
                "title": "Coverage linking the H20 decision to U.S.-China talks on rare-earth exports",
                "url": "https://www.reuters.com/world/china/h20-licences-rare-earths-talks-2025-07-15/",
                "source": {"name": "Reuters", "kind": "news", "url": "https://www.reuters.com/"},
                "excerpt": "Officials described the licence decision as coming alongside talks on China's "
                "exports of rare-earth magnets.",
                "published_on": _JULY_15,
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": None,
            "headline": "Draft: what was traded in the talks?",
            "conclusion": "",
            "analysis": "Still researching: compare the statement with the public record of the London "
            "and Geneva talks.",
        },
    },
    {
        "external_id": "demo-h20-6",
        "state": "new",
        "claimant": {"name": "Raja Krishnamoorthi", "title": "U.S. Representative (D-Illinois)"},
        "text": "…handing our foreign adversaries our most advanced technologies.",
        "summary": "Krishnamoorthi says H20 sales hand adversaries advanced technology",
        "claimed_on": _JULY_15,
        "topics": _TOPICS,
        "checkworthiness": 0.55,
        "selection_reason": "Counterpart to the administration's claim that the H20 is an old chip.",
        "appearance": {
            "outlet": "Office of Rep. Raja Krishnamoorthi",
            "medium": "article",
            "url": "https://krishnamoorthi.house.gov/media/press-releases/statement-nvidia-h20-china",
            "appeared_on": _JULY_15,
            "excerpt": "Statement on the decision to resume H20 sales to China.",
        },
        "evidence": [],
        "rebuttals": [],
    },
)


@dataclass
class DemoReport:
    """What `demo_load` did: members and claims it created, and what was already there."""

    members_created: list[str] = field(default_factory=list)
    members_existing: list[str] = field(default_factory=list)
    claims_created: list[tuple[str, str]] = field(default_factory=list)  # (external_id, state)
    claims_existing: list[str] = field(default_factory=list)


def demo_load() -> DemoReport:
    """Load the demo members and claims; a second run finds them and changes nothing.

    Rules: members are created with DEMO_PASSWORD only when missing; an
    existing member is never changed (their password stays theirs), and must
    have the demo role to act in the demo. Claims are found by external_id and
    skipped when present; missing ones go through the real workflow. Demo URLs
    are never fetched: their snapshots are made up here and marked is_demo.
    """
    import pghistory
    from django.db import transaction

    from claims.models import Claim

    report = DemoReport()
    with transaction.atomic():
        members = _members_ensure(report)
        present = set(
            Claim.objects.filter(external_id__in=[spec["external_id"] for spec in DEMO_CLAIMS]).values_list(
                "external_id", flat=True
            )
        )
        report.claims_existing = [
            spec["external_id"] for spec in DEMO_CLAIMS if spec["external_id"] in present
        ]
        missing = [spec for spec in DEMO_CLAIMS if spec["external_id"] not in present]
        if missing:
            _members_check(members)
            _ratings_check(missing)
        for spec in missing:
            with pghistory.context(demo=True):
                claim = _claim_load(spec, members)
            report.claims_created.append((claim.external_id, claim.state))
    return report


def _members_ensure(report: DemoReport) -> dict:
    import pghistory

    from factcheck.models import User
    from factcheck.services import member_create_or_update

    members = {}
    for username, role in DEMO_MEMBERS:
        member = User.objects.filter(username=username).first()
        if member is not None:
            report.members_existing.append(username)
        else:
            with pghistory.context(demo=True):
                member, _ = member_create_or_update(
                    username=username,
                    role=role,
                    password=DEMO_PASSWORD,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                )
            report.members_created.append(username)
        members[role] = member
    return members


def _members_check(members: dict) -> None:
    from factcheck.errors import Conflict

    for username, role in DEMO_MEMBERS:
        member = members[role]
        if member.role != role or not member.is_active:
            status = member.role if member.is_active else f"inactive {member.role}"
            raise Conflict(
                f"The demo needs {username} as an active {role}, but that member is {status}: "
                "rename or remove them before loading the demo.",
                code="demo_member_taken",
            )


def _ratings_check(specs) -> None:
    from claims.selectors import rating_list
    from factcheck.errors import Conflict

    labels = {rating.label.lower() for rating in rating_list()}
    for spec in specs:
        label = (spec.get("verdict") or {}).get("rating")
        if label and label.lower() not in labels:
            raise Conflict(
                f"The default rating scale has no “{label}” rating, which the demo uses: "
                "run `manage.py migrate` (it creates the default scale) or add the rating in the admin.",
                code="demo_rating_missing",
            )


def _claim_load(spec: dict, members: dict):
    from claims import services
    from claims.models import ClaimState
    from claims.selectors import rating_get

    checker, reviewer, editor = members["fact-checker"], members["reviewer"], members["editor"]
    claimant = services.claimant_get_or_create(**spec["claimant"], actor=checker)
    claim = services.claim_create(
        text=spec["text"],
        summary=spec["summary"],
        claimant=claimant,
        created_by=checker,
        claimed_on=spec["claimed_on"],
        topics=spec["topics"],
        checkworthiness=spec["checkworthiness"],
        selection_reason=spec["selection_reason"],
        due_on=spec.get("due_on"),
        appearances=[spec["appearance"] | {"is_first": True}],
        external_id=spec["external_id"],
        is_demo=True,
    )
    state = spec["state"]
    if state == ClaimState.NEW:
        return claim
    if state == ClaimState.DISMISSED:
        return services.claim_transition(
            claim=claim, action="dismiss", actor=editor, comment=spec["dismiss_reason"]
        )

    claim = services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    for data in spec["evidence"]:
        _evidence_add(claim, data, checker)
    for data in spec["rebuttals"]:
        _rebuttal_add(claim, data, checker)
    verdict = dict(spec["verdict"])
    rating = verdict.pop("rating")
    verdict["analysis"] = f"*{DEMO_NOTICE}*\n\n{verdict['analysis']}"
    services.verdict_update(
        claim=claim,
        actor=checker,
        rating=rating_get(label=rating) if rating else None,
        is_demo=True,
        **verdict,
    )
    if state == ClaimState.RESEARCHING:
        return claim

    claim = services.claim_transition(claim=claim, action="submit", actor=checker)
    round_trip = spec.get("changes_requested")
    if round_trip:
        claim = services.claim_transition(
            claim=claim, action="request_changes", actor=reviewer, comment=round_trip["comment"]
        )
        for data in round_trip["evidence"]:
            _evidence_add(claim, data, checker)
        claim = services.claim_transition(
            claim=claim, action="submit", actor=checker, comment="Added the trade-measures context."
        )
    if state == ClaimState.IN_REVIEW:
        return claim
    claim = services.claim_transition(
        claim=claim, action="approve", actor=reviewer, comment="Sources check out."
    )
    if state == ClaimState.APPROVED:
        return claim
    assert state == ClaimState.PUBLISHED, state
    return services.claim_transition(claim=claim, action="publish", actor=editor)


def _evidence_add(claim, data: dict, actor):
    from evidence import services as evidence_services

    data = dict(data)
    source = evidence_services.source_get_or_create(**data.pop("source"), actor=actor)
    evidence = evidence_services.evidence_create(
        claim=claim, actor=actor, source=source, is_demo=True, **data
    )
    _snapshot_make_up(evidence, actor)
    return evidence


def _snapshot_make_up(evidence, actor):
    """An archived copy written by hand, so the demo never fetches its (plausible, unchecked) URLs."""
    from evidence.models import Snapshot
    from factcheck.history import acting_as

    text = f"{DEMO_NOTICE}\n\n{evidence.title}\n\n{evidence.excerpt}"
    body = text.encode()
    with acting_as(actor):
        return Snapshot.objects.create(
            evidence=evidence,
            url=evidence.url,
            final_url=evidence.url,
            status_code=200,
            content_type="text/plain; charset=utf-8",
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            title=f"{evidence.title} (demo snapshot)",
            text=text,
            is_demo=True,
            fetched_at=DEMO_SNAPSHOT_AT,
        )


def _rebuttal_add(claim, data: dict, actor):
    from evidence import services as evidence_services

    return evidence_services.rebuttal_create(claim=claim, actor=actor, is_demo=True, **data)


# Three more claims, loaded only by `make screenshots` (demo_scenes_load), so the pictures show paths
# the six claims do not reach: work sent back with changes requested (the badge on the desk, the
# reviewer's comment at the top of the claim), a verdict resubmitted after changes (what changed
# since the reviewer's review, beside the review bar) and a published correction (the corrections
# page). Their speakers are made up; they stay out of `demo_load`, so the demo stays six claims.
_COMMENTATOR = {"name": "Jordan Vale", "title": "Trade commentator (made up for the demo)"}
_CHIPMAKER = {"name": "Northwind Chips (made up for the demo)", "kind": "organisation"}
DEMO_SCENES = (
    {
        "external_id": "demo-scene-returned",
        "state": "researching",
        "claimant": _COMMENTATOR,
        "text": "Korea's industrial electricity is the cheapest in the OECD.",
        "summary": "Vale says Korea's industrial power is the OECD's cheapest",
        "claimed_on": _JULY_15,
        "topics": ["trade", "energy"],
        "checkworthiness": 0.7,
        "selection_reason": "A comparison with a published price table behind it.",
        "due_on": datetime.date(2025, 7, 24),
        "appearance": {
            "outlet": "CNBC",
            "medium": "tv",
            "url": "https://www.example.org/video/2025/07/15/steel-electricity-panel",
            "appeared_on": _JULY_15,
            "excerpt": "A panel on steel and the price of power in Asia.",
        },
        "evidence": [
            {
                "stance": "refutes",
                "kind": "dataset",
                "title": "Industrial electricity prices by country (demo table)",
                "url": "https://www.iea.org/data-and-statistics/data-product/energy-prices",
                "source": {"name": "International Energy Agency", "kind": "other"},
                "excerpt": "Several OECD members list lower industrial prices than Korea in the same year.",
                "published_on": datetime.date(2025, 6, 1),
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": "Mostly false",
            "headline": "Cheap, but not the cheapest",
            "conclusion": "Korea's industrial prices are below the OECD average, not the lowest.",
            "analysis": "The price table lists several members below Korea.",
        },
        "returned": "Name the year of the price table and link the table itself, not the catalogue page.",
    },
    {
        "external_id": "demo-scene-resubmitted",
        "state": "in_review",
        "claimant": _COMMENTATOR,
        "text": "Steel imports from Korea doubled last year.",
        "summary": "Vale says steel imports from Korea doubled last year",
        "claimed_on": _JULY_15,
        "topics": ["trade", "steel"],
        "checkworthiness": 0.8,
        "selection_reason": "A number with customs statistics behind it.",
        "due_on": datetime.date(2025, 7, 22),
        "appearance": {
            "outlet": "Example Radio",
            "medium": "radio",
            "url": "https://www.example.org/radio/2025/07/15/steel",
            "appeared_on": _JULY_15,
            "excerpt": "A morning programme on the steel tariff.",
        },
        "evidence": [
            {
                "stance": "refutes",
                "kind": "dataset",
                "title": "U.S. steel imports by country, 2023 and 2024 (demo table)",
                "url": "https://www.trade.gov/data-visualization/global-steel-trade-monitor",
                "source": {"name": "International Trade Administration", "kind": "government"},
                "excerpt": "Imports from Korea rose by a few per cent between the two years.",
                "published_on": datetime.date(2025, 3, 1),
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": "False",
            "headline": "A small rise, not a doubling",
            "conclusion": "Imports from Korea rose slightly.",
            "analysis": "The trade monitor's table compares the two years country by country.",
        },
        "resubmitted": {
            "comment": "Give the rise as a number, with the table's years.",
            "conclusion": "Imports from Korea rose by about 4 per cent from 2023 to 2024, far from double.",
        },
    },
    {
        "external_id": "demo-scene-corrected",
        "state": "published",
        "claimant": _CHIPMAKER,
        "text": "Export licences will let us resume chip sales to China soon.",
        "summary": "Northwind Chips says licences will let it resume China sales soon",
        "claimed_on": _JULY_15,
        "topics": _TOPICS,
        "checkworthiness": 0.6,
        "selection_reason": "A company's forecast with a filing behind it.",
        "appearance": {
            "outlet": "Northwind Chips newsroom",
            "medium": "article",
            "url": "https://www.example.org/northwind/newsroom/licences",
            "appeared_on": _JULY_15,
            "excerpt": "The company on filing applications to sell its chip in China again.",
        },
        "evidence": [
            {
                "stance": "supports",
                "kind": "document",
                "title": "Quarterly report: the inventory charge (demo excerpt)",
                "url": "https://www.example.org/northwind/quarterly-report",
                "source": {"name": "Northwind Chips (made up for the demo)", "kind": "company"},
                "excerpt": "The company recorded a charge for chip inventory it could not ship.",
                "published_on": datetime.date(2025, 5, 28),
            },
        ],
        "rebuttals": [],
        "verdict": {
            "rating": "Half true",
            "headline": "Licences were promised; sales had not resumed yet",
            "conclusion": "The filing was made; no licence had been granted when this was said.",
            "analysis": "The company recorded a charge of 4.6 billion dollars for stock it could not ship.",
        },
        "correction": {
            "analysis": ("4.6 billion", "4.5 billion"),
            "note": "The charge for stock was 4.5 billion dollars, not 4.6 billion.",
        },
    },
)


def demo_scenes_load() -> list[str]:
    """Load DEMO_SCENES (after demo_load) through the workflow; skip those present. Returns the
    external ids of the claims it created. Each step after the claim's first research is a history
    event of its own, as when members do them one by one, so the history reads as the desk's does."""
    from django.db import transaction

    from claims.models import Claim

    created = []
    with transaction.atomic():
        members = _members_ensure(DemoReport())
        present = set(
            Claim.objects.filter(external_id__in=[s["external_id"] for s in DEMO_SCENES]).values_list(
                "external_id", flat=True
            )
        )
        missing = [spec for spec in DEMO_SCENES if spec["external_id"] not in present]
        if missing:
            _members_check(members)
            _ratings_check(missing)
        for spec in missing:
            _scene_load(spec, members)
            created.append(spec["external_id"])
    return created


def _step(function, **kwargs):
    """One thing a member does: a history context of its own, marked demo."""
    import pghistory

    with pghistory.context(demo=True):
        return function(**kwargs)


def _scene_load(spec: dict, members: dict):
    from claims import services

    checker, reviewer, editor = members["fact-checker"], members["reviewer"], members["editor"]
    transition, verdict_update = services.claim_transition, services.verdict_update
    if spec.get("resubmitted"):
        # Sent back once, the conclusion rewritten, submitted again: the reviewer sees what changed.
        claim = _step(_claim_load, spec=spec, members=members)
        round_trip = spec["resubmitted"]
        claim = _step(
            transition, claim=claim, action="request_changes", actor=reviewer, comment=round_trip["comment"]
        )
        verdict = claim.verdict
        _step(
            verdict_update,
            claim=claim,
            actor=checker,
            rating=verdict.rating,
            headline=verdict.headline,
            conclusion=round_trip["conclusion"],
            analysis=verdict.analysis,
            is_demo=True,
        )
        return _step(transition, claim=claim, action="submit", actor=checker)
    if spec.get("returned"):
        claim = _step(_claim_load, spec=spec | {"state": "in_review"}, members=members)
        return _step(
            transition, claim=claim, action="request_changes", actor=reviewer, comment=spec["returned"]
        )
    claim = _step(_claim_load, spec=spec, members=members)
    correction = spec.get("correction")
    if not correction:
        return claim
    # The quick correction: the editor revises and submits with the note, a reviewer's approval
    # publishes it.
    claim = _step(transition, claim=claim, action="revise", actor=editor)
    verdict = claim.verdict
    old, new = correction["analysis"]
    _step(
        verdict_update,
        claim=claim,
        actor=editor,
        rating=verdict.rating,
        headline=verdict.headline,
        conclusion=verdict.conclusion,
        analysis=verdict.analysis.replace(old, new),
        is_demo=True,
    )
    claim = _step(
        transition,
        claim=claim,
        action="submit",
        actor=editor,
        note=correction["note"],
        note_kind="correction",
    )
    return _step(transition, claim=claim, action="approve", actor=reviewer)
