from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from claims.selectors import claim_list, claim_state_counts


@login_required
def home(request):
    """The desk at a glance: counts by state and the latest claims."""
    claims = claim_list(filters={"q": request.GET.get("q", "")}, user=request.user)[:50]
    return render(
        request,
        "factcheck/home.html",
        {"claims": claims, "state_counts": claim_state_counts(), "q": request.GET.get("q", "")},
    )
