"""Writes for reader requests: taking one in, attaching requests to claims, unsubscribing, erasing.

Rules:
- Every request is kept with its text, source (the web form, or the partner's API token) and time,
  once its fields pass `guards.request_fields_clean` and its sender and email are under their hourly
  rate limits (guards.RateLimited otherwise; nothing is kept then).
- The address is kept only with consent (RequestContact); without it, only a keyed hash of it is kept
  (for rate limits and erasure). The sender's IP is never kept, only a keyed hash.
- On arrival a request is matched (claims.matching): a `duplicate` of a claim is attached to the claim
  that carries the fact-check (the claim's original when the claim is itself a duplicate); anything
  else waits in triage with its suggestions (similar claims, best first).
- Requests that say the same thing cluster before any claim exists: an unattached request joins the
  cluster of the nearest unattached request whose embedding is at least REQUEST_CLUSTER_THRESHOLD close.
- A flood from one sender: past REQUEST_QUEUE_CAP_PER_ADDRESS unattached requests in 24 hours, a
  request is kept but held out of the queue, and is neither matched nor embedded (it costs the desk
  nothing). A partner (API token) counts as one sender, with REQUEST_QUEUE_CAP_PER_PARTNER.
- Only editors attach requests to a claim or make a claim from one. Attaching to a published claim
  queues the fact-check's email to the consenting requesters at once.
- Unsubscribing deletes the address (every contact of the same address): nothing more is sent to it.
- Erasing an address deletes every request sent with it, with its contact and emails.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import matching
from claims.matching import embedding
from claims.models import Claim, ReaderRequest, RequestContact, RequestSource
from claims.requests import guards, outbox
from claims.requests.selectors import request_cluster_ids
from claims.services import claim_create
from factcheck.roles import EDITING_ROLES, ensure_role

SUGGESTIONS = 5
# Unattached requests compared for clustering: the most recent ones (bounded work per request).
CLUSTER_WINDOW_DAYS = 60
CLUSTER_CANDIDATES = 2000


def _ensure_editor(actor) -> None:
    ensure_role(actor, *EDITING_ROLES, message=_("Only editors and admins can triage reader requests."))


def _is_over_queue_cap(sender_digest: str, cap: int) -> bool:
    if not sender_digest:
        return False
    since = timezone.now() - datetime.timedelta(days=1)
    waiting = ReaderRequest.objects.filter(
        sender_digest=sender_digest, claim__isnull=True, is_held=False, created_at__gte=since
    )
    return waiting[:cap].count() >= cap


def _vector_of(text: str):
    try:
        return embedding.encode([text])[0]
    except Exception:  # no model: the request is still taken, it just does not cluster
        return None


def _cluster_for(vector) -> int | None:
    """The cluster (its first request's id) of the nearest unattached request close enough, or None."""
    import numpy

    if vector is None or not vector.any():
        return None
    since = timezone.now() - datetime.timedelta(days=CLUSTER_WINDOW_DAYS)
    rows = list(
        ReaderRequest.objects.filter(
            claim__isnull=True, is_held=False, vector__isnull=False, created_at__gte=since
        )
        .order_by("-created_at", "-id")
        .values_list("id", "cluster_id", "vector")[:CLUSTER_CANDIDATES]
    )
    if not rows:
        return None
    matrix = numpy.asarray([row[2] for row in rows], dtype=numpy.float32)
    scores = matrix @ vector
    best = int(numpy.argmax(scores))
    if float(scores[best]) < settings.REQUEST_CLUSTER_THRESHOLD:
        return None
    return rows[best][1] or rows[best][0]


def _match(text: str) -> tuple[int | None, list[dict]]:
    """(the claim a duplicate attaches to, or None; the suggestions)."""
    found = matching.claims_similar_to_text(text=text, limit=SUGGESTIONS)
    if found and found[0].level == matching.DUPLICATE:
        top = found[0]
        return (top.duplicate_of_id or top.claim_id), []
    suggestions = [
        {"claim_id": m.claim_id, "score": round(m.score, 3), "level": m.level or ""} for m in found
    ]
    return None, suggestions


def request_submit(
    *,
    text,
    url: str = "",
    language: str = "",
    email: str = "",
    consent: bool = False,
    sender_address: str = "",
    partner_token=None,
) -> ReaderRequest:
    """Take a reader's request (the form: `sender_address` is their IP; the API: `partner_token`).

    Raises ValidationError (per field) or guards.RateLimited; see the module's rules.
    """
    fields = guards.request_fields_clean(text=text, url=url, language=language, email=email)
    if partner_token is not None:
        source, partner = RequestSource.API, partner_token.name
        sender_digest = guards.digest("partner", str(partner_token.pk))
        cap = settings.REQUEST_QUEUE_CAP_PER_PARTNER
    else:
        source, partner = RequestSource.WEB, ""
        sender_digest = guards.digest("address", sender_address)
        cap = settings.REQUEST_QUEUE_CAP_PER_ADDRESS
    email_digest = guards.digest("email", fields["email"])
    guards.rate_limits_check(
        sender_digest=sender_digest if partner_token is None else "", email_digest=email_digest
    )
    is_held = _is_over_queue_cap(sender_digest, cap)
    claim_id, suggestions, vector, cluster_id = None, [], None, None
    if not is_held:
        claim_id, suggestions = _match(fields["text"])
        if claim_id is None:
            vector = _vector_of(fields["text"])
            cluster_id = _cluster_for(vector)
    now = timezone.now()
    with transaction.atomic():
        request = ReaderRequest.objects.create(
            text=fields["text"],
            url=fields["url"],
            language=fields["language"],
            source=source,
            partner=partner,
            partner_token=partner_token,
            sender_digest=sender_digest,
            email_digest=email_digest,
            claim_id=claim_id,
            attached_at=now if claim_id else None,
            cluster_id=cluster_id,
            suggestions=suggestions,
            vector=None if vector is None else [float(x) for x in vector],
            is_held=is_held,
            created_at=now,
        )
        if fields["email"] and consent:
            RequestContact.objects.create(request=request, email=fields["email"])
        if claim_id:
            outbox.request_emails_on_attach(request_ids=[request.pk], claim_id=claim_id)
    return request


def request_attach(*, request_ids, claim: Claim | int, actor) -> int:
    """Attach unattached requests to a claim (an editor); returns how many were attached.

    A request already attached stays where it is. Attaching to a published claim queues its email.
    """
    _ensure_editor(actor)
    claim_id = claim.pk if isinstance(claim, Claim) else int(claim)
    with transaction.atomic():
        if not Claim.objects.filter(pk=claim_id).exists():
            raise ValidationError({"claim": _("No claim %(id)s.") % {"id": claim_id}})
        ids = list(
            ReaderRequest.objects.select_for_update()
            .filter(pk__in=list(request_ids), claim__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ReaderRequest.objects.filter(pk__in=ids).update(
            claim_id=claim_id, attached_at=timezone.now(), attached_by=actor, vector=None
        )
        if ids:
            outbox.request_emails_on_attach(request_ids=ids, claim_id=claim_id)
    return len(ids)


def request_claim_create(
    *, request_id: int, actor, claimant: str, text: str = "", appearance_url: str | None = None
) -> Claim:
    """Make a new claim from a request (its text, its URL as the first appearance) and attach the
    request's whole cluster to it. Editors only; the claim is logged as `claim_create` logs any."""
    _ensure_editor(actor)
    request = ReaderRequest.objects.get(pk=request_id)
    url = request.url if appearance_url is None else appearance_url.strip()
    with transaction.atomic():
        claim = claim_create(
            text=(text or request.text).strip(),
            claimant={"name": claimant},
            created_by=actor,
            language=request.language or "en",
            selection_reason=_("Asked by readers"),
            appearances=[{"url": url, "is_first": True}] if url else [],
        )
        request_attach(request_ids=request_cluster_ids(request_id=request_id) or [], claim=claim, actor=actor)
    return claim


def contact_unsubscribe(*, request_id: int) -> int:
    """Stop every email to the address this request gave: its contacts are deleted. Returns how many."""
    request = ReaderRequest.objects.filter(pk=request_id).first()
    if request is None or not request.email_digest:
        return 0
    deleted, _rows = RequestContact.objects.filter(request__email_digest=request.email_digest).delete()
    return deleted


def requests_erase(*, email: str) -> int:
    """Delete every request sent with this address, with its contact and emails; returns how many."""
    key = guards.digest("email", email)
    with transaction.atomic():
        ids = set(ReaderRequest.objects.filter(email_digest=key).values_list("pk", flat=True))
        ids |= set(
            RequestContact.objects.filter(email__iexact=email.strip()).values_list("request_id", flat=True)
        )
        if not ids:
            return 0
        # A cluster led by an erased request is led by its next member instead.
        for lead in ids:
            members = list(
                ReaderRequest.objects.filter(cluster_id=lead)
                .exclude(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if members:
                ReaderRequest.objects.filter(pk__in=members[1:]).update(cluster_id=members[0])
                ReaderRequest.objects.filter(pk=members[0]).update(cluster_id=None)
        ReaderRequest.objects.filter(pk__in=ids).delete()
    return len(ids)
