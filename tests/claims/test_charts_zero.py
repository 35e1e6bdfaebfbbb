"""Bar charts: a value written as zero draws no bar; all-zero and single-value charts keep their scale.

Checked on the SVG the dashboard's chart template draws."""

import re

import pytest
from django.template.loader import render_to_string

from claims.web.charts import VALUE_SPACE, WIDTH, bar_chart
from tests.public_content import publish_sourced_factcheck

FULL = WIDTH - VALUE_SPACE  # 240: the longest bar


def svg_bars(chart) -> list[tuple[float, str]]:
    """(bar width, value written beside it) per row of the rendered SVG."""
    html = render_to_string("claims/dashboard/_bar_chart.html", {"chart": chart})
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    rows = re.findall(r'<g class="chart__row">(.*?)</g>', svg, re.DOTALL)
    result = []
    for row in rows:
        width = re.search(r'<rect class="chart__bar"[^>]* width="([^"]+)"', row)
        value = re.search(r'<text class="chart__value[^"]*"[^>]*>([^<]*)</text>', row)
        result.append((float(width.group(1)) if width else None, value.group(1)))
    return result


def weeks(*values):
    return bar_chart(
        chart_id="chart-weeks",
        title="Median days",
        rows=[(f"Week {i}", v) for i, v in enumerate(values)],
        label_heading="Week",
        value_heading="Median days",
        unit="days",
        empty="nothing published",
        digits=1,
    )


def counts(*values):
    return bar_chart(
        chart_id="chart-states",
        title="Claims by state",
        rows=[(f"State {i}", v) for i, v in enumerate(values)],
        label_heading="State",
        value_heading="Claims",
    )


def test_a_week_published_the_same_day_draws_no_bar():
    # Published minutes after it was logged: 0.0002 days, written "0.0 days".
    assert svg_bars(weeks(0.0002)) == [(0.0, "0.0 days")]


def test_zero_beside_other_weeks_draws_no_bar():
    assert svg_bars(weeks(0.0, 0.04, 3.0, None, 1.5)) == [
        (0.0, "0.0 days"),
        (0.0, "0.0 days"),
        (FULL, "3.0 days"),
        (None, "nothing published"),
        (FULL / 2, "1.5 days"),
    ]


def test_a_small_value_written_as_non_zero_keeps_a_sliver():
    bars = svg_bars(weeks(0.05, 300.0))
    assert bars[0] == (2.0, "0.1 days")  # 0.05 rounds to 0.1: visible, if barely
    assert bars[1] == (FULL, "300.0 days")


def test_all_zero_and_empty_charts_draw_no_bars():
    assert svg_bars(counts(0, 0, 0)) == [(0.0, "0"), (0.0, "0"), (0.0, "0")]
    assert svg_bars(weeks(0.0, None)) == [(0.0, "0.0 days"), (None, "nothing published")]
    assert svg_bars(weeks(None, None)) == [(None, "nothing published"), (None, "nothing published")]
    assert svg_bars(counts()) == []
    assert counts().description == "Claims by state. no data."


@pytest.mark.parametrize("value", [1, 7, 0.3])
def test_a_single_value_fills_the_width(value):
    chart = counts(value) if isinstance(value, int) else weeks(value)
    ((width, _),) = svg_bars(chart)
    assert width == FULL


def test_counts_share_one_scale():
    assert [w for w, _ in svg_bars(counts(4, 2, 1, 0))] == [FULL, FULL / 2, FULL / 4, 0.0]


def test_no_minus_sign_on_zero_and_negatives_draw_no_bar():
    bars = svg_bars(weeks(-0.01, -2.0, 1.0))
    assert bars[0] == (0.0, "0.0 days")
    assert bars[1] == (0.0, "-2.0 days")
    assert bars[2] == (FULL, "1.0 days")


def test_the_description_says_what_the_bars_show():
    chart = weeks(0.0002, 2.25)
    assert chart.description == "Median days. Week 0: 0.0 days; Week 1: 2.2 days."
    assert chart.table_rows == [("Week 0", "0.0 days"), ("Week 1", "2.2 days")]


@pytest.mark.django_db
def test_the_dashboard_draws_no_bar_for_a_claim_published_the_day_it_was_logged(
    client, checker, reviewer, editor
):
    publish_sourced_factcheck(checker=checker, reviewer=reviewer, editor=editor)
    client.force_login(editor)

    html = client.get("/dashboard/").content.decode()

    figure = re.search(
        r'<figure class="chart" aria-labelledby="chart-weeks-caption">.*?</figure>', html, re.S
    )
    rows = re.findall(r'<g class="chart__row">(.*?)</g>', figure.group(0), re.DOTALL)
    this_week = rows[-1]
    assert re.search(r'<rect class="chart__bar"[^>]* width="0"', this_week)
    assert ">0.0 days</text>" in this_week
    assert f'width="{FULL:g}"' not in figure.group(0)
