"""The API for a newsroom's tools and CMS: GET/PATCH /api/v1/issues[/{id}], POST
/api/v1/pages/recheck (site API token), and `orfo sitetoken`."""

import io
import json
import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import Issue, Status
from orfo.outbox.models import Event
from orfo.verification.models import Check, PageState
from orfo.verification.tasks import run_check
from tests.conftest import NEWS_PAGE, make_report
from tests.verification.fakes import fake_page

pytestmark = pytest.mark.django_db

ARTICLE = "The mayor said teh new bridge opens in May. Its recieved funding was cut."


def call(client, method, path, token, body=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, params, **headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(
        path, data=data, content_type="application/json", **headers
    )


def fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def report(site, send):
    def report(quote="teh", url=NEWS_PAGE, **more) -> Issue:
        response = send(make_report(site, quote, url=url, text=ARTICLE, **more))
        assert response.status_code in (200, 201), response.content
        return Issue.objects.get(pk=response.json()["issue"])

    return report


def many_issues(site, n: int, url: str = NEWS_PAGE) -> list[Issue]:
    """N issues of SITE, grouped as reports are (distinct quotes, one page)."""
    made = []
    with transaction.atomic():
        for i in range(n):
            words = f"word{i} spelled wrong"
            selection = issues.Selection(
                url=url,
                title="",
                lang="en",
                quote=words,
                prefix=f"before {i} ",
                suffix=f" after {i}",
                position=i * 40,
                correction="",
            )
            made.append(issues.group_report(site, selection, timezone.now()).issue)
    return made


# Authentication and tenancy


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("get", "/api/v1/issues", None),
        ("get", "/api/v1/issues/1", None),
        ("patch", "/api/v1/issues/1", {"status": "resolved"}),
        ("post", "/api/v1/pages/recheck", {"urls": [NEWS_PAGE]}),
    ],
)
def test_a_missing_or_bad_token_is_401(client, site, method, path, body):
    for token in ["", "orfo_nope", "x" * 5000, site.key]:
        response = call(client, method, path, token, body)
        assert response.status_code == 401, (token[:10], response.content)
        assert response.json()["error"]
    site.is_active = False
    site.save()
    assert call(client, method, path, site.api_token, body).status_code == 401


def test_another_sites_issue_is_404_and_never_listed(
    client, site, other_site, report, send
):
    ours = report()
    response = send(
        make_report(other_site, "teh", url="https://other.example/a", text=ARTICLE),
        origin="https://other.example",
    )
    theirs = Issue.objects.get(pk=response.json()["issue"])
    for issue, token, found in [
        (ours, site.api_token, 200),
        (theirs, site.api_token, 404),
        (ours, other_site.api_token, 404),
        (theirs, other_site.api_token, 200),
    ]:
        path = f"/api/v1/issues/{issue.pk}"
        assert call(client, "get", path, token).status_code == found
        patched = call(client, "patch", path, token, {"status": "ignored"})
        assert patched.status_code == found
        if found == 404:
            assert patched.json()["error"] == "not_found"
    # Neither 404 changed anything (the 200s ignored them).
    assert Event.objects.filter(kind="issue.resolved").count() == 0
    listed = call(client, "get", "/api/v1/issues", site.api_token).json()["items"]
    assert [item["id"] for item in listed] == [ours.pk]
    assert call(client, "get", "/api/v1/issues/999999", site.api_token).json() == {
        "error": "not_found",
        "message": "no such issue on this site",
        "errors": [],
    }


# The item


def test_an_item_says_what_the_issue_is_and_what_checks_found(client, site, report):
    issue = report(correction="the")
    report(correction="the")
    item = call(client, "get", "/api/v1/issues", site.api_token).json()["items"][0]
    assert item["id"] == issue.pk
    assert (item["status"], item["url"], item["quote"]) == ("open", NEWS_PAGE, "teh")
    assert item["prefix"] == "The mayor said " and item["suffix"].startswith(" new")
    assert (item["reports"], item["readers"]) == (2, 2)
    assert (item["fix"], item["correction"], item["verification"]) == (
        None,
        "the",
        None,
    )
    assert item["first_seen"] and item["last_seen"]
    assert item["link"].endswith(f"/dashboard/issues/{issue.pk}/")
    checked = timezone.now()
    issue.record_check("present", checked, "… said teh new …")
    item = call(client, "get", f"/api/v1/issues/{issue.pk}", site.api_token).json()
    assert item["verification"]["verdict"] == "present"
    assert item["verification"]["live_text"] == "… said teh new …"
    assert item["verification"]["checked_at"].startswith(checked.strftime("%Y-%m-%dT"))


def test_the_issue_lists_its_reports_without_who_sent_them(client, site, report):
    issue = report(comment="typo here", correction="the")
    report(comment="again")
    body = call(client, "get", f"/api/v1/issues/{issue.pk}", site.api_token).json()
    assert body["report_count"] == 2
    assert [r["comment"] for r in body["reports"]] == ["again", "typo here"]
    first = body["reports"][1]
    assert (first["quote"], first["correction"], first["url"]) == (
        "teh",
        "the",
        NEWS_PAGE,
    )
    assert set(first) == {
        "id",
        "url",
        "title",
        "lang",
        "quote",
        "prefix",
        "suffix",
        "comment",
        "correction",
        "created",
    }
    text = json.dumps(body)
    from orfo.reports.models import Report

    for reader in Report.objects.values_list("reader_hash", flat=True):
        assert reader and reader not in text
    assert "192.0.2." not in text
    # A report held from a blocked reader is not shown.
    Report.objects.filter(comment="again").update(held=True)
    body = call(client, "get", f"/api/v1/issues/{issue.pk}", site.api_token).json()
    assert [r["comment"] for r in body["reports"]] == ["typo here"]


# Pagination


def test_pages_walk_every_issue_exactly_once_while_issues_change(client, site, report):
    made = many_issues(site, 23)
    seen, cursor, pages = [], None, 0
    rng = random.Random(5)
    while True:
        params = {"limit": 5} | ({"cursor": cursor} if cursor else {})
        body = call(client, "get", "/api/v1/issues", site.api_token, **params).json()
        assert len(body["items"]) <= 5
        seen += [item["id"] for item in body["items"]]
        pages += 1
        # Meanwhile readers report issues not listed yet, and new ones.
        for issue in rng.sample(made, 3):
            issue.count_report(timezone.now())
        report()
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 5
    assert sorted(seen) == sorted(i.pk for i in made)
    assert seen == sorted(seen, reverse=True)  # newest first


def test_limit_defaults_and_is_bounded(client, site):
    many_issues(site, 60)
    body = call(client, "get", "/api/v1/issues", site.api_token).json()
    assert len(body["items"]) == 50 and body["next"]
    body = call(client, "get", "/api/v1/issues", site.api_token, limit=100).json()
    assert len(body["items"]) == 60 and body["next"] is None
    for limit in [0, 101, -1, "x", "1.5"]:
        response = call(client, "get", "/api/v1/issues", site.api_token, limit=limit)
        assert response.status_code == 422, limit
        assert fields(response) == {"limit"}


@pytest.mark.parametrize(
    "cursor",
    [
        "garbled",
        "",
        "W10:1tAbcD:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "x" * 201,
        "%00",
        "MQ:1vWxYz:" + "A" * 43,
    ],
)
def test_a_cursor_that_is_not_one_is_422_naming_it(client, site, cursor):
    many_issues(site, 3)
    response = call(client, "get", "/api/v1/issues", site.api_token, cursor=cursor)
    assert response.status_code == 422, response.content
    assert fields(response) == {"cursor"}


def test_a_cursor_signed_for_something_else_is_refused(client, site):
    from django.core import signing

    many_issues(site, 3)
    for forged in [signing.dumps(2), signing.dumps("1", salt="x"), signing.dumps(-1)]:
        response = call(client, "get", "/api/v1/issues", site.api_token, cursor=forged)
        assert fields(response) == {"cursor"}


# Filters


def test_filter_by_status(client, site, report):
    done, still = report(), report("recieved")
    issues.set_status(done, Status.RESOLVED)
    for status, expected in [("resolved", [done]), ("open", [still]), ("spam", [])]:
        body = call(client, "get", "/api/v1/issues", site.api_token, status=status)
        assert [i["id"] for i in body.json()["items"]] == [i.pk for i in expected]
    response = call(client, "get", "/api/v1/issues", site.api_token, status="closed")
    assert response.status_code == 422 and fields(response) == {"status"}


def test_filter_by_url_normalised_as_grouping_is(client, site, report):
    here = report(url="https://news.kz/2026/1/story?id=7")
    report(url="https://news.kz/2026/1/other")
    for url in [
        "https://news.kz/2026/1/story?id=7",
        "https://www.news.kz/2026/1/story/?utm_source=tg&id=7#comments",
        "HTTPS://News.kz/2026/1/./story?fbclid=abc&id=7",
    ]:
        body = call(client, "get", "/api/v1/issues", site.api_token, url=url).json()
        assert [i["id"] for i in body["items"]] == [here.pk], url
    body = call(
        client, "get", "/api/v1/issues", site.api_token, url="https://news.kz/none"
    ).json()
    assert body == {"items": [], "next": None}
    for bad in [
        "news.kz/a",
        "https://evil.example\\@news.kz/",
        "javascript:x",
        "x" * 3000,
    ]:
        response = call(client, "get", "/api/v1/issues", site.api_token, url=bad)
        assert response.status_code == 422 and fields(response) == {"url"}, bad


def test_filter_by_verification(client, site, report):
    unchecked, present, verified = report(), report("recieved"), report("bridge")
    now = timezone.now()
    present.record_check("present", now)
    issues.resolve_with_fix(verified, "Bridge", "api")
    verified.record_check("fixed", now)
    verified.mark_verified(now)
    cases = {
        "unchecked": [unchecked],
        "present": [present],
        "fixed": [verified],
        "verified": [verified],
        "pending": [],
        "gone": [],
    }
    for state, expected in cases.items():
        body = call(
            client, "get", "/api/v1/issues", site.api_token, verification=state
        ).json()
        assert [i["id"] for i in body["items"]] == [i.pk for i in expected], state
    response = call(client, "get", "/api/v1/issues", site.api_token, verification="ok")
    assert response.status_code == 422 and fields(response) == {"verification"}


# PATCH


def test_resolving_with_a_fix_records_it_and_announces_it(client, site, report):
    issue = report()
    response = call(
        client,
        "patch",
        f"/api/v1/issues/{issue.pk}",
        site.api_token,
        {"status": "resolved", "fix": "the"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["fix"], body["resolution"]) == (
        "resolved",
        "the",
        "fix",
    )
    assert body["resolved_at"] and body["reports"][0]["quote"] == "teh"
    history = list(issue.activity.values_list("kind", "note", "to_status"))
    assert history[-2:] == [("fix", "api: the", ""), ("status", "", "resolved")]
    event = Event.objects.get(kind="issue.resolved")
    assert (event.data["fix"], event.data["resolution"]) == ("the", "fix")
    # The same again changes nothing and announces nothing.
    again = call(
        client, "patch", f"/api/v1/issues/{issue.pk}", site.api_token, {"fix": "the"}
    )
    assert again.status_code == 200 and again.json()["status"] == "resolved"
    assert Event.objects.filter(kind="issue.resolved").count() == 1


def test_status_changes_go_through_the_history_and_events(client, site, report):
    issue = report()
    path = f"/api/v1/issues/{issue.pk}"
    for status in ["ignored", "open", "resolved", "open"]:
        response = call(client, "patch", path, site.api_token, {"status": status})
        assert response.status_code == 200 and response.json()["status"] == status
    issue.refresh_from_db()
    assert issue.status == "open" and issue.resolution == ""
    moves = list(
        issue.activity.filter(kind="status").values_list("from_status", "to_status")
    )
    assert moves == [
        ("open", "ignored"),
        ("ignored", "open"),
        ("open", "resolved"),
        ("resolved", "open"),
    ]
    kinds = list(
        Event.objects.filter(kind__in=["issue.resolved", "issue.reopened"])
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["issue.reopened", "issue.resolved", "issue.reopened"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"status": "closed"}, "status"),
        ({"status": "spam"}, "status"),
        ({"status": 1}, "status"),
        ({"fix": "x" * 301}, "fix"),
        ({"fix": "x" * 5000}, "fix"),
        ({"fix": "\u200b "}, "fix"),
        ({"fix": 5}, "fix"),
        ({"status": "resolved", "assignee": "me"}, "assignee"),
        ({}, "body"),
        ({"status": "ignored", "fix": "the"}, "body"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(client, site, report, body, field):
    issue = report()
    path = f"/api/v1/issues/{issue.pk}"
    response = call(client, "patch", path, site.api_token, body)
    assert response.status_code == 422, response.content
    assert response.json()["error"] == "invalid_field"
    assert fields(response) == {field}
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix) == ("open", "")
    assert not Event.objects.filter(kind="issue.resolved").exists()


def test_bodies_that_are_not_json_objects_are_400(client, site, report):
    path = f"/api/v1/issues/{report().pk}"
    for raw in ["", "nope", "[]", '{"status": "open", "status": "resolved"}']:
        response = call(client, "patch", path, site.api_token, raw)
        assert response.status_code == 400, raw
        assert response.json()["error"] == "invalid_json"
    for bad in ["0", "-1", "x", str(2**64)]:
        response = call(client, "get", f"/api/v1/issues/{bad}", site.api_token)
        assert response.status_code == 422, bad
        assert fields(response) == {"issue_id"}


# Recheck


def test_recheck_queues_a_check_now_of_each_page(client, site, report, monkeypatch):
    page = fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    other = report("recieved", url="https://news.kz/2026/1/other")
    ignored = report(url="https://news.kz/2026/1/ignored")
    issues.set_status(ignored, Status.IGNORED)
    response = call(
        client,
        "post",
        "/api/v1/pages/recheck",
        site.api_token,
        {
            "urls": [
                NEWS_PAGE + "?utm_source=cms#top",
                NEWS_PAGE,
                "https://news.kz/2026/1/other",
                "https://news.kz/2026/1/ignored",  # nothing there to check
                "https://news.kz/never-reported",
            ]
        },
    )
    assert response.status_code == 202, response.content
    assert response.json() == {"queued": 2}
    for queued in (issue, other):
        assert PageState.objects.get(page_id=queued.page_id).due_at <= timezone.now()
    assert not PageState.objects.filter(page_id=ignored.page_id, urgent=True).exists()
    assert run_check(issue.page_id) == "ok"
    assert len(page.fetches) == 1
    check = Check.objects.get(issue=issue)
    assert (check.reason, check.verdict) == ("cms", "fixed")
    item = call(client, "get", f"/api/v1/issues/{issue.pk}", site.api_token).json()
    assert item["verification"]["verdict"] == "fixed"
    assert item["verified_at"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"urls": []}, "urls"),
        ({"urls": [NEWS_PAGE] * 101}, "urls"),
        ({"urls": ["https://other.example/a"]}, "urls.0"),
        ({"urls": [NEWS_PAGE, "https://evil.example\\@news.kz/"]}, "urls.1"),
        ({"urls": [NEWS_PAGE, "ftp://news.kz/a"]}, "urls.1"),
        ({"urls": ["https://news.kz/" + "a" * 3000]}, "urls.0"),
        ({"urls": NEWS_PAGE}, "urls"),
        ({"urls": [NEWS_PAGE], "now": True}, "now"),
        ({}, "urls"),
    ],
)
def test_bad_rechecks_are_422_naming_the_field(
    client, site, report, monkeypatch, body, field
):
    fake_page(monkeypatch)
    issue = report()
    response = call(client, "post", "/api/v1/pages/recheck", site.api_token, body)
    assert response.status_code == 422, response.content
    assert fields(response) == {field}
    assert not PageState.objects.filter(page_id=issue.page_id, urgent=True).exists()


def test_a_recheck_of_another_sites_page_queues_nothing(
    client, site, other_site, report
):
    issue = report()
    response = call(
        client,
        "post",
        "/api/v1/pages/recheck",
        other_site.api_token,
        {"urls": [NEWS_PAGE]},
    )
    assert response.status_code == 422 and fields(response) == {"urls.0"}
    other_site.hosts = ["other.example", "news.kz"]
    other_site.save()
    response = call(
        client,
        "post",
        "/api/v1/pages/recheck",
        other_site.api_token,
        {"urls": [NEWS_PAGE]},
    )
    assert response.json() == {"queued": 0}
    assert not PageState.objects.filter(page_id=issue.page_id, urgent=True).exists()


# orfo sitetoken


def test_sitetoken_prints_and_rotates_the_token(client, site):
    out = io.StringIO()
    call_command("sitetoken", site.key, stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == site.api_token
    old = site.api_token
    out = io.StringIO()
    call_command("sitetoken", site.key, "--rotate", stdout=out, stderr=io.StringIO())
    new = out.getvalue().strip()
    site.refresh_from_db()
    assert new == site.api_token != old and new.startswith("orfo_")
    assert call(client, "get", "/api/v1/issues", old).status_code == 401
    assert call(client, "get", "/api/v1/issues", new).status_code == 200
    with pytest.raises(CommandError):
        call_command("sitetoken", "no-such-key")


def test_old_issues_first_seen_order_does_not_matter(client, site):
    """The order is by id: an issue first seen long ago but created later (a late
    grouping) still comes first."""
    made = many_issues(site, 2)
    Issue.objects.filter(pk=made[1].pk).update(
        first_seen=timezone.now() - timedelta(days=30),
        last_seen=timezone.now() - timedelta(days=30),
    )
    body = call(client, "get", "/api/v1/issues", site.api_token).json()
    assert [i["id"] for i in body["items"]] == [made[1].pk, made[0].pk]
