"""Triage in the dashboard: inbox, filters, search, paging, issue page, actions."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from orfo.issues import inbox
from orfo.issues.models import Activity, Issue, Status
from tests.conftest import make_report

pytestmark = pytest.mark.django_db

TEXT = (
    "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray"
)


def report_words(site, send, words, **fields):
    for word in words:
        assert send(make_report(site, word, text=TEXT, **fields)).status_code == 201


def test_the_inbox_lists_open_issues_most_reported_first(client, site, send, editor):
    report_words(site, send, ["bravo", "delta", "delta", "golf", "golf", "golf"])
    Issue.objects.get(quote="bravo").set_status(Status.RESOLVED)
    client.force_login(editor)
    html = client.get("/dashboard/").content.decode()
    assert html.index(">golf<") < html.index(">delta<")
    assert ">bravo<" not in html
    resolved = client.get("/dashboard/?status=resolved").content.decode()
    assert ">bravo<" in resolved and ">golf<" not in resolved


def test_filters_and_search(client, site, send, editor):
    report_words(site, send, ["kilo"], comment="wrong letter", lang="ru")
    report_words(site, send, ["lima"], correction="Lima!", lang="en")
    report_words(site, send, ["mike"], url="https://news.kz/sport/match", lang="kk")
    Issue.objects.filter(quote="kilo").update(assignee=editor)
    client.force_login(editor)

    def shown(query):
        html = client.get("/dashboard/?status=open&" + query).content.decode()
        return {w for w in ("kilo", "lima", "mike") if f">{w}<" in html}

    assert shown("q=letter") == {"kilo"}  # a report's comment
    assert shown("q=lima!") == {"lima"}  # a correction, case-insensitive
    assert shown("q=sport") == {"mike"}  # the URL
    assert shown("q=MIK") == {"mike"}  # the quote
    assert shown("lang=kk") == {"mike"}
    assert shown("mine=on") == {"kilo"}
    today = timezone.localdate()
    assert shown(f"since={today}") == {"kilo", "lima", "mike"}
    assert shown(f"until={today - timedelta(days=1)}") == set()
    assert client.get("/dashboard/?since=not-a-date").status_code == 200


def test_keyset_pages_cover_every_issue_once(site, send):
    words = TEXT.split()[:23]
    for n, word in enumerate(words):
        report_words(site, send, [word] * (1 + n % 3))
    query = inbox.InboxQuery(site_ids=[site.pk])
    seen, cursor = [], ""
    while True:
        rows, cursor = inbox.page(query, cursor, size=5)
        seen += [issue.quote for issue in rows]
        if not cursor:
            break
    assert sorted(seen) == sorted(words)
    counts = [Issue.objects.get(quote=q).report_count for q in seen]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("cursor", ["garbage", "W10", "eyJ4IjogMX0", "%%%"])
def test_a_tampered_cursor_shows_the_first_page(client, site, send, editor, cursor):
    report_words(site, send, ["Alpha"])
    client.force_login(editor)
    response = client.get(f"/dashboard/?after={cursor}")
    assert response.status_code == 200 and ">Alpha<" in response.content.decode()


def _cursor(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor([1, "9999-12-31T23:59:59-05:00", 1]),  # year 10000 in UTC
        _cursor([1, "0001-01-01T00:00:00+05:00", 1]),  # year 0 in UTC
        _cursor([1, "2026-01-01T00:00:00", 1]),  # no time zone
        _cursor([2**64, "2026-01-01T00:00:00+00:00", 1]),
    ],
)
def test_a_forged_cursor_out_of_range_shows_the_first_page(
    client, site, send, editor, cursor
):
    report_words(site, send, ["Alpha"])
    client.force_login(editor)
    response = client.get(f"/dashboard/?after={cursor}")
    assert response.status_code == 200 and ">Alpha<" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["until=9999-12-31", "since=9999-12-31", "since=0001-01-01"]
)
def test_dates_out_of_range_are_bad_filters_not_a_500(
    client, site, send, editor, settings, query
):
    settings.TIME_ZONE = "Asia/Almaty"  # ahead of UTC: year 1 overflows too
    report_words(site, send, ["Alpha"])
    client.force_login(editor)
    response = client.get(f"/dashboard/?{query}")
    assert response.status_code == 200
    assert "Some filters are not valid." in response.content.decode()


def test_bulk_actions(client, site, send, editor):
    report_words(site, send, ["echo", "hotel", "india"])
    ids = list(Issue.objects.values_list("pk", flat=True))
    client.force_login(editor)
    spam = {"action": "spam", "issue": ids[:2], "next": "/dashboard/"}
    response = client.post("/dashboard/bulk/", {**spam, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert Issue.objects.filter(status=Status.SPAM).count() == 2
    client.post("/dashboard/bulk/", {"action": "assign_me", "issue": ids})
    assert Issue.objects.filter(assignee=editor).count() == 3
    evil = client.post(
        "/dashboard/bulk/",
        {"action": "resolve", "issue": ids, "next": "https://evil.example/"},
    )
    assert evil["Location"] == "/dashboard/"


def test_the_issue_page_shows_context_reports_and_corrections(
    client, issue, site, send, editor
):
    send(make_report(site, correction="then"))
    send(make_report(site, correction="the", comment="Second"))
    client.force_login(editor)
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    assert "<mark>teh</mark>" in html
    assert html.index(">the<") < html.index(">then<")  # most suggested first
    assert "Please fix" in html and "Second" in html
    assert "#:~:text=opened-,teh,-doors" in html


def test_the_issue_page_lists_twenty_corrections_and_how_many_more(
    client, issue, editor
):
    """Any reader can add a correction: 300 of them made a 351 KiB page."""
    from orfo.issues.models import IssueCorrection

    IssueCorrection.objects.filter(issue=issue).delete()
    IssueCorrection.objects.bulk_create(
        IssueCorrection(issue=issue, text=f"fix{n:03}", count=1 + (n == 299))
        for n in range(300)
    )
    client.force_login(editor)
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    assert html.count('value="readers"') == 20
    assert ">fix299<" in html and ">fix019<" not in html  # most suggested first
    assert "and 280 more corrections by readers" in html
    client.cookies["django_language"] = "ru"
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    assert "и ещё 280 исправлений от читателей" in html


def test_status_assignment_and_notes_make_history(client, issue, editor):
    client.force_login(editor)
    url = f"/dashboard/issues/{issue.pk}/"
    client.post(url + "status/", {"status": "resolved"})
    client.post(url + "assign/", {"assignee": editor.pk})
    client.post(url + "note/", {"note": "Fixed in the CMS"})
    client.post(url + "status/", {"status": "nonsense"})
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED and issue.assignee == editor
    kinds = list(Activity.objects.filter(issue=issue).values_list("kind", "user"))
    assert kinds == [
        ("created", None),
        ("status", editor.pk),
        ("assigned", editor.pk),
        ("note", editor.pk),
    ]
    html = client.get(url).content.decode()
    assert "Fixed in the CMS" in html and "assigned to editor" in html


def test_owner_changes_hosts_rotates_the_key_and_manages_members(
    client, site, owner, editor, send
):
    client.force_login(owner)
    url = f"/dashboard/sites/{site.pk}/"
    response = client.post(
        url,
        {
            "name": "News KZ",
            "hosts": "news.kz\nNEWS.example",
            "default_lang": "kk",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.hosts, site.default_lang) == (
        "News KZ",
        ["news.example", "news.kz"],
        "kk",
    )
    bad = client.post(
        url, {"name": "x", "hosts": "https://bad host/", "default_lang": "ru"}
    )
    assert bad.status_code == 200 and "give a host name only" in bad.content.decode()

    old = site.key
    client.post(url + "rotate-key/")
    site.refresh_from_db()
    assert site.key != old
    assert send(make_report(site, site=old)).status_code == 403
    assert send(make_report(site)).status_code == 201

    membership = site.memberships.get(user=editor)
    client.post(f"{url}members/{membership.pk}/", {"role": "owner"})
    assert site.memberships.get(user=editor).role == "owner"
    client.post(f"{url}members/{membership.pk}/remove/")
    assert not site.memberships.filter(user=editor).exists()
    last = site.memberships.get(user=owner)
    client.post(f"{url}members/{last.pk}/", {"role": "editor"})
    assert site.memberships.get(user=owner).role == "owner"  # the last owner stays


def test_the_settings_page_offers_the_snippet_and_notice_lines(client, site, editor):
    client.force_login(editor)
    html = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert f"data-site=&quot;{site.key}&quot;" in html
    for notice in ("Нашли ошибку?", "Қате таптыңыз ба?", "Found a mistake?"):
        assert notice in html


def test_the_overview_draws_charts_and_lists_articles(client, site, send, owner):
    send(make_report(site))
    send(make_report(site, "quick", text="the quick brown fox jumps"))
    Issue.objects.get(quote="quick").set_status(Status.RESOLVED)
    client.force_login(owner)
    html = client.get("/dashboard/overview/").content.decode()
    assert html.count("<svg") == 2 and 'class="bar"' in html
    assert "Almaty opens a library" in html
    assert "minute" in html  # the median time to resolve


def test_the_next_page_keeps_showing_open_issues_only():
    from django.http import QueryDict

    from orfo.dashboard.forms import InboxFilterForm

    for query, status in [
        ("", "open"),
        ("after=abc", "open"),
        ("status=", ""),
        ("status=spam&after=abc", "spam"),
    ]:
        form = InboxFilterForm(QueryDict(query), sites=[])
        assert form.is_valid() and form.cleaned_data["status"] == status, query


def test_search_ignores_case_in_every_alphabet(client, site, send, editor):
    text = "В Алматы ОБЬЯВИЛИ об открытии. Жаңа ҚАЛАЛЫК кітапхана."
    for word in ("ОБЬЯВИЛИ", "ҚАЛАЛЫК"):
        assert (
            send(make_report(site, word, text=text, comment="Ёлка")).status_code == 201
        )
    client.force_login(editor)

    def shown(q):
        html = client.get(f"/dashboard/?q={q}").content.decode()
        return {w for w in ("ОБЬЯВИЛИ", "ҚАЛАЛЫК") if f">{w}<" in html}

    assert shown("обьяв") == {"ОБЬЯВИЛИ"}
    assert shown("қалалық"[:5]) == {"ҚАЛАЛЫК"}
    assert shown("ёлка") == {"ОБЬЯВИЛИ", "ҚАЛАЛЫК"}  # a comment
