"""Intake pages: paste an article (or give its URL), see the candidate claims, tick some, log them.

Thin interfaces over claims.intake.extraction (reading), claims.matching ("already
checked?") and claims.intake.services (writing). Refusals come back beside
the field they concern, with what was typed still in the form.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims import matching, selectors
from claims.intake import services as intake_services
from claims.intake.extraction import extract_candidates
from claims.models import Claim, IntakeJob, IntakeJobStatus
from claims.web.claims import claim_for_workspace, render_workspace, workspace_url
from claims.web.forms import add_service_errors, assign_to_me_initially
from claims.web.intake_forms import (
    MAX_CANDIDATES_SHOWN,
    ArticleForm,
    CandidateFormSet,
    DuplicateLinkForm,
    IntakeForm,
    candidate_initial,
    submission_key,
)
from factcheck.errors import Conflict, DomainError, NotPermitted
from factcheck.http import post_only
from factcheck.numbers import is_whole_number

# "Already checked?" is looked up for this many candidates (the highest desk scores), to answer quickly.
MARKED_CANDIDATES = 40
MARK_MIN_SCORE = 0.2


def _marks(texts: list[str], scores: list[float]) -> list[list[matching.Match]]:
    marks = []
    for index, (text, score) in enumerate(zip(texts, scores, strict=True)):
        if index < MARKED_CANDIDATES and score >= MARK_MIN_SCORE and text.strip():
            marks.append(matching.claims_similar_to_text(text=text, limit=3))
        else:
            marks.append([])
    return marks


def _render_candidates(request, *, article_form, formset, total: int, job=None, status=200):
    texts, scores = [], []
    for form in formset.forms:
        texts.append(str(form["text"].value() or ""))
        try:
            scores.append(float(form["score"].value() or 0))
        except (TypeError, ValueError):
            scores.append(0.0)
    copies = intake_services.intake_copies_find(
        candidates=[
            {"text": text, "speaker": str(form["speaker"].value() or "")}
            for text, form in zip(texts, formset.forms, strict=True)
        ]
    )
    rows = []
    marks = _marks(texts, scores)
    for index, form in enumerate(formset.forms):
        reasons = [r for r in str(form["reasons"].value() or "").split(";") if r.strip()]
        rows.append(
            {
                "form": form,
                "matches": marks[index],
                "score": scores[index],
                "reasons": reasons,
                "copy_of": copies.get(index),
            }
        )
    return render(
        request,
        "claims/intake_candidates.html",
        {
            "article_form": article_form,
            "formset": formset,
            "rows": rows,
            "total": total,
            "shown": len(rows),
            "job": job,
        },
        status=status,
    )


def _candidates_page(request, *, text: str, submission: str):
    candidates = [c.as_dict() | {"speaker_kind": c.speaker_kind} for c in extract_candidates(text)]
    return _candidates_from(request, candidates=candidates, text=text, submission=submission)


def _candidates_from(
    request, *, candidates: list[dict], text: str, job=None, url: str = "", submission: str = ""
):
    shown = candidates[:MAX_CANDIDATES_SHOWN]
    article_form = ArticleForm(
        initial={
            "article": text if job is None else "",
            "job": job.pk if job else None,
            "url": url,
            "outlet": intake_services.appearance_outlet_for(url) if url else "",
            "submission": submission or submission_key(),
            "assign_to_me": assign_to_me_initially(request.user),
        }
    )
    formset = CandidateFormSet(initial=[candidate_initial(c) for c in shown], prefix="candidates")
    return _render_candidates(
        request, article_form=article_form, formset=formset, total=len(candidates), job=job
    )


# A form's target opened by its address goes back to the intake page.
to_intake_when_opened = post_only(lambda request, *args, **kwargs: reverse("intake:start"))


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """Paste an article or transcript (or give its address) to see the claims in it."""
    try:
        intake_services.intake_runner_check(request.user)
    except NotPermitted as refusal:
        return render(request, "claims/intake.html", {"refused": refusal.message}, status=403)
    if request.method == "GET":
        return render(
            request, "claims/intake.html", {"form": IntakeForm(initial={"submission": submission_key()})}
        )
    form = IntakeForm(request.POST)
    if not form.is_valid():
        return render(request, "claims/intake.html", {"form": form})
    if form.cleaned_data.get("url"):
        try:
            job = intake_services.intake_job_create(url=form.cleaned_data["url"], actor=request.user)
        except ValidationError as error:
            form.add_error("url", error.message_dict.get("url", error.messages))
            return render(request, "claims/intake.html", {"form": form})
        except DomainError as error:
            messages.error(request, error.message)
            return render(request, "claims/intake.html", {"form": form}, status=403)
        return redirect("intake:job", pk=job.pk)
    return _candidates_page(
        request, text=form.cleaned_data["text"], submission=form.cleaned_data["submission"]
    )


def _job_for(request, pk: int) -> IntakeJob:
    jobs = selectors.intake_jobs_visible_to(user=request.user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404("No such article being read.")
    return job


@login_required
@require_GET
def intake_job(request, pk: int):
    """An article being read from its URL: progress while the worker reads it, then its candidates."""
    job = _job_for(request, pk)
    pending = job.status in (IntakeJobStatus.QUEUED, IntakeJobStatus.FETCHING)
    if request.htmx:
        if pending:
            return render(request, "claims/_intake_progress.html", {"job": job})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if pending:
        return render(request, "claims/intake_job.html", {"job": job})
    if job.status == IntakeJobStatus.FAILED:
        return render(
            request,
            "claims/intake_job.html",
            {"job": job, "form": IntakeForm(initial={"url": job.url, "submission": submission_key()})},
        )
    return _candidates_from(request, candidates=list(job.candidates), text=job.text, job=job, url=job.url)


def _logged_url(claim_ids) -> str:
    return f"{reverse('intake:logged')}?{urlencode({'ids': ','.join(str(pk) for pk in claim_ids)})}"


_CANDIDATE_FIELD = re.compile(r"^candidates\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")


@login_required
@to_intake_when_opened
def intake_log(request):
    """Log the ticked candidates as claims, in one step; the same page posted again logs nothing twice."""
    article_form = ArticleForm(request.POST)
    formset = CandidateFormSet(request.POST, prefix="candidates")
    job, status = None, 200
    if article_form.is_valid() and article_form.cleaned_data.get("job"):
        job = _job_for(request, article_form.cleaned_data["job"])
    if article_form.is_valid() and formset.is_valid():
        data = article_form.cleaned_data
        picked_forms = [form for form in formset.forms if form.cleaned_data.get("pick")]
        try:
            claims = intake_services.intake_claims_log(
                candidates=[form.as_candidate() for form in picked_forms],
                actor=request.user,
                url=data.get("url") or "",
                outlet=data.get("outlet") or "",
                medium=data["medium"],
                appeared_on=data.get("appeared_on"),
                submission=data.get("submission") or "",
                assign_to_me=bool(data.get("assign_to_me")),
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                candidate = _CANDIDATE_FIELD.match(name)
                if name in article_form.fields:
                    article_form.add_error(name, problems)
                elif candidate and int(candidate["index"]) < len(picked_forms):
                    form = picked_forms[int(candidate["index"])]
                    field = candidate["field"] if candidate["field"] in form.fields else None
                    form.add_error(field, problems)
                else:
                    messages.error(request, " ".join(problems))
        except intake_services.AlreadyLogged as error:
            messages.info(request, error.message)
            return redirect(_logged_url(error.claim_ids))
        except DomainError as error:
            messages.error(request, error.message)
            status = 403
        else:
            return redirect(_logged_url(claim.pk for claim in claims))
    return _render_candidates(
        request,
        article_form=article_form,
        formset=formset,
        total=formset.total_form_count(),
        job=job,
        status=status,
    )


@login_required
@require_GET
def intake_logged(request):
    """The claims just logged, with links to their workspaces."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if is_whole_number(part.strip())][:100]
    claims = Claim.objects.filter(pk__in=ids).select_related("claimant").order_by("id")
    return render(request, "claims/intake_logged.html", {"claims": claims})


@login_required
@to_intake_when_opened
def duplicate_link(request):
    """Link a claim as a duplicate of another, or undo it (the workspace's "possibly already checked" box).

    The claim to link to is typed by its number or sent by a match's button; a
    refusal (no such claim, itself, a cycle, a claim with its own fact-check)
    comes back beside that field in the workspace, with what was typed.
    """
    raw = request.POST.get("claim") or ""
    if not is_whole_number(raw):
        raise Http404("No such claim.")
    claim = claim_for_workspace(int(raw))
    if request.POST.get("action") == "unlink":
        try:
            intake_services.claim_duplicate_unlink(claim=claim, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The claim is no longer marked as a duplicate.")
        return redirect(workspace_url(claim.pk))
    form = DuplicateLinkForm(request.POST, claims=selectors.claim_list())
    if form.is_valid():
        try:
            claim = intake_services.claim_duplicate_link(
                claim=claim, duplicate_of=form.cleaned_data["duplicate_of"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except NotPermitted as error:
            messages.error(request, error.message)
            return render_workspace(request, claim, status=403, duplicate_form=form)
        except Conflict as error:
            form.add_error("duplicate_of", error.message)
        else:
            messages.success(request, f"Marked as a duplicate of claim {claim.duplicate_of_id}.")
            return redirect(workspace_url(claim.pk))
    return render_workspace(request, claim, duplicate_form=form)
