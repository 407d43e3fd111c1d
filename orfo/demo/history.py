"""Four weeks of made-up history for the demo newsroom, so that its overview is not
empty on first look: reports on older articles in several sections and the three
languages, most of them resolved a few hours or days after the first report.

Demo only (`orfo demo`, which runs only with ORFO_DEMO=1; the demo serves the old
articles at their paths, orfo.demo.views.old_article). The rows are written
directly, not through grouping: past reports must not notify anyone or ask for
checks of the live pages. Every report's client id starts with CLIENT_PREFIX:
history is added once per database.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orfo.demo.articles import Article
from orfo.issues.api import page_key
from orfo.issues.models import (
    Activity,
    Issue,
    IssueCorrection,
    Page,
    Resolution,
    Status,
    extend_search_text,
)
from orfo.lib.urls import section_of
from orfo.reports.models import Report
from orfo.sites.models import Site

DAYS = 28
CLIENT_PREFIX = "demo-history-"


@dataclass(frozen=True)
class Error:
    prefix: str
    quote: str
    suffix: str
    correction: str


@dataclass(frozen=True)
class OldArticle:
    lang: str
    path: str
    title: str
    errors: tuple[Error, ...]


ARCHIVE = (
    OldArticle(
        "ru",
        "/news/2026/avtobusy-na-liniyah/",
        "На линии вышли сорок новых автобусов",
        (
            Error(
                "Ещё двадцать машин ", "прийдут", " в город до конца года.", "придут"
            ),
            Error("Проезд по-прежнему стоит ", "двесте", " тенге.", "двести"),
        ),
    ),
    OldArticle(
        "ru",
        "/society/2026/shkoly-smeny/",
        "Школы переходят на одну смену",
        (
            Error("Министерство ", "обещеет", " построить ещё десять школ.", "обещает"),
            Error("Родители ", "растроены", " переносом уроков.", "расстроены"),
            Error(
                "По словам директора, ",
                "в течении",
                " года всё наладится.",
                "в течение",
            ),
        ),
    ),
    OldArticle(
        "ru",
        "/sport/2026/kairat-final/",
        "«Кайрат» вышел в финал кубка",
        (Error("Матч прошёл при ", "полнм", " стадионе.", "полном"),),
    ),
    OldArticle(
        "kk",
        "/news/2026/jana-kopir/",
        "Елордада жаңа көпір ашылды",
        (
            Error("Көпір ", "кузге", " дейін толық жөнделеді.", "күзге"),
            Error("Құрылысқа ", "мын", " жұмысшы қатысты.", "мың"),
        ),
    ),
    OldArticle(
        "kk",
        "/culture/2026/teatr-mausym/",
        "Театр жаңа маусымды ашты",
        (Error("Алғашқы ", "кйлылымға", " билеттер сатылып кетті.", "қойылымға"),),
    ),
    OldArticle(
        "en",
        "/economy/2026/tenge-rate/",
        "The tenge holds steady after the central bank's decision",
        (
            Error("The bank kept its ", "bace rate", " at 14.25 percent.", "base rate"),
            Error("Analysts ", "expcet", " inflation to slow next year.", "expect"),
        ),
    ),
    OldArticle(
        "en",
        "/sport/2026/marathon/",
        "Ten thousand runners take part in the Almaty marathon",
        (
            Error(
                "The winner finished in ", "two ours", " and nine minutes.", "two hours"
            ),
            Error("Runners came from ", "fourty", " countries.", "forty"),
        ),
    ),
)
BROWSERS = ("chrome", "firefox", "safari", "edge")
DEVICES = ("desktop", "mobile", "mobile", "tablet")


def old_article(path: str) -> Article | None:
    """The archive's article at PATH as the demo serves it: one paragraph per error's
    sentence, so that its issues' links and the checks of the live page find them."""
    for old in ARCHIVE:
        if old.path == path:
            return Article(
                lang=old.lang,
                title=old.title,
                lead="",
                paragraphs=tuple(f"{e.prefix}{e.quote}{e.suffix}" for e in old.errors),
                errors=tuple((e.quote, e.correction) for e in old.errors),
            )
    return None


def exists(site: Site) -> bool:
    return Report.objects.filter(
        site=site, client_id__startswith=CLIENT_PREFIX
    ).exists()


def add(site: Site, editor, now: datetime | None = None) -> int:
    """Add the history to SITE (EDITOR resolves issues in it) unless it has it;
    return how many issues were made (0 when it had it)."""
    now = now or timezone.now()
    rng = random.Random(2026)  # the same history on every machine
    with transaction.atomic():
        # Locked, as the site row: two `orfo demo` at once make one history.
        Site.objects.select_for_update().filter(pk=site.pk).first()
        if exists(site):
            return 0
        made, serial = 0, 0
        for article in ARCHIVE:
            # On the demo site's host, in the sections a newsroom has.
            url = f"{settings.SITE_ROOT}{article.path}"
            page = None
            for error in article.errors:
                first = now - timedelta(
                    days=rng.uniform(0.5, DAYS - 0.5), hours=rng.uniform(0, 6)
                )
                page = page or _page(site, article, url, first)
                serial = _issue(
                    site, page, article, error, first, now, editor, rng, serial
                )
                made += 1
        return made


def _page(site: Site, article: OldArticle, url: str, first: datetime) -> Page:
    page, _ = Page.objects.get_or_create(
        site=site,
        url_hash=page_key(url),
        defaults={
            "url": url,
            "title": article.title,
            "section": section_of(url),
            "created": first,
        },
    )
    return page


def _issue(site, page, article, error, first, now, editor, rng, serial) -> int:
    fate = rng.random()
    # Most errors are fixed within hours, some take days, a few stay open.
    if fate < 0.55:
        fixed = first + timedelta(minutes=rng.uniform(25, 60 * 9))
    elif fate < 0.75:
        fixed = first + timedelta(hours=rng.uniform(14, 70))
    else:
        fixed = None
    if fixed is not None and fixed >= now:
        fixed = None
    n = rng.choice((1, 1, 2, 2, 3, 4, 6, 9))
    if fixed is None:
        # One reader each: the inbox lists the most readers first, and a newcomer's
        # own first report (one reader, just now) must top it, not sink below these.
        n = 1
    until = fixed or now
    times = sorted(first + (until - first) * rng.random() ** 2 for _ in range(n - 1))
    times = [first, *times]
    issue = Issue.objects.create(
        site=site,
        page=page,
        quote=error.quote,
        prefix=error.prefix,
        suffix=error.suffix,
        position=len(article.title) + 1,
        lang=article.lang,
        first_seen=first,
        last_seen=times[-1],
        report_count=n,
        reader_count=n,
        top_correction=error.correction,
        search_text=extend_search_text("", error.quote, page.url, error.correction),
    )
    IssueCorrection.objects.create(issue=issue, text=error.correction, count=n)
    activity = [
        Activity(
            issue=issue,
            kind=Activity.Kind.CREATED,
            to_status=Status.OPEN,
            created=first,
        )
    ]
    reports = []
    for when in times:
        serial += 1
        reports.append(
            Report(
                site=site,
                issue=issue,
                client_id=f"{CLIENT_PREFIX}{serial:04d}",
                url=page.url,
                title=article.title,
                lang=article.lang,
                quote=error.quote,
                prefix=error.prefix,
                suffix=error.suffix,
                position_start=len(error.prefix),
                position_end=len(error.prefix) + len(error.quote),
                correction=error.correction,
                created=when,
                reader_hash=f"demo{serial:04d}",
                browser=rng.choice(BROWSERS),
                device=rng.choice(DEVICES),
            )
        )
    Report.objects.bulk_create(reports)
    if fixed is not None:
        Issue.objects.filter(pk=issue.pk).update(
            status=Status.RESOLVED,
            resolved_at=fixed,
            resolution=Resolution.FIX,
            accepted_fix=error.correction,
        )
        activity += [
            Activity(
                issue=issue,
                kind=Activity.Kind.FIX,
                user=editor,
                note=f"readers: {error.correction}",
                created=fixed,
            ),
            Activity(
                issue=issue,
                kind=Activity.Kind.STATUS,
                user=editor,
                from_status=Status.OPEN,
                to_status=Status.RESOLVED,
                created=fixed,
            ),
        ]
    Activity.objects.bulk_create(activity)
    return serial
