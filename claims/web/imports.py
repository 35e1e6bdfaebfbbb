"""Bulk import pages: upload a file (/claims/import/), then watch its progress (/claims/import/<id>/).

Thin interfaces over claims.imports.jobs; the worker runs the import. Editors and
admins only (the service says so; these pages show its refusal in words).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims.imports import jobs as imports
from claims.imports.rows import FIELDS
from claims.models import ImportFormat, ImportJob
from claims.web.forms import add_service_errors
from factcheck.errors import NotPermitted

RECENT_JOBS = 10


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="JSON Lines or CSV with the columns " + ", ".join(FIELDS) + "; or ClaimReview "
        "JSON-LD, or a DataFeed of ClaimReview.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "Tell from the file")] + list(ImportFormat.choices),
        required=False,
    )


def _refused(request):
    return render(
        request, "claims/import.html", {"refused": "Only editors and admins can import claims."}, status=403
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    """The upload form and the latest imports; a good upload goes to its progress page."""
    try:
        imports.importer_check(request.user)
    except NotPermitted:
        return _refused(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.import_job_create(
                file=upload, actor=request.user, name=upload.name, fmt=form.cleaned_data["format"]
            )
        except NotPermitted:
            return _refused(request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("claims:import-job", args=[job.pk]))
    jobs = imports.import_job_list(actor=request.user)[:RECENT_JOBS]
    return render(
        request, "claims/import.html", {"form": form, "jobs": jobs}, status=400 if form.errors else 200
    )


@login_required
@require_GET
def import_job(request, pk: int):
    """An import's progress (rows done of the total), then its counts and bad rows; htmx polls it."""
    try:
        job = imports.import_job_get(pk=pk, actor=request.user)
    except NotPermitted:
        return _refused(request)
    except ImportJob.DoesNotExist:
        raise Http404("No such import.") from None
    template = "claims/_import_progress.html" if request.htmx else "claims/import_job.html"
    return render(request, template, {"job": job})
