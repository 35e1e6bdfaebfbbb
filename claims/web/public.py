"""The public pages: published fact-checks and the methodology. No login.

They read publication snapshots only (claims.selectors.publication_*), never
the claim as it is being worked on, so a revision in progress never shows.
That includes the claims listed under "Also checked as": the publication
carries them as they were reviewed, not as the desk has them now.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.text import Truncator

from claims import extensions
from claims.models import ClaimState, Medium, NoteKind
from claims.publishing.jsonld import json_ld_script
from claims.selectors import (
    publication_public_claimants,
    publication_public_corrections,
    publication_public_duplicates,
    publication_public_list,
    publication_public_versions,
    rating_list,
)
from claims.workflow import ACTIONS
from factcheck.safe_markdown import render_markdown

PAGE_SIZE = 20


def rating_tone(value) -> str:
    """A colour family for a rating's normalised value; the label is always shown beside it."""
    if value is None:
        return "unrated"
    if value >= 0.75:
        return "true"
    if value > 0.25:
        return "mixed"
    return "false"


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value.replace("_", " ").capitalize() if value else ""


def _card(publication) -> dict:
    content = publication.content
    verdict = content.get("verdict", {})
    return {
        "publication": publication,
        "headline": verdict.get("headline") or publication.claim_reviewed,
        "claim_reviewed": publication.claim_reviewed,
        "claimant": content.get("claimant", {}),
        "rating": publication.rating_label,
        "tone": rating_tone(verdict.get("rating_value")),
        "first_published_at": getattr(publication, "first_published_at", None) or publication.published_at,
    }


def page_meta(path: str, title: str, description: str, kind: str = "website") -> dict:
    """Canonical, Open Graph and Twitter card tags of a public page (claims/public/_meta.html)."""
    return {
        "url": f"{settings.SITE_URL}{path}",
        "title": title,
        "description": Truncator(" ".join(description.split())).chars(200),
        "kind": kind,
        "site_name": settings.FACTCHECK_ORG_NAME,
    }


def factcheck_list(request):
    """/fact-checks/: the latest first; search (?q=), filter by rating and claimant, pages of 20."""
    filters = {name: request.GET.get(name, "").strip() for name in ("q", "rating", "claimant")}
    paginator = Paginator(publication_public_list(filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    kept = {name: value for name, value in filters.items() if value}
    return render(
        request,
        "claims/public/factcheck_list.html",
        {
            "page": page,
            "cards": [_card(p) for p in page.object_list],
            "filters": filters,
            "is_filtered": bool(kept),
            "query_string": urlencode(kept),
            "ratings": [r.label for r in rating_list()],
            "claimants": publication_public_claimants(),
            "meta": page_meta(
                "/fact-checks/",
                f"Fact-checks · {settings.FACTCHECK_ORG_NAME}",
                f"Claims checked by {settings.FACTCHECK_ORG_NAME}, with the evidence and our verdict.",
            ),
        },
    )


def factcheck_detail(request, slug: str):
    """/fact-checks/<slug>/: the latest publication, its ClaimReview JSON-LD and the corrections log."""
    versions = publication_public_versions(slug=slug)
    if not versions:
        raise Http404("No published fact-check has this address.")
    return render(request, "claims/public/factcheck_detail.html", factcheck_page_context(versions))


def factcheck_page_context(versions: list) -> dict:
    """What the public page of a fact-check shows, from its publications, newest first (the first may
    be an unsaved one: the desk's preview)."""
    latest = versions[0]
    content = latest.content
    verdict = content.get("verdict", {})
    review_rating = (latest.claimreview or {}).get("reviewRating", {})
    claim = content.get("claim", {})
    context = {
        "publication": latest,
        "claim": {**claim, "claimed_on": _date(claim.get("claimed_on"))},
        "claimant": content.get("claimant", {}),
        "verdict": verdict,
        "tone": rating_tone(verdict.get("rating_value")),
        "review_rating": review_rating if "ratingValue" in review_rating else None,
        "analysis": render_markdown(verdict.get("analysis", "")),
        "appearances": [
            {
                **a,
                "medium_label": _label(Medium, a.get("medium", "")),
                "appeared_on": _date(a.get("appeared_on")),
            }
            for a in content.get("appearances", [])
        ],
        **extensions.merged(extensions.PUBLIC_PAGE, content),
        "versions": [
            {
                "version": p.version,
                "published_at": p.published_at,
                "note_kind": p.note_kind,
                "note_kind_label": _label(NoteKind, p.note_kind) if p.note_kind else "",
                "note": p.note,
                "rating": p.rating_label,
            }
            for p in versions
        ],
        "first_published_at": versions[-1].published_at,
        # The same claim said again or elsewhere, as reviewed and published with this version.
        "duplicates": [
            {
                **d,
                "medium_label": _label(Medium, d.get("medium", "")),
                "appeared_on": _date(d.get("appeared_on")),
            }
            for d in publication_public_duplicates(publication=latest)
        ],
        "json_ld": json_ld_script(latest.claimreview),
        "org_name": settings.FACTCHECK_ORG_NAME,
        "authors": verdict.get("authors", []),
        "meta": page_meta(
            f"/fact-checks/{latest.slug}/",
            verdict.get("headline") or latest.claim_reviewed,
            f"{latest.rating_label}: {verdict.get('conclusion') or latest.claim_reviewed}",
            kind="article",
        ),
    }
    return context


def _state_label(state: str) -> str:
    return ClaimState(state).label


def methodology(request):
    """/methodology/: the live rating scale and the review workflow, from claims.workflow.ACTIONS."""
    ratings = list(rating_list())
    ordered = [r for r in ratings if r.position is not None]
    steps = [
        {
            "name": action.name,
            "label": action.label,
            "sources": [_state_label(s) for s in sorted(action.sources, key=list(ClaimState.values).index)],
            "target": _state_label(action.target),
            "who": action.who,
            "needs": action.needs,
        }
        for action in ACTIONS.values()
    ]
    return render(
        request,
        "claims/public/methodology.html",
        {
            "ratings": [{"rating": r, "tone": rating_tone(r.value)} for r in ratings],
            "best": ordered[0] if ordered else None,
            "worst": ordered[-1] if ordered else None,
            "steps": steps,
            "states": [{"value": s.value, "label": s.label} for s in ClaimState],
            "required_approvals": settings.REQUIRED_APPROVALS,
            "org_name": settings.FACTCHECK_ORG_NAME,
            "meta": page_meta(
                "/methodology/",
                f"Methodology · {settings.FACTCHECK_ORG_NAME}",
                f"How {settings.FACTCHECK_ORG_NAME} checks claims: the ratings, the review and corrections.",
            ),
        },
    )


def _correction(publication) -> dict:
    content = publication.content
    return {
        "publication": publication,
        "headline": content.get("verdict", {}).get("headline") or publication.claim_reviewed,
        "note_kind_label": _label(NoteKind, publication.note_kind) if publication.note_kind else "Update",
    }


def corrections(request):
    """/corrections/: every correction and update across the site, newest first, with an Atom feed."""
    page = Paginator(publication_public_corrections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/public/corrections.html",
        {
            "page": page,
            "items": [_correction(p) for p in page.object_list],
            "org_name": settings.FACTCHECK_ORG_NAME,
            "meta": page_meta(
                "/corrections/",
                f"Corrections · {settings.FACTCHECK_ORG_NAME}",
                f"Every correction and update to a fact-check published by {settings.FACTCHECK_ORG_NAME}.",
            ),
        },
    )


class CorrectionsFeed(Feed):
    """/corrections/feed/: the latest corrections and updates as Atom."""

    feed_type = Atom1Feed
    link = "/corrections/"

    def title(self):
        return f"Corrections · {settings.FACTCHECK_ORG_NAME}"

    def subtitle(self):
        return f"Corrections and updates to fact-checks published by {settings.FACTCHECK_ORG_NAME}."

    def items(self):
        return publication_public_corrections()[:PAGE_SIZE]

    def item_title(self, item):
        entry = _correction(item)
        return f"{entry['note_kind_label']}: {entry['headline']}"

    def item_description(self, item):
        return item.note

    def item_link(self, item):
        return f"/fact-checks/{item.slug}/#corrections"

    def item_guid(self, item):
        return f"{settings.SITE_URL}/fact-checks/{item.slug}/#version-{item.version}"

    def item_pubdate(self, item):
        return item.published_at
