"""The claim desk: the list, logging a claim, the workspace, editing, workflow actions, the verdict.

Thin interfaces: selectors read, services write and decide. A refusal comes
back in words, beside the field it concerns when there is one, with what was
typed still in the form.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from claims import extensions, matching, selectors, services, workflow
from claims.filters import ClaimFilter
from claims.models import Claim, ClaimState
from claims.web import public as public_views
from claims.web import review_bar
from claims.web.forms import (
    CREATE_FIELD_MAP,
    ActionForm,
    AppearanceForm,
    ClaimCreateForm,
    ClaimEditForm,
    ClaimSortForm,
    VerdictForm,
    add_service_errors,
    assign_to_me_initially,
    claim_filter_for_desk,
)
from claims.web.intake_forms import DuplicateLinkForm
from factcheck.errors import Conflict, DomainError, NotPermitted
from factcheck.http import post_only
from factcheck.safe_markdown import render_markdown

CLAIMS_PER_PAGE = 25


def claim_for_workspace(pk: int) -> Claim:
    try:
        return selectors.claim_get_for_workspace(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def workspace_url(claim_pk: int, anchor: str = "") -> str:
    url = reverse("claims:workspace", args=[claim_pk])
    return f"{url}#{anchor}" if anchor else url


def posted_from_workspace(anchor: str = ""):
    """POST only; opened by GET, the address leads back to the workspace (at `anchor`)."""
    return post_only(lambda request, pk, *args, **kwargs: workspace_url(pk, anchor))


def can_edit_content(claim: Claim, user) -> bool:
    """Whether the workflow lets this member change the claim's content now."""
    try:
        workflow.ensure_content_editable(claim, user)
    except DomainError:
        return False
    return True


def action_forms(claim: Claim, user, bound: dict | None = None) -> list[dict]:
    """One form per action this member may take now (the same function as the API)."""
    bound = bound or {}
    names = workflow.available_actions(claim, user)
    assignees = selectors.member_assignable_list()
    if "assign" not in names:
        assignees = assignees.none()
    forms = []
    verdict = workflow.verdict_of(claim)
    for name in names:
        initial = {}
        with_note = name == "submit" and workflow.submits_with_note(claim, user)
        if name == "assign":
            initial["assignee"] = claim.assignee_id
        if name in services.REVIEW_ACTIONS:
            initial["revision"] = verdict.revision if verdict is not None else 0  # what the reviewer sees
        if with_note:  # a correction's note starts from what changed since the last publication
            initial["note"] = verdict.correction_note or selectors.publication_changes_summary(claim=claim)
        if name == "publish" and verdict is not None and verdict.correction_note:
            initial.update(note=verdict.correction_note, note_kind=verdict.correction_note_kind)
        form = bound.get(name) or ActionForm(prefix=f"action-{name}", assignees=assignees, initial=initial)
        forms.append({"action": workflow.ACTIONS[name], "form": form, "with_note": with_note})
    return forms


def header_context(request, claim: Claim, *, bound_actions: dict | None = None) -> dict:
    """What the workspace header shows: the claim's facts and the actions open to this member.

    A reviewer's Approve and Request changes are not in the header but in the review bar, which
    stays in view while they read the verdict and the evidence (`review_actions`).
    """
    forms = action_forms(claim, request.user, bound_actions)
    return {
        "claim": claim,
        "verdict": workflow.verdict_of(claim),
        "actions": [f for f in forms if f["action"].name not in services.REVIEW_ACTIONS],
        "review_actions": [f for f in forms if f["action"].name in services.REVIEW_ACTIONS],
        "actions_waiting": workflow.actions_waiting(claim, request.user),
        "actions_for_others": workflow.actions_for_others(claim, request.user),
        "has_publications": bool(claim.publications.all()),
        "can_edit": can_edit_content(claim, request.user),
        "changes_requested": selectors.claim_changes_requested(claim=claim),
        "review_check_seconds": settings.REVIEW_BAR_CHECK_SECONDS,
    }


def undo_offer(part: str, claim_pk: int, pk: int) -> dict:
    """What "Removed. Undo" needs: which item, and where its restore form posts."""
    url_name = extensions.RESTORABLE[part][0]
    return {"part": part, "pk": pk, "url": reverse(url_name, args=[claim_pk, pk])}


def _undo_from_address(request, claim: Claim) -> dict | None:
    """The undo offer the address names (`?undo=evidence-12`, after a removal without htmx), if that
    item is still gone from the claim (prefetched lists: no query)."""
    part, _, pk = request.GET.get("undo", "").partition("-")
    if part not in extensions.RESTORABLE or not pk.isdigit():
        return None
    if int(pk) in extensions.RESTORABLE[part][1](claim):
        return None
    return undo_offer(part, claim.pk, int(pk))


def timeline_with_restore(timeline: list[dict], claim: Claim, *, can_edit: bool) -> list[dict]:
    """Give the last removal of each item that is still gone a `restore_url` (while the claim's
    content is editable by this member): "Restore" in the history."""
    if not can_edit:
        return timeline
    present = {kind: ids(claim) for kind, (_, ids) in extensions.RESTORABLE.items()}
    last_event = {
        (entry["kind"], entry["object_id"]): entry for entry in timeline if entry["kind"] in present
    }
    for (kind, object_id), entry in last_event.items():
        if entry["verb"] == "removed" and object_id not in present[kind]:
            entry["restore_url"] = reverse(extensions.RESTORABLE[kind][0], args=[claim.pk, object_id])
    return timeline


def history_for_page(claim: Claim, *, can_edit: bool) -> list:
    """The claim's readable history (one entry per event), with Restore beside removals still gone."""
    rows = timeline_with_restore(selectors.claim_timeline(claim=claim), claim, can_edit=can_edit)
    return selectors.claim_history(claim=claim, rows=rows)


def sections_context(request, claim: Claim, **overrides) -> dict:
    """What the sections other apps add to the workspace show (claims.extensions; the evidence and
    rebuttal sections use it for in-place edits), and the Undo of an item just removed."""
    context = header_context(request, claim)
    context.update(extensions.merged(extensions.WORKSPACE, request, claim))
    context.update(workspace_panels=extensions.WORKSPACE_PANELS, undo=_undo_from_address(request, claim))
    context.update(overrides)
    return context


def render_workspace(
    request,
    claim: Claim,
    *,
    status: int = 200,
    bound_actions=None,
    template: str = "claims/workspace.html",
    **overrides,
):
    """The whole workspace; `overrides` replace forms with bound ones (errors, typed text).

    `template` "claims/_workspace.html" is the workspace without the page around it (read in place).
    """
    verdict = workflow.verdict_of(claim)
    ratings = selectors.rating_list()
    context = sections_context(request, claim)
    context.update(header_context(request, claim, bound_actions=bound_actions))
    context.update(
        ratings=ratings,
        verdict_form=VerdictForm(prefix="verdict", ratings=ratings, initial=VerdictForm.initial_for(verdict)),
        verdict_conflict=None,
        preview=None,
        appearance_form=AppearanceForm(prefix="appearance"),
        reviews=list(verdict.reviews.all()) if verdict else [],
        review_changes=selectors.claim_review_changes(claim=claim, user=request.user)
        if context["review_actions"]
        else None,
        publications=list(claim.publications.all()),
        timeline=history_for_page(claim, can_edit=context["can_edit"]),
        similar=matching.claim_similar_for(claim),
        duplicate_links=selectors.claim_duplicate_links(claim=claim),
        duplicate_form=DuplicateLinkForm(claims=selectors.claim_list()),
    )
    context.update(overrides)
    return render(request, template, context, status=status)


# --- Pages -----------------------------------------------------------------------


@login_required
def claim_list(request):
    """All claims: full-text search, filters, sort and pages."""
    filterset = ClaimFilter(request.GET or None)
    form = claim_filter_for_desk(
        filterset.form,
        claimants=selectors.claimant_choices(),
        assignees=selectors.member_assignable_list(),
        ratings=selectors.rating_list(),
    )
    sort_form = ClaimSortForm(request.GET or None)
    sort = sort_form.sort_key() if sort_form.is_bound else ""
    filters = {**filterset.given(), **({"sort": sort} if sort else {})}
    page = Paginator(selectors.claim_list(filters=filters, user=request.user), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/claim_list.html",
        {
            "form": form,
            "sort_form": sort_form,
            "page": page,
            "query": query.urlencode(),
            "filtering": bool(filters),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request):
    """Log a claim: the statement, who said it, when, and where it first appeared."""
    form = ClaimCreateForm(
        request.POST or None,
        claimants=selectors.claimant_choices(),
        initial={"assign_to_me": assign_to_me_initially(request.user)},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_log(
                assign_to_me=data["assign_to_me"],
                text=data["text"],
                summary=data["summary"],
                claimant=data["claimant"] or form.new_claimant(),
                claimed_on=data["claimed_on"],
                language=data["language"],
                topics=data["topics"],
                appearances=form.appearances(),
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, CREATE_FIELD_MAP)
        except NotPermitted as refusal:
            messages.error(request, refusal.message)
            status = 403
        else:
            logged = "Claim logged and assigned to you." if claim.assignee_id else "Claim logged."
            messages.success(request, logged)
            return redirect(workspace_url(claim.pk))
    return render(request, "claims/claim_form.html", {"form": form}, status=status)


@login_required
def claim_workspace(request, pk: int):
    """Everything about one claim, and what this member may do with it now.

    Asked by htmx for `#workspace` (the review bar's "Read revision N"), the workspace alone, without
    the page around it: swapped in place, it keeps what the reviewer typed in the bar (hx-preserve).
    """
    claim = claim_for_workspace(pk)
    in_place = request.htmx and request.htmx.target == "workspace"
    template = "claims/_workspace.html" if in_place else "claims/workspace.html"
    return render_workspace(request, claim, template=template, reread=review_bar.reread(request, claim))


@login_required
def claim_history(request, pk: int):
    """The claim's history alone: the workspace reloads it in place after an in-place edit."""
    claim = claim_for_workspace(pk)
    timeline = history_for_page(claim, can_edit=can_edit_content(claim, request.user))
    return render(request, "claims/_timeline.html", {"claim": claim, "timeline": timeline})


@login_required
@require_http_methods(["GET", "POST"])
def claim_edit(request, pk: int):
    """Edit the claim; a change saved by someone else meanwhile is shown beside what was typed."""
    claim = claim_for_workspace(pk)
    claimants = selectors.claimant_choices()
    if request.method == "GET":
        form = ClaimEditForm(initial=ClaimEditForm.initial_for(claim), claimants=claimants)
        return render(request, "claims/claim_edit.html", {"claim": claim, "form": form})
    form = ClaimEditForm(request.POST, claimants=claimants)
    context = {"claim": claim, "form": form, "theirs": None}
    status = 200
    if form.is_valid():
        try:
            services.claim_update(
                claim=claim,
                actor=request.user,
                expected_updated_at=form.cleaned_data["updated_at"],
                **form.changes(),
            )
        except Conflict as refusal:
            if refusal.code == "stale_claim":
                # Keep what was typed; the next save, from this version on, is a deliberate overwrite.
                data = request.POST.copy()
                data["updated_at"] = claim.updated_at.isoformat()
                context.update(form=ClaimEditForm(data, claimants=claimants), theirs=claim)
            messages.error(request, refusal.message)
        except NotPermitted as refusal:
            messages.error(request, refusal.message)
            status = 403
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Claim saved.")
            return redirect(workspace_url(claim.pk))
    return render(request, "claims/claim_edit.html", context, status=status)


# --- Workflow actions --------------------------------------------------------------


@login_required
@posted_from_workspace("")
def claim_action(request, pk: int, action: str):
    """Take one workflow action (claims.services.claim_transition decides and writes)."""
    claim = claim_for_workspace(pk)
    if action not in workflow.ACTIONS:
        raise Http404("No such action.")
    spec = workflow.ACTIONS[action]
    form = ActionForm(request.POST, prefix=f"action-{action}", assignees=selectors.member_assignable_list())
    if form.is_valid():
        try:
            claim = services.claim_transition(
                claim=claim, action=action, actor=request.user, **form.service_kwargs()
            )
        except NotPermitted as refusal:
            messages.error(request, refusal.message)
            return render_workspace(request, claim, status=403)
        except Conflict as refusal:
            if refusal.code == "stale_revision":
                return _review_of_stale_revision(request, pk, action, refusal)
            field = ActionForm.FIELD_FOR_CODE.get(refusal.code)
            if field is None:
                messages.error(request, refusal.message)
                return redirect(workspace_url(claim.pk))
            form.add_error(field, refusal.message)
        else:
            done = f"{spec.label}: done. The claim is now {claim.get_state_display().lower()}."
            if claim.state == ClaimState.PUBLISHED:  # published, or an approval that published a correction
                slug = claim.publications.order_by("-version").values_list("slug", flat=True).first()
                done = format_html(
                    '{} <a href="{}">See the public page</a>.',
                    done,
                    reverse("public-factcheck-detail", args=[slug]),
                )
            messages.success(request, done)
            return redirect(workspace_url(claim.pk))
    return render_workspace(request, claim, bound_actions={action: form})


def _review_of_stale_revision(request, pk: int, action: str, refusal: Conflict):
    """A review of a revision that is no longer the claim's: the workspace as it is now, the refusal
    in the review bar, and the bar's form keeping what was typed, now for the revision shown (so the
    next click reviews what the page shows)."""
    claim = claim_for_workspace(pk)
    verdict = workflow.verdict_of(claim)
    data = request.POST.copy()
    data[f"action-{action}-revision"] = str(verdict.revision if verdict is not None else 0)
    form = ActionForm(data, prefix=f"action-{action}", assignees=selectors.member_assignable_list())
    form.is_valid()
    form.add_error(None, refusal.message)
    return render_workspace(request, claim, bound_actions={action: form})


# --- Verdict -----------------------------------------------------------------------


@login_required
@posted_from_workspace("verdict")
def verdict_save(request, pk: int):
    """Save the verdict (or, with the Preview button and no JavaScript, show the analysis rendered)."""
    claim = claim_for_workspace(pk)
    ratings = selectors.rating_list()
    form = VerdictForm(request.POST, prefix="verdict", ratings=ratings)
    if not form.is_valid():
        return render_workspace(request, claim, verdict_form=form)
    data = form.cleaned_data
    if "preview" in request.POST:
        return render_workspace(request, claim, verdict_form=form, preview=render_markdown(data["analysis"]))
    try:
        verdict = services.verdict_update(
            claim=claim,
            actor=request.user,
            rating=data["rating"],
            headline=data["headline"],
            conclusion=data["conclusion"],
            analysis=data["analysis"],
            expected_revision=data["expected_revision"],
        )
    except Conflict as refusal:
        messages.error(request, refusal.message)
        if refusal.code != "stale_revision":
            return render_workspace(request, claim, verdict_form=form)
        claim = claim_for_workspace(pk)
        theirs = workflow.verdict_of(claim)
        # Keep what was typed; saving again from their revision on is a deliberate overwrite.
        retyped = request.POST.copy()
        retyped["verdict-expected_revision"] = str(theirs.revision if theirs else 0)
        return render_workspace(
            request,
            claim,
            verdict_form=VerdictForm(retyped, prefix="verdict", ratings=ratings),
            verdict_conflict={"message": refusal.message, "theirs": theirs},
        )
    except NotPermitted as refusal:
        messages.error(request, refusal.message)
        return render_workspace(request, claim, status=403, verdict_form=form)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_workspace(request, claim, verdict_form=form)
    messages.success(request, f"Verdict saved (revision {verdict.revision}).")
    return redirect(workspace_url(claim.pk, "verdict"))


@login_required
@posted_from_workspace("verdict")
def verdict_preview(request, pk: int):
    """The analysis as it will read, for the editor's Preview button (htmx)."""
    claim_for_workspace(pk)
    analysis = request.POST.get("verdict-analysis", "")
    return render(request, "claims/_analysis_preview.html", {"preview": render_markdown(analysis)})


# --- Appearances -------------------------------------------------------------------


@login_required
@posted_from_workspace("appearances")
def appearance_add(request, pk: int):
    """Add where the claim was seen."""
    claim = claim_for_workspace(pk)
    form = AppearanceForm(request.POST, prefix="appearance")
    if form.is_valid():
        try:
            services.appearance_create(claim=claim, actor=request.user, **form.cleaned_data)
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return redirect(workspace_url(claim.pk, "appearances"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Appearance added.")
            return redirect(workspace_url(claim.pk, "appearances"))
    return render_workspace(request, claim, appearance_form=form)


@login_required
@posted_from_workspace("appearances")
def appearance_remove(request, pk: int, appearance_pk: int):
    """Remove an appearance (it stays in the history)."""
    claim = claim_for_workspace(pk)
    appearance = next((a for a in claim.appearances.all() if a.pk == appearance_pk), None)
    if appearance is None:
        raise Http404("No such appearance.")
    try:
        services.appearance_delete(appearance=appearance, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Appearance removed.")
        return redirect(f"{workspace_url(claim.pk)}?undo=appearance-{appearance_pk}#appearances")
    return redirect(workspace_url(claim.pk, "appearances"))


@login_required
@posted_from_workspace("appearances")
def appearance_restore(request, pk: int, appearance_pk: int):
    """Put a removed appearance back, as it was (Undo, or Restore in the history)."""
    claim = claim_for_workspace(pk)
    try:
        services.appearance_restore(claim=claim, appearance_id=appearance_pk, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Appearance restored.")
    return redirect(workspace_url(claim.pk, "appearances"))


# --- The public page before it is published ---------------------------------------------


@login_required
def public_preview(request, pk: int):
    """The public page as the claim would be published now (members only, never indexed)."""
    claim = claim_for_workspace(pk)
    try:
        draft = services.publication_build(claim=claim, actor=request.user)
    except Conflict as refusal:
        messages.error(request, refusal.message)
        return redirect(workspace_url(claim.pk, "verdict"))
    published = list(claim.publications.order_by("-version"))
    context = public_views.factcheck_page_context([draft, *published])
    context["preview_of"] = claim
    return render(request, "claims/public/factcheck_detail.html", context)
