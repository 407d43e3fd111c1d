"""Proofreading a whole article, shared by the API and the dashboard page.

An article in one language may hold a paragraph in another (a quoted statement, a
summary in English): each paragraph clearly in another language is checked in that
one. The text is checked in one engine call per language, the paragraphs of the
others blanked out (so positions stay those of the text), and the calls share one
budget of letters and seconds: mixing languages costs no more than one language does.
A text in one language is one call, as before."""

import re
import time

from orfo.suggestions import engine, lexicon
from orfo.suggestions.text import KAZAKH_ONLY

MAX_TEXT = 100_000
# The time one call may spend on unknown words once the lexicon is loaded,
# whatever they are: an ordinary 100,000-character article takes 0.05-0.4 s on a
# small server; 100,000 characters of made-up short words would take seconds
# (each distinct unknown word costs 0.5-2 ms).
MAX_SECONDS = 0.5
# Calls that take a language on past where the budget shared by size stopped it.
MAX_GOING_ON = 6

# A paragraph is checked in a language other than the article's only when it clearly
# is in it: this many letters at least (a shorter line, a name or a caption, keeps the
# article's language; the regex skips such lines without a Python step each), ...
MIN_LETTERS = 20
PARAGRAPH_RE = re.compile(rf"[^\r\n\u2028\u2029]{{{MIN_LETTERS},}}")
# ... at least this share of them in one script (Latin or Cyrillic), ...
CLEAR_SHARE = 0.8
# ... and for Kazakh within Cyrillic, at least 3 Kazakh-only letters, one in 20 letters
# (Kazakh prose has one in 7-17; a Russian sentence naming "Қасым-Жомарт Тоқаев" has 2),
# outnumbering the letters Kazakh words rarely have. A Cyrillic paragraph in a Kazakh
# article is Russian only with no Kazakh letter in RUSSIAN_IN_KAZAKH letters.
RUSSIAN_IN_KAZAKH = 40
_KAZAKH = "".join(sorted(KAZAKH_ONLY))
# Runs of letters, not letters: a list of words costs less to build than of letters.
LATIN_RE = re.compile("[A-Za-z]+")
CYRILLIC_RE = re.compile(f"[А-яЁё{_KAZAKH}]+")
KAZAKH_RE = re.compile(f"[{_KAZAKH}]+")
RUSSIAN_ONLY_RE = re.compile("[ЁёЩщЪъЬьЭэ]+")


def _count(letters: re.Pattern, text: str) -> int:
    return sum(map(len, letters.findall(text)))


def paragraph_language(paragraph: str, main: str) -> str:
    """The language to check PARAGRAPH in, in an article in MAIN: another supported
    language only when the paragraph is clearly in it."""
    # The usual answer first, counting only the letters of another script: too few
    # of them to be another language (for Kazakh and Russian, too few Kazakh
    # letters to be Kazakh, or some, to be Russian).
    few = CLEAR_SHARE * MIN_LETTERS
    if main == "en":
        cyrillic = _count(CYRILLIC_RE, paragraph)
        if cyrillic < few:
            return main
        latin = _count(LATIN_RE, paragraph)
    else:
        latin = _count(LATIN_RE, paragraph)
        kazakh = _count(KAZAKH_RE, paragraph)
        if latin < few and ((main == "ru" and kazakh < 3) or (main == "kk" and kazakh)):
            return main
        cyrillic = _count(CYRILLIC_RE, paragraph)
    kazakh = _count(KAZAKH_RE, paragraph)
    letters = latin + cyrillic
    if letters < MIN_LETTERS:
        return main
    if latin >= CLEAR_SHARE * letters:
        return "en"
    if cyrillic < CLEAR_SHARE * letters:
        return main
    if (
        kazakh >= 3
        and kazakh * 20 >= cyrillic
        and kazakh > _count(RUSSIAN_ONLY_RE, paragraph)
    ):
        return "kk"
    if not kazakh and (main != "kk" or cyrillic >= RUSSIAN_IN_KAZAKH):
        return "ru"
    return main if main != "en" else "ru"


def paragraph_languages(text: str, main: str) -> dict[str, list[tuple[int, int]]]:
    """The spans of TEXT's paragraphs clearly in languages other than MAIN, by
    language, in order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for paragraph in PARAGRAPH_RE.finditer(text):
        lang = paragraph_language(paragraph.group(), main)
        if lang != main:
            spans.setdefault(lang, []).append(paragraph.span())
    return spans


def _keep_only(text: str, spans: list[tuple[int, int]]) -> str:
    """TEXT with everything but SPANS blanked (line breaks kept), same length."""
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(re.sub(r"[^\n]", " ", text[at:start]))
        pieces.append(text[start:end])
        at = end
    pieces.append(re.sub(r"[^\n]", " ", text[at:]))
    return "".join(pieces)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """TEXT with SPANS blanked, same length."""
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(text[at:start])
        pieces.append(" " * (end - start))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _sizes(text: str, main: str, others: dict) -> dict[str, int]:
    """How many characters of TEXT each language has (MAIN the rest)."""
    sizes = {other: sum(end - start for start, end in s) for other, s in others.items()}
    return {main: len(text) - sum(sizes.values()), **sizes}


def _languages(text: str, lang: str | None) -> tuple[str | None, dict]:
    """The article's language (LANG when given) and the spans of its paragraphs in
    others. Detected, it is the language most of the text is in: detect_language
    calls a text Kazakh from one Kazakh-only letter in 33, which a Russian article
    with a Kazakh paragraph may have."""
    main = engine.normalise_lang(lang)
    if main:
        return main, paragraph_languages(text, main)
    main = engine.detect_language(text)
    if not main:
        return None, {}
    others = paragraph_languages(text, main)
    sizes = _sizes(text, main, others)
    biggest = max(sizes, key=sizes.get)
    if biggest != main:
        main = biggest
        others = paragraph_languages(text, main)
    return main, others


def proofread(
    text: str, lang: str | None = None, site=None
) -> tuple[str | None, list[dict], int]:
    """Return the article's language (LANG when given, else detected), the findings
    as plain dictionaries (each with the language it was checked in) and how many
    characters of TEXT were checked (fewer than all past `engine.MAX_EXAMINED` letters
    of unknown words or MAX_SECONDS, over all its languages together). SITE: whose
    own lexicons to check with (`engine.site_lexicon`), if any."""
    main, others = _languages(text, lang)
    if not main:
        return None, [], len(text)
    texts = {main: _blank(text, sorted(s for spans in others.values() for s in spans))}
    texts.update({other: _keep_only(text, spans) for other, spans in others.items()})
    for each in texts:  # loaded first: a call's seconds below are its own work
        lexicon.get(each)
        engine.site_lexicon(site, each)
    seconds, letters, found, stops = MAX_SECONDS, engine.MAX_EXAMINED, [], {}

    def check(each: str, text: str, seconds_allowed: float, letters_allowed: int):
        nonlocal seconds, letters
        began = time.monotonic()
        findings = engine.check_text(
            text, each, seconds=seconds_allowed, letters=letters_allowed, site=site
        )
        seconds -= min(seconds_allowed, time.monotonic() - began)
        letters -= findings.examined
        found.extend((f, each) for f in findings)
        stops[each] = findings.checked

    # One call a language, the smallest part first, the letters and the seconds
    # shared by the size of each part (what one leaves is the next one's). A call's
    # seconds count from its start, its scan of known words included, as a single
    # call's do (one deadline for all would be spent by the first scans).
    sizes = _sizes(text, main, others)
    order = sorted(texts, key=sizes.get)
    for n, each in enumerate(order):
        share = sizes[each] / max(1, sum(sizes[later] for later in order[n:]))
        check(each, texts[each], seconds * share, int(letters * share))
    # What the text is checked up to is where the first language stopped: while time
    # and letters are left (others did not need their share), it goes on from there,
    # as far as the next language's stop.
    for _ in range(MAX_GOING_ON):
        low = min(stops.values())
        if low >= len(text) or seconds < 0.01 or letters <= 0:
            break
        each = min(stops, key=stops.get)
        upto = min((s for s in stops.values() if s > low), default=len(text))
        check(each, _blank(texts[each][:upto], [(0, low)]), seconds, letters)
    checked = min(stops.values())
    return main, _as_dicts(found, checked), checked


def _as_dicts(found, checked: int) -> list[dict]:
    """The findings (each with its language) before CHECKED, as plain dictionaries
    in the order of the text."""
    return [
        {
            "start": f.start,
            "end": f.end,
            "word": f.word,
            "error": f.error,
            "suggestions": list(f.suggestions),
            "lang": each,
        }
        for f, each in sorted(found, key=lambda pair: pair[0].start)
        if f.start < checked
    ]


def marked(text: str, findings: list[dict]) -> list[tuple[str, dict | None]]:
    """Split TEXT into (piece, finding or None) for display, in order."""
    pieces, at = [], 0
    for finding in sorted(findings, key=lambda f: f["start"]):
        if finding["start"] < at:
            continue  # overlapping findings: keep the first
        pieces.append((text[at : finding["start"]], None))
        pieces.append((text[finding["start"] : finding["end"]], finding))
        at = finding["end"]
    pieces.append((text[at:], None))
    return [(piece, f) for piece, f in pieces if piece]


def corrected(text: str, findings: list[dict]) -> str:
    """TEXT with each finding's first suggestion applied (a finding without one, or
    overlapping an earlier one, is left as written)."""
    return "".join(
        f["suggestions"][0] if f and f["suggestions"] else piece
        for piece, f in marked(text, findings)
    )
