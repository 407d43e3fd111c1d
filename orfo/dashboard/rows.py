"""The inbox's rows, rendered in Python: up to fifty a page, on the busiest page.

A Django template costs about 0.3 ms per row here; this costs a small fraction of
that, which keeps a full page nearly as fast as an empty one. Every value from the
database is escaped with html.escape (what Django's escape does, without the cost of
checking for lazy strings: all of these are plain).
"""

import html

from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from orfo.dashboard.counts import reports_from_readers
from orfo.issues.models import Status

ROW = (
    '<tr class="issue-row" data-href="{href}" data-live="{live}" data-id="{pk}">'
    '<td><input type="checkbox" name="issue" value="{pk}" aria-label="{select}"></td>'
    '<td><a class="issue-link" href="{href}"><span class="context" dir="auto">'
    "{before}<mark>{quote}</mark>{after}</span></a>{correction}"
    '<div class="muted small"><bdi>{title}</bdi>{site} · {status}{regressed}{assignee}'
    '</div></td><td class="counts">{count}</td>'
    '<td><time datetime="{iso}">{when}</time></td></tr>'
)
CORRECTION = '<div>→ <span class="correction" dir="auto">{}</span></div>'


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def inbox_rows(issues, issue_base: str, many_sites: bool) -> SafeString:
    statuses = {value: _e(label) for value, label in Status.choices}
    select, regressed = _e(gettext("Select")), _e(gettext("regressed"))
    assigned = gettext("assigned to %(name)s")
    when_format = get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for issue in issues:
        seen = timezone.localtime(issue.last_seen)
        correction = issue.top_correction
        rows.append(
            ROW.format(
                href=_e(f"{issue_base}{issue.pk}/"),
                live=_e(issue.live_url),
                pk=issue.pk,
                select=select,
                before=_e(f"…{issue.prefix}") if issue.prefix else "",
                quote=_e(issue.quote),
                after=_e(f"{issue.suffix}…") if issue.suffix else "",
                correction=CORRECTION.format(_e(correction)) if correction else "",
                title=_e(issue.page.label),
                site=_e(f" · {issue.site.name}") if many_sites else "",
                status=statuses.get(issue.status, _e(issue.status)),
                regressed=f" · <strong>{regressed}</strong>" if issue.regressed else "",
                assignee=_e(" · " + assigned % {"name": issue.assignee.get_username()})
                if issue.assignee
                else "",
                count=_e(reports_from_readers(issue.report_count, issue.reader_count)),
                iso=_e(seen.isoformat()),
                when=_e(dateformat.format(seen, when_format)),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above went through _e
