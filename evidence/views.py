"""Evidence and rebuttals in the claim workspace: add, edit and remove in place.

With htmx a change answers with its section re-rendered (and the workspace
header, out of band, since the actions open may change); without JavaScript
the same forms post normally and come back to the workspace.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.forms import add_service_errors
from claims.views import claim_for_workspace, evidence_context, render_workspace, workspace_url
from evidence import selectors, services
from evidence.forms import EvidenceForm, RebuttalForm
from factcheck.errors import Conflict, NotPermitted


def _evidence_save(request, form: EvidenceForm, *, claim=None, evidence=None):
    data = form.cleaned_data
    with transaction.atomic():
        source = None
        if data["source_name"].strip():
            source = services.source_get_or_create(
                name=data["source_name"], kind=data["source_kind"], actor=request.user
            )
        fields = form.evidence_fields() | {"source": source}
        if evidence is None:
            return services.evidence_create(claim=claim, actor=request.user, **fields)
        return services.evidence_update(evidence=evidence, actor=request.user, **fields)


def _rebuttal_save(request, form: RebuttalForm, *, claim=None, rebuttal=None):
    if rebuttal is None:
        return services.rebuttal_create(claim=claim, actor=request.user, **form.cleaned_data)
    return services.rebuttal_update(rebuttal=rebuttal, actor=request.user, **form.cleaned_data)


@dataclass(frozen=True)
class Part:
    """Evidence or rebuttals: the same in-place editing over different forms and services."""

    name: str
    noun: str
    form: type
    get: Any
    save: Any
    delete: Any
    section_template: str
    item_template: str
    edit_template: str

    @property
    def add_prefix(self) -> str:
        return self.name

    def edit_prefix(self, pk: int) -> str:
        return f"{self.name}-{pk}"

    @property
    def anchor(self) -> str:
        return "evidence" if self.name == "evidence" else "rebuttals"


PARTS = {
    "evidence": Part(
        name="evidence",
        noun="Evidence",
        form=EvidenceForm,
        get=selectors.evidence_get,
        save=lambda request, form, item=None, claim=None: _evidence_save(
            request, form, claim=claim, evidence=item
        ),
        delete=lambda request, item: services.evidence_delete(evidence=item, actor=request.user),
        section_template="evidence/_evidence_section.html",
        item_template="evidence/_evidence_item.html",
        edit_template="evidence/_evidence_edit.html",
    ),
    "rebuttal": Part(
        name="rebuttal",
        noun="Rebuttal",
        form=RebuttalForm,
        get=selectors.rebuttal_get,
        save=lambda request, form, item=None, claim=None: _rebuttal_save(
            request, form, claim=claim, rebuttal=item
        ),
        delete=lambda request, item: services.rebuttal_delete(rebuttal=item, actor=request.user),
        section_template="evidence/_rebuttal_section.html",
        item_template="evidence/_rebuttal_item.html",
        edit_template="evidence/_rebuttal_edit.html",
    ),
}


def _item(part: Part, claim_pk: int, pk: int):
    try:
        return part.get(claim_id=claim_pk, pk=pk)
    except ObjectDoesNotExist:
        raise Http404(f"No such {part.noun.lower()} on this claim.") from None


def _section(request, part: Part, claim_pk: int, *, notice: str = "", refusal: str = "", status=200, **forms):
    """The part's section as it is now: in place for htmx, else the whole workspace."""
    claim = claim_for_workspace(claim_pk)
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
        return render_workspace(request, claim, status=status, **forms)
    context = evidence_context(request, claim, **forms)
    context.update(notice=notice, refusal=refusal, oob_header=True)
    return render(request, part.section_template, context)


def _done(request, part: Part, claim_pk: int, notice: str, anchor: str = ""):
    if request.htmx:
        return _section(request, part, claim_pk, notice=notice)
    messages.success(request, notice)
    return redirect(workspace_url(claim_pk, anchor or part.anchor))


def _refused(request, part: Part, claim_pk: int, refusal, **forms):
    """A service said no: in words, keeping the form as typed."""
    if isinstance(refusal, NotPermitted):
        return _section(request, part, claim_pk, refusal=refusal.message, status=403, **forms)
    if request.htmx:
        return _section(request, part, claim_pk, refusal=refusal.message, **forms)
    messages.error(request, refusal.message)
    return redirect(workspace_url(claim_pk, part.anchor))


def _form_key(part: Part) -> str:
    return f"{part.name}_form"


@login_required
@require_POST
def item_add(request, claim_pk: int, part: str):
    """Add a piece of evidence or a rebuttal."""
    part = PARTS[part]
    claim = claim_for_workspace(claim_pk)
    form = part.form(request.POST, prefix=part.add_prefix)
    if form.is_valid():
        try:
            part.save(request, form, claim=claim)
        except ValidationError as error:
            add_service_errors(form, error, {"source": "source_name"})
        except (NotPermitted, Conflict) as refusal:
            return _refused(request, part, claim_pk, refusal, **{_form_key(part): form})
        else:
            return _done(request, part, claim_pk, f"{part.noun} added.")
    return _section(request, part, claim_pk, **{_form_key(part): form})


@login_required
@require_GET
def item_show(request, claim_pk: int, pk: int, part: str):
    """One item as read (htmx: what "Cancel" puts back in place of the edit form)."""
    part = PARTS[part]
    item = _item(part, claim_pk, pk)
    if not request.htmx:
        return redirect(workspace_url(claim_pk, f"{part.name}-{pk}"))
    claim = claim_for_workspace(claim_pk)
    context = evidence_context(request, claim) | {"item": item, "focus": True}
    return render(request, part.item_template, context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, claim_pk: int, pk: int, part: str):
    """The edit form in place of the item (GET); save it (POST)."""
    part = PARTS[part]
    item = _item(part, claim_pk, pk)
    edit_key = f"{part.name}_edit"
    if request.method == "GET":
        form = part.form(initial=part.form.initial_for(item), prefix=part.edit_prefix(pk))
        if request.htmx:
            claim = claim_for_workspace(claim_pk)
            context = evidence_context(request, claim) | {"item": item, "form": form}
            return render(request, part.edit_template, context)
        return render_workspace(
            request, claim_for_workspace(claim_pk), **{edit_key: {"pk": pk, "form": form}}
        )
    form = part.form(request.POST, prefix=part.edit_prefix(pk))
    editing = {edit_key: {"pk": pk, "form": form}}
    if form.is_valid():
        try:
            part.save(request, form, item=item)
        except ValidationError as error:
            add_service_errors(form, error, {"source": "source_name"})
        except (NotPermitted, Conflict) as refusal:
            return _refused(request, part, claim_pk, refusal, **editing)
        else:
            return _done(request, part, claim_pk, f"{part.noun} saved.", f"{part.name}-{pk}")
    return _section(request, part, claim_pk, **editing)


@login_required
@require_POST
def item_remove(request, claim_pk: int, pk: int, part: str):
    """Remove a piece of evidence or a rebuttal (the history keeps it)."""
    part = PARTS[part]
    item = _item(part, claim_pk, pk)
    try:
        part.delete(request, item)
    except (NotPermitted, Conflict) as refusal:
        return _refused(request, part, claim_pk, refusal)
    return _done(request, part, claim_pk, f"{part.noun} removed.")
