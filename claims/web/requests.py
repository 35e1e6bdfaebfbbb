"""Reader requests: the public "Send us a claim" page, the requester's status and unsubscribe pages
(signed links, no login), and the desk's triage queue (editors). Thin views over claims.requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.models import ReaderRequest
from claims.requests import links, selectors, services
from claims.requests.guards import RateLimited
from claims.web.forms import add_service_errors
from claims.web.request_forms import AttachForm, NewClaimForm, RequestForm
from factcheck.errors import NotPermitted
from factcheck.http import client_address
from factcheck.roles import EDITING_ROLES

PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}


def _with_headers(response, headers: dict):
    for name, value in headers.items():
        response[name] = value
    return response


@require_http_methods(["GET", "POST"])
def request_new(request):
    """The public form; a request taken goes to its private status page."""
    form = RequestForm(request.POST or None, initial={"language": get_language().split("-")[0]})
    status, headers = 200, {}
    if request.method == "POST" and form.is_valid():
        if form.is_bot:  # a honeypot filled in: thanked, not kept
            return render(request, "claims/requests/thanks.html")
        data = form.cleaned_data
        try:
            taken = services.request_submit(
                text=data["text"],
                url=data["url"],
                language=data["language"],
                email=data["email"],
                consent=data["consent"],
                sender_address=client_address(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        else:
            messages.success(
                request, _("Thank you: we received it. Keep this page's address to follow your request.")
            )
            return redirect(reverse("request-status", args=[links.status_token(taken.pk)]))
    return _with_headers(render(request, "claims/requests/new.html", {"form": form}, status=status), headers)


@require_GET
@never_cache
def request_status(request, token: str):
    """Where a request stands: received, being checked, or published with the fact-check's link."""
    request_id = links.status_request_id(token)
    found = selectors.request_status(request_id=request_id) if request_id is not None else None
    if found is None:
        raise Http404(_("No such request."))
    return _with_headers(render(request, "claims/requests/status.html", found), PRIVATE_HEADERS)


@csrf_exempt  # the signed token is the secret; mail clients' one-click POST (RFC 8058) has no CSRF token
@require_http_methods(["GET", "POST"])
def request_unsubscribe(request, token: str):
    """GET asks to confirm (link scanners follow links); POST stops every email to the address."""
    request_id = links.unsubscribe_request_id(token)
    if request_id is None:
        raise Http404(_("No such link."))
    done = False
    if request.method == "POST":
        services.contact_unsubscribe(request_id=request_id)
        done = True
    return _with_headers(render(request, "claims/requests/unsubscribe.html", {"done": done}), PRIVATE_HEADERS)


def _refused(request):
    return render(
        request,
        "claims/requests/triage.html",
        {"refused": _("Only editors and admins can triage reader requests.")},
        status=403,
    )


@login_required
@require_GET
def request_triage(request):
    """The triage queue: clusters of requests with their suggestions, by demand (or newest, oldest)."""
    if request.user.role not in EDITING_ROLES:
        return _refused(request)
    sort = request.GET.get("sort", "demand")
    if sort not in selectors.TRIAGE_SORTS:
        sort = "demand"
    context = {
        "clusters": selectors.request_triage_queue(sort=sort),
        "held": selectors.request_held_count(),
        "sort": sort,
        "sorts": selectors.TRIAGE_SORTS,
    }
    return render(request, "claims/requests/triage.html", context)


def _cluster_of(pk: int) -> list[int]:
    ids = selectors.request_cluster_ids(request_id=pk)
    if ids is None:
        raise Http404(_("No such request."))
    return ids


@login_required
@require_POST
def request_attach(request, pk: int):
    """Attach a request's cluster to a claim."""
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            count = services.request_attach(
                request_ids=_cluster_of(pk), claim=form.cleaned_data["claim"], actor=request.user
            )
        except NotPermitted:
            return _refused(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s request(s) attached.") % {"n": count})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("claims:requests")


@login_required
@require_POST
def request_claim_new(request, pk: int):
    """Make a new claim from a request; its cluster is attached to it."""
    form = NewClaimForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.request_claim_create(
                request_id=pk,
                actor=request.user,
                claimant=data["claimant"],
                text=data["text"],
                appearance_url=data["appearance_url"],
            )
        except NotPermitted:
            return _refused(request)
        except ReaderRequest.DoesNotExist:
            raise Http404(_("No such request.")) from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Claim logged from the request."))
            return redirect("claims:workspace", claim.pk)
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("claims:requests")
