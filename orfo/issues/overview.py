"""What the dashboard's overview shows of one site's issues over a period: headline
figures beside the previous period's, and which articles, sections and languages
the issues are on.

Every figure is an aggregate query (a few per overview, however many issues the
site has), and every breakdown returns its top rows only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q

from orfo.issues.links import page_link
from orfo.issues.models import Activity, Issue, Page, Status
from orfo.sites.models import Site

BREAKDOWN_ROWS = 10


@dataclass(frozen=True)
class Window:
    """From START (included) to END (excluded)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Figure:
    """A headline figure now and in the previous period (None: nothing to compare)."""

    current: object
    previous: object


@dataclass(frozen=True)
class Row:
    key: str  # what the inbox filters by: a page id, a section, a language
    label: str
    issues: int  # issues reported in the period
    open: int  # of those, open now
    url: str = ""  # an article's own address (page_link: on the site's hosts only)


def open_issues(site_id: int, since: datetime) -> Figure:
    """Open issues now, and at SINCE (the end of the previous period).

    Issues keep only their present status; the one at SINCE is the present count
    less every change into "open" since then, plus every change out of it (the
    history records both sides of each change, and an issue's creation as a change
    into "open")."""
    now_open = Issue.objects.filter(site_id=site_id, status=Status.OPEN).count()
    changes = Activity.objects.filter(
        issue__site_id=site_id, created__gte=since
    ).aggregate(
        opened=Count("id", filter=Q(to_status=Status.OPEN)),
        closed=Count("id", filter=Q(from_status=Status.OPEN) & ~Q(to_status="")),
    )
    return Figure(now_open, now_open - changes["opened"] + changes["closed"])


def resolved(site_id: int, current: Window, previous: Window) -> Figure:
    """Issues resolved in each window (each issue once, however often resolved)."""
    counts = Activity.objects.filter(
        issue__site_id=site_id,
        to_status=Status.RESOLVED,
        created__gte=previous.start,
        created__lt=current.end,
    ).aggregate(
        current=Count("issue", distinct=True, filter=Q(created__gte=current.start)),
        previous=Count("issue", distinct=True, filter=Q(created__lt=previous.end)),
    )
    return Figure(counts["current"], counts["previous"])


def median_time_to_fix(site_id: int, window: Window) -> timedelta | None:
    """The median time from first report to resolution of the issues resolved in
    WINDOW (and resolved still), or None when there are none.

    Two queries, whatever the number: how many, then the middle one or two in the
    order of their times (SQLite has no median function; nothing is loaded but
    them)."""
    spans = (
        Issue.objects.filter(
            site_id=site_id,
            status=Status.RESOLVED,
            resolved_at__gte=window.start,
            resolved_at__lt=window.end,
        )
        .annotate(span=F("resolved_at") - F("first_seen"))
        .order_by("span", "pk")
    )
    n = spans.count()
    if not n:
        return None
    middle = list(spans.values_list("span", flat=True)[(n - 1) // 2 : n // 2 + 1])
    return sum(middle, timedelta()) / len(middle)


def _reported(site_id: int, since: datetime):
    """The site's issues reported in the period (what the inbox's "from" shows)."""
    return Issue.objects.filter(site_id=site_id, last_seen__gte=since)


def _counted(rows, key: str):
    return rows.annotate(
        n=Count("id"), n_open=Count("id", filter=Q(status=Status.OPEN))
    ).order_by("-n", "-n_open", key)[:BREAKDOWN_ROWS]


def by_page(site: Site, since: datetime) -> list[Row]:
    """The articles with the most issues reported since SINCE."""
    counted = _counted(_reported(site.pk, since).values("page_id"), "page_id")
    counts = {row["page_id"]: row for row in counted}
    # The top rows' pages only, in a second query.
    pages = Page.objects.filter(pk__in=counts).only("pk", "url", "title")
    found = {page.pk: page for page in pages}
    return [
        Row(
            str(pk),
            found[pk].label,
            row["n"],
            row["n_open"],
            url=page_link(found[pk], site),
        )
        for pk, row in counts.items()
        if pk in found  # deleted meanwhile
    ]


def by_section(site_id: int, since: datetime) -> list[Row]:
    """The site sections ("/sport/") with the most issues reported since SINCE."""
    rows = _counted(_reported(site_id, since).values("page__section"), "page__section")
    return [
        Row(row["page__section"], row["page__section"], row["n"], row["n_open"])
        for row in rows
    ]


def by_language(site_id: int, since: datetime, codes: list[str]) -> list[Row]:
    """How many issues reported since SINCE are in each language of CODES (as the
    pages declared it: "en" counts "en-GB" too, as the inbox's filter does), most
    first; then those in any other language or none, as a row with the key ""."""
    counts, known = {}, Q(pk__in=[])
    for code in codes:
        match = Q(lang__istartswith=code)
        counts[code] = Count("id", filter=match)
        counts[f"{code}_open"] = Count("id", filter=match & Q(status=Status.OPEN))
        known |= match
    other = ~known
    counts["_"] = Count("id", filter=other)
    counts["__open"] = Count("id", filter=other & Q(status=Status.OPEN))
    found = _reported(site_id, since).aggregate(**counts)
    rows = [Row(code, code, found[code], found[f"{code}_open"]) for code in codes]
    rows.append(Row("", "", found["_"], found["__open"]))
    return sorted((row for row in rows if row.issues), key=lambda r: -r.issues)
