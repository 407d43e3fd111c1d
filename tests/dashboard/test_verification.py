"""The dashboard's side of closing the loop: resolve with a fix and move on, "Check
now", what the checks of the live page found, the inbox's verification filter, the
"Edit in CMS" link and the site settings behind it."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from orfo.issues import api as issues
from orfo.issues.models import Issue, Status
from orfo.verification.models import PageState
from orfo.verification.tasks import run_check
from tests.conftest import NEWS_PAGE, make_report
from tests.dashboard.conftest import HOSTILE
from tests.verification.fakes import fake_page

pytestmark = pytest.mark.django_db

TEXT = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike"


def reported(site, send, word, readers=1, **fields) -> Issue:
    for _ in range(readers):
        response = send(make_report(site, word, text=TEXT, **fields))
        assert response.status_code == 201, response.content
    return Issue.objects.get(quote=word)


def body(response) -> str:
    return response.content.decode()


def flashed(client, response) -> str:
    """The page a redirect leads to (its flash messages included)."""
    assert response.status_code == 302, response
    return body(client.get(response["Location"]))


# Resolve with a fix, then the next issue of the same list.


def test_accept_resolves_with_the_fix_and_opens_the_next_issue_of_the_list(
    client, site, send, editor
):
    first = reported(site, send, "bravo", readers=3, lang="en", correction="Bravo")
    reported(site, send, "delta", readers=2, lang="kk")  # not in the list
    last = reported(site, send, "golf", readers=1, lang="en")
    client.force_login(editor)
    inbox = body(client.get("/dashboard/?status=open&lang=en"))
    # The rows link to issue pages that remember the list.
    link = f"/dashboard/issues/{first.pk}/?status=open&amp;lang=en"
    assert f'href="{link}"' in inbox
    page = body(client.get(link.replace("&amp;", "&")))
    action = f"/dashboard/issues/{first.pk}/accept/?status=open&amp;lang=en"
    assert f'action="{action}"' in page

    response = client.post(
        action.replace("&amp;", "&"), {"text": "Bravo", "source": "readers"}
    )
    assert response["Location"] == f"/dashboard/issues/{last.pk}/?status=open&lang=en"
    first.refresh_from_db()
    assert (first.status, first.accepted_fix, first.resolution) == (
        Status.RESOLVED,
        "Bravo",
        "fix",
    )
    assert "Resolved with “Bravo”." in flashed(client, response)

    # The last issue of the list: back to the list, which says so.
    response = client.post(
        f"/dashboard/issues/{last.pk}/accept/?status=open&lang=en",
        {"text": "Golf", "source": "orfo"},
    )
    assert response["Location"] == "/dashboard/?status=open&lang=en"
    assert "That was the last issue of this list." in flashed(client, response)
    assert Issue.objects.get(pk=last.pk).status == Status.RESOLVED


def test_without_a_filter_the_next_issue_is_the_inbox_default_one(
    client, site, send, editor
):
    first = reported(site, send, "bravo", readers=3)
    second = reported(site, send, "delta", readers=2)
    reported(site, send, "golf", readers=2).set_status(Status.IGNORED)
    client.force_login(editor)
    response = client.post(
        f"/dashboard/issues/{first.pk}/accept/", {"text": "b", "source": "orfo"}
    )
    assert response["Location"] == f"/dashboard/issues/{second.pk}/"
    # A bad fix changes nothing and stays on the issue.
    response = client.post(
        f"/dashboard/issues/{second.pk}/accept/?q=x", {"text": "", "source": "orfo"}
    )
    assert response["Location"] == f"/dashboard/issues/{second.pk}/?q=x"
    assert Issue.objects.get(pk=second.pk).status == Status.OPEN


def test_resolve_and_next_with_its_shortcut_documented(client, site, send, editor):
    first = reported(site, send, "bravo", readers=2)
    second = reported(site, send, "delta")
    client.force_login(editor)
    page = body(client.get(f"/dashboard/issues/{first.pk}/"))
    assert 'id="resolve-next-form"' in page and 'data-key="n"' in page
    assert "<kbd>a</kbd>" in page and "<kbd>n</kbd>" in page  # in the ? help
    assert "accept the first correction, resolve with it" in page
    response = client.post(
        f"/dashboard/issues/{first.pk}/status/",
        {"status": "resolved", "then": "next"},
    )
    assert response["Location"] == f"/dashboard/issues/{second.pk}/"
    assert Issue.objects.get(pk=first.pk).status == Status.RESOLVED
    # A plain resolve stays on the issue, as before.
    response = client.post(
        f"/dashboard/issues/{second.pk}/status/", {"status": "resolved"}
    )
    assert response["Location"] == f"/dashboard/issues/{second.pk}/"


def test_a_filter_link_with_the_verification_state_is_kept(client, site, send, editor):
    first = reported(site, send, "bravo", readers=2)
    second = reported(site, send, "delta")
    Issue.objects.filter(pk__in=[first.pk, second.pk]).update(verification="present")
    reported(site, send, "golf")  # never checked
    client.force_login(editor)
    response = client.post(
        f"/dashboard/issues/{first.pk}/accept/?verification=present",
        {"text": "b", "source": "orfo"},
    )
    assert response["Location"] == (
        f"/dashboard/issues/{second.pk}/?verification=present"
    )


# "Check now" and the panel.


def test_check_now_queues_a_check_that_the_panel_then_shows(
    client, site, send, editor, monkeypatch
):
    fake = fake_page(monkeypatch)  # the error is still there
    issue = reported(site, send, "charlie")
    client.force_login(editor)
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    assert "The live page has not been checked yet." in page
    url = f"/dashboard/issues/{issue.pk}/check/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == f"/dashboard/issues/{issue.pk}/"
    page = flashed(client, response)
    assert "Check queued." in page and "a check is queued" in page
    assert PageState.objects.get(page_id=issue.page_id).due_at <= timezone.now()

    assert run_check(issue.page_id) == "ok"
    assert fake.fetches == [(NEWS_PAGE, "")]
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    assert "The error is still on the live page." in page
    assert "… <mark>charlie</mark> …" in page
    assert "Last check:" in page and ">just now</time>" in page


def test_check_now_needs_the_csrf_token(site, send, editor):
    issue = reported(site, send, "charlie")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(f"/dashboard/issues/{issue.pk}/check/").status_code == 403
    assert not PageState.objects.filter(urgent=True).exists()


def test_ignored_issues_are_not_checked(client, site, send, editor):
    issue = reported(site, send, "charlie")
    issue.set_status(Status.IGNORED)
    client.force_login(editor)
    page = flashed(client, client.post(f"/dashboard/issues/{issue.pk}/check/"))
    assert "Only open and resolved issues are checked." in page
    assert 'id="check-now-form"' not in page


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"verdicts": {"charlie": "fixed"}, "new_text": "Charlie"}, "Fixed on the"),
        ({"verdicts": {"charlie": "gone"}}, "no longer on the live page"),
        ({"outcome": "missing", "status": 404}, "The page is missing."),
        (
            {"outcome": "unreachable", "status": 503, "reason": "HTTP 503"},
            "The page could not be read.",
        ),
    ],
)
def test_the_panel_says_each_verdict_in_words(
    client, site, send, editor, monkeypatch, fields, words
):
    fake_page(monkeypatch, **fields)
    issue = reported(site, send, "charlie")
    issues.resolve_with_fix(issue, "Charlie", "orfo")
    client.force_login(editor)
    client.post(f"/dashboard/issues/{issue.pk}/check/")
    run_check(issue.page_id)
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    assert words in page
    issue.refresh_from_db()
    if fields.get("verdicts", {}).get("charlie") == "fixed":
        assert '«<strong dir="auto" class="new-text">Charlie</strong>»' in page
        assert "the accepted fix" in page
        assert "… <mark>Charlie</mark> …" in page
    if issue.verified_at:
        assert "Verified live" in page
        assert "verified on the live page" in page  # the history
    if fields.get("outcome") == "unreachable":
        assert "(HTTP 503)" in page
        assert "Resolved; Orfo checks the live page until it shows the fix." in page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_live_text_and_new_text_are_escaped(
    client, site, send, editor, monkeypatch, hostile
):
    fake_page(monkeypatch, verdicts={"charlie": "fixed"}, new_text=hostile)
    issue = reported(site, send, "charlie")
    issues.resolve_with_fix(issue, "x", "orfo")
    client.force_login(editor)
    client.post(f"/dashboard/issues/{issue.pk}/check/")
    run_check(issue.page_id)
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    if any(c in hostile for c in '<>"'):
        assert hostile not in page
    assert f'«<strong dir="auto" class="new-text">{escape(hostile)}</strong>»' in page
    assert f"… <mark>{escape(hostile)}</mark> …" in page


def test_fix_not_live_and_the_new_history_entries_read_plainly(
    client, site, send, editor
):
    issue = reported(site, send, "charlie")
    issues.resolve_with_fix(issue, "Charlie", "orfo")
    now = timezone.now()
    issue.mark_fix_not_live(now)
    issue.await_check()
    issue.await_check()
    issue.sent_from_old_copy(2, now)
    issue.mark_verified(now, "Charlie")
    other = reported(site, send, "delta")
    other.resolve_fixed_on_page(now, "Delta")
    client.force_login(editor)
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    assert "the error was still on the live page when the checks after" in page
    assert (
        "2 reports sent from an old copy of the page: the live page has the fix, "
        "the issue stays resolved"
    ) in page
    assert "✓ verified on the live page</span>; it now reads: «" in page
    page = body(client.get(f"/dashboard/issues/{other.pk}/"))
    assert "resolved: a check found the error fixed on the live page" in page
    assert '; it now reads: «<span dir="auto">Delta</span>»' in page

    issue.refresh_from_db()
    Issue.objects.filter(pk=issue.pk).update(verified_at=None, fix_not_live=True)
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    assert "<strong>Fix not live</strong>" in page


def test_the_panel_in_russian_and_kazakh(client, site, send, editor):
    issue = reported(site, send, "charlie")
    client.force_login(editor)
    for lang, words in [("ru", "Проверить сейчас"), ("kk", "Қазір тексеру")]:
        client.cookies["django_language"] = lang
        page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
        assert words in page, lang


# The inbox.


def test_the_inbox_filters_and_marks_rows_by_verification(client, site, send, editor):
    verified = reported(site, send, "bravo")
    not_live = reported(site, send, "delta")
    pending = reported(site, send, "golf")
    still = reported(site, send, "hotel")
    for issue in (verified, not_live, pending):
        issues.resolve_with_fix(issue, "x", "orfo")
    now = timezone.now()
    verified.mark_verified(now)
    not_live.mark_fix_not_live(now)
    Issue.objects.filter(pk=still.pk).update(verification="present", checked_at=now)
    client.force_login(editor)

    def shown(query):
        page = body(client.get("/dashboard/?status=&verification=" + query))
        return {w for w in ("bravo", "delta", "golf", "hotel") if f">{w}<" in page}

    assert shown("verified") == {"bravo"}
    assert shown("fix_not_live") == {"delta"}
    assert shown("pending") == {"golf"}
    assert shown("present") == {"hotel"}
    assert shown("") == {"bravo", "delta", "golf", "hotel"}
    page = body(client.get("/dashboard/?status=resolved"))
    assert "✓ verified live" in page
    assert '<span class="live live-bad">fix not live</span>' in page
    assert "pending check" in page
    # The filter's choices are the issues app's states; a made-up one is refused.
    page = body(client.get("/dashboard/"))
    for value, _label in issues.verification_states():
        assert f'<option value="{value}"' in page
    bad = client.get("/dashboard/?verification=nonsense")
    assert bad.status_code == 200
    assert "Some filters are not valid." in body(bad)


# "Edit in CMS" and the site settings.


def test_the_edit_in_cms_link_only_when_configured_and_url_encoded(
    client, site, send, editor
):
    issue = reported(site, send, "charlie", url=NEWS_PAGE + "?a=1&b=2")
    client.force_login(editor)
    assert "Edit in CMS" not in body(client.get(f"/dashboard/issues/{issue.pk}/"))
    site.cms_edit_url = "https://cms.example/edit?url={url}&lang=ru"
    site.save()
    page = body(client.get(f"/dashboard/issues/{issue.pk}/"))
    encoded = quote(issue.page.url, safe="")
    assert "%3F" in encoded and "%26" in encoded
    assert (
        f'href="https://cms.example/edit?url={encoded}&amp;lang=ru" '
        'rel="noopener noreferrer" target="_blank">Edit in CMS</a>'
    ) in page


def test_site_settings_for_the_checks_and_the_cms_link(client, site, owner):
    client.force_login(owner)
    url = f"/dashboard/sites/{site.pk}/"
    page = body(client.get(url))
    assert 'name="resolve_when_fixed"' in page and "checked" in page
    assert "with {url} where the article&#x27;s address goes" in page
    form = {"name": site.name, "hosts": "news.kz", "default_lang": "ru"}
    form["is_active"] = "on"
    for bad in ["ftp://cms.example/{url}", "https://cms.example/edit", "{url}"]:
        response = client.post(url, {**form, "cms_edit_url": bad})
        assert response.status_code == 200
        page = body(response)
        assert 'class="errorlist"' in page
        site.refresh_from_db()
        assert site.cms_edit_url == ""
    response = client.post(
        url, {**form, "cms_edit_url": "https://cms.example/edit?u={url}"}
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.cms_edit_url == "https://cms.example/edit?u={url}"
    assert site.resolve_when_fixed is False  # the box was left unticked


def test_an_editor_sees_no_settings_form(client, site, editor):
    client.force_login(editor)
    page = body(client.get(f"/dashboard/sites/{site.pk}/"))
    assert 'name="cms_edit_url"' not in page


# Tenancy.


def test_another_sites_issue_is_404_for_check_now_and_accept(
    client, site, send, stranger
):
    issue = reported(site, send, "charlie")
    client.force_login(stranger)
    for url, data in [
        (f"/dashboard/issues/{issue.pk}/check/", {}),
        (f"/dashboard/issues/{issue.pk}/accept/", {"text": "x", "source": "orfo"}),
        (
            f"/dashboard/issues/{issue.pk}/status/",
            {"status": "resolved", "then": "next"},
        ),
    ]:
        assert client.post(url, data).status_code == 404
    assert not PageState.objects.filter(urgent=True).exists()
    assert Issue.objects.get(pk=issue.pk).status == Status.OPEN


def test_next_never_leads_to_another_sites_issue(
    client, site, send, editor, other_site
):
    mine = reported(site, send, "charlie")
    theirs = make_report(other_site, "delta", text=TEXT, url="https://other.example/a")
    for _ in range(0, 1):
        send(theirs, origin="https://other.example")
    assert Issue.objects.filter(site=other_site).exists()
    client.force_login(editor)
    response = client.post(
        f"/dashboard/issues/{mine.pk}/accept/?site={other_site.pk}",
        {"text": "x", "source": "orfo"},
    )
    assert response["Location"].startswith("/dashboard/?")
