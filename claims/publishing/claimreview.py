"""schema.org ClaimReview markup for a published fact-check."""

from django.conf import settings
from django.utils.text import slugify

from claims.models import SUMMARY_MAX_LENGTH, Claim, Rating


def claim_reviewed_text(claim: Claim) -> str:
    """The short neutral claimReviewed: the summary, else the statement cut to fit."""
    text = (claim.summary or claim.text).strip()
    if len(text) <= SUMMARY_MAX_LENGTH:
        return text
    return text[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def publication_slug(claim: Claim) -> str:
    base = slugify(claim.summary or claim.text)[:100].strip("-") or "fact-check"
    return f"{base}-{claim.pk}"


def public_url(slug: str) -> str:
    return f"{settings.SITE_URL}/fact-checks/{slug}/"


def rating_markup(rating: Rating) -> dict:
    """reviewRating: ordered labels give a number on the scale; others only a name."""
    markup = {"@type": "Rating", "alternateName": rating.label}
    positions = [r.position for r in rating.scale.ratings.all() if r.position is not None]
    if rating.position is not None and positions:
        markup.update(ratingValue=rating.position, bestRating=max(positions), worstRating=min(positions))
    return markup


def _creative_work(appearance) -> dict:
    """An appearance as a CreativeWork: its URL, else the outlet's name (a TV or radio broadcast)."""
    work = {"@type": "CreativeWork"}
    if appearance.url:
        work["url"] = appearance.url
    else:
        work["name"] = appearance.outlet
    if appearance.appeared_on:
        work["datePublished"] = appearance.appeared_on.isoformat()
    return work


def _first_appearance(appearances):
    marked = [a for a in appearances if a.is_first]
    if marked:
        return marked[0]
    dated = sorted((a for a in appearances if a.appeared_on), key=lambda a: (a.appeared_on, a.pk))
    return dated[0] if dated else None


def claimreview_build(
    *, claim: Claim, verdict, appearances, url: str, published_at, first_published_at
) -> dict:
    """The ClaimReview JSON-LD for one publication of a claim.

    firstAppearance is the appearance marked first, else the earliest dated
    one; the claim's datePublished falls back to that appearance's date.
    """
    first = _first_appearance(appearances)
    item = {
        "@type": "Claim",
        "author": {
            "@type": "Organization" if claim.claimant.kind == "organisation" else "Person",
            "name": claim.claimant.name,
        },
    }
    if claim.claimant.title:
        item["author"]["jobTitle"] = claim.claimant.title
    claimed_on = claim.claimed_on or (first.appeared_on if first is not None else None)
    if claimed_on:
        item["datePublished"] = claimed_on.isoformat()
    if appearances:
        item["appearance"] = [_creative_work(a) for a in appearances]
    if first is not None:
        item["firstAppearance"] = _creative_work(first)
    markup = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim_reviewed_text(claim),
        "datePublished": first_published_at.date().isoformat(),
        "author": {"@type": "Organization", "name": settings.FACTCHECK_ORG_NAME, "url": settings.SITE_URL},
        "itemReviewed": item,
        "reviewRating": rating_markup(verdict.rating),
    }
    if first_published_at != published_at:
        markup["dateModified"] = published_at.date().isoformat()
    if verdict.headline:
        markup["headline"] = verdict.headline
    if claim.language:
        markup["inLanguage"] = claim.language
    return markup
