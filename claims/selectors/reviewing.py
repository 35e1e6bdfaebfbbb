"""Reads for a reviewer: what the claim looked like when they last reviewed it, and what changed since.

Rules:
- A review keeps what its reviewer read (`Review.content`, written by the review itself from
  `review_content`): the statement, the verdict and the evidence.
- A reviewer compares with the revision they last reviewed; one who never reviewed this verdict
  compares with the last publication; with neither there is nothing to compare with.
- Evidence withheld from the public is compared without its link and source on both sides, since
  a publication never kept them.
- The differences are word by word (factcheck.text_diff); long unchanged text is collapsed.
- The review bar checks, in one query, whether the revision a page shows is still the claim's
  (`claim_review_position`), so a reviewer never vouches for a revision they did not read.
"""

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimState, Review
from factcheck.text_diff import TextDiff, value_change, word_diff

# Fields of the reviewed content, in the order a reviewer reads them, with their names on the page.
CLAIM_FIELDS = (("text", _("Statement")), ("summary", _("Summary")))
VERDICT_FIELDS = (
    ("rating", _("Rating")),
    ("headline", _("Headline")),
    ("conclusion", _("Conclusion")),
    ("analysis", _("Analysis")),
)
EVIDENCE_FIELDS = (
    ("stance", _("Stance")),
    ("title", _("Title")),
    ("excerpt", _("Excerpt")),
    ("source", _("Source")),
    ("url", _("Link")),
)
# Short values that change as a whole: shown as the old value removed and the new one added.
WHOLE_VALUES = {"rating", "stance", "url", "source"}


def _evidence_item(evidence) -> dict:
    withheld = evidence.is_withheld
    return {
        "id": evidence.pk,
        "stance": evidence.stance,
        "title": evidence.title,
        "excerpt": evidence.excerpt,
        "url": "" if withheld else evidence.url,
        "source": "" if withheld or evidence.source is None else evidence.source.name,
    }


def review_content(*, claim: Claim) -> dict:
    """What a reviewer reads, as kept with their review: statement, verdict, evidence (no query
    beyond the claim's verdict, its rating and its evidence with sources, none when prefetched)."""
    verdict = getattr(claim, "verdict", None)
    evidence = sorted(claim.evidence.all(), key=lambda e: (e.stance, e.pk))
    return {
        "claim": {"text": claim.text, "summary": claim.summary},
        "verdict": {
            "revision": verdict.revision if verdict else 0,
            "rating": verdict.rating.label if verdict and verdict.rating_id else "",
            "headline": verdict.headline if verdict else "",
            "conclusion": verdict.conclusion if verdict else "",
            "analysis": verdict.analysis if verdict else "",
        },
        "evidence": [_evidence_item(e) for e in evidence],
    }


def _from_publication(content: dict) -> dict:
    """A publication's content in the shape of `review_content` (its evidence has no ids)."""
    verdict = content.get("verdict") or {}
    claim = content.get("claim") or {}
    return {
        "claim": {"text": claim.get("text", ""), "summary": claim.get("summary", "")},
        "verdict": {
            "revision": verdict.get("revision", 0),
            "rating": verdict.get("rating") or "",
            "headline": verdict.get("headline", ""),
            "conclusion": verdict.get("conclusion", ""),
            "analysis": verdict.get("analysis", ""),
        },
        "evidence": [
            {
                "id": None,
                "stance": e.get("stance", ""),
                "title": e.get("title", ""),
                "excerpt": e.get("excerpt", ""),
                "url": "" if e.get("is_withheld") else e.get("url", ""),
                "source": "" if e.get("is_withheld") else ((e.get("source") or {}).get("name") or ""),
            }
            for e in content.get("evidence") or []
        ],
    }


@dataclass
class FieldChange:
    label: str
    diff: TextDiff
    is_long: bool = False  # shown as a block (the analysis), not inline


@dataclass
class EvidenceChange:
    status: str  # added, removed, changed
    title: str
    stance: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ReviewChanges:
    """What changed for one reviewer: `base` says since what ("review" or "publication")."""

    base: str
    revision: int = 0  # the revision reviewed, or published
    version: int = 0  # the publication's version, when the base is one
    at: object = None
    claim: list[FieldChange] = field(default_factory=list)
    verdict: list[FieldChange] = field(default_factory=list)
    evidence: list[EvidenceChange] = field(default_factory=list)
    evidence_unchanged: int = 0
    is_unknown: bool = False  # the last review predates kept content: nothing to compare with

    @property
    def changed(self) -> bool:
        return bool(self.claim or self.verdict or self.evidence)


def _stance_labels(claim: Claim) -> dict:
    """The evidence's stances by value, read from the related model (claims imports no evidence)."""
    return {value: str(label) for value, label in claim.evidence.model._meta.get_field("stance").flatchoices}


_STANCES: dict = {}


def _stance_label(value: str) -> str:
    return _STANCES.get(value, value)


def _field_changes(before: dict, after: dict, fields) -> list[FieldChange]:
    changes = []
    for name, label in fields:
        old, new = before.get(name) or "", after.get(name) or ""
        if old == new:
            continue
        if name == "stance":
            diff = value_change(_stance_label(old), _stance_label(new))
        elif name in WHOLE_VALUES:
            diff = value_change(old, new)
        else:
            diff = word_diff(old, new)
        changes.append(
            FieldChange(label=str(label), diff=diff, is_long=name in ("analysis", "text", "excerpt"))
        )
    return changes


def _evidence_key(item: dict, with_ids: bool):
    return ("id", item["id"]) if with_ids else ("title", item["stance"], item["title"])


def _evidence_changes(before: list[dict], after: list[dict]) -> tuple[list[EvidenceChange], int]:
    """Items added, removed and changed, and how many stayed as they were.

    Items are matched by id when both sides have ids (a review's content), else by stance and
    title, and what is left in between pairs up in order (a retitled item reads as changed).
    """
    with_ids = all(i.get("id") is not None for i in before) and bool(before)
    old_keys = [_evidence_key(i, with_ids) for i in before]
    new_keys = [_evidence_key(i, with_ids) for i in after]
    changes, unchanged = [], 0

    def compare(old: dict, new: dict) -> None:
        nonlocal unchanged
        fields = _field_changes(old, new, EVIDENCE_FIELDS)
        if fields:
            changes.append(
                EvidenceChange(
                    "changed", title=new["title"], stance=_stance_label(new["stance"]), changes=fields
                )
            )
        else:
            unchanged += 1

    def whole(item: dict, status: str) -> None:
        changes.append(EvidenceChange(status, title=item["title"], stance=_stance_label(item["stance"])))

    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = before[i1:i2], after[j1:j2]
        if tag == "equal" or (tag == "replace" and not with_ids):
            for old, new in zip(olds, news, strict=False):
                compare(old, new)
            olds, news = olds[len(news) :], news[len(olds) :]
        for old in olds:
            whole(old, "removed")
        for new in news:
            whole(new, "added")
    return changes, unchanged


@dataclass(frozen=True)
class ReviewPosition:
    """Where a claim's review stands: its state and its verdict's revision (0: no verdict)."""

    state: str
    revision: int

    def shows(self, revision: int | None) -> bool:
        """Whether a page showing `revision` of a claim in review still shows what is reviewed now."""
        return self.state == ClaimState.IN_REVIEW and self.revision == revision


def claim_review_position(*, pk: int) -> ReviewPosition:
    """The claim's state and verdict revision, in one query (Claim.DoesNotExist if there is none)."""
    row = Claim.objects.filter(pk=pk).values_list("state", "verdict__revision").first()
    if row is None:
        raise Claim.DoesNotExist(f"No claim {pk}.")
    return ReviewPosition(state=row[0], revision=row[1] or 0)


def _last_review_by(claim: Claim, user) -> Review | None:
    verdict = getattr(claim, "verdict", None)
    if verdict is None or user is None:
        return None
    mine = [r for r in verdict.reviews.all() if r.reviewer_id == user.pk]
    return max(mine, key=lambda r: (r.created_at, r.pk)) if mine else None


def claim_review_changes(*, claim: Claim, user) -> ReviewChanges | None:
    """What changed in the claim's statement, verdict and evidence since this member last reviewed
    it (or, if they never did, since it was last published); None with nothing to compare with.

    No query of its own on a claim from `claim_get_for_workspace` (its reviews, publications and
    evidence are prefetched).
    """
    _STANCES.update(_stance_labels(claim))
    review = _last_review_by(claim, user)
    if review is not None and review.content:
        base = ReviewChanges(base="review", revision=review.revision, at=review.created_at)
        before = review.content
    else:
        publication = max(claim.publications.all(), key=lambda p: p.version, default=None)
        if publication is None:
            if review is None:
                return None
            return ReviewChanges(
                base="review", revision=review.revision, at=review.created_at, is_unknown=True
            )
        base = ReviewChanges(
            base="publication",
            revision=publication.verdict_revision,
            version=publication.version,
            at=publication.published_at,
        )
        before = _from_publication(publication.content)
    now = review_content(claim=claim)
    base.claim = _field_changes(before["claim"], now["claim"], CLAIM_FIELDS)
    base.verdict = _field_changes(before["verdict"], now["verdict"], VERDICT_FIELDS)
    base.evidence, base.evidence_unchanged = _evidence_changes(before["evidence"], now["evidence"])
    return base
