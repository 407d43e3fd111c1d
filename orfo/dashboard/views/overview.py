"""The overview: a site's headline figures for a period beside the previous period's,
reports and resolutions per day, and the articles, sections and languages of the
period's issues, each row a link to those issues in the inbox."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from orfo.dashboard import periods
from orfo.dashboard.charts import daily_bars, hourly_bars
from orfo.issues import api as issues
from orfo.issues import overview as figures
from orfo.reports import api as reports
from orfo.sites.api import sites_for
from orfo.sites.models import LANGUAGES


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    sites = list(sites_for(request.user))
    chosen = request.GET.get("site", "")
    site = next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)
    period = periods.choose(request.GET.get("period", ""))
    context = {
        "sites": sites,
        "site": site,
        "period": period,
        "periods": [(key, label) for key, (_days, label) in periods.PERIODS.items()],
    }
    if site:
        context.update(
            headline=_headline(site.pk, period),
            charts=_charts(site.pk, period),
            breakdowns=_breakdowns(site, period),
        )
    return render(request, "dashboard/overview.html", context)


def _headline(site_id: int, period: periods.Period) -> list[dict]:
    current, previous = period.current, period.previous
    new, before = reports.counts_between(
        [site_id], [(current.start, current.end), (previous.start, previous.end)]
    )
    open_now = figures.open_issues(site_id, current.start)
    done = figures.resolved(site_id, current, previous)
    median = figures.median_time_to_fix(site_id, current)
    median_before = figures.median_time_to_fix(site_id, previous)
    inbox = reverse("dashboard:inbox")
    return [
        _count(_("New reports"), new, before),
        {
            **_count(_("Open issues"), open_now.current, open_now.previous),
            "link": f"{inbox}?{_query(site=site_id)}",
            "previous_label": _("at the start"),
        },
        _count(_("Resolved"), done.current, done.previous),
        {
            "label": _("Median time to fix"),
            "value": _duration(median) or "—",
            "change": _change(median, median_before),
            "previous": _duration(median_before) or "—",
            "previous_label": _("previous period"),
        },
    ]


def _count(label: str, current: int, previous: int) -> dict:
    return {
        "label": label,
        "value": number_format(current, force_grouping=True),
        "change": _change(current, previous, absolute=True),
        "previous": number_format(previous, force_grouping=True),
        "previous_label": _("previous period"),
    }


def _change(current, previous, absolute: bool = False) -> dict | None:
    """How CURRENT differs from PREVIOUS: {"text", "direction"}, None when either
    is unknown."""
    if current is None or previous is None:
        return None
    if current == previous:
        return {"text": _("no change"), "direction": "same"}
    up = current > previous
    parts = []
    if absolute:
        parts.append(("+" if up else "−") + number_format(abs(current - previous)))
    if previous:
        pct = round(abs(current - previous) / previous * 100)
        sign = "+" if up else "−"
        parts.append(f"{sign}{number_format(pct, force_grouping=True)}%")
    text = parts[0] if len(parts) == 1 else f"{parts[0]} ({parts[1]})"
    return {"text": text, "direction": "up" if up else "down"}


def _charts(site_id: int, period: periods.Period) -> list[tuple[str, str]]:
    start = period.current.start
    if period.days == 1:
        return [
            (
                _("Reports per hour"),
                hourly_bars(
                    reports.hourly_counts([site_id], start),
                    start,
                    _("Reports per hour"),
                ),
            ),
            (
                _("Issues resolved per hour"),
                hourly_bars(
                    issues.resolved_per_hour(site_id, start),
                    start,
                    _("Issues resolved per hour"),
                ),
            ),
        ]
    last_day = period.first_day + timedelta(days=period.days - 1)
    return [
        (
            _("Reports per day"),
            daily_bars(
                reports.daily_counts([site_id], start),
                period.days,
                last_day,
                _("Reports per day"),
            ),
        ),
        (
            _("Issues resolved per day"),
            daily_bars(
                issues.resolved_per_day(site_id, start),
                period.days,
                last_day,
                _("Issues resolved per day"),
            ),
        ),
    ]


def _query(**params) -> str:
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


def _breakdowns(site, period: periods.Period) -> list[dict]:
    """Each breakdown's rows: (label, issues, open, inbox link or "", the
    article's own address or "")."""
    site_id = site.pk
    since = period.current.start
    inbox = reverse("dashboard:inbox")

    def link(**narrow) -> str:
        # Any status, reported since the period's first day: the rows' own count.
        base = {"site": site_id, "status": "", "since": period.first_day.isoformat()}
        return f"{inbox}?{_query(**base, **narrow)}"

    names = dict(LANGUAGES)
    codes = [code for code, _name in LANGUAGES]
    return [
        {
            "title": _("Articles"),
            "key": _("Article"),
            "rows": [
                (row.label, row.issues, row.open, link(page=row.key), row.url)
                for row in figures.by_page(site, since)
            ],
        },
        {
            "title": pgettext("site sections", "Sections"),
            "key": pgettext("site section", "Section"),
            "rows": [
                (
                    row.label
                    if row.label != "/"
                    else pgettext("site section", "/ (top of the site)"),
                    row.issues,
                    row.open,
                    link(section=row.key),
                    "",
                )
                for row in figures.by_section(site_id, since)
            ],
        },
        {
            "title": _("Languages"),
            "key": _("Language"),
            "rows": [
                (
                    names.get(row.key) or _("other or unknown"),
                    row.issues,
                    row.open,
                    link(lang=row.key) if row.key else "",
                    "",
                )
                for row in figures.by_language(site_id, since, codes)
            ],
        },
    ]


def _duration(span: timedelta | None) -> str:
    if span is None:
        return ""
    minutes = int(span.total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not hours):
        parts.append(
            ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
        )
    return " ".join(parts)
