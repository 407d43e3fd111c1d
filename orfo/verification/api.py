"""What other apps may ask of the checks of the live page."""

from django.db import transaction
from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import Issue, Page
from orfo.outbox.models import Event
from orfo.sites.models import Site
from orfo.verification import schedule
from orfo.verification.models import Check, PageState, Reason

CHECKS_SHOWN = 20
# Pages one request_check_urls() call queues at most (the CMS API's limit).
MAX_URLS = 100


def article_text(text: str, containers: tuple[int, ...] = (0,)) -> str:
    """A page's TEXT from where its first <article> or <main> begins (CONTAINERS,
    as a fetch found them): the article without the header and menus above it;
    the whole text when it has none."""
    start = next((at for at in sorted(containers) if 0 < at < len(text)), 0)
    return text[start:]


def page_text(html: str | bytes, content_type: str = "") -> str:
    """The article's text in a page's HTML, read as live-page checks read it
    (hidden elements left out; from its <article> or <main> when it has one)."""
    from orfo.verification.extract import extract

    page = extract(html, content_type)
    return article_text(page.text, page.containers)


def request_check(page_or_issue: Page | Issue, *, now: bool, reason: str) -> int:
    """Queue a check of the page (every open and resolved issue on it, verified ones
    too); return how many pages were queued: 0 when it has no such issue.

    NOW fetches at once: no delay for CDN caches and no debounce, each call is one
    more check ("Check now", the CMS, a report on a resolved issue); otherwise the
    page's next check is worked out again from its issues.
    """
    if reason not in Reason.values:
        raise ValueError(f"unknown reason {reason!r}")
    page_id = (
        page_or_issue.page_id if isinstance(page_or_issue, Issue) else page_or_issue.pk
    )
    if not issues.checkable_issues(page_id, limit=1):
        return 0
    with transaction.atomic():
        if not now:
            schedule.refresh(page_id)
            return 1
        at = timezone.now()
        state = schedule.state_for(page_id)
        PageState.objects.filter(pk=state.pk).update(
            urgent=True,
            requested_at=at,
            request_reason=reason,
            due_at=at,
            queued_until=at + schedule.LEASE,
        )
        schedule.enqueue(page_id, urgent=True)
    return 1


def request_check_urls(site: Site, urls: list[str], *, reason: str) -> int:
    """Check now the pages of SITE at URLS (normalised as grouping does; at most
    MAX_URLS); return how many were queued (pages with open or resolved issues)."""
    queued, seen = 0, set()
    for url in urls[:MAX_URLS]:
        page = issues.page_for_url(site, url)
        if page is None or page.pk in seen:
            continue
        seen.add(page.pk)
        queued += request_check(page, now=True, reason=reason)
    return queued


def latest_check(issue: Issue) -> Check | None:
    """The latest check of ISSUE's live page (its time, verdict, live text...)."""
    return Check.objects.filter(issue=issue).order_by("-checked_at", "-id").first()


def checks(issue: Issue, limit: int = CHECKS_SHOWN) -> list[Check]:
    """ISSUE's checks, newest first; identical ones in a row are one (`times`)."""
    return list(
        Check.objects.filter(issue=issue).order_by("-checked_at", "-id")[:limit]
    )


def page_state(page_or_issue: Page | Issue) -> PageState | None:
    """When the page is checked next and what its last fetch said."""
    page_id = (
        page_or_issue.page_id if isinstance(page_or_issue, Issue) else page_or_issue.pk
    )
    return PageState.objects.filter(page_id=page_id).first()


# Events after which a page's next check is worked out again.
RESCHEDULE = {
    Event.Kind.ISSUE_CREATED,
    Event.Kind.ISSUE_RESOLVED,
    Event.Kind.ISSUE_REOPENED,
    Event.Kind.ISSUE_REGRESSED,
    Event.Kind.ISSUE_VERIFIED,
    Event.Kind.ISSUE_FIX_NOT_LIVE,
}


def on_event(event: Event) -> None:
    """Outbox listener: a report on a resolved issue asks for a check now; status
    changes move the page's next check."""
    if event.kind == Event.Kind.REPORT_ADDED:
        if event.data.get("check"):
            request_check(event.issue, now=True, reason=Reason.REPORT)
    elif event.kind in RESCHEDULE:
        schedule.refresh(event.issue.page_id)
