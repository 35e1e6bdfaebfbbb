"""Writes for intake and matching: log picked candidates as claims, link duplicates, read URLs.

Like claims.services: keyword-only arguments, permission checks, one
transaction under the member's name (history), follow-up work on commit.
"""

import datetime
import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Lower
from django.utils import timezone

from claims import services
from claims.intake.extraction import extract_candidates
from claims.models import Claim, Claimant, ClaimantKind, IntakeJob, IntakeJobStatus, Medium
from factcheck.errors import Conflict
from factcheck.history import acting_as
from factcheck.models import IdempotencyRecord
from factcheck.page_text import decode_text, html_title_and_blocks
from factcheck.roles import WRITING_ROLES, ensure_role

logger = logging.getLogger(__name__)

MAX_CANDIDATES_LOGGED = 100
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_SUBMISSION_LENGTH = 64


class AlreadyLogged(Conflict):
    """This candidates page was logged from before: the claims it made then are `claim_ids`."""

    def __init__(self, claim_ids: list[int]):
        super().__init__("These claims were logged already from this page.", code="already_logged")
        self.claim_ids = claim_ids


def intake_runner_check(actor) -> None:
    """Refuse a member who may not run intake (read an article or a URL for claims to log).

    Rules: active fact-checkers, editors and admins (the roles that log claims). Reviewers do not:
    intake exists to log claims, which they may not, and a URL makes the server fetch a page.
    """
    ensure_role(
        actor,
        *WRITING_ROLES,
        message="Only fact-checkers, editors and admins run intake: it finds claims to log, "
        "and reviewers judge the claims others logged.",
    )


def _ensure_writer(actor) -> None:
    ensure_role(
        actor, *WRITING_ROLES, message="Only fact-checkers and editors can log claims and link duplicates."
    )


def _selection_reason(candidate: dict) -> str:
    reasons = ", ".join(str(r) for r in candidate.get("reasons") or []) or "picked by a fact-checker"
    return f"Picked at intake: desk score {float(candidate.get('score') or 0):.2f} ({reasons})."


# A statement's closing punctuation is no difference: "... last year," is "... last year."
_STATEMENT_END = ' .,;:!?"'


def _statement_key(text: str, speaker: str) -> tuple[str, str]:
    statement = " ".join(str(text or "").split()).lower().rstrip(_STATEMENT_END)
    return statement, " ".join(str(speaker or "").split()).lower()


def intake_copies_find(*, candidates: list[dict]) -> dict[int, Claim]:
    """The claims that already state a candidate's statement by its speaker, by the candidate's index.

    The same words (spacing, case and closing punctuation aside) by a claimant of the same name,
    whatever their title: logging the candidate again would make a copy. The claimants are found by
    name first (a small table), then only their claims are compared, through the claimant index.
    """
    keys = {index: _statement_key(c.get("text"), c.get("speaker")) for index, c in enumerate(candidates)}
    keys = {index: key for index, key in keys.items() if key[0] and key[1]}
    if not keys:
        return {}
    claimants = list(
        Claimant.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in={name for _, name in keys.values()})
        .values_list("pk", flat=True)
    )
    if not claimants:
        return {}
    rows = (
        Claim.objects.filter(claimant_id__in=claimants)
        .annotate(
            key_text=Lower(Func(F("text"), Value(_STATEMENT_END), function="RTRIM", output_field=TextField()))
        )
        .filter(key_text__in={text for text, _ in keys.values()})
        .select_related("claimant")
        .order_by("id")
    )
    found = {}
    for claim in rows:
        found.setdefault(_statement_key(claim.text, claim.claimant.name), claim)
    return {index: found[key] for index, key in keys.items() if key in found}


def _submission_owner(actor) -> str:
    # Apart from the API's Idempotency-Keys (owner "user:<id>"): a form's key never replays a response.
    return f"intake-page:user:{actor.pk}"


def _submission_lock(owner: str, submission: str) -> None:
    """Serialise two posts of one page (a double click): the second waits for the first to commit."""
    digest = hashlib.sha256(f"intake-page\n{owner}\n{submission}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])


def intake_claims_log(
    *,
    candidates: list[dict],
    actor,
    url: str = "",
    outlet: str = "",
    medium: str = Medium.ARTICLE,
    appeared_on: datetime.date | None = None,
    language: str = "en",
    submission: str = "",
    assign_to_me: bool = False,
) -> list[Claim]:
    """Log the candidates a fact-checker picked as claims, in one step (all or none).

    Each candidate (`text`, `speaker`, `speaker_title`, `score`, `reasons`,
    optionally `speaker_kind`, `duplicate_of` and `log_again`) becomes a claim
    by its claimant (found or created), with the article as its appearance,
    the desk score (stored as `checkworthiness`) and the reason it was selected. Rules: writers
    only; the article needs a URL or an outlet; every candidate needs its
    statement and speaker; a candidate whose statement and speaker are an
    existing claim's is refused unless `log_again` says to make the copy.
    `submission` is the candidates page's one-time key: a page is logged once,
    and posting it again raises AlreadyLogged with the claims it made then
    (kept IDEMPOTENCY_KEY_TTL_HOURS, like the API's keys). With `assign_to_me`, the member takes
    each claim logged (the workflow's `take`, in the same transaction: researching, assigned to
    them), except one linked as a duplicate (the original's fact-check answers it).
    """
    _ensure_writer(actor)
    submission = (submission or "").strip()
    if len(submission) > MAX_SUBMISSION_LENGTH or not submission.isprintable():
        raise ValidationError({"submission": "This page's key is not one it gave: reload the page."})
    url, outlet = (url or "").strip(), (outlet or "").strip()
    if not candidates:
        raise ValidationError({"candidates": "Tick at least one candidate to log."})
    if len(candidates) > MAX_CANDIDATES_LOGGED:
        raise ValidationError({"candidates": f"Log at most {MAX_CANDIDATES_LOGGED} claims at once."})
    services.appearance_place_check(
        url, outlet, field="outlet", message="Say where the article appeared: its URL or the outlet's name."
    )
    if medium not in Medium.values:
        raise ValidationError({"medium": f"Medium must be one of: {', '.join(Medium.values)}."})
    problems = {}
    for index, candidate in enumerate(candidates):
        if not str(candidate.get("text") or "").strip():
            problems[f"candidates[{index}].text"] = "The statement is empty."
        if not str(candidate.get("speaker") or "").strip():
            problems[f"candidates[{index}].speaker"] = "Say who made this claim."
        score = candidate.get("score")
        if score is not None and not (isinstance(score, int | float) and 0 <= score <= 1):
            problems[f"candidates[{index}].score"] = "The score is a number from 0 to 1."
    if problems:
        raise ValidationError(problems)
    owner = _submission_owner(actor)
    claims = []
    with transaction.atomic(), acting_as(actor):
        if submission:
            _submission_lock(owner, submission)
            cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
            IdempotencyRecord.objects.filter(owner=owner, created_at__lt=cutoff).delete()
            earlier = IdempotencyRecord.objects.filter(owner=owner, key=submission).first()
            if earlier is not None:
                raise AlreadyLogged(list((earlier.response_body or {}).get("claims") or []))
        _refuse_copies(candidates)
        for candidate in candidates:
            kind = candidate.get("speaker_kind") or ClaimantKind.PERSON
            claimant = services.claimant_get_or_create(
                name=str(candidate["speaker"]),
                title=str(candidate.get("speaker_title") or "")[:200],
                kind=kind if kind in ClaimantKind.values else ClaimantKind.PERSON,
                actor=actor,
            )
            text = " ".join(str(candidate["text"]).split())
            duplicate_of = candidate.get("duplicate_of")
            claim = services.claim_log(
                # A candidate logged as a duplicate is linked to its original below, not taken.
                assign_to_me=assign_to_me and not duplicate_of,
                text=text,
                claimant=claimant,
                created_by=actor,
                language=language,
                checkworthiness=candidate.get("score"),
                selection_reason=_selection_reason(candidate),
                appearances=[
                    {
                        "url": url,
                        "outlet": outlet,
                        "medium": medium,
                        "appeared_on": appeared_on,
                        "excerpt": text,
                    }
                ],
            )
            if duplicate_of:
                original = Claim.objects.filter(pk=duplicate_of).first()
                if original is None:
                    raise ValidationError({"duplicate_of": f"There is no claim {duplicate_of}."})
                claim = claim_duplicate_link(claim=claim, duplicate_of=original, actor=actor)
            claims.append(claim)
        if submission:
            IdempotencyRecord.objects.create(
                owner=owner,
                key=submission,
                method="POST",
                path="intake:log",
                fingerprint=hashlib.sha256(submission.encode()).hexdigest(),
                status_code=201,
                response_body={"claims": [claim.pk for claim in claims]},
            )
    return claims


def _refuse_copies(candidates: list[dict]) -> None:
    """A candidate that repeats an existing claim is not copied unless asked; one ticked twice, never."""
    problems = {}
    for index, claim in intake_copies_find(candidates=candidates).items():
        if not candidates[index].get("log_again"):
            problems[f"candidates[{index}]"] = (
                f"Claim {claim.pk} already states this, by {claim.claimant.name}: untick this candidate, "
                "or tick “Log a copy anyway”."
            )
    seen = set()
    for index, candidate in enumerate(candidates):
        key = _statement_key(candidate.get("text"), candidate.get("speaker"))
        if key in seen:  # one article, one claim: there is no copy to ask for here
            problems.setdefault(
                f"candidates[{index}]", "The same statement by the same speaker is ticked twice: untick one."
            )
        seen.add(key)
    if problems:
        raise ValidationError(problems)


def claim_duplicate_link(*, claim: Claim, duplicate_of: Claim, actor) -> Claim:
    """Mark `claim` as stating the same thing as `duplicate_of` (whose fact-check then answers it).

    Rules: writers only; not a claim to itself; links always point at the
    original (a duplicate of a duplicate goes to the first one, and claims
    that were duplicates of `claim` move along), so there are no chains or
    cycles; a claim with its own published fact-check is not made a duplicate.
    The claims whose lists of duplicates change ("Also checked as" on their
    public page) count it as a content change: in review they get a new
    revision, approved they go back to review; a published one shows the list
    as reviewed with its next publication.
    """
    _ensure_writer(actor)
    with transaction.atomic(), acting_as(actor):
        first, second = sorted([claim.pk, duplicate_of.pk])
        rows = {
            c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")
        }
        locked = rows.get(claim.pk)
        target = rows.get(duplicate_of.pk)
        if locked is None or target is None:
            raise ValidationError({"duplicate_of": "There is no such claim."})
        if locked.pk == target.pk:
            raise Conflict("A claim cannot be a duplicate of itself.", code="duplicate_of_itself")
        original = target
        if target.duplicate_of_id is not None:
            original = Claim.objects.select_for_update().get(pk=target.duplicate_of_id)
        if original.pk == locked.pk:
            raise Conflict(
                f"Claim {target.pk} is already a duplicate of this one: link the other way round.",
                code="duplicate_cycle",
            )
        if locked.publications.exists():
            raise Conflict(
                "This claim has its own published fact-check, so it is not a duplicate: "
                "link the other claim to it instead.",
                code="published_claim",
            )
        changed_lists = {original.pk, locked.duplicate_of_id} - {None}
        locked.duplicate_of = original
        locked.save(update_fields=["duplicate_of", "updated_at"])
        for follower in Claim.objects.select_for_update().filter(duplicate_of=locked):
            follower.duplicate_of = original
            follower.save(update_fields=["duplicate_of", "updated_at"])
            changed_lists.add(locked.pk)
        services.claims_content_changed(
            claim_ids=changed_lists,
            actor=actor,
            what="The claims linked as its duplicates",
            with_originals=False,
        )
    return locked


def claim_duplicate_unlink(*, claim: Claim, actor) -> Claim:
    """Undo a duplicate link: the claim stands on its own again.

    A content change of the claim it was linked to (its list of duplicates), as for a link.
    """
    _ensure_writer(actor)
    with transaction.atomic(), acting_as(actor):
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.duplicate_of_id is not None:
            was_listed_by = locked.duplicate_of_id
            locked.duplicate_of = None
            locked.save(update_fields=["duplicate_of", "updated_at"])
            services.claims_content_changed(
                claim_ids=[was_listed_by],
                actor=actor,
                what="The claims linked as its duplicates",
                with_originals=False,
            )
    return locked


# --- Reading an article from a URL (by the worker) ---------------------------------------


def intake_job_create(*, url: str, actor) -> IntakeJob:
    """Queue an article's URL to be fetched and read by the worker (`claims.tasks.intake_job_fetch`).

    Rules: those who may run intake (`intake_runner_check`); http or https
    URLs. The outbound policy (factcheck.outbound) is applied when the
    worker fetches it.
    """
    intake_runner_check(actor)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Give the article's address, starting with http:// or https://."}
        ) from None
    if len(url) > 2000:
        raise ValidationError({"url": "The address is longer than 2000 characters."})
    from claims.tasks import intake_job_fetch

    with transaction.atomic(), acting_as(actor):
        job = IntakeJob.objects.create(url=url, created_by=actor)
        transaction.on_commit(lambda: intake_job_fetch.delay(job.pk))
    return job


def intake_job_run(*, job_id: int) -> IntakeJob:
    """Fetch the job's URL under the outbound policy, read its text and find the candidates.

    Idempotent: a finished job is left as it is. A refusal or a failure is
    recorded on the job (with the reason) rather than raised; so is anything
    unforeseen while reading the page (only database errors are raised, to be
    retried by the task).
    """
    from factcheck.outbound import fetch
    from factcheck.outbound_policy import FetchError

    job = IntakeJob.objects.get(pk=job_id)
    if job.status in (IntakeJobStatus.DONE, IntakeJobStatus.FAILED):
        return job
    IntakeJob.objects.filter(pk=job.pk, status__in=[IntakeJobStatus.QUEUED, IntakeJobStatus.FETCHING]).update(
        status=IntakeJobStatus.FETCHING, progressed_at=timezone.now()
    )
    try:
        result = fetch(
            job.url,
            max_redirects=5,
            max_bytes=MAX_PAGE_BYTES,
            truncate=True,
            total_timeout=settings.INTAKE_FETCH_TIMEOUT,
        )
        if not result.is_success:
            raise FetchError(f"the page answered {result.status_code} {result.reason}".strip())
        title, text = article_text(result.body, result.headers.get("content-type", ""))
        if not text.strip():
            raise FetchError("the page has no readable text")
        text = text[: settings.INTAKE_MAX_TEXT_CHARS]
        candidates = [c.as_dict() | {"speaker_kind": c.speaker_kind} for c in extract_candidates(text)]
    except FetchError as exc:
        _intake_job_fail(job, f"Could not read the article: {exc.reason}.")
    except DatabaseError:
        raise  # the task tries again (autoretry_for)
    except Exception as exc:
        # A page no rule foresaw still ends the job, as a failure that says so, not "fetching" for ever.
        logger.exception("Intake job %s failed unexpectedly", job.pk)
        unreadable = f"Could not read the article: the page could not be read ({type(exc).__name__})."
        _intake_job_fail(job, unreadable)
    else:
        IntakeJob.objects.filter(pk=job.pk, status=IntakeJobStatus.FETCHING).update(
            status=IntakeJobStatus.DONE,
            title=title[:500],
            text=text,
            candidates=candidates,
            error="",
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def _intake_job_fail(job: IntakeJob, error: str) -> None:
    # Only a job still fetching: one the stalled-job check failed meanwhile stays as it was.
    IntakeJob.objects.filter(pk=job.pk, status=IntakeJobStatus.FETCHING).update(
        status=IntakeJobStatus.FAILED, error=error, finished_at=timezone.now()
    )


def article_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(title, text) of a fetched page: HTML is reduced to its paragraphs; plain text is kept."""
    # One reading of charsets with archiving: page encodings only, else UTF-8 (never an error).
    decoded = decode_text(body, content_type, sniff_html=True)
    if "html" not in (content_type or "").lower() and not re.search(
        r"<(?:html|p|body)\b", decoded[:2000], re.I
    ):
        return "", decoded
    # One HTML reader with archiving (factcheck.page_text): the story inside <article> when there is one.
    title, blocks = html_title_and_blocks(decoded, prefer_article=True)
    return title, "\n\n".join(blocks)


def appearance_outlet_for(url: str) -> str:
    """A default outlet name for an article's URL: its host name."""
    host = re.sub(r"^https?://", "", url or "").split("/")[0].split(":")[0]
    return host.removeprefix("www.")
