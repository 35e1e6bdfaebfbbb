"""Evidence and rebuttals in the claim workspace: add, edit and remove in place.

With htmx a change answers with its section re-rendered (and the workspace
header, out of band, since the actions open may change); without JavaScript
the same forms post normally and come back to the workspace.

Others work on the same claim at the same time: an edit carries the version it
started from, and a change saved meanwhile is shown beside what was typed; an
item removed meanwhile is said in words in its place (htmx answers are 200:
htmx swaps nothing else); the POST-only URLs opened by GET go back to the workspace.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from claims.web.claims import (
    claim_for_workspace,
    render_workspace,
    sections_context,
    undo_offer,
    workspace_url,
)
from claims.web.forms import add_service_errors
from evidence import selectors, services
from evidence.web.forms import EvidenceEditForm, EvidenceForm, RebuttalEditForm, RebuttalForm
from factcheck.errors import Conflict, NotPermitted
from factcheck.http import post_only


def _evidence_save(request, form: EvidenceForm, *, claim=None, evidence=None):
    data = form.cleaned_data
    source = (
        {"name": data["source_name"], "kind": data["source_kind"]} if data["source_name"].strip() else None
    )
    fields = form.evidence_fields() | {"source": source}
    if evidence is None:
        return services.evidence_create(claim=claim, actor=request.user, **fields)
    return services.evidence_update(
        evidence=evidence, actor=request.user, expected_updated_at=form.started_from(), **fields
    )


def _rebuttal_save(request, form: RebuttalForm, *, claim=None, rebuttal=None):
    if rebuttal is None:
        return services.rebuttal_create(claim=claim, actor=request.user, **form.rebuttal_fields())
    return services.rebuttal_update(
        rebuttal=rebuttal,
        actor=request.user,
        expected_updated_at=form.started_from(),
        **form.rebuttal_fields(),
    )


@dataclass(frozen=True)
class Part:
    """Evidence or rebuttals: the same in-place editing over different forms and services."""

    name: str
    noun: str
    add_label: str
    form: type
    edit_form: type
    get: Any
    save: Any
    delete: Any
    restore: Any

    @property
    def add_prefix(self) -> str:
        return self.name

    def edit_prefix(self, pk: int) -> str:
        return f"{self.name}-{pk}"

    @property
    def section_template(self) -> str:
        return f"evidence/_{self.name}_section.html"

    @property
    def item_template(self) -> str:
        return f"evidence/_{self.name}_item.html"

    @property
    def edit_template(self) -> str:
        return f"evidence/_{self.name}_edit.html"

    @property
    def anchor(self) -> str:
        return "evidence" if self.name == "evidence" else "rebuttals"

    @property
    def stale_code(self) -> str:
        return f"stale_{self.name}"


PARTS = {
    "evidence": Part(
        name="evidence",
        noun="Evidence",
        add_label="Add evidence",
        form=EvidenceForm,
        edit_form=EvidenceEditForm,
        get=selectors.evidence_get,
        save=lambda request, form, item=None, claim=None: _evidence_save(
            request, form, claim=claim, evidence=item
        ),
        delete=lambda request, item: services.evidence_delete(evidence=item, actor=request.user),
        restore=lambda request, claim_pk, pk: services.evidence_restore(
            claim=claim_pk, evidence_id=pk, actor=request.user
        ),
    ),
    "rebuttal": Part(
        name="rebuttal",
        noun="Rebuttal",
        add_label="Add a rebuttal",
        form=RebuttalForm,
        edit_form=RebuttalEditForm,
        get=selectors.rebuttal_get,
        save=lambda request, form, item=None, claim=None: _rebuttal_save(
            request, form, claim=claim, rebuttal=item
        ),
        delete=lambda request, item: services.rebuttal_delete(rebuttal=item, actor=request.user),
        restore=lambda request, claim_pk, pk: services.rebuttal_restore(
            claim=claim_pk, rebuttal_id=pk, actor=request.user
        ),
    ),
}


def _item(part: Part, claim_pk: int, pk: int):
    """The item, or None when it is not (or no longer) on this claim."""
    try:
        return part.get(claim_id=claim_pk, pk=pk)
    except ObjectDoesNotExist:
        return None


def _not_found(part: Part):
    return Http404(f"No such {part.noun.lower()} on this claim.")


def _removed(request, part: Part, claim_pk: int, pk: int):
    """In place of an item someone else removed meanwhile (htmx): that, in words, and a way to reload.

    Without htmx a missing item stays a 404 (a link to another claim's item is one too).
    """
    if not request.htmx:
        raise _not_found(part)
    context = {
        "element_id": part.edit_prefix(pk),
        "noun": part.noun.lower(),
        "reload_url": workspace_url(claim_pk, part.anchor),
    }
    return render(request, "evidence/_removed.html", context)


def _section(request, part: Part, claim_pk: int, *, notice: str = "", refusal: str = "", status=200, **forms):
    """The part's section as it is now: in place for htmx, else the whole workspace."""
    claim = claim_for_workspace(claim_pk)
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
        return render_workspace(request, claim, status=status, **forms)
    context = sections_context(request, claim, **forms)
    context.update(notice=notice, refusal=refusal, oob_header=True)
    response = render(request, part.section_template, context)
    if request.method == "POST":
        # The page's history (and whatever else listens) reloads: an in-place change is in it now.
        trigger_client_event(response, "contentChanged")
    return response


def _done(request, part: Part, claim_pk: int, notice: str, anchor: str = "", undo_pk: int | None = None):
    """Done: the section with `notice` (htmx), or the workspace at `anchor` with it as a message.

    With `undo_pk` (an item just removed) the section offers to put it back ("Removed. Undo"), with
    htmx and without (the workspace's address then names the item, `?undo=<part>-<pk>`)."""
    if request.htmx:
        undo = undo_offer(part.name, claim_pk, undo_pk) if undo_pk else None
        return _section(request, part, claim_pk, notice="" if undo else notice, undo=undo)
    messages.success(request, notice)
    if undo_pk:
        return redirect(f"{workspace_url(claim_pk)}?undo={part.name}-{undo_pk}#{part.anchor}")
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


def _typed_into_add_form(part: Part, pk: int, data: QueryDict):
    """What was typed into an item's edit form, moved into the section's add form (the item is gone)."""
    edit_prefix, moved = f"{part.edit_prefix(pk)}-", QueryDict(mutable=True)
    for key, values in data.lists():
        if key.startswith(edit_prefix) and key != f"{edit_prefix}updated_at":
            moved.setlist(f"{part.add_prefix}-{key.removeprefix(edit_prefix)}", values)
    return part.form(moved, prefix=part.add_prefix)


def _saved_into_removed(request, part: Part, claim_pk: int, pk: int):
    """An edit saved after someone else removed the item: nothing typed is lost, it waits in the add form."""
    refusal = (
        f"Someone else removed this {part.noun.lower()} meanwhile, so your changes were not saved. "
        f"What you typed is in the “{part.add_label}” form below: add it again if it should stay."
    )
    form = _typed_into_add_form(part, pk, request.POST)
    return _section(request, part, claim_pk, refusal=refusal, **{_form_key(part): form})


def _stale(request, part: Part, claim_pk: int, pk: int, refusal: Conflict):
    """Someone else saved the item meanwhile: their version beside what was typed.

    The form keeps what was typed and now carries their version, so saving again is a deliberate overwrite.
    """
    theirs = _item(part, claim_pk, pk)
    if theirs is None:
        return _saved_into_removed(request, part, claim_pk, pk)
    prefix = part.edit_prefix(pk)
    data = request.POST.copy()
    data[f"{prefix}-updated_at"] = theirs.updated_at.isoformat()
    form = part.edit_form(data, prefix=prefix)
    if not request.htmx:
        messages.error(
            request, f"{refusal.message} Their version is beside yours in the {part.anchor} section."
        )
    editing = {"pk": pk, "form": form, "theirs": theirs, "conflict": refusal.message}
    return _section(request, part, claim_pk, **{f"{part.name}_edit": editing})


# A POST-only URL opened by GET goes back to the workspace's section.
_post_only = post_only(
    lambda request, *args, claim_pk, part, **kwargs: workspace_url(claim_pk, PARTS[part].anchor)
)


@login_required
@_post_only
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
    if item is None:
        return _removed(request, part, claim_pk, pk)
    if not request.htmx:
        return redirect(workspace_url(claim_pk, f"{part.name}-{pk}"))
    claim = claim_for_workspace(claim_pk)
    context = sections_context(request, claim) | {"item": item, "focus": True}
    return render(request, part.item_template, context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, claim_pk: int, pk: int, part: str):
    """The edit form in place of the item (GET); save it (POST), unless someone else changed it meanwhile."""
    part = PARTS[part]
    item = _item(part, claim_pk, pk)
    edit_key = f"{part.name}_edit"
    if item is None:
        if request.method == "GET":
            return _removed(request, part, claim_pk, pk)
        return _saved_into_removed(request, part, claim_pk, pk)
    if request.method == "GET":
        form = part.edit_form(initial=part.edit_form.initial_for(item), prefix=part.edit_prefix(pk))
        if request.htmx:
            claim = claim_for_workspace(claim_pk)
            context = sections_context(request, claim) | {"item": item, "form": form}
            return render(request, part.edit_template, context)
        return render_workspace(
            request, claim_for_workspace(claim_pk), **{edit_key: {"pk": pk, "form": form}}
        )
    form = part.edit_form(request.POST, prefix=part.edit_prefix(pk))
    editing = {edit_key: {"pk": pk, "form": form}}
    if form.is_valid():
        try:
            part.save(request, form, item=item)
        except ObjectDoesNotExist:  # removed between reading it above and the service's lock
            return _saved_into_removed(request, part, claim_pk, pk)
        except ValidationError as error:
            add_service_errors(form, error, {"source": "source_name"})
        except (NotPermitted, Conflict) as refusal:
            if refusal.code == part.stale_code:
                return _stale(request, part, claim_pk, pk, refusal)
            return _refused(request, part, claim_pk, refusal, **editing)
        else:
            return _done(request, part, claim_pk, f"{part.noun} saved.", f"{part.name}-{pk}")
    return _section(request, part, claim_pk, **editing)


@login_required
@_post_only
def item_remove(request, claim_pk: int, pk: int, part: str):
    """Remove a piece of evidence or a rebuttal (the history keeps it)."""
    part = PARTS[part]
    item = _item(part, claim_pk, pk)
    if item is None:
        if not request.htmx:
            raise _not_found(part)
        notice = f"Someone else had already removed this {part.noun.lower()}."
        return _section(request, part, claim_pk, notice=notice)
    try:
        part.delete(request, item)
    except (NotPermitted, Conflict) as refusal:
        return _refused(request, part, claim_pk, refusal)
    return _done(request, part, claim_pk, f"{part.noun} removed.", undo_pk=pk)


@login_required
@_post_only
def item_restore(request, claim_pk: int, pk: int, part: str):
    """Put a removed piece of evidence or rebuttal back, as it was (Undo, or Restore in the history)."""
    part = PARTS[part]
    claim_for_workspace(claim_pk)  # a claim that does not exist is a 404
    try:
        part.restore(request, claim_pk, pk)
    except (NotPermitted, Conflict) as refusal:
        return _refused(request, part, claim_pk, refusal)
    return _done(request, part, claim_pk, f"{part.noun} restored.", f"{part.name}-{pk}")
