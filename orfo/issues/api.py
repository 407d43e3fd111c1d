"""What other apps may ask of issues: group a report into an issue, change its
status, and what checks of the live page (orfo.verification) read and record."""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour

from orfo.issues import inbox
from orfo.issues.grouper import (  # noqa: F401 (what other apps group with)
    MAX_CANDIDATES,
    TITLE_CANDIDATES,
    Grouped,
    ReadersKnown,
    Selection,
    Waiting,
    group_reports,
    page_key,
)
from orfo.issues.models import Activity, Issue, Page, Resolution, Status
from orfo.sites.models import Site


def group_report(site: Site, selection: Selection, seen: datetime) -> Grouped:
    """Find or create the issue a report belongs to and count the report in it, in
    the caller's transaction (group_reports() does many at once)."""
    return group_reports([Waiting(site, selection, seen)])[0]


def set_status(issue: Issue, status: str, user=None, note: str = "") -> bool:
    """Change ISSUE's status (emits issue.resolved or issue.reopened)."""
    with transaction.atomic():
        return issue.set_status(status, user=user, note=note)


def resolve_with_fix(issue: Issue, fix: str, source: str, user=None) -> bool:
    """Accept FIX (SOURCE says whose: "suggestion", "reader", "api"...) and resolve
    ISSUE with it, in one step: emits issue.resolved with the fix."""
    with transaction.atomic():
        return issue.resolve_with_fix(fix, source, user=user)


def filter_by_verification(issues: QuerySet, state: str) -> QuerySet:
    """Keep ISSUES in verification STATE (a value of verification_states())."""
    return inbox.filter_by_verification(issues, state)


def verification_states() -> list[tuple[str, str]]:
    """The filter values (value, label) that filter_by_verification() takes."""
    return list(inbox.VERIFICATION_STATES.items())


def issue_in_sites(pk: int, site_ids) -> Issue | None:
    return (
        Issue.objects.select_related("page", "site", "assignee")
        .defer("search_text")
        .filter(pk=pk, site_id__in=site_ids)
        .first()
    )


def issues_in_sites(pks, site_ids) -> list[Issue]:
    return list(Issue.objects.filter(pk__in=pks, site_id__in=site_ids))


CORRECTIONS_SHOWN = 20


def corrections(
    issue: Issue, limit: int = CORRECTIONS_SHOWN
) -> tuple[list[tuple[str, int]], int]:
    """Readers' suggested corrections, the most suggested first: the first LIMIT of
    them, and how many more there are (any reader can add one)."""
    rows = issue.corrections.order_by("-count", "id").values_list("text", "count")
    shown = list(rows[: limit + 1])
    more = issue.corrections.count() - limit if len(shown) > limit else 0
    return shown[:limit], more


def history(issue: Issue):
    return issue.activity.select_related("user").order_by("created", "id")


# What people did to a site's issues, for the site's audit log (orfo.sites.audit
# holds the rest): status changes (spam verdicts among them), fixes, assignments.
PEOPLES_ACTIVITY = [Activity.Kind.STATUS, Activity.Kind.FIX, Activity.Kind.ASSIGNED]


def site_history(site_id: int, before: tuple[datetime, int] | None = None):
    """What people did to the site's issues, newest first; with BEFORE, only what
    is older than it (by time, then id)."""
    rows = Activity.objects.filter(
        issue__site_id=site_id, kind__in=PEOPLES_ACTIVITY, user__isnull=False
    )
    if before is not None:
        created, pk = before
        rows = rows.filter(Q(created__lt=created) | Q(created=created, id__lt=pk))
    return rows.select_related("user", "issue").order_by("-created", "-id")


def assign(issue: Issue, assignee, user=None) -> bool:
    with transaction.atomic():
        return issue.assign(assignee, user=user)


def resolved_per_day(site_id: int, since) -> dict:
    rows = (
        Issue.objects.filter(site_id=site_id, resolved_at__gte=since)
        .annotate(day=TruncDate("resolved_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def resolved_per_hour(site_id: int, since) -> dict:
    rows = (
        Issue.objects.filter(site_id=site_id, resolved_at__gte=since)
        .annotate(hour=TruncHour("resolved_at"))
        .values("hour")
        .annotate(n=Count("id"))
    )
    return {row["hour"]: row["n"] for row in rows}


def purge_before(cutoff) -> int:
    """Delete issues not reported since CUTOFF that have no reports left."""
    deleted, _ = (
        Issue.objects.filter(last_seen__lt=cutoff)
        .exclude(pk__in=Issue.objects.filter(reports__isnull=False).values("pk"))
        .delete()
    )
    Page.objects.filter(created__lt=cutoff, issues__isnull=True).delete()
    return deleted


# Issues of one page a check of the live page re-anchors (the most recently
# reported first): a page flooded with issues costs a bounded check.
MAX_CHECKED = 200
CHECKED_STATUSES = (Status.OPEN, Status.RESOLVED)


def checkable_issues(page_id: int, limit: int = MAX_CHECKED) -> list[Issue]:
    """The open and resolved issues of a page: what a check of it covers."""
    return list(
        Issue.objects.filter(page_id=page_id, status__in=CHECKED_STATUSES)
        .defer("search_text")
        .order_by("-last_seen", "-id")[:limit]
    )


def lock_page(page_id: int) -> Page | None:
    """Lock a page's row, as grouping does, for the rest of the transaction: what
    a check records cannot interleave with a report being grouped on the page."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_page() must run inside transaction.atomic()")
    return Page.objects.select_for_update().filter(pk=page_id).first()


def page(page_id: int) -> Page | None:
    return Page.objects.select_related("site").filter(pk=page_id).first()


def page_for_url(site: Site, url: str) -> Page | None:
    """The page a report from URL would be grouped on (normalised as grouping
    does), if any report made one."""
    return Page.objects.filter(site=site, url_hash=page_key(url)).first()


def accepted_fixes(site: Site, url: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """(quote, prefix, fix) of the page's issues resolved with a fix, oldest first:
    what the demo newsroom publishes (orfo.demo), as a CMS would after an edit."""
    page = page_for_url(site, url)
    if page is None:
        return []
    return list(
        Issue.objects.filter(page=page, status=Status.RESOLVED, resolution="fix")
        .exclude(accepted_fix="")
        .order_by("resolved_at", "id")
        .values_list("quote", "prefix", "accepted_fix")[:limit]
    )


def reader_corrections(issue: Issue, limit: int = CORRECTIONS_SHOWN) -> list[str]:
    """The corrections readers suggested most for ISSUE."""
    return list(
        issue.corrections.order_by("-count", "id").values_list("text", flat=True)[
            :limit
        ]
    )


def checkable_pages(exclude, limit: int) -> list[int]:
    """Up to LIMIT pages with open or resolved issues whose ids are not in EXCLUDE
    (a subquery of page ids): pages the checks of the live page do not know yet."""
    return list(
        Page.objects.filter(
            pk__in=Issue.objects.filter(status__in=CHECKED_STATUSES).values("page_id")
        )
        .exclude(pk__in=exclude)
        .values_list("pk", flat=True)[:limit]
    )


def resolutions() -> list[tuple[str, str]]:
    return list(Resolution.choices)
