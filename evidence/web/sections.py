"""What evidence shows on claims' pages: the workspace's evidence and rebuttal sections, the public
page's evidence and rebuttals, the dashboard's broken links. Registered with claims in
evidence/extensions.py (claims never imports evidence)."""

from claims.web.public import _date, _label
from evidence.models import EvidenceKind, RebuttalKind, SourceKind, Stance
from evidence.selectors import evidence_by_stance, evidence_link_problems, source_list
from evidence.web.forms import EvidenceForm, RebuttalForm

# How many known sources the evidence form suggests.
SOURCE_SUGGESTIONS = 200
# Evidence on the public page: what speaks against the claim, then for it, then context.
STANCE_HEADINGS = {
    Stance.REFUTES: "Evidence against the claim",
    Stance.SUPPORTS: "Evidence for the claim",
    Stance.CONTEXT: "Context",
}
LINK_PROBLEMS_SHOWN = 50
WORKSPACE_SECTIONS = ("evidence/_evidence_section.html", "evidence/_rebuttal_section.html")


def workspace_context(request, claim) -> dict:
    """What the evidence and rebuttal sections of the workspace show."""
    return {
        "evidence_groups": evidence_by_stance(claim.evidence.all()),
        "rebuttals": list(claim.rebuttals.all()),
        "evidence_form": EvidenceForm(prefix="evidence"),
        "rebuttal_form": RebuttalForm(prefix="rebuttal"),
        "sources": source_list()[:SOURCE_SUGGESTIONS],
        "evidence_edit": None,
        "rebuttal_edit": None,
    }


def _evidence_groups(items: list[dict]) -> list[dict]:
    groups = []
    for stance, heading in STANCE_HEADINGS.items():
        rows = [
            {
                **item,
                "kind_label": _label(EvidenceKind, item.get("kind", "")),
                "published_on": _date(item.get("published_on")),
                "source_kind_label": _label(SourceKind, (item.get("source") or {}).get("kind", "")),
            }
            for item in items
            if item.get("stance") == stance
        ]
        if rows:
            groups.append({"stance": stance.value, "label": heading, "items": rows})
    return groups


def public_page_context(content: dict) -> dict:
    """The public page's evidence (by stance) and rebuttals, from a publication's content."""
    return {
        "evidence_groups": _evidence_groups(content.get("evidence", [])),
        "rebuttals": [
            {
                **r,
                "kind_label": _label(RebuttalKind, r.get("kind", "")),
                "stated_on": _date(r.get("stated_on")),
            }
            for r in content.get("rebuttals", [])
        ],
    }


def dashboard_context() -> dict:
    """Evidence of published fact-checks whose link a check found gone or changed."""
    return {
        "link_problems": list(evidence_link_problems()[:LINK_PROBLEMS_SHOWN]),
        "link_problems_total": evidence_link_problems().count(),
    }
