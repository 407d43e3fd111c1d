"""Issues as the API for a newsroom's tools reads them: one site's, filtered, in
pages walked by keyset (orfo.issues.endpoints)."""

from django.db.models import QuerySet

from orfo.issues.api import filter_by_verification, page_for_url
from orfo.issues.models import Issue
from orfo.sites.models import Site


def site_issues(site: Site) -> QuerySet[Issue]:
    return Issue.objects.filter(site=site).select_related("page").defer("search_text")


def issue_of_site(site: Site, pk: int) -> Issue | None:
    """SITE's issue PK, or None (another site's issue is as good as none)."""
    return site_issues(site).filter(pk=pk).first()


def issues_page(
    site: Site,
    *,
    limit: int,
    before_id: int | None = None,
    status: str = "",
    url: str = "",
    verification: str = "",
) -> tuple[list[Issue], bool]:
    """Up to LIMIT of SITE's issues, newest first (by id), those older than
    BEFORE_ID when given; and whether there are more.

    The order is by id alone: it never changes, so a walk page by page sees every
    issue that existed when it began exactly once, however issues change meanwhile.
    URL is the page's (normalised as grouping does: no fragment, no tracking query).
    """
    issues = site_issues(site)
    if status:
        issues = issues.filter(status=status)
    if url:
        page = page_for_url(site, url)
        if page is None:
            return [], False
        issues = issues.filter(page=page)
    if verification:
        issues = filter_by_verification(issues, verification)
    if before_id is not None:
        issues = issues.filter(pk__lt=before_id)
    rows = list(issues.order_by("-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit
