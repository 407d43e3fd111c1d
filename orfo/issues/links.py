"""Links to an issue: its dashboard page, and the live article scrolled to the error."""

import re
from urllib.parse import quote as percent_encode

from django.conf import settings
from django.utils.html import format_html

from orfo.issues.grouping import collapse
from orfo.lib import urls

_HEAD = re.compile(r"\S+$")
_TAIL = re.compile(r"^\S+")


def _encode(text: str) -> str:
    # "-", "," and "&" delimit a text directive's parts, so they are escaped too.
    return percent_encode(text, safe="").replace("-", "%2D")


def text_fragment(prefix: str, quote: str, suffix: str) -> str:
    """Build `:~:text=prefix-,quote,-suffix` for a reported error.

    A quote that cuts a word is widened to whole words (a directive matches on word
    boundaries). Context grows a word at a time on each side, from one word, until the
    directive matches once in the reported context: the shortest that is unique there.
    """
    before, quote, after = collapse(prefix), collapse(quote).strip(), collapse(suffix)
    if before and not before[-1].isspace() and (head := _HEAD.search(before)):
        quote, before = head.group() + quote, before[: head.start()]
    if after and not after[0].isspace() and (tail := _TAIL.search(after)):
        quote, after = quote + tail.group(), after[tail.end() :]
    context = f"{before}{quote}{after}"
    left_words, right_words = before.split(), after.split()
    n = 0
    while True:
        n += 1
        left = " ".join(left_words[-n:]) if left_words else ""
        right = " ".join(right_words[:n])
        needle = " ".join(part for part in (left, quote, right) if part)
        if context.count(needle) <= 1 or n >= max(len(left_words), len(right_words)):
            break
    parts = [_encode(left) + "-"] if left else []
    parts.append(_encode(quote))
    if right:
        parts.append("-" + _encode(right))
    return ":~:text=" + ",".join(parts)


def _parsed(url: str, site) -> urls.WebUrl | None:
    try:
        parsed = urls.parse(url)
    except ValueError:
        return None
    return parsed if site.allows_host(parsed.host) else None


def site_link(url: str, site) -> str:
    """URL, without its fragment, as a link to SITE's pages, or "" when it must not be
    one.

    Built from the parsed URL (orfo.lib.urls), never the stored string, and only on
    the site's hosts as a browser reads them: a page stored before these rules from
    a URL such as `https://evil.invalid\\@news.example/` gets no link at all.
    """
    parsed = _parsed(url, site)
    return parsed.page if parsed else ""


def link_html(url: str, site):
    """URL as an HTML link for the admin if it is one (site_link), else as text."""
    link = site_link(url, site)
    if link:
        return format_html('<a href="{}" rel="noreferrer noopener">{}</a>', link, link)
    return url


def page_link(page, site) -> str:
    """The article's URL as a link, or "" (see site_link)."""
    return site_link(page.url, site)


def live_url(issue) -> str:
    """The article URL that opens scrolled to the error, highlighted ("" if none)."""
    url = _parsed(issue.page.url, issue.site)
    if url is None:
        return ""
    return url.with_fragment(text_fragment(issue.prefix, issue.quote, issue.suffix))


def issue_url(issue) -> str:
    """The issue's page in the dashboard, absolute (for emails and messages)."""
    return f"{settings.SITE_ROOT}/dashboard/issues/{issue.pk}/"
