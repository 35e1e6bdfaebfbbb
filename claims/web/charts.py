"""Bar charts drawn on the server as SVG: no script, no outside asset, readable at 375 px.

`bar_chart()` works out the geometry; `claims/dashboard/_bar_chart.html`
draws it (escaping every label) as an SVG with role="img", a <title> and a
<desc> that reads out the data, followed by the same data as a table.
"""

from dataclasses import dataclass

# The drawing's own units; the SVG scales to the width it is given.
WIDTH = 320
VALUE_SPACE = 80  # right of the longest bar, for its value
ROW_HEIGHT = 44
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 16
PADDING = 4
LABEL_MAX_CHARS = 44


@dataclass(frozen=True)
class Bar:
    label: str  # in full: the table and the bar's tooltip
    short_label: str  # what fits above the bar
    value: float | None  # None: nothing to show (e.g. a week without a publication)
    display: str
    y: float
    label_y: float
    bar_y: float
    width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    extra_columns: tuple[str, ...] = ()
    extra_rows: tuple[tuple[str, ...], ...] = ()
    bar_height: int = BAR_HEIGHT

    @property
    def table_rows(self):
        """(label, display, *extra) per bar, for the data table under the chart."""
        extras = self.extra_rows or tuple(() for _ in self.bars)
        return [(bar.label, bar.display, *extra) for bar, extra in zip(self.bars, extras, strict=True)]


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _as_shown(value: float | None, digits: int) -> float | None:
    """The value rounded as it is written, without a minus sign on zero ("-0.0")."""
    if value is None:
        return None
    return round(float(value), digits) + 0.0


def _display(value: float | None, unit: str, empty: str, digits: int) -> str:
    if value is None:
        return empty
    number = f"{value:.{digits}f}" if digits else f"{round(value):d}"
    return f"{number} {unit}".strip() if unit else number


def bar_chart(
    *,
    chart_id: str,
    title: str,
    rows: list[tuple[str, float | None]],
    label_heading: str,
    value_heading: str,
    unit: str = "",
    empty: str = "none",
    digits: int = 0,
    extra_columns: tuple[str, ...] = (),
    extra_rows: tuple[tuple[str, ...], ...] = (),
) -> BarChart:
    """A horizontal bar chart of (label, value) rows, in the order given.

    Bars share one scale from zero to the largest value as written (rounded
    to `digits`); zero or less draws a zero-width bar, and a row whose value
    is None gets no bar and shows `empty`. The description spells out every
    row, so a screen reader hears the data the picture shows.
    """
    # Bars are drawn from the value as written beside them: 0.0001 days reads "0.0" and must
    # draw no bar, not be the largest value and fill the width.
    shown_values = [_as_shown(value, digits) for _, value in rows]
    largest = max((v for v in shown_values if v is not None and v > 0), default=0) or 1
    span = WIDTH - VALUE_SPACE
    bars = []
    for index, ((label, _), value) in enumerate(zip(rows, shown_values, strict=True)):
        y = PADDING + index * ROW_HEIGHT
        width = 0.0 if value is None or value <= 0 else round(value / largest * span, 1)
        # Keep a sliver for non-zero values so a small count is still visible.
        if value is not None and value > 0 and width < 2:
            width = 2.0
        bars.append(
            Bar(
                label=label,
                short_label=_shorten(label),
                value=value,
                display=_display(value, unit, empty, digits),
                y=y,
                label_y=y + LABEL_BASELINE,
                bar_y=y + BAR_TOP,
                width=width,
                value_x=width + 6,
                value_y=y + BAR_TOP + BAR_HEIGHT - 3,
            )
        )
    spoken = "; ".join(f"{bar.label}: {bar.display}" for bar in bars) or "no data"
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=f"{title}. {spoken}.",
        label_heading=label_heading,
        value_heading=value_heading,
        bars=tuple(bars),
        width=WIDTH,
        height=max(len(bars), 1) * ROW_HEIGHT + 2 * PADDING,
        extra_columns=extra_columns,
        extra_rows=extra_rows,
    )
