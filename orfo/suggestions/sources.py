"""What a site's lexicon learns from, and how much of it is trusted.

- Pages live-page checks fetched: the newsroom's published text (once per address).
- Readers' context: hostile in general (a reader could make a typo "known" by
  sending it again and again), so the words around an issue are learned only once
  an editor resolved it (the error was real, its surroundings the page's text), once
  per issue, and never the quote itself; with an accepted fix, the corrected text.
- Accepted fixes: a learned pair misspelling → correction, when the quote is a word
  or a short phrase and the fix is close to it (not a rewritten sentence).
- Archives and a CMS's published articles (`orfo lexicon learn`, the API).

A text is learned in the language its letters say (a Kazakh site's Russian page
must not teach the Kazakh lexicon Russian words); the declared language only decides
between Russian and Kazakh where a short text cannot.
"""

import re

from rapidfuzz.distance import OSA

from . import learning
from .engine import normalise_lang
from .lexicon import fold
from .models import LearningText
from .proofread import paragraph_language
from .sitelexicon import MAX_TEXT
from .text import WORD_RE, detect_language

Source = LearningText.Source

# Characters of a text its language is judged on (the letter counts settle long
# before; a page of 200,000 characters costs no 200,000-step loop).
SAMPLE = 20_000
# Under this many letters, Cyrillic text with few Kazakh letters may be Kazakh or
# Russian (a caption, a reader's context: "Иран мен Түркия" has one Kazakh letter).
SHORT_TEXT = 200
# A fix is learned as a pair only for a quote of at most this many words...
MAX_FIX_WORDS = 3
# ... and only when it is this close: edits per letter of the longer one (and at
# most MAX_FIX_EDITS), so "обьявили" → "объявили" is a pair and a rewritten phrase
# is not.
FIX_EDITS_PER_LETTER = 0.34
MAX_FIX_EDITS = 4


def language_of(text: str, declared: str | None = None) -> str | None:
    """The language to learn TEXT in: the one its letters say, or DECLARED where
    they say nothing or cannot tell Russian from Kazakh in a short text."""
    declared = normalise_lang(declared)
    sample = text[:SAMPLE]
    detected = detect_language(sample)
    if detected is None:
        return None if not any(c.isalpha() for c in sample) else declared
    letters = sum(c.isalpha() for c in sample)
    if declared in ("ru", "kk") and detected in ("ru", "kk") and letters < SHORT_TEXT:
        # Short: judged as proofreading judges a paragraph in a DECLARED article
        # (a Russian line naming "Тоқаев" stays Russian).
        return paragraph_language(sample, declared)
    return detected


def learn(site_id: int, lang: str, text: str, source: str, key: str = "") -> bool:
    """Queue TEXT for the site in LANG (once per KEY); whether it was new."""
    if normalise_lang(lang) != lang:
        raise ValueError(f"unknown language {lang!r}")
    return learning.queue(site_id, lang, text, source, key)


def page(site_id: int, declared: str | None, url: str, text: str) -> bool:
    """Queue the text of the page at URL, once per address."""
    lang = language_of(text, declared)
    return bool(lang) and learn(site_id, lang, text, Source.PAGE, key=url)


def resolved_issue(issue, resolution: str, fix: str, default_lang: str) -> bool:
    """Learn what an editor's resolve of ISSUE vouches for: the words around the
    quote (with the accepted FIX in its place, when RESOLUTION is a fix), once per
    issue, and the pair quote → fix when it is a near correction of a short quote.
    Returns whether the context was new."""
    from orfo.issues.models import Resolution

    with_fix = resolution == Resolution.FIX and bool(fix)
    # Without the fix, a line break between the halves: no false neighbours.
    context = issue.prefix + (fix if with_fix else "\n") + issue.suffix
    lang = language_of(context, issue.lang or default_lang) or normalise_lang(
        default_lang
    )
    if not lang:
        return False
    if with_fix and is_near_fix(issue.quote, fix):
        learning.add_fix(issue.site_id, lang, issue.quote, fix)
    return learn(issue.site_id, lang, context, Source.READERS, key=f"issue:{issue.pk}")


def is_near_fix(quote: str, fix: str) -> bool:
    """Whether FIX corrects QUOTE's spelling (a word or a short phrase, a few
    edits away) rather than rewriting it."""
    words, fixed = WORD_RE.findall(quote), WORD_RE.findall(fix)
    if not 1 <= len(words) <= MAX_FIX_WORDS or not 1 <= len(fixed) <= MAX_FIX_WORDS + 1:
        return False  # (a glued word "вцентре" → "в центре" has one word more)
    wrong, right = fold(quote.strip()), fold(fix.strip())
    if wrong == right or max(len(wrong), len(right)) > learning.MAX_TAUGHT_WORD:
        return False
    limit = min(MAX_FIX_EDITS, max(1, int(FIX_EDITS_PER_LETTER * len(right))))
    return OSA.distance(wrong, right, score_cutoff=limit) <= limit


_PARAGRAPHS = re.compile(r"(\n[ \t\r\f\v]*\n\s*)")
_LINES = re.compile(r"(?<=\n)")


def parts(text: str, limit: int = MAX_TEXT) -> list[str]:
    """TEXT in parts of at most LIMIT characters, cut between paragraphs (between
    lines, or at a space, only inside a paragraph longer than LIMIT)."""
    found, current = [], ""
    for piece in _pieces(text, limit):
        if len(current) + len(piece) > limit and current:
            found.append(current)
            current = ""
        current += piece
    if current.strip():
        found.append(current)
    return [part for part in found if part.strip()]


def _pieces(text: str, limit: int):
    chunks = _PARAGRAPHS.split(text)
    for paragraph in ("".join(chunks[i : i + 2]) for i in range(0, len(chunks), 2)):
        if len(paragraph) <= limit:
            yield paragraph
            continue
        for line in _LINES.split(paragraph):
            while len(line) > limit:
                cut = line.rfind(" ", 0, limit) + 1 or limit
                yield line[:cut]
                line = line[cut:]
            yield line
