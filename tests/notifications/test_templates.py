"""Every template, in every language, over the hostile set of reader text."""

from html.parser import HTMLParser

import pytest

from orfo.issues.models import Issue, Page
from orfo.notifications import messages
from orfo.notifications.models import Channel, Notification
from orfo.notifications.transports.webhook import payload

LONG = "x" * 5000
HOSTILE = {
    "quote": ('<script>alert(1)</script><img src=x onerror="alert(2)">' + LONG)[:300],
    "prefix": 'a href="javascript:alert(3)" </p><p style="background:url(//evil)">'
    + "\u202e\u2066",
    "suffix": ("\u200b\u2060\ufeff <style>body{display:none}</style> " + LONG)[:256],
    "top_correction": '"><svg onload=alert(4)> <!channel> *bold* &amp;',
    "title": ("<b onmouseover=alert(5)>Title</b>\u202e" + LONG)[:300],
    "url": "javascript:alert(6)//https://news.kz/",
}
BAD_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "body",
    "h1",
    "h2",
    "p",
    "a",
    "mark",
    "s",
    "strong",
    "b",
    "ul",
    "li",
    "br",
    "small",
}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def check_html(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in TAGS, (tag, html)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("https://"), attrs
        assert "evil" not in attrs.get("style", "")


def check_any(text: str) -> None:
    assert not any(ch in text for ch in BAD_CHARS)
    assert "x" * 301 not in text


@pytest.fixture
def hostile(site):
    page = Page.objects.create(
        site=site, url=HOSTILE["url"], url_hash="h", title=HOSTILE["title"]
    )
    return Issue.objects.create(
        site=site,
        page=page,
        report_count=2,
        **{
            k: HOSTILE[k][:300] if k == "quote" else HOSTILE[k]
            for k in ("quote", "prefix", "suffix", "top_correction")
        },
    )


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize(
    "reason", ["new", "threshold", "regression", "digest", "resolved", "fix_not_live"]
)
def test_templates_escape_reader_text(site, hostile, lang, reason):
    site.default_lang = lang
    site.save()
    channel = Channel.objects.create(site=site, kind="email", config={"to": ["a@b.c"]})
    data = {"report_count": 2}
    if reason == "digest":
        first = hostile.first_seen.replace(minute=0, second=0, microsecond=0)
        data = {
            "since": first.isoformat(),
            "until": first.replace(year=first.year + 1).isoformat(),
        }
    if reason in ("resolved", "fix_not_live"):
        # The accepted fix, the page's text and what changed come from readers too.
        hostile.accepted_fix = HOSTILE["top_correction"][:300]
        hostile.live_text = (HOSTILE["prefix"] + HOSTILE["quote"])[:400]
        hostile.checked_at = hostile.first_seen
        hostile.save()
        data = {"fix": HOSTILE["top_correction"], "note": HOSTILE["quote"]}
    notification = Notification.objects.create(
        channel=channel,
        issue=None if reason == "digest" else hostile,
        reason=reason,
        data=data,
    )
    message = messages.build(notification)
    kind = "digest" if reason == "digest" else "issue"
    html = message.render(f"notifications/email/{kind}.html")
    text = message.render(f"notifications/email/{kind}.txt")
    subject = message.render(f"notifications/email/{kind}-subject.txt")
    telegram = message.render("notifications/telegram/message.html")
    slack = message.render("notifications/slack/message.txt")
    for output in (html, text, subject, telegram, slack):
        check_any(output)
    check_html(html)
    check_html(telegram)
    for markup in (html, telegram):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
        assert (
            "<script" not in markup and "<svg" not in markup and "<style" not in markup
        )
    assert "<!channel>" not in slack and "&lt;!channel&gt;" in slack
    assert "<script>" not in slack
    assert "\n" not in subject.strip()
    assert "<script>alert(1)</script>" in text  # plain text shows it as typed
    assert "javascript:alert(6)" not in text  # a bad URL is never offered as a link
    body = str(payload(message))
    check_any(body)


REASONS = [r.value for r in Notification.Reason]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_headline_is_translated(site, lang):
    from django.utils import translation

    with translation.override(lang):
        lines = [messages.headline(r, "S", 3) for r in REASONS]
    assert len(set(lines)) == len(REASONS)
    if lang != "en":
        with translation.override("en"):
            english = [messages.headline(r, "S", 3) for r in REASONS]
        assert not set(lines) & set(english)
