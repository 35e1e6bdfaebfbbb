"""The dashboard's aggregates, computed in SQL with a fixed number of queries."""

import datetime

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone

# --- Dashboard: aggregates computed in SQL, a fixed number of queries ---------------
from claims.lookups import rating_list
from claims.models import (
    Claim,
    ClaimState,
    Publication,
    Review,
    Verdict,
)


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _count_of(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `queryset` as a subquery expression (0 when it is empty)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def dashboard_verdicts_by_rating() -> list[dict]:
    """Verdicts per rating of the default scale, best first: every rating listed, zero included.

    Each row: label, slug, position, value, verdicts (all verdicts with this
    rating) and published (those whose claim is published now). One query.
    """
    rows = rating_list().annotate(
        verdicts=Count("verdict", distinct=True),
        published=Count("verdict", filter=Q(verdict__claim__state=ClaimState.PUBLISHED), distinct=True),
    )
    return [
        {
            "label": r.label,
            "slug": r.slug,
            "position": r.position,
            "value": r.value,
            "verdicts": r.verdicts,
            "published": r.published,
        }
        for r in rows
    ]


def dashboard_time_to_publish(*, weeks: int = 12, today: datetime.date | None = None) -> list[dict]:
    """Median days from logging a claim to its first publication, per week of that publication.

    The last `weeks` weeks (Monday to Sunday, in the site's time zone), oldest
    first, every week listed: week_start (date), published (count) and
    median_days (None for a week without a first publication). One query.
    """
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    days = Func(
        F("published_at") - F("claim__created_at"),
        function="EXTRACT",
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    ) / Value(86400.0)
    rows = (
        Publication.objects.filter(version=1, published_at__gte=since)
        .annotate(week=TruncWeek("published_at"))
        .order_by()
        .values("week")
        .annotate(published=Count("id"), median_days=_Median(days))
    )
    by_week = {timezone.localtime(row["week"]).date(): row for row in rows}
    result = []
    for index in range(weeks):
        week_start = first_monday + datetime.timedelta(weeks=index)
        row = by_week.get(week_start)
        result.append(
            {
                "week_start": week_start,
                "published": row["published"] if row else 0,
                "median_days": row["median_days"] if row else None,
            }
        )
    return result


def dashboard_reviewer_workload(*, days: int = 30) -> list[dict]:
    """Open review work per active reviewer, by username.

    Each row: reviewer, can_review (claims in review whose current revision
    this reviewer may still review: not its author, last editor or submitter, not
    reviewed by them yet, as the workflow's four-eyes rule says), reviews_recent
    (reviews given in the last `days` days) and reviews_total. One query.
    """
    from factcheck.models import User
    from factcheck.roles import Role

    reviewable = (
        Verdict.objects.filter(claim__state=ClaimState.IN_REVIEW)
        .exclude(author_id=OuterRef("pk"))
        .exclude(last_edited_by_id=OuterRef("pk"))
        .exclude(submitted_by_id=OuterRef("pk"))
        .filter(
            ~Exists(
                Review.objects.filter(
                    verdict_id=OuterRef("pk"),
                    revision=OuterRef("revision"),
                    reviewer_id=OuterRef(OuterRef("pk")),
                )
            )
        )
    )
    since = timezone.now() - datetime.timedelta(days=days)
    given = Review.objects.filter(reviewer_id=OuterRef("pk"))
    reviewers = (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .annotate(
            can_review=_count_of(reviewable),
            reviews_recent=_count_of(given.filter(created_at__gte=since)),
            reviews_total=_count_of(given),
        )
        .order_by("username", "id")
    )
    return [
        {
            "reviewer": reviewer,
            "can_review": reviewer.can_review,
            "reviews_recent": reviewer.reviews_recent,
            "reviews_total": reviewer.reviews_total,
        }
        for reviewer in reviewers
    ]


def _overdue(today: datetime.date) -> QuerySet[Claim]:
    return Claim.objects.filter(due_on__lt=today).exclude(
        state__in=[ClaimState.PUBLISHED, ClaimState.DISMISSED]
    )


def dashboard_overdue_claims(*, today: datetime.date | None = None, limit: int = 50) -> list[Claim]:
    """Claims past their due date and not yet published or dismissed, most overdue first. One query."""
    today = today or timezone.localdate()
    return list(_overdue(today).select_related("claimant", "assignee").order_by("due_on", "id")[:limit])


def dashboard_overdue_by_assignee(*, today: datetime.date | None = None) -> list[dict]:
    """How many overdue claims each assignee holds (None for unassigned), most first. One query."""
    today = today or timezone.localdate()
    rows = (
        _overdue(today)
        .order_by()
        .values("assignee_id", "assignee__username")
        .annotate(overdue=Count("id"))
        .order_by("-overdue", "assignee__username")
    )
    return [{"assignee": row["assignee__username"], "overdue": row["overdue"]} for row in rows]
