"""Pure functions that decide which reports describe the same error.

Two reports are the same error when they are on the same page and their selections
overlap in the page text. Readers select differently ("teh", "teh quick", "the teh"),
so we align one report's quote inside the other's context (prefix + quote + suffix)
and require the text around it to agree; the overlap must contain a letter or digit.
An exact fingerprint of the selection in its immediate context is the fast path.
Bump GROUPING_VERSION whenever the outcome of these functions changes.
"""

import hashlib
import itertools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlunsplit

from orfo.lib import urls

GROUPING_VERSION = 1

# Context characters on each side that must agree for two selections to align, and
# how many of them may differ (an editor fixed something nearby in between).
CONTEXT_COMPARED = 24
CONTEXT_REQUIRED = 12
# Placements of one quote over another selection that are compared, nearest first:
# ordinary text has one or two, a crafted run of one letter hundreds (issue 13).
MAX_PLACEMENTS = 32
# Characters of context folded into the exact fingerprint.
FINGERPRINT_CONTEXT = 16

_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|yclid|ysclid|_openstat|mc_cid|mc_eid|"
    r"_ga|_gl|igshid|ref_src|from|spm)$",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def normalize_url(url: str) -> str:
    """Return the page identity of URL: no fragment, no tracking parameters.

    The URL is read as a browser reads it (orfo.lib.urls), so the page is the one a
    browser opens; for the URLs browsers send, the identity is what it was before.
    """
    try:
        parts = urls.parse(url.strip(), strict=False)
    except ValueError:
        # Only a URL stored before the WHATWG rules can fail here: it keeps a stable
        # identity of its own, and links are never built from it.
        return "invalid:" + url.strip().split("#", 1)[0]
    host = parts.host
    if host.startswith("www."):
        host = host[4:]
    if parts.port:  # the parser drops the scheme's default port
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k)
    )
    return urlunsplit((parts.scheme, host, path, urlencode(query), ""))


def page_hash(normalized_url: str) -> str:
    return hashlib.sha256(normalized_url.encode()).hexdigest()


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text)


def selection_hash(page: str, prefix: str, quote: str, suffix: str) -> str:
    """Fingerprint a selection with its immediate context on one page."""
    key = "\x1f".join(
        [
            str(GROUPING_VERSION),
            page,
            collapse(prefix)[-FINGERPRINT_CONTEXT:].casefold(),
            collapse(quote).strip().casefold(),
            collapse(suffix)[:FINGERPRINT_CONTEXT].casefold(),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A quote inside its context: text[start:end] is the quote."""

    text: str
    start: int
    end: int

    @classmethod
    def of(cls, prefix: str, quote: str, suffix: str) -> "Anchor":
        prefix, quote, suffix = collapse(prefix), collapse(quote), collapse(suffix)
        return cls(prefix + quote + suffix, len(prefix), len(prefix) + len(quote))

    @property
    def quote(self) -> str:
        return self.text[self.start : self.end]


def _common_suffix(a: str, b: str, limit: int = CONTEXT_COMPARED) -> int:
    """Return how many of the last LIMIT characters A and B share (no more are
    compared: `_agrees` needs no more)."""
    limit = min(len(a), len(b), limit)
    if a[len(a) - limit :] == b[len(b) - limit :]:
        return limit  # agreeing context, compared in one step
    n = 0
    while n < limit and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str, limit: int = CONTEXT_COMPARED) -> int:
    """Return how many of the first LIMIT characters A and B share."""
    limit = min(len(a), len(b), limit)
    if a[:limit] == b[:limit]:
        return limit
    n = 0
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _agrees(mine: str, theirs: str, matched: int) -> bool:
    available = min(len(mine), len(theirs), CONTEXT_COMPARED)
    return matched >= min(available, CONTEXT_REQUIRED)


def _nearest(text: str, quote: str, centre: int, lo: int, hi: int):
    """Yield the starts of QUOTE inside TEXT[lo:hi], nearest CENTRE first."""
    right = text.find(quote, centre, hi)
    left = text.rfind(quote, lo, centre + len(quote) - 1)  # starts before CENTRE
    while right != -1 or left != -1:
        if left == -1 or (right != -1 and right - centre <= centre - left):
            yield right
            right = text.find(quote, right + 1, hi)
        else:
            yield left
            left = text.rfind(quote, lo, left + len(quote) - 1)


def _placements(host: Anchor, guest: Anchor):
    """Yield where guest's quote sits over host's selection with agreeing context.

    Only placements that overlap host's selection can count (`overlap`), nearest
    it first, and at most MAX_PLACEMENTS of them: a crafted run of one letter has
    hundreds, each costing a comparison of context."""
    quote = guest.quote.strip()
    if not quote:
        return
    lead = len(guest.quote) - len(guest.quote.lstrip())
    start = guest.start + lead
    left = guest.text[max(0, start - CONTEXT_COMPARED) : start]
    right = guest.text[start + len(quote) : start + len(quote) + CONTEXT_COMPARED]
    lo = max(0, host.start - len(quote) + 1)
    hi = host.end + len(quote) - 1
    found = _nearest(host.text, quote, host.start, lo, hi)
    for i in itertools.islice(found, MAX_PLACEMENTS):
        end = i + len(quote)
        before = host.text[max(0, i - CONTEXT_COMPARED) : i]
        after = host.text[end : end + CONTEXT_COMPARED]
        if _agrees(before, left, _common_suffix(before, left)) and _agrees(
            after, right, _common_prefix(after, right)
        ):
            yield i, end


def _word_overlap(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return _letters(text[lo:hi]) if lo < hi else 0


def overlap(a: Anchor, b: Anchor) -> int:
    """Return how many letters/digits two selections share on the page (0: apart)."""
    best, ceiling = 0, None
    for host, guest in ((a, b), (b, a)):
        for span in _placements(host, guest):
            best = max(best, _word_overlap(host.text, span, (host.start, host.end)))
            if ceiling is None:
                ceiling = min(_letters(a.quote), _letters(b.quote))
            if best >= ceiling:
                return best  # no other placement can share more
        if best:
            return best
    return best


def _letters(text: str) -> int:
    return sum(map(str.isalnum, text))
