from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orfo.dashboard.charts import daily_bars
from orfo.issues import api as issues
from orfo.issues.links import page_link
from orfo.reports import api as reports
from orfo.sites.api import sites_for

DAYS = 90


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    sites = list(sites_for(request.user))
    chosen = request.GET.get("site", "")
    site = next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)
    context = {"sites": sites, "site": site, "days": DAYS}
    if site:
        today = timezone.localdate()
        since = timezone.now() - timedelta(days=DAYS)
        context.update(
            reports_chart=daily_bars(
                reports.daily_counts([site.pk], since),
                DAYS,
                today,
                _("Reports per day"),
            ),
            resolved_chart=daily_bars(
                issues.resolved_per_day(site.pk, since),
                DAYS,
                today,
                _("Issues resolved per day"),
            ),
            median=_duration(issues.median_time_to_resolve(site.pk, since)),
            pages=[
                (page, page_link(page, site))
                for page in issues.pages_with_most_open_issues(site.pk)
            ],
        )
    return render(request, "dashboard/overview.html", context)


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
