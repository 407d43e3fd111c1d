"""Links that leave the site: URLs read as a browser reads them (WHATWG), refused when a
browser would reinterpret them, stored and linked as the parser writes them, and pages
that one report can neither re-link nor rename."""

import json

import pytest

from orfo.issues.api import TITLE_CANDIDATES
from orfo.issues.grouping import normalize_url
from orfo.issues.links import live_url
from orfo.issues.models import Issue, Page
from orfo.lib import urls
from orfo.notifications import messages
from orfo.notifications.models import Channel, Notification
from orfo.notifications.transports.webhook import payload
from orfo.reports.models import Report
from orfo.sites.api import create_site
from orfo.sites.hosts import host_of, normalize_host
from tests.conftest import NEWS_PAGE, make_report

# What the WHATWG URL standard (and so every current browser) reads as the host; the
# expectations follow the standard's own test data (web-platform-tests urltestdata).
# Python's urllib reads every one of these differently.
BROWSER_HOSTS = [
    ("https://evil.invalid\\@news.example/x", "evil.invalid"),
    ("https://evil.invalid\\\\@news.example/x", "evil.invalid"),
    ("https://%6eews.example/x", "news.example"),
    ("https://news%2eexample/x", "news.example"),
    ("https://ne\tws.exa\nmple/x", "news.example"),
    ("https://faß.example/", "xn--fa-hia.example"),  # UTS #46, not IDNA 2003
    ("https://\uff2e\uff25\uff37\uff33.example/", "news.example"),  # full width
    ("https://0x7f.1/", "127.0.0.1"),
    ("https://2130706433/", "127.0.0.1"),
    ("https://[0:0::1]/", "[::1]"),
]


@pytest.mark.parametrize("raw,host", BROWSER_HOSTS)
def test_hosts_are_read_as_browsers_read_them(raw, host):
    assert urls.parse(raw, strict=False).host == host


@pytest.mark.parametrize(
    "raw,reason",
    [
        ("https://evil.invalid\\@news.kz/x", "backslash"),
        ("https://news.kz\\evil.invalid/x", "backslash"),
        ("https://user:pw@news.kz/x", "user name or password"),
        ("https://user@news.kz/x", "user name or password"),
        ("https://:pw@news.kz/x", "user name or password"),
        ("https://news.kz/a\tb", "spaces or control"),
        ("https://news.kz/a\nb", "spaces or control"),
        ("https://ne\tws.kz/a", "spaces or control"),
        ("https://news.kz/\x00", "spaces or control"),
        ("javascript:alert(1)//https://news.kz/", "absolute http"),
        ("https:news.kz/a", "absolute http"),
        ("ftp://news.kz/a", "absolute http"),
        ("https://news.kz:99999/a", "absolute http"),
        ("https://news.kz/" + "я" * 400, "at most 2048"),
    ],
)
def test_what_a_browser_would_reinterpret_is_refused(raw, reason):
    with pytest.raises(ValueError, match=reason):
        urls.parse(raw)
    assert host_of(raw) is None


def test_origins_and_host_lists_are_compared_as_browsers_write_hosts():
    assert host_of("https://xn--fa-hia.example") == normalize_host("faß.example")
    assert normalize_host("FAß.example.") == "xn--fa-hia.example"
    assert normalize_host("*.пример.рф") == "*.xn--e1afmkfd.xn--p1ai"
    assert normalize_host("0x7f.0.0.1") == "127.0.0.1"
    for bad in ("news.kz\\evil", "news.kz@evil", "news .kz", "news.kz%2f"):
        with pytest.raises(ValueError):
            normalize_host(bad)


# Page identities as Orfo computed them before it parsed URLs as browsers do: for the
# URLs browsers send they must not change, or pages would split in two.
ORDINARY_IDENTITIES = [
    ("https://news.kz/2026/11/27/library", "https://news.kz/2026/11/27/library"),
    (
        "https://www.news.kz/2026/11/27/library/?utm_source=tg&id=7&page=2#comments",
        "https://news.kz/2026/11/27/library?id=7&page=2",
    ),
    ("https://NEWS.kz:443/a//b/", "https://news.kz/a/b"),
    ("http://news.kz:8000/", "http://news.kz:8000/"),
    ("https://news.kz", "https://news.kz/"),
    (
        "https://xn--80aswg.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1",
        "https://xn--80aswg.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1",
    ),
    (
        "https://news.kz/search?q=%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B+2026&page=1",
        "https://news.kz/search?page=1&q=%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B+2026",
    ),
    ("https://news.kz/a?tag=a%20b&flag", "https://news.kz/a?flag=&tag=a+b"),
    ("https://news.kz./a", "https://news.kz/a"),
    ("https://news.kz/a;b,c~d!e$f'g(h)i*j", "https://news.kz/a;b,c~d!e$f'g(h)i*j"),
    ("https://news.kz/a?x=1&x=2&y=%2B", "https://news.kz/a?x=1&x=2&y=%2B"),
]


@pytest.mark.parametrize("url,identity", ORDINARY_IDENTITIES)
def test_ordinary_page_identities_are_unchanged(url, identity):
    assert normalize_url(url) == identity


def test_a_page_is_the_one_a_browser_opens():
    # urllib made this news.example's article; a browser opens evil.invalid.
    assert normalize_url("https://evil.invalid\\@news.example/x") == (
        "https://evil.invalid/@news.example/x"
    )
    assert normalize_url("https://news.kz/a/../b/%2e%2e/c") == "https://news.kz/c"
    # A URL stored before these rules that no browser can open keeps an identity.
    assert normalize_url("https://news.kz:99999/a") == "invalid:https://news.kz:99999/a"


# --- the report API -----------------------------------------------------------------


def field_errors(response):
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.invalid\\@news.kz/2026/11/27/library",
        "https://news.kz\\@evil.invalid/",
        "https://evil.invalid%5C@news.kz/x",
        "https://editor:secret@news.kz/2026/11/27/library",
        "https://news.kz/2026/11/27/\tlibrary",
        "https://news.kz/2026/11/27/\nlibrary",
        "https:news.kz/2026/11/27/library",
        "https://news.kz:99999/2026/11/27/library",  # urllib let it in, then failed
    ],
)
def test_a_url_a_browser_would_read_differently_is_422_naming_url(site, send, url):
    response = send(make_report(site, url=url))
    assert response.status_code == 422, response.content
    assert "url" in field_errors(response)
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_url_is_checked_and_stored_as_the_browser_reads_it(site, send):
    response = send(make_report(site, url="https://%6eews.kz/a/../Путь?q=я#x"))
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.url == "https://news.kz/%D0%9F%D1%83%D1%82%D1%8C?q=%D1%8F#x"
    assert report.issue.page.url == "https://news.kz/%D0%9F%D1%83%D1%82%D1%8C?q=%D1%8F"
    # Percent-encoding cannot smuggle another host in either.
    response = send(make_report(site, url="https://news.kz%2eevil.example/a"))
    assert response.status_code == 403 and "url" in field_errors(response)


@pytest.mark.django_db
def test_the_sending_page_is_read_as_browsers_read_it(site, send):
    for origin in ("https://evil.invalid\\@news.kz", "https://user@news.kz"):
        assert send(make_report(site), origin=origin).status_code == 403
    response = send(
        make_report(site),
        origin=None,
        HTTP_REFERER="https://evil.invalid\\@news.kz/2026/11/27/library",
    )
    assert response.status_code == 403
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_an_idn_site_accepts_its_browsers_reports(send):
    # A browser writes faß.example as xn--fa-hia.example (UTS #46); IDNA 2003, which
    # Python's "idna" codec implements, made it fass.example and refused every report.
    site = create_site("Faß", ["faß.example"], "en")
    url = "https://xn--fa-hia.example/a"
    response = send(make_report(site, url=url), origin="https://xn--fa-hia.example")
    assert response.status_code == 201, response.content


# --- one report can neither re-link nor rename a page -------------------------------


@pytest.mark.django_db
def test_a_first_hostile_report_cannot_set_the_page_url(site, send):
    hostile = "https://evil.invalid\\@news.kz/2026/11/27/library#:~:text=evil"
    assert send(make_report(site, url=hostile)).status_code == 422
    send(make_report(site, url=NEWS_PAGE + "#comments"))
    page = Page.objects.get()
    assert page.url == NEWS_PAGE
    issue = Issue.objects.select_related("page", "site").get()
    assert live_url(issue).startswith(NEWS_PAGE + "#:~:text=")


@pytest.mark.django_db
def test_a_title_is_taken_when_two_readers_agree(site, send):
    hostile = {"REMOTE_ADDR": "198.51.100.66"}
    genuine = "Almaty opens a library"

    def title(quote, name, **headers):
        assert send(make_report(site, quote, title=name), **headers).status_code == 201
        return Page.objects.get().title

    # One reader, however often, names nothing: the page shows its path.
    assert title("teh", "Fake headline", **hostile) == ""
    assert title("doors", "Fake headline", **hostile) == ""
    assert Page.objects.get().label == "/2026/11/27/library"
    # The genuine title, from two readers, is taken.
    assert title("new", genuine) == ""
    assert title("library", genuine) == genuine
    # One report cannot rename the article afterwards.
    assert title("Almaty", "Fake headline", **hostile) == genuine
    assert title("city", "Another fake") == genuine


@pytest.mark.django_db
def test_title_candidates_are_bounded_per_page(site, send):
    for n in range(TITLE_CANDIDATES * 3):
        send(make_report(site, title=f"Title {n}", client_id=f"client-{n:04}"))
    page = Page.objects.get()
    assert page.title == ""
    assert len(page.title_candidates) == TITLE_CANDIDATES


# --- every link Orfo shows or sends ---------------------------------------------------

# A page URL stored before these rules: one a browser reads differently from urllib,
# and one that is fine but not as the parser writes it.
LEGACY_HOSTILE = "https://evil.invalid\\@news.kz/2026/11/27/library"
LEGACY_ORDINARY = "HTTPS://News.KZ:443/x/../2026/11/27/library"


@pytest.fixture
def legacy(site, send):
    def legacy(url):
        send(make_report(site))
        Page.objects.update(url=url)
        return Issue.objects.select_related("page", "site").get()

    return legacy


DIGEST = {"since": "2000-01-01T00:00:00+00:00", "until": "2100-01-01T00:00:00+00:00"}


def notification_outputs(site, issue, reason="new") -> list[str]:
    """Every format a notification of ISSUE takes: email (HTML, text), Telegram,
    Slack, the webhook's JSON; REASON "digest" for the digest listing it."""
    site.default_lang = "en"
    site.save()
    channel = Channel.objects.create(site=site, kind="email", config={"to": ["a@b.c"]})
    digest = reason == "digest"
    notification = Notification.objects.create(
        channel=channel,
        issue=None if digest else issue,
        reason=reason,
        data=DIGEST if digest else {"report_count": 1},
    )
    message = messages.build(notification)
    kind = "digest" if digest else "issue"
    return [
        message.render(f"notifications/email/{kind}.html"),
        message.render(f"notifications/email/{kind}.txt"),
        message.render("notifications/telegram/message.html"),
        message.render("notifications/slack/message.txt"),
        json.dumps(payload(message)),
    ]


def every_notification(site, issue) -> list[str]:
    return notification_outputs(site, issue) + notification_outputs(
        site, issue, "digest"
    )


@pytest.mark.django_db
def test_links_are_built_from_the_parsed_url(site, legacy, client, editor):
    issue = legacy(LEGACY_ORDINARY)
    live = live_url(issue)
    assert live.startswith(NEWS_PAGE + "#:~:text=")
    client.force_login(editor)
    inbox = client.get("/dashboard/").content.decode()
    page = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    overview = client.get("/dashboard/overview/").content.decode()
    for html in (inbox, page, overview):
        assert "News.KZ" not in html and "/x/../" not in html
    assert f'data-live="{live}"' in inbox and f'href="{live}"' in page
    assert f'href="{NEWS_PAGE}"' in page and f'href="{NEWS_PAGE}"' in overview
    for output in every_notification(site, issue):
        assert "News.KZ" not in output and "/x/../" not in output
    for output in notification_outputs(site, issue):
        assert NEWS_PAGE in output


@pytest.mark.django_db
def test_a_stored_url_a_browser_reads_differently_is_never_a_link(
    site, legacy, client, editor
):
    issue = legacy(LEGACY_HOSTILE)
    assert live_url(issue) == ""
    client.force_login(editor)
    pages = ("/dashboard/", f"/dashboard/issues/{issue.pk}/", "/dashboard/overview/")
    for path in pages:
        html = client.get(path).content.decode()
        assert 'href="https://evil' not in html
        assert 'data-live="https://evil' not in html
    for output in every_notification(site, issue):
        assert "evil.invalid" not in output


@pytest.mark.django_db
def test_a_stored_url_off_the_sites_hosts_is_never_a_link(site, legacy):
    issue = legacy("https://elsewhere.example/2026/11/27/library")
    assert live_url(issue) == ""
    for output in every_notification(site, issue):
        assert "elsewhere.example" not in output
