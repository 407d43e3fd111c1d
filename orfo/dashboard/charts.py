"""Bar charts as server-rendered SVG: no script, no CDN, colours from the stylesheet."""

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 160, 12, 22, 34


def _n(value: float) -> str:
    return f"{value:.1f}"


def daily_bars(counts: dict[date, int], days: int, end: date, label: str) -> str:
    """An SVG bar chart of COUNTS for the DAYS days ending with END."""
    series = [end - timedelta(days=days - 1 - i) for i in range(days)]
    values = [counts.get(day, 0) for day in series]
    peak = max(values) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    step = (WIDTH - LEFT) / days
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
                date_format(day, "SHORT_DATE_FORMAT"),
                v,
            )
            for i, (day, v) in enumerate(zip(series, values, strict=True))
        ),
    )
    ticks = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}">{}</text>',
        (
            (_n(LEFT + i * step), HEIGHT - 6, date_format(day, "MONTH_DAY_FORMAT"))
            for i, day in list(enumerate(series))[:: max(days // 6, 1)]
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
        TOP + 8, peak,
        base, bars, ticks,
    )  # fmt: skip
