"""Reads of evidence and sources."""

from django.db.models import QuerySet

from evidence.models import Evidence, Source


def evidence_for_claim(*, claim_id: int) -> QuerySet[Evidence]:
    """A claim's evidence with its source and who added it, oldest first."""
    return Evidence.objects.filter(claim_id=claim_id).select_related("source", "added_by").order_by("id")


def source_list(*, name: str = "") -> QuerySet[Source]:
    """Sources, newest first, optionally those whose name contains `name`."""
    sources = Source.objects.all()
    if name.strip():
        sources = sources.filter(name__icontains=name.strip())
    return sources.order_by("-id")
