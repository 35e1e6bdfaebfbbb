"""The desk's home page: my queue, my review inbox, what waits for an editor, new claims to take,
counts by state; and "Take it" on a new claim in those lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from claims import selectors, services
from claims.models import Claim, ClaimState
from claims.web import public as public_views
from claims.web.forms import TakeForm
from factcheck.errors import DomainError
from factcheck.http import post_only
from factcheck.roles import CHECKING_ROLES, EDITING_ROLES, REVIEWING_ROLES

# How many claims each list on the home page shows (the claim list has the rest).
HOME_LIST_LENGTH = 20


def home(request):
    """The desk at a glance: my queue, my review inbox, what waits for an editor, new claims a member
    with a checking role can take, counts by state.

    A visitor who is not logged in gets the public home: the published fact-checks."""
    if not request.user.is_authenticated:
        return public_views.factcheck_list(request)
    user = request.user
    is_editor = user.role in EDITING_ROLES
    can_take = user.role in CHECKING_ROLES
    context = {
        "queue": selectors.claim_queue(user=user),
        "due_soon_days": selectors.DUE_SOON_DAYS,
        "state_counts": selectors.claim_state_counts(),
        "is_reviewer": user.role in REVIEWING_ROLES,
        "is_editor": is_editor,
        "can_take": can_take,
        "review_inbox": selectors.claim_review_inbox(user=user) if user.role in REVIEWING_ROLES else [],
        "approved": (
            selectors.claim_list(filters={"state": ClaimState.APPROVED, "sort": "updated"})[:HOME_LIST_LENGTH]
            if is_editor
            else []
        ),
        "unassigned": (
            selectors.claim_list(filters={"state": ClaimState.NEW, "sort": "oldest"})[:HOME_LIST_LENGTH]
            if can_take
            else []
        ),
    }
    return render(request, "factcheck/home.html", context)


@login_required
@post_only(lambda request, pk: reverse("home"))
def claim_take(request, pk: int):
    """Take a new claim from a list: assign it to me, with an optional due date (the workflow's `take`).

    With htmx the row answers in place, saying what happened (taken, or why not: someone was quicker);
    without, the workspace (taken) or the desk with the refusal."""
    form = TakeForm(request.POST)
    refusal = ""
    if not form.is_valid():
        refusal = " ".join(form.errors.get("due_on", [])) or _("Give the due date as a date, or none.")
    else:
        try:
            services.claim_transition(
                claim=Claim(pk=pk), action="take", actor=request.user, due_on=form.cleaned_data["due_on"]
            )
        except Claim.DoesNotExist:
            raise Http404("No such claim.") from None
        except DomainError as error:
            refusal = error.message
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
            return redirect("home")
        messages.success(request, _("Taken: the claim is yours, and it is researching now."))
        return redirect("claims:workspace", pk)
    claim = selectors.claim_list().filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    outcome = {
        "refused": bool(refusal),
        "message": refusal or _("Taken: it is yours now, in your queue."),
    }
    return render(request, "claims/_claim_row.html", {"claim": claim, "take": True, "take_outcome": outcome})
