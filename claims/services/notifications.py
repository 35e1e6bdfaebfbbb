"""Who on the desk is told of a claim's change, and of what (factcheck.notifications stores and sends).

Called inside the transaction of the change (the workflow transition, a link check's snapshot), so a
rolled-back change tells nobody; each change is named by an event key (the transition's or the
snapshot's id), so a member is told of it once. The member who acted is never told of their own act.

Rules, per kind:
- assigned to you: the new assignee;
- a verdict waits for your review (on submit): every active reviewer the workflow lets review it, so
  never the verdict's author or last editor (claims.workflow's four-eyes permit);
- changes requested on your claim: the assignee, the verdict's author and last editor;
- approved and waiting to be published: the editors the workflow lets publish it;
- published: the assignee, the verdict's author and last editor, the reviewers who approved it;
- a link on a published fact-check broke: the assignee, the verdict's author and the editor who
  published it last.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import workflow
from claims.models import Claim, ClaimState, ReviewDecision
from factcheck.errors import NotPermitted
from factcheck.models import NotificationChannel, User
from factcheck.notifications.kinds import kind_register
from factcheck.notifications.services import notify
from factcheck.roles import EDITING_ROLES, REVIEWING_ROLES

ASSIGNED = "claim_assigned"
REVIEW_WAITING = "review_waiting"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved_to_publish"
PUBLISHED = "published"
LINK_BROKEN = "link_broken"


def kinds_register() -> None:
    """Declare the claims' kinds of notification (called from ClaimsConfig.ready)."""
    kind_register(ASSIGNED, gettext_lazy("Assigned to you"), gettext_lazy("An editor assigns you a claim."))
    kind_register(
        REVIEW_WAITING,
        gettext_lazy("A verdict waits for your review"),
        gettext_lazy("A claim is submitted for review and you may review it."),
    )
    kind_register(
        CHANGES_REQUESTED,
        gettext_lazy("Changes requested on your claim"),
        gettext_lazy("A reviewer sends a verdict you assigned, wrote or edited back with a comment."),
    )
    kind_register(
        APPROVED,
        gettext_lazy("Approved, waiting to be published"),
        gettext_lazy("For editors: a verdict is approved and can be published."),
    )
    kind_register(
        PUBLISHED,
        gettext_lazy("Published"),
        gettext_lazy("A fact-check you worked on is published."),
        default=NotificationChannel.APP,
    )
    kind_register(
        LINK_BROKEN,
        gettext_lazy("A link on a published fact-check broke"),
        gettext_lazy("A link check finds a source or appearance of a published fact-check gone."),
    )


def _name(claim: Claim) -> str:
    text = str(claim)
    return text if len(text) <= 80 else text[:79] + "…"


def _may(claim: Claim, member, action: str) -> bool:
    try:
        workflow.check_permitted(claim, member, workflow.ACTIONS[action])
    except NotPermitted:
        return False
    return True


def _team(claim: Claim) -> list:
    """The claim's assignee and its verdict's author and last editor."""
    verdict = workflow.verdict_of(claim)
    ids = {claim.assignee_id}
    if verdict is not None:
        ids |= {verdict.author_id, verdict.last_edited_by_id}
    ids.discard(None)
    return list(User.objects.filter(pk__in=ids))


def transition_notify(*, claim: Claim, transition, actor) -> None:
    """Tell the members a workflow transition concerns (call inside claim_transition's transaction)."""
    key = f"transition:{transition.pk}"
    url = reverse("claims:workspace", args=[claim.pk])
    name = _name(claim)
    action = transition.action
    if action == "assign":
        notify(
            kind=ASSIGNED,
            members=[claim.assignee],
            event_key=key,
            title=_("Assigned to you: %(claim)s") % {"claim": name},
            url=url,
            actor=actor,
        )
    elif action == "submit":
        reviewers = User.objects.filter(is_active=True, role__in=REVIEWING_ROLES)
        notify(
            kind=REVIEW_WAITING,
            members=[member for member in reviewers if _may(claim, member, "approve")],
            event_key=key,
            title=_("A verdict waits for your review: %(claim)s") % {"claim": name},
            url=url,
            actor=actor,
        )
    elif action == "request_changes":
        notify(
            kind=CHANGES_REQUESTED,
            members=_team(claim),
            event_key=key,
            title=_("Changes requested on %(claim)s") % {"claim": name},
            body=transition.comment,
            url=url,
            actor=actor,
        )
    elif action == "approve" and transition.to_state == ClaimState.APPROVED:
        editors = User.objects.filter(is_active=True, role__in=EDITING_ROLES)
        notify(
            kind=APPROVED,
            members=[member for member in editors if _may(claim, member, "publish")],
            event_key=key,
            title=_("Approved, waiting to be published: %(claim)s") % {"claim": name},
            url=url,
            actor=actor,
        )
    elif action == "publish":
        verdict = workflow.verdict_of(claim)
        approvers = User.objects.filter(
            pk__in=verdict.reviews.filter(revision=verdict.revision, decision=ReviewDecision.APPROVE).values(
                "reviewer"
            )
        )
        publication = claim.publications.order_by("-version").first()
        notify(
            kind=PUBLISHED,
            members=[*_team(claim), *approvers],
            event_key=key,
            title=_("Published: %(claim)s") % {"claim": name},
            url=reverse("public-factcheck-detail", args=[publication.slug]) if publication else url,
            actor=actor,
        )


def link_broken_notify(*, claim: Claim, link: str, note: str, event_key: str) -> None:
    """Tell the members who answer for a published fact-check that one of its links is gone (call inside
    the transaction that records the link check). Claims never published are left alone."""
    publication = claim.publications.order_by("-version").select_related("published_by").first()
    if publication is None:
        return
    notify(
        kind=LINK_BROKEN,
        members=[*_team(claim), publication.published_by],
        event_key=event_key,
        title=_("A link broke on the published fact-check %(claim)s") % {"claim": _name(claim)},
        body=f"{link}\n{note}",
        url=reverse("claims:workspace", args=[claim.pk]),
    )
