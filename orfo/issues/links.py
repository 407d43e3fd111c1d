"""Links to an issue: its dashboard page, and the live article scrolled to the error."""

import re
from urllib.parse import quote as percent_encode

from django.conf import settings

from orfo.issues.grouping import collapse

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


def live_url(issue) -> str:
    """The article URL that opens scrolled to the error, highlighted."""
    fragment = text_fragment(issue.prefix, issue.quote, issue.suffix)
    return f"{issue.page.url}#{fragment}"


def issue_url(issue) -> str:
    """The issue's page in the dashboard, absolute (for emails and messages)."""
    return f"{settings.SITE_ROOT}/dashboard/issues/{issue.pk}/"
