"""The overview: headline figures against the previous period, the period picker,
breakdowns whose rows open the inbox on exactly their issues, bounded queries."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from orfo.dashboard import periods
from orfo.issues import overview
from orfo.issues.api import page_key
from orfo.issues.models import Activity, Issue, Page, Status
from orfo.lib.urls import section_of
from orfo.reports.models import Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


class History:
    """Issues and reports of SITE made at chosen moments before NOW."""

    def __init__(self, site, now):
        self.site, self.now, self.serial = site, now, 0

    def page(self, path: str, title: str = "") -> Page:
        url = f"https://news.kz{path}"
        return Page.objects.create(
            site=self.site,
            url=url,
            url_hash=page_key(url),
            title=title,
            section=section_of(url),
        )

    def issue(self, page, ago, reports=1, fixed_after=None, lang="ru", quote="x"):
        first = self.now - ago
        last = first + timedelta(minutes=reports - 1)
        issue = Issue.objects.create(
            site=self.site,
            page=page,
            quote=quote,
            lang=lang,
            first_seen=first,
            last_seen=last,
            report_count=reports,
            reader_count=reports,
        )
        Activity.objects.create(
            issue=issue, kind="created", to_status=Status.OPEN, created=first
        )
        for i in range(reports):
            self.serial += 1
            Report.objects.create(
                site=self.site,
                issue=issue,
                client_id=f"r{self.serial}",
                url=page.url,
                quote=quote,
                position_start=0,
                position_end=1,
                created=first + timedelta(minutes=i),
            )
        if fixed_after is not None:
            resolved = first + fixed_after
            Issue.objects.filter(pk=issue.pk).update(
                status=Status.RESOLVED, resolved_at=resolved
            )
            Activity.objects.create(
                issue=issue,
                kind="status",
                from_status=Status.OPEN,
                to_status=Status.RESOLVED,
                created=resolved,
            )
        return issue


@pytest.fixture
def history(site):
    return History(site, timezone.now())


def known_week(history):
    """This week: 3 issues (6 reports), 2 fixed (in 2 h and 4 h); the week before:
    2 issues (2 reports), 1 fixed in 10 h; one issue older still, open."""
    sport = history.page("/sport/2026/final", "Final")
    news = history.page("/news/bus")
    top = history.page("/about")
    history.issue(news, 30 * DAY, lang="kk", quote="old")
    history.issue(news, 10 * DAY, fixed_after=timedelta(hours=10), quote="a")
    history.issue(sport, 9 * DAY, lang="en", quote="b")
    history.issue(sport, 3 * DAY, reports=3, fixed_after=timedelta(hours=2), quote="c")
    history.issue(sport, 2 * DAY, reports=2, fixed_after=timedelta(hours=4), quote="d")
    history.issue(top, DAY / 2, lang="en-GB", quote="e")
    return sport, news, top


def test_the_headline_figures_against_the_previous_period(site, history):
    known_week(history)
    period = periods.choose("7d", history.now)
    assert period.current.end - period.current.start == (
        period.previous.end - period.previous.start
    )
    assert period.previous.end == history.now - 7 * DAY
    site_id = site.pk
    open_now = overview.open_issues(site_id, period.current.start)
    # Open now: old, b, e; at the period's start: old and b (a was fixed by then).
    assert (open_now.current, open_now.previous) == (3, 2)
    done = overview.resolved(site_id, period.current, period.previous)
    assert (done.current, done.previous) == (2, 1)
    assert overview.median_time_to_fix(site_id, period.current) == timedelta(hours=3)
    assert overview.median_time_to_fix(site_id, period.previous) == timedelta(hours=10)


def test_the_overview_page_shows_the_figures_and_their_change(client, owner, history):
    known_week(history)
    client.force_login(owner)
    html = unescape(client.get("/dashboard/overview/?period=7d").content.decode())
    figures = re.findall(
        r'<div class="figure card">\s*<h2>(.*?)</h2>\s*<p class="big">(?:<a[^>]*>)?'
        r"([^<]*).*?<p class=\"change\">(.*?)</p>",
        html,
        re.S,
    )
    found = {
        label: (value, " ".join(re.sub("<[^>]+>", " ", change).split()))
        for label, value, change in figures
    }
    assert found == {
        "New reports": ("6", "↑ +4 (+200%) previous period: 2"),
        "Open issues": ("3", "↑ +1 (+50%) at the start: 2"),
        "Resolved": ("2", "↑ +1 (+100%) previous period: 1"),
        "Median time to fix": ("3 hours", "↓ −70% previous period: 10 hours"),
    }


@pytest.mark.parametrize(
    "value", ["", "1y", "7D", "../today", "today\x00", "9" * 5000, "30d "]
)
def test_a_bad_period_is_the_default(client, owner, value):
    client.force_login(owner)
    response = client.get("/dashboard/overview/", {"period": value})
    assert response.status_code == 200
    assert response.context["period"].key == periods.DEFAULT


def test_each_period_is_picked(client, owner, history):
    known_week(history)
    client.force_login(owner)
    for key in periods.PERIODS:
        response = client.get("/dashboard/overview/", {"period": key})
        assert response.status_code == 200
        assert response.context["period"].key == key
        assert 'aria-current="page"' in response.content.decode()
    today = periods.choose("today", history.now)
    assert today.current.start == timezone.make_aware(
        timezone.datetime.combine(
            timezone.localdate(history.now), timezone.datetime.min.time()
        )
    )
    assert today.previous.end == history.now - DAY


def inbox_quotes(client, link):
    response = client.get(link)
    assert response.status_code == 200
    return sorted(issue.quote for issue in response.context["issues"])


def test_every_breakdown_row_opens_the_inbox_on_its_issues(client, owner, history):
    sport, news, top = known_week(history)
    client.force_login(owner)
    response = client.get("/dashboard/overview/?period=30d")
    breakdowns = {b["title"]: b["rows"] for b in response.context["breakdowns"]}
    rows = {title: {r[0]: r[1:] for r in found} for title, found in breakdowns.items()}
    # Reported in the last 30 days: a, b, c, d, e (old is 30 days and some hours).
    assert {label: row[:2] for label, row in rows["Articles"].items()} == {
        "Final": (3, 1),
        "/news/bus": (1, 0),
        "/about": (1, 1),
    }
    assert {label: row[:2] for label, row in rows["Sections"].items()} == {
        "/sport/": (3, 1),
        "/news/": (1, 0),
        "/ (top of the site)": (1, 1),
    }
    assert {label: row[:2] for label, row in rows["Languages"].items()} == {
        "English": (2, 2),
        "Русский": (3, 0),
    }
    expected = {
        "Final": ["b", "c", "d"],
        "/news/bus": ["a"],
        "/about": ["e"],
        "/sport/": ["b", "c", "d"],
        "/news/": ["a"],
        "/ (top of the site)": ["e"],
        "English": ["b", "e"],
        "Русский": ["a", "c", "d"],
    }
    for title, found in rows.items():
        for label, (count, _open, link, _url) in found.items():
            assert inbox_quotes(client, link) == expected[label], (title, label)
            assert len(expected[label]) == count


def test_the_inbox_names_what_the_overview_narrowed_it_to(client, owner, history):
    sport, *_ = known_week(history)
    client.force_login(owner)
    html = client.get(f"/dashboard/?status=&page={sport.pk}").content.decode()
    assert "Article: Final" in html
    html = client.get("/dashboard/?status=&section=/sport/").content.decode()
    assert "Section: /sport/" in html
    for bad in ["page=x", "page=0", "page=-1", f"page={2**64}", "section=" + "s" * 300]:
        response = client.get(f"/dashboard/?{bad}")
        assert response.status_code == 200
        assert response.context["issues"] == []


def test_an_article_of_another_site_filters_nothing_in(client, stranger, history):
    sport, *_ = known_week(history)
    client.force_login(stranger)
    response = client.get(f"/dashboard/?status=&page={sport.pk}")
    assert response.context["issues"] == []
    assert "Final" not in response.content.decode()


def test_the_overview_costs_the_same_queries_however_much_history(
    client, owner, history, django_assert_max_num_queries
):
    # A median costs one query when its period resolved nothing, else two: at most
    # MOST whatever the history, with a growing history or none.
    most = 17
    client.force_login(owner)
    for key in periods.PERIODS:
        with django_assert_max_num_queries(most):
            client.get(f"/dashboard/overview/?period={key}")
    known_week(history)
    pages = [history.page(f"/s{i}/a{i}") for i in range(15)]
    for i, page in enumerate(pages):
        history.issue(page, DAY / 4, reports=3, fixed_after=timedelta(hours=1))
        history.issue(page, 8 * DAY + i * DAY, reports=2, fixed_after=DAY, lang="kk")
        history.issue(page, 40 * DAY + i * DAY, lang="xx")
    for key in periods.PERIODS:
        with django_assert_max_num_queries(most):
            response = client.get(f"/dashboard/overview/?period={key}")
        for breakdown in response.context["breakdowns"]:
            assert 0 < len(breakdown["rows"]) <= overview.BREAKDOWN_ROWS


def test_a_reported_page_is_in_its_section(site, send):
    """Grouping files each new page under its URL's first path segment."""
    for url in [
        "https://news.kz/sport/2026/final?utm_source=x#top",
        "https://news.kz/%D1%81%D0%BF%D0%BE%D1%80%D1%82/a",
        "https://news.kz/about",
    ]:
        assert send(make_report(site, url=url)).status_code == 201
    sections = sorted(Page.objects.values_list("section", flat=True))
    assert sections == ["/", "/sport/", "/спорт/"]
