"""What other apps may ask of issues: group a report into an issue, change its
status, and what checks of the live page (orfo.verification) read and record."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour

from orfo.issues import grouping, inbox
from orfo.issues.models import (
    Activity,
    Fingerprint,
    Issue,
    Page,
    Resolution,
    Status,
    extend_search_text,
)
from orfo.lib import urls
from orfo.outbox import api as outbox
from orfo.outbox.models import Event
from orfo.sites.models import Site

# Issues of one page considered for alignment; past this only exact fingerprints match
# (a page flooded with thousands of issues must not make each report slower).
MAX_CANDIDATES = 200
# Titles readers sent for a page and no other reader confirmed yet, kept per page.
TITLE_CANDIDATES = 4


@dataclass(frozen=True)
class Selection:
    url: str
    title: str
    lang: str
    quote: str
    prefix: str
    suffix: str
    position: int
    correction: str
    comment: str = ""
    reader: str = ""  # the sender's daily reader hash; "" when unknown


@dataclass(frozen=True)
class Grouped:
    issue: Issue
    created: bool
    # A report on a resolved issue: it waits for a check of the live page, which
    # reopens the issue as regressed only if the error is still there.
    awaiting_check: bool = False


@dataclass
class Batch:
    """What one transaction grouping several reports has locked and loaded already.

    Each page is locked and its issues are loaded once per batch; the issues stay in
    memory as grouping changes them (the page locks keep other groupers out).
    """

    pages: dict = field(default_factory=dict)  # (site id, url hash) -> Page
    candidates: dict = field(default_factory=dict)  # page id -> [Issue]
    issues: dict = field(default_factory=dict)  # issue id -> Issue
    fingerprints: dict = field(default_factory=dict)  # (site id, hash) -> issue id
    # Whether a reader has a grouped report on an issue already: (issue id, reader
    # hash) -> bool. The reports app answers (it owns the reports); grouping asks
    # under the page lock, so two reports of one new reader cannot both count.
    reader_known: Callable[[int, str], bool] | None = None
    readers: set = field(default_factory=set)  # (issue id, reader) counted here


def page_key(url: str) -> str:
    """The hash that identifies a report's page (batches lock pages in its order)."""
    return grouping.page_hash(grouping.normalize_url(url))


def group_report(
    site: Site, selection: Selection, seen: datetime, batch: Batch | None = None
) -> Grouped:
    """Find or create the issue a report belongs to and count the report in it.

    Runs in the caller's transaction. Reports on one page are grouped one at a time:
    the page row is locked before the search, so concurrent reports of a new error
    cannot both create an issue for it. A caller grouping several reports in one
    transaction passes a Batch and takes them in page_key() order, so that two such
    callers lock pages in the same order and cannot deadlock.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("group_report() must run inside transaction.atomic()")
    batch = batch or Batch()
    page = _locked_page(site, selection, batch)
    fingerprint = grouping.selection_hash(
        page.url_hash, selection.prefix, selection.quote, selection.suffix
    )
    issue = _match(site, page, fingerprint, selection, batch)
    known = (site.pk, fingerprint) in batch.fingerprints  # stored already
    created = issue is None
    if issue is None:
        issue = Issue.objects.create(
            site=site,
            page=page,
            quote=selection.quote,
            prefix=selection.prefix,
            suffix=selection.suffix,
            position=selection.position,
            lang=selection.lang,
            first_seen=seen,
            last_seen=seen,
            search_text=extend_search_text("", selection.quote, page.url),
        )
        Activity.objects.create(
            issue=issue, kind=Activity.Kind.CREATED, to_status=Status.OPEN, created=seen
        )
        batch.candidates[page.pk].insert(0, issue)
    batch.issues[issue.pk] = issue
    if not known:
        Fingerprint.objects.bulk_create(
            [
                Fingerprint(
                    site=site,
                    hash=fingerprint,
                    issue=issue,
                    grouping_version=grouping.GROUPING_VERSION,
                )
            ],
            ignore_conflicts=True,
        )
        batch.fingerprints[site.pk, fingerprint] = issue.pk
    # A reader may have sent this from a copy of the page older than the fix (a
    # cache, a tab left open): the report waits for a check of the live page
    # instead of reopening the issue (the "check" in its event asks for one).
    awaiting = issue.status == Status.RESOLVED
    if awaiting:
        issue.await_check()
    new_reader = _new_reader(issue, selection.reader, batch, created)
    issue.count_report(seen, selection.correction, selection.comment, new_reader)
    if created:
        outbox.emit(Event.Kind.ISSUE_CREATED, issue)
    extra = {"check": True} if awaiting else {}
    outbox.emit(
        Event.Kind.REPORT_ADDED, issue, report_count=issue.report_count, **extra
    )
    _consider_title(page, selection.title, selection.reader)
    return Grouped(issue=issue, created=created, awaiting_check=awaiting)


def _new_reader(issue: Issue, reader: str, batch: Batch, created: bool) -> bool:
    """Whether READER sent no earlier report on ISSUE. Unknown readers cannot be
    told apart, so each of their reports counts as a reader."""
    if not reader:
        return True
    if (issue.pk, reader) in batch.readers:  # its report is not saved with it yet
        return False
    batch.readers.add((issue.pk, reader))
    if created or batch.reader_known is None:
        return True
    return not batch.reader_known(issue.pk, reader)


def _consider_title(page: Page, title: str, reader: str) -> None:
    """Count READER's TITLE for PAGE: the page takes a title once two distinct readers
    sent it, so one report can neither name nor rename an article for the editors.

    Runs under the page lock. Each reader holds one candidate (its latest), and a
    page keeps TITLE_CANDIDATES of them, the newest: a bounded cost per report.
    """
    title = title.strip()[:300]
    if not title or not reader or title == page.title:
        return
    candidates = [c for c in page.title_candidates if c[1] != reader]
    if any(c[0] == title for c in candidates):
        page.title = title
        candidates = [c for c in candidates if c[0] != title]
    else:
        candidates = [*candidates, [title, reader]][-TITLE_CANDIDATES:]
    page.title_candidates = candidates
    Page.objects.filter(pk=page.pk).update(
        title=page.title, title_candidates=candidates
    )


def _locked_page(site: Site, selection: Selection, batch: Batch) -> Page:
    # The hash identifies the page; the URL kept is what a browser opens for the
    # first report's (orfo.lib.urls), without its fragment: never the string sent.
    url_hash = page_key(selection.url)
    if (site.pk, url_hash) in batch.pages:
        return batch.pages[site.pk, url_hash]
    pages = Page.objects.select_for_update().filter(site=site, url_hash=url_hash)
    page = pages.first()
    if page is None:  # a new page; a concurrent grouper may be creating it too
        Page.objects.bulk_create(
            [
                Page(
                    site=site,
                    url=_page_url(selection.url),
                    url_hash=url_hash,
                    section=urls.section_of(selection.url),
                )
            ],
            ignore_conflicts=True,
        )
        page = pages.get()
    batch.pages[site.pk, url_hash] = page
    return page


def _page_url(url: str) -> str:
    try:
        return urls.parse(url, strict=False).page
    except ValueError:  # stored before the WHATWG rules; no link is built from it
        return url.split("#", 1)[0][: urls.MAX_LENGTH]


def _match(
    site: Site, page: Page, fingerprint: str, selection: Selection, batch: Batch
) -> Issue | None:
    known = batch.fingerprints.get((site.pk, fingerprint)) or (
        Fingerprint.objects.filter(site=site, hash=fingerprint)
        .values_list("issue_id", flat=True)
        .first()
    )
    if known:
        if known not in batch.issues:
            batch.issues[known] = Issue.objects.get(pk=known)
        batch.fingerprints[site.pk, fingerprint] = known
        return batch.issues[known]
    anchor = grouping.Anchor.of(selection.prefix, selection.quote, selection.suffix)
    best, best_key = None, None
    if page.pk not in batch.candidates:
        batch.candidates[page.pk] = [
            batch.issues.get(issue.pk, issue)
            for issue in page.issues.order_by("-last_seen")[:MAX_CANDIDATES]
        ]
    for issue in batch.candidates[page.pk][:MAX_CANDIDATES]:
        shared = grouping.overlap(
            grouping.Anchor.of(issue.prefix, issue.quote, issue.suffix), anchor
        )
        if not shared:
            continue
        key = (shared, -abs(issue.position - selection.position), -issue.pk)
        if best_key is None or key > best_key:
            best, best_key = issue, key
    return best


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
