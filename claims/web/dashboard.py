"""/dashboard/: the desk in numbers, for members. Charts are server-rendered SVG (claims.web.charts)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims import extensions
from claims.requests.selectors import (
    dashboard_most_asked,
    dashboard_request_answers,
    dashboard_requests_per_week,
)
from claims.selectors import (
    claim_state_counts,
    dashboard_overdue_by_assignee,
    dashboard_overdue_claims,
    dashboard_reviewer_workload,
    dashboard_time_to_publish,
    dashboard_verdicts_by_rating,
)
from claims.web.charts import bar_chart

WEEKS = 12
MOST_ASKED = 10
REVIEW_DAYS = 30


def _week_label(monday) -> str:
    return _("Week of %(date)s") % {"date": f"{monday.day} {monday:%b %Y}"}


@login_required
def dashboard(request):
    """Claims by state, verdicts by rating, time to publish per week, open review work, overdue claims,
    and what other apps add (claims.extensions): evidence of published fact-checks whose link is gone
    or changed."""
    today = timezone.localdate()
    states = claim_state_counts()
    ratings = dashboard_verdicts_by_rating()
    weeks = dashboard_time_to_publish(weeks=WEEKS, today=today)
    reviewers = dashboard_reviewer_workload(days=REVIEW_DAYS)
    overdue = dashboard_overdue_claims(today=today)
    overdue_by_assignee = dashboard_overdue_by_assignee(today=today)
    request_weeks = dashboard_requests_per_week(weeks=WEEKS, today=today)
    answers = dashboard_request_answers()
    most_asked = dashboard_most_asked(limit=MOST_ASKED)
    charts = {
        "states": bar_chart(
            chart_id="chart-states",
            title=_("Claims by state"),
            rows=[(row["label"], row["count"]) for row in states],
            label_heading=_("State"),
            value_heading=_("Claims"),
        ),
        "ratings": bar_chart(
            chart_id="chart-ratings",
            title=_("Verdicts by rating"),
            rows=[(row["label"], row["verdicts"]) for row in ratings],
            label_heading=_("Rating"),
            value_heading=_("Verdicts"),
            extra_columns=(_("Published now"),),
            extra_rows=tuple((str(row["published"]),) for row in ratings),
        ),
        "weeks": bar_chart(
            chart_id="chart-weeks",
            title=_("Median days from logged to first published, per week (last %(weeks)d weeks)")
            % {"weeks": WEEKS},
            rows=[(_week_label(row["week_start"]), row["median_days"]) for row in weeks],
            label_heading=_("Week"),
            value_heading=_("Median days"),
            unit=_("days"),
            empty=_("nothing published"),
            digits=1,
            extra_columns=(_("First publications"),),
            extra_rows=tuple((str(row["published"]),) for row in weeks),
        ),
        "reviewers": bar_chart(
            chart_id="chart-reviewers",
            title=_("Claims in review each reviewer can review now"),
            rows=[(str(row["reviewer"]), row["can_review"]) for row in reviewers],
            label_heading=_("Reviewer"),
            value_heading=_("Can review now"),
            extra_columns=(
                _("Reviews, last %(days)d days") % {"days": REVIEW_DAYS},
                _("Reviews, all time"),
            ),
            extra_rows=tuple((str(row["reviews_recent"]), str(row["reviews_total"])) for row in reviewers),
        ),
        "requests": bar_chart(
            chart_id="chart-requests",
            title=ngettext(
                "Reader requests per week (last %(weeks)d week)",
                "Reader requests per week (last %(weeks)d weeks)",
                WEEKS,
            )
            % {"weeks": WEEKS},
            rows=[(_week_label(row["week_start"]), row["requests"]) for row in request_weeks],
            label_heading=_("Week"),
            value_heading=_("Requests"),
        ),
        "overdue": bar_chart(
            chart_id="chart-overdue",
            title=_("Overdue claims by assignee"),
            rows=[(row["assignee"] or _("Unassigned"), row["overdue"]) for row in overdue_by_assignee],
            label_heading=_("Assignee"),
            value_heading=_("Overdue claims"),
        ),
    }
    return render(
        request,
        "claims/dashboard/dashboard.html",
        {
            "charts": charts,
            "today": today,
            "total_claims": sum(row["count"] for row in states),
            "overdue": [{"claim": claim, "days": (today - claim.due_on).days} for claim in overdue],
            "overdue_total": sum(row["overdue"] for row in overdue_by_assignee),
            "has_reviewers": bool(reviewers),
            "answers": answers,
            "share_answered": None
            if answers["share_answered"] is None
            else round(answers["share_answered"] * 100),
            "most_asked": most_asked,
            # What other apps add (evidence: published evidence whose link is gone or changed).
            **extensions.merged(extensions.DASHBOARD),
        },
    )
