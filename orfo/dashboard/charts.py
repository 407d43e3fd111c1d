"""Bar charts as server-rendered SVG: no script, no CDN, colours from the stylesheet."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 160, 12, 22, 34


def _n(value: float) -> str:
    return f"{value:.1f}"


def daily_bars(counts: dict[date, int], days: int, end: date, label: str) -> str:
    """An SVG bar chart of COUNTS for the DAYS days ending with END."""
    series = [end - timedelta(days=days - 1 - i) for i in range(days)]
    return _bars(
        [counts.get(day, 0) for day in series],
        [date_format(day, "SHORT_DATE_FORMAT") for day in series],
        [date_format(day, "MONTH_DAY_FORMAT") for day in series],
        label,
    )


def hourly_bars(counts: dict[datetime, int], start: datetime, label: str) -> str:
    """An SVG bar chart of COUNTS for the 24 hours from START (a local midnight);
    COUNTS' keys are the starts of the hours, in the current time zone."""
    series = [timezone.localtime(start + timedelta(hours=i)) for i in range(24)]
    values = [counts.get(hour, 0) for hour in series]
    hours = [time_format(hour, "TIME_FORMAT") for hour in series]
    return _bars(values, hours, hours, label)


def _bars(values: list[int], exact: list[str], ticks: list[str], label: str) -> str:
    """Bars for VALUES, each titled by its EXACT time, a TICKS label every few."""
    n = len(values)
    peak = max(values) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    step = (WIDTH - LEFT) / n
    bars = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}">'
        "<title>{}: {}</title></rect>",
        (
            (
                _n(LEFT + i * step),
                _n(base - plot_h * v / peak),
                _n(max(step - 1, 1)),
                _n(plot_h * v / peak),
                when,
                number_format(v, force_grouping=True),
            )
            for i, (when, v) in enumerate(zip(exact, values, strict=True))
        ),
    )
    tick_marks = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}">{}</text>',
        (
            (_n(LEFT + i * step), HEIGHT - 6, tick)
            for i, tick in list(enumerate(ticks))[:: max(n // 6, 1)]
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>"
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="tick" x="0" y="{}">{}</text>'
        '<text class="tick" x="0" y="{}">0</text>{}{}</svg>',
        WIDTH, HEIGHT, label, label,
        LEFT, base, WIDTH, base,
        TOP + 8, number_format(peak, force_grouping=True),
        base, bars, tick_marks,
    )  # fmt: skip
