"""Archived copies in the desk: a page per snapshot, and its file as received, served safely.

The file is never served as HTML from our origin (it is someone else's page,
with its scripts): text comes as text/plain, anything else as
application/octet-stream, always as an attachment, with nosniff and a
sandboxing Content-Security-Policy, so a browser neither renders nor runs it.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evidence import selectors
from evidence.models import Snapshot
from factcheck.outbound_policy import media_type_of

# Media types whose bytes are served as text/plain (with their charset); all else as octet-stream.
TEXT_TYPES = ("text/", "application/json", "application/xhtml+xml")
EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "xhtml",
    "text/plain": "txt",
    "text/csv": "csv",
    "application/json": "json",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}


def _snapshot(claim_pk: int, pk: int) -> Snapshot:
    try:
        return selectors.snapshot_get(pk=pk, claim_id=claim_pk)
    except Snapshot.DoesNotExist:
        raise Http404("No such archived copy.") from None


@login_required
@require_GET
def snapshot_show(request, claim_pk: int, pk: int):
    """What was fetched: addresses, status, hash, the readable text, and the other checks of the link."""
    snapshot = _snapshot(claim_pk, pk)
    owner = snapshot.evidence or snapshot.appearance
    others = owner.snapshots.defer("text").order_by("-fetched_at", "-id") if owner is not None else []
    return render(
        request,
        "evidence/snapshot.html",
        {
            "snapshot": snapshot,
            "owner": owner,
            "claim_pk": claim_pk,
            "others": others,
            "has_file": bool(snapshot.body),
        },
    )


@login_required
@require_GET
def snapshot_file(request, claim_pk: int, pk: int):
    """The body as received: a download, never a page of our site (see the module docstring)."""
    snapshot = _snapshot(claim_pk, pk)
    if not snapshot.body:
        raise Http404("No file was kept for this copy.")
    try:
        handle = snapshot.body.open("rb")
    except FileNotFoundError:
        raise Http404("The archived file is missing from storage.") from None
    media = media_type_of(snapshot.content_type)
    if media.startswith(TEXT_TYPES):
        charset = "utf-8"
        for part in snapshot.content_type.split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip().strip("\"'").replace("-", "").isalnum():
                charset = value.strip().strip("\"'")
        content_type = f"text/plain; charset={charset}"
    else:
        content_type = "application/octet-stream"
    extension = EXTENSIONS.get(media, "bin")
    response = FileResponse(
        handle, as_attachment=True, filename=f"snapshot-{snapshot.pk}.{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
