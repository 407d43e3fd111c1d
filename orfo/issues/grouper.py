"""Group many reports into issues in one transaction, with a few statements in all.

Grouping decides report by report, as it always did (orfo.issues.grouping says
when two reports are the same error), but against what the transaction loaded
and locked once: the batch's pages (locked, so no other grouper changes their
issues meanwhile), the fingerprints of its selections, the pages' candidate
issues, and which readers each issue knows. The decisions only change objects in
memory; the rows they make or change are written at the end, each kind of row in
one statement (new issues, their history, fingerprints, corrections, counts,
outbox events, page titles). A batch of a hundred reports thus costs about fifteen
statements where one report used to cost ten.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from orfo.issues import grouping
from orfo.issues.models import (
    Activity,
    Fingerprint,
    Issue,
    IssueCorrection,
    Page,
    Status,
    extend_search_text,
)
from orfo.lib import urls
from orfo.lib.bulk import update_rows
from orfo.outbox import api as outbox
from orfo.outbox.models import Event
from orfo.sites.models import Site

# Issues of one page considered for alignment; past this only exact fingerprints match
# (a page flooded with thousands of issues must not make each report slower).
MAX_CANDIDATES = 200
# Titles readers sent for a page and no other reader confirmed yet, kept per page.
TITLE_CANDIDATES = 4
# Orders issues made in this batch after every stored one (their ids come later).
_UNSAVED = 1 << 62


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
class Waiting:
    """A report to group: its site, what it selected, and when it came."""

    site: Site
    selection: Selection
    seen: datetime


@dataclass(frozen=True)
class Grouped:
    issue: Issue
    created: bool
    # A report on a resolved issue: it waits for a check of the live page, which
    # reopens the issue as regressed only if the error is still there.
    awaiting_check: bool = False


# Given (issue id, reader hash) pairs, the reports app says which of them have a
# grouped report already (it owns the reports; asked under the page locks).
ReadersKnown = Callable[[set[tuple[int, str]]], set[tuple[int, str]]]


def page_key(url: str) -> str:
    """The hash that identifies a report's page (batches lock pages in its order)."""
    return grouping.page_hash(grouping.normalize_url(url))


@dataclass
class _Change:
    """What the batch does to one issue, written at the end."""

    issue: Issue
    reports: int = 0
    readers: int = 0
    awaiting: int = 0
    corrections: list = field(default_factory=list)  # in the order reports came
    # Readers whose first report on this stored issue this may be: asked at the end.
    maybe_new: list = field(default_factory=list)


class _Batch:
    def __init__(self, wait: bool, readers_known: ReadersKnown | None):
        self.wait = wait
        self.readers_known = readers_known
        self.pages: dict[tuple[int, str], Page] = {}
        self.issues: dict[int, Issue] = {}  # stored issues, one object each
        self.candidates: dict[int, list[Issue]] = {}  # page id -> issues, newest first
        self.fingerprints: dict[tuple[int, str], Issue] = {}
        self.new_fingerprints: list[tuple[int, str, Issue]] = []
        self.created: list[Issue] = []
        self.changes: dict[int, _Change] = {}  # id() of the issue object -> change
        self.readers: set[tuple[int, str]] = set()  # (id() of issue, reader) seen
        self.events: list[tuple[str, Issue, dict]] = []
        self.titled: dict[int, Page] = {}  # pages whose title changed

    # --- loading, once per batch ---------------------------------------------------

    def lock_pages(self, wanted: dict[tuple[int, str], str]) -> None:
        """Lock the pages of WANTED ((site id, url hash) -> a report's URL), making
        the new ones. Waiting, pages are taken one by one in hash order, as every
        grouper takes them (so none deadlocks); not waiting, the pages another
        grouper holds are left out, and so are their reports, for a later batch."""
        order = sorted(wanted, key=lambda key: (key[1], key[0]))
        if self.wait:
            for key in order:
                self.pages[key] = _lock_page(key, wanted[key])
            return
        self._lock_available(order)
        missing = [key for key in order if key not in self.pages]
        if not missing:
            return
        held = set(
            Page.objects.filter(_keys(missing)).values_list("site_id", "url_hash")
        )
        new = [key for key in missing if key not in held]
        if new:
            # In one order for every batch: two batches inserting the same new pages
            # wait for one another in that order, never in a cycle.
            Page.objects.bulk_create(
                [_new_page(site_id, h, wanted[site_id, h]) for site_id, h in new],
                ignore_conflicts=True,
            )
            self._lock_available(new)

    def _lock_available(self, keys: list[tuple[int, str]]) -> None:
        pages = Page.objects.select_for_update(skip_locked=True).filter(_keys(keys))
        for page in pages:
            self.pages[page.site_id, page.url_hash] = page

    def load(self, hashes: Iterable[tuple[int, str, int]]) -> None:
        """Load the fingerprints of (site id, hash, page id) HASHES, their issues,
        and the candidates of the pages where one is not known yet."""
        hashes = list(hashes)
        known = {}
        by_site = defaultdict(set)
        for site_id, digest, _ in hashes:
            by_site[site_id].add(digest)
        if by_site:
            query = Q()
            for site_id, digests in by_site.items():
                query |= Q(site_id=site_id, hash__in=digests)
            known = {
                (site_id, digest): issue_id
                for site_id, digest, issue_id in Fingerprint.objects.filter(
                    query
                ).values_list("site_id", "hash", "issue_id")
            }
        unmatched = sorted({p for s, d, p in hashes if (s, d) not in known})
        if unmatched:
            ranked = Issue.objects.filter(page_id__in=unmatched).annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("page_id"),
                    order_by=(F("last_seen").desc(), F("id").desc()),
                )
            )
            for page_id in unmatched:
                self.candidates[page_id] = []
            for issue in ranked.filter(rank__lte=MAX_CANDIDATES).order_by(
                "page_id", "rank"
            ):
                self.candidates[issue.page_id].append(self._one(issue))
        missing = {i for i in known.values() if i not in self.issues}
        for issue in Issue.objects.filter(pk__in=missing):
            self._one(issue)
        for key, issue_id in known.items():
            self.fingerprints[key] = self.issues[issue_id]

    def _one(self, issue: Issue) -> Issue:
        return self.issues.setdefault(issue.pk, issue)

    def _candidates(self, page: Page) -> list[Issue]:
        if page.pk not in self.candidates:  # every report on it had a fingerprint
            self.candidates[page.pk] = [
                self._one(issue)
                for issue in page.issues.order_by("-last_seen", "-id")[:MAX_CANDIDATES]
            ]
        return self.candidates[page.pk]

    # --- deciding, in memory --------------------------------------------------------

    def group(self, site: Site, page: Page, selection: Selection, seen) -> Grouped:
        fingerprint = grouping.selection_hash(
            page.url_hash, selection.prefix, selection.quote, selection.suffix
        )
        issue = self.fingerprints.get((site.pk, fingerprint))
        if issue is None:
            issue = self._align(page, selection)
        created = issue is None
        if created:
            issue = Issue(
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
            issue._batch_order = _UNSAVED + len(self.created)
            self.created.append(issue)
            self._candidates(page).insert(0, issue)
        if (site.pk, fingerprint) not in self.fingerprints:
            self.fingerprints[site.pk, fingerprint] = issue
            self.new_fingerprints.append((site.pk, fingerprint, issue))
        change = self.changes.setdefault(id(issue), _Change(issue))
        # A reader may have sent this from a copy of the page older than the fix (a
        # cache, a tab left open): the report waits for a check of the live page
        # instead of reopening the issue (the "check" in its event asks for one).
        awaiting = issue.status == Status.RESOLVED
        if awaiting:
            change.awaiting += 1
            issue.awaiting_check += 1
        self._count_reader(change, selection.reader, created)
        change.reports += 1
        issue.report_count += 1
        issue.last_seen = seen
        if selection.correction:
            change.corrections.append(selection.correction)
        issue.search_text = extend_search_text(
            issue.search_text, selection.correction, selection.comment
        )
        if created:
            self.events.append((Event.Kind.ISSUE_CREATED, issue, {}))
        extra = {"check": True} if awaiting else {}
        data = {"report_count": issue.report_count, **extra}
        self.events.append((Event.Kind.REPORT_ADDED, issue, data))
        if _consider_title(page, selection.title, selection.reader):
            self.titled[page.pk] = page
        return Grouped(issue=issue, created=created, awaiting_check=awaiting)

    def _align(self, page: Page, selection: Selection) -> Issue | None:
        anchor = grouping.Anchor.of(selection.prefix, selection.quote, selection.suffix)
        best, best_key = None, None
        for issue in self._candidates(page)[:MAX_CANDIDATES]:
            shared = grouping.overlap(
                grouping.Anchor.of(issue.prefix, issue.quote, issue.suffix), anchor
            )
            if not shared:
                continue
            order = issue.pk or issue._batch_order
            key = (shared, -abs(issue.position - selection.position), -order)
            if best_key is None or key > best_key:
                best, best_key = issue, key
        return best

    def _count_reader(self, change: _Change, reader: str, created: bool) -> None:
        """Count READER in the issue if it sent no earlier report on it. Unknown
        readers cannot be told apart, so each of their reports counts as one."""
        if not reader:
            change.readers += 1
            return
        if (id(change.issue), reader) in self.readers:
            return  # its earlier report is in this batch
        self.readers.add((id(change.issue), reader))
        if created or self.readers_known is None or not change.issue.pk:
            change.readers += 1
        else:
            change.maybe_new.append(reader)

    # --- writing, once per batch ----------------------------------------------------

    def write(self) -> None:
        self._count_new_readers()
        new_corrections, increments = self._count_corrections()
        if self.created:
            Issue.objects.bulk_create(self.created)
            Activity.objects.bulk_create(
                Activity(
                    issue=issue,
                    kind=Activity.Kind.CREATED,
                    to_status=Status.OPEN,
                    created=issue.first_seen,
                )
                for issue in self.created
            )
        if self.new_fingerprints:
            Fingerprint.objects.bulk_create(
                [
                    Fingerprint(
                        site_id=site_id,
                        hash=digest,
                        issue=issue,
                        grouping_version=grouping.GROUPING_VERSION,
                    )
                    for site_id, digest, issue in self.new_fingerprints
                ],
                ignore_conflicts=True,
            )
        IssueCorrection.objects.bulk_create(new_corrections)
        update_rows(IssueCorrection, ["count"], list(increments.items()), add=["count"])
        self._write_counts()
        outbox.emit_many(self.events)
        update_rows(
            Page,
            ["title", "title_candidates"],
            [(p.pk, p.title, p.title_candidates) for p in self.titled.values()],
        )

    def _count_new_readers(self) -> None:
        asked = {
            (change.issue.pk, reader): change
            for change in self.changes.values()
            for reader in change.maybe_new
        }
        known = self.readers_known(set(asked)) if asked else set()
        for pair, change in asked.items():
            change.readers += pair not in known
        for change in self.changes.values():
            change.issue.reader_count += change.readers

    def _count_corrections(self) -> tuple[list, dict]:
        """Count each issue's corrections and find its most suggested one, as
        `order_by("-count", "id")` reads them (new ones after the stored ones, in
        the order they came); return the rows to insert and {row id: increment}."""
        changed = [c for c in self.changes.values() if c.corrections]
        stored = defaultdict(dict)  # issue id -> text -> IssueCorrection
        saved = [c.issue.pk for c in changed if c.issue.pk]
        if saved:
            for row in IssueCorrection.objects.filter(issue_id__in=saved):
                stored[row.issue_id][row.text] = row
        new, increments = [], defaultdict(int)
        for change in changed:
            rows = stored[change.issue.pk] if change.issue.pk else {}
            order = {text: (row.count, -row.pk) for text, row in rows.items()}
            for text in change.corrections:
                if text not in rows:
                    rows[text] = IssueCorrection(issue=change.issue, text=text, count=0)
                    new.append(rows[text])
                    order[text] = (0, -_UNSAVED - len(new))
                if rows[text].pk:
                    increments[rows[text].pk] += 1
                else:
                    rows[text].count += 1
                count, rank = order[text]
                order[text] = (count + 1, rank)
            change.issue.top_correction = max(order, key=order.get)
        return new, increments

    def _write_counts(self) -> None:
        """One UPDATE for every stored issue the batch counted reports in. Counts
        move by what this batch added (an editor may change the issue meanwhile)."""
        fresh = {id(issue) for issue in self.created}
        rows = [
            (
                change.issue.pk,
                change.reports,
                change.readers,
                change.awaiting,
                change.issue.last_seen,
                change.issue.top_correction,
                change.issue.search_text,
            )
            for key, change in self.changes.items()
            if key not in fresh  # inserted with its counts
        ]
        update_rows(
            Issue,
            [
                "report_count",
                "reader_count",
                "awaiting_check",
                "last_seen",
                "top_correction",
                "search_text",
            ],
            rows,
            add=("report_count", "reader_count", "awaiting_check"),
        )


def group_reports(
    reports: list[Waiting],
    readers_known: ReadersKnown | None = None,
    wait: bool = True,
) -> list[Grouped | None]:
    """Find or create the issue of each of REPORTS and count it there; return, in
    the same order, how each was grouped (None: its page is held by another grouper
    and WAIT is false: it was left as it was).

    Runs in the caller's transaction. Pages are locked before their issues are
    searched, so concurrent reports of a new error cannot both create an issue for
    it. Reports are taken page by page, in the order given on each page.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("group_reports() must run inside transaction.atomic()")
    if not reports:
        return []
    batch = _Batch(wait, readers_known)
    keys = [(r.site.pk, page_key(r.selection.url)) for r in reports]
    batch.lock_pages(
        {key: r.selection.url for key, r in zip(keys, reports, strict=True)}
    )
    order = sorted(range(len(reports)), key=lambda i: (keys[i][1], keys[i][0], i))
    order = [i for i in order if keys[i] in batch.pages]
    batch.load(
        (
            keys[i][0],
            grouping.selection_hash(
                keys[i][1],
                reports[i].selection.prefix,
                reports[i].selection.quote,
                reports[i].selection.suffix,
            ),
            batch.pages[keys[i]].pk,
        )
        for i in order
    )
    results: list[Grouped | None] = [None] * len(reports)
    for i in order:
        report = reports[i]
        page = batch.pages[keys[i]]
        results[i] = batch.group(report.site, page, report.selection, report.seen)
    batch.write()
    return results


def _keys(keys: Iterable[tuple[int, str]]) -> Q:
    by_site = defaultdict(list)
    for site_id, url_hash in keys:
        by_site[site_id].append(url_hash)
    query = Q()
    for site_id, hashes in by_site.items():
        query |= Q(site_id=site_id, url_hash__in=hashes)
    return query


def _lock_page(key: tuple[int, str], url: str) -> Page:
    site_id, url_hash = key
    pages = Page.objects.select_for_update().filter(site_id=site_id, url_hash=url_hash)
    page = pages.first()
    if page is None:  # a new page; a concurrent grouper may be creating it too
        Page.objects.bulk_create(
            [_new_page(site_id, url_hash, url)], ignore_conflicts=True
        )
        page = pages.get()
    return page


def _new_page(site_id: int, url_hash: str, url: str) -> Page:
    return Page(
        site_id=site_id,
        url=_page_url(url),
        url_hash=url_hash,
        section=urls.section_of(url),
    )


def _page_url(url: str) -> str:
    # The URL kept is what a browser opens for the first report's (orfo.lib.urls),
    # without its fragment: never the string sent.
    try:
        return urls.parse(url, strict=False).page
    except ValueError:  # stored before the WHATWG rules; no link is built from it
        return url.split("#", 1)[0][: urls.MAX_LENGTH]


def _consider_title(page: Page, title: str, reader: str) -> bool:
    """Count READER's TITLE for PAGE; return whether the page changed. The page takes
    a title once two distinct readers sent it, so one report can neither name nor
    rename an article for the editors.

    Runs under the page lock. Each reader holds one candidate (its latest), and a
    page keeps TITLE_CANDIDATES of them, the newest: a bounded cost per report.
    """
    title = title.strip()[:300]
    if not title or not reader or title == page.title:
        return False
    candidates = [c for c in page.title_candidates if c[1] != reader]
    if any(c[0] == title for c in candidates):
        page.title = title
        candidates = [c for c in candidates if c[0] != title]
    else:
        candidates = [*candidates, [title, reader]][-TITLE_CANDIDATES:]
    page.title_candidates = candidates
    return True
