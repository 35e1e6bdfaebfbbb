"""The desk's home page: my queue, my review inbox, what waits for an editor, counts by state."""

from django.shortcuts import render

from claims import selectors
from claims.models import ClaimState
from claims.web import public as public_views
from factcheck.roles import EDITING_ROLES, REVIEWING_ROLES

# How many claims each list on the home page shows (the claim list has the rest).
HOME_LIST_LENGTH = 20


def home(request):
    """The desk at a glance: my queue, my review inbox, what waits for an editor, counts by state.

    A visitor who is not logged in gets the public home: the published fact-checks."""
    if not request.user.is_authenticated:
        return public_views.factcheck_list(request)
    user = request.user
    is_editor = user.role in EDITING_ROLES
    context = {
        "queue": selectors.claim_queue(user=user),
        "due_soon_days": selectors.DUE_SOON_DAYS,
        "state_counts": selectors.claim_state_counts(),
        "is_reviewer": user.role in REVIEWING_ROLES,
        "is_editor": is_editor,
        "review_inbox": selectors.claim_review_inbox(user=user) if user.role in REVIEWING_ROLES else [],
        "approved": (
            selectors.claim_list(filters={"state": ClaimState.APPROVED, "sort": "updated"})[:HOME_LIST_LENGTH]
            if is_editor
            else []
        ),
        "unassigned": (
            selectors.claim_list(filters={"state": ClaimState.NEW, "sort": "oldest"})[:HOME_LIST_LENGTH]
            if is_editor
            else []
        ),
    }
    return render(request, "factcheck/home.html", context)
