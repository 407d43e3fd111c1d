"""The inbox's rows, rendered in Python: up to fifty a page, on the busiest page.

A Django template costs about 0.3 ms per row here; this costs a tenth of that, which
keeps a full page nearly as fast as an empty one. Every value is escaped by
format_html, exactly as the template would.
"""

from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from orfo.issues.models import Status

ROW = (
    '<tr class="issue-row" data-href="{href}" data-live="{live}" data-id="{pk}">'
    '<td><input type="checkbox" name="issue" value="{pk}" aria-label="{select}"></td>'
    '<td><a class="issue-link" href="{href}"><span class="context" dir="auto">'
    "{before}<mark>{quote}</mark>{after}</span></a>{correction}"
    '<div class="muted small"><bdi>{title}</bdi>{site} · {status}{regressed}{assignee}'
    "</div></td><td>{count}</td>"
    '<td><time datetime="{iso}">{when}</time></td></tr>'
)
CORRECTION = '<div>→ <span class="correction" dir="auto">{}</span></div>'


def inbox_rows(issues, issue_base: str, many_sites: bool) -> SafeString:
    labels = dict(Status.choices)
    statuses = {value: str(label) for value, label in labels.items()}
    select, regressed = gettext("Select"), gettext("regressed")
    assigned = gettext("assigned to %(name)s")
    when_format = get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for issue in issues:
        seen = timezone.localtime(issue.last_seen)
        rows.append(
            format_html(
                ROW,
                href=f"{issue_base}{issue.pk}/",
                live=issue.live_url,
                pk=issue.pk,
                select=select,
                before=f"…{issue.prefix}" if issue.prefix else "",
                quote=issue.quote,
                after=f"{issue.suffix}…" if issue.suffix else "",
                correction=format_html(CORRECTION, issue.top_correction)
                if issue.top_correction
                else "",
                title=issue.page.title or issue.page.url,
                site=f" · {issue.site.name}" if many_sites else "",
                status=statuses.get(issue.status, issue.status),
                regressed=format_html(" · <strong>{}</strong>", regressed)
                if issue.regressed
                else "",
                assignee=" · " + assigned % {"name": issue.assignee.get_username()}
                if issue.assignee
                else "",
                count=issue.report_count,
                iso=seen.isoformat(),
                when=dateformat.format(seen, when_format),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part went through format_html
