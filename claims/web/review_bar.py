"""The review bar keeps to the revision its page shows.

Rules:
- The bar asks every REVIEW_BAR_CHECK_SECONDS whether the claim is still in review at the revision
  the page shows; it never moves its forms to a revision the page does not show (a reviewer vouches
  for what they read).
- Once the claim moved on, the bar says so and offers the new revision in place (the workspace alone,
  `claims/_workspace.html`), keeping what the reviewer typed; the workspace then says which revision
  it shows now and which one the reviewer was reading.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import selectors, workflow
from claims.models import Claim, ClaimState


def reread(request, claim: Claim) -> dict | None:
    """What the page showed before (`?read_from=<revision>`, the bar's "Read revision N"), when the
    claim has moved on since: the workspace says so at its top."""
    read_from = request.GET.get("read_from", "")
    verdict = workflow.verdict_of(claim)
    now = verdict.revision if verdict is not None else 0
    if not read_from.isdigit() or int(read_from) == now:
        return None
    return {"read": int(read_from), "now": now}


_SIGNED_OUT = '<p class="notice notice--refusal review-bar__moved"><strong>{}</strong> {}</p>'


@require_GET
def review_bar_check(request, pk: int):
    """Whether the revision a reviewer's page shows (`?revision=`) is still the one under review.

    204 while it is (htmx swaps nothing); once the claim moved on (a new revision, or out of review),
    what happened and a way to read it, with 286 so that htmx stops asking. One query beyond the
    session's.
    """
    if not request.user.is_authenticated:
        if not request.htmx:
            return redirect_to_login(request.get_full_path())
        # The session ended while the page was open: the bar says so and stops asking (286), and
        # the page, with what the reviewer typed, stays as it is (a login page is no part of it).
        signed_out = _SIGNED_OUT.format(
            escape(_("You are signed out.")),
            escape(
                _("Sign in again in another tab, then send your review from here: what you typed is kept.")
            ),
        )
        return HttpResponse(signed_out, status=286)
    try:
        position = selectors.claim_review_position(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    read = request.GET.get("revision", "")
    read = int(read) if read.isdigit() else None
    if position.shows(read):
        return HttpResponse(status=204)
    workspace = reverse("claims:workspace", args=[pk])
    context = {
        "position": position,
        "state_label": ClaimState(position.state).label.lower(),
        "read": read,
        "url": f"{workspace}?read_from={read if read is not None else ''}",
    }
    return render(request, "claims/_review_bar_check.html", context, status=286)
