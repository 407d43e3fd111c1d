"""Re-anchoring a reported quote in the page's text as it is now.

The way web annotation clients re-attach a highlight to a changed document
(Hypothesis' dom-anchor-text-quote): the quote with its context first, exactly; then
approximately, scored by how well the text around a place matches the reported
prefix and suffix (edit distance, rapidfuzz) and, between equals, by distance from
the reported position. Verdicts:

- present: the quote stands where the context says (or somewhere with most of its
  context, or, when the context cannot be found at all, anywhere on the page: when
  unsure, the error is taken to be still there);
- fixed: the context is found and something else stands between its two sides
  (new_text);
- gone: neither the quote nor its context is on the page.

An unfixed error must never be called fixed or gone, so every "fixed" is checked
once more for the quote itself near the found place.

Cost is bounded on any page: the quote's occurrences, the pieces of context looked
for, the places scored and each place's window are all capped; the only passes over
the whole text are str.find's (C, linear).
"""

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

LIVE_CONTEXT = 80  # characters of live text on either side, for the editor
MAX_HITS = 1000  # occurrences of the quote scored
MAX_SEED_HITS = 50  # occurrences of each piece of context
MAX_PLACES = 64  # places where the context may be, scored
SEED = 16  # length of the pieces of context looked for exactly
MIN_SEED = 6
# A place whose context (both sides, weighted by length) is at least this similar
# holds the reported error when the quote stands there.
PRESENT_CONTEXT = 0.5
# The context found around a replacement: both sides together, and the better side.
FIXED_CONTEXT = 0.75
FIXED_SIDE = 0.9
# Each side's exact edge is looked for this far from where the fuzzy match put it.
EDGE = 12


@dataclass(frozen=True)
class Located:
    verdict: str  # "present" | "fixed" | "gone"
    start: int | None = None
    end: int | None = None
    new_text: str = ""  # what stands where the quote was ("fixed")
    live_text: str = ""  # the text around the anchor ("" when gone)


def locate(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    position: int,
    *,
    origins: tuple[int, ...] = (0,),
) -> Located:
    """Where QUOTE (reported with PREFIX and SUFFIX at POSITION) is in TEXT now.

    POSITION counts from the start of the widget's container; ORIGINS are the
    offsets in TEXT where the containers may begin (extract.PageText.containers).
    """
    if not quote:
        return Located("present")
    expected = [origin + position for origin in origins] or [position]

    def distance(at: int) -> int:
        return min(abs(at - e) for e in expected)

    whole = prefix + quote + suffix
    exact = _occurrences(text, whole, MAX_HITS)
    if exact:
        start = min(exact, key=distance) + len(prefix)
        return _found("present", text, start, start + len(quote))

    hits = _occurrences(text, quote, MAX_HITS)
    if hits:
        scored = [(_context_score(text, h, quote, prefix, suffix), h) for h in hits]
        best = max(score for score, _ in scored)
        if best >= PRESENT_CONTEXT:
            start = min((h for s, h in scored if s >= best - 0.02), key=distance)
            return _found("present", text, start, start + len(quote))

    replaced = _replacement(text, quote, prefix, suffix, distance)
    if replaced is not None:
        start, end = replaced
        return _found("fixed", text, start, end, new_text=text[start:end])
    if hits:  # the quote is on the page, its context is not: unsure, so present
        start = min(hits, key=distance)
        return _found("present", text, start, start + len(quote))
    return Located("gone")


def _found(verdict: str, text: str, start: int, end: int, new_text: str = ""):
    live = text[max(0, start - LIVE_CONTEXT) : end + LIVE_CONTEXT]
    return Located(verdict, start, end, new_text, live)


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _similarity(expected: str, actual: str) -> float:
    return Levenshtein.normalized_similarity(expected, actual) if expected else 1.0


def _context_score(text: str, start: int, quote: str, prefix: str, suffix: str):
    """How like the reported context the text around a quote at START is (0..1)."""
    if not prefix and not suffix:
        return 1.0
    end = start + len(quote)
    before = _similarity(prefix, text[max(0, start - len(prefix)) : start])
    after = _similarity(suffix, text[end : end + len(suffix)])
    return (before * len(prefix) + after * len(suffix)) / (len(prefix) + len(suffix))


def _pieces(context: str, from_end: bool) -> list[tuple[int, str]]:
    """Up to four pieces of CONTEXT (offset, piece), nearest the quote first."""
    pieces = []
    for k in range(4):
        if from_end:
            stop = len(context) - k * SEED
            begin = max(0, stop - SEED)
        else:
            begin = k * SEED
            stop = min(len(context), begin + SEED)
        if stop - begin < MIN_SEED:
            break
        pieces.append((begin, context[begin:stop]))
    return pieces


def _places(text: str, quote: str, prefix: str, suffix: str, distance) -> list[int]:
    """Where the quote would start, judging by exact pieces of its context."""
    places = set()
    for begin, piece in _pieces(prefix, from_end=True):
        for at in _occurrences(text, piece, MAX_SEED_HITS):
            places.add(at + len(prefix) - begin)
    for begin, piece in _pieces(suffix, from_end=False):
        for at in _occurrences(text, piece, MAX_SEED_HITS):
            places.add(at - begin - len(quote))
    # Places a few characters apart are one place (a replacement of another length).
    merged: list[int] = []
    for place in sorted(places):
        if not merged or place - merged[-1] > SEED:
            merged.append(place)
    return sorted(merged, key=distance)[:MAX_PLACES]


def _replacement(text, quote, prefix, suffix, distance) -> tuple[int, int] | None:
    """The span between the reported context's two sides, found near where pieces
    of it are, when it is found well enough and the quote is not there."""
    if not prefix and not suffix:
        return None
    gap = 3 * len(quote) + 100  # the longest replacement believed
    best = None
    for place in _places(text, quote, prefix, suffix, distance):
        found = _sides(text, place, quote, prefix, suffix, gap)
        if found is None:
            continue
        score, start, end = found
        if best is None or score > best[0]:
            best = (score, start, end)
    if best is None:
        return None
    _, start, end = best
    # Never "fixed" while the quote still stands at or next to the place.
    near = text[max(0, start - len(quote)) : end + len(quote)]
    if quote in near:
        return None
    return start, end


def _sides(text, place, quote, prefix, suffix, gap):
    """Align PREFIX before PLACE and SUFFIX after it: (score, start, end) of the
    span between them, or None when the context is not there well enough."""
    lo = max(0, place - len(prefix) - SEED)
    left = text[lo : place + SEED]
    start, before = _align(prefix, left, lo, at_end=True)
    if suffix:
        right = text[start : start + gap + len(suffix)]
        end, after = _align(suffix, right, start, at_end=False)
    else:  # the quote ended its container: its replacement's end is a guess
        end, after = min(len(text), start + len(quote)), 1.0
    if end < start or end - start > gap:
        return None
    # partial_ratio's scores (Indel) are generous to any two stretches of prose:
    # the sides are judged by edit distance against the text next to the span.
    before = _similarity(prefix, text[max(0, start - len(prefix)) : start])
    if suffix:
        after = _similarity(suffix, text[end : end + len(suffix)])
    weight = len(prefix) + len(suffix)
    score = (before * len(prefix) + after * len(suffix)) / weight
    sides = [s for s, n in ((before, prefix), (after, suffix)) if n]
    if score < FIXED_CONTEXT or max(sides) < FIXED_SIDE:
        return None
    return score, start, end


def _align(context: str, window: str, offset: int, at_end: bool) -> tuple[int, float]:
    """Where CONTEXT best matches in WINDOW (which starts at OFFSET in the text):
    the offset of its edge next to the quote, and the similarity (0..1)."""
    if not context:  # the quote began its container: it starts where it did
        return offset + len(window) - SEED, 1.0
    match = fuzz.partial_ratio_alignment(context, window)
    if match is None:
        return offset, 0.0
    edge = match.dest_end if at_end else match.dest_start
    # Put the edge exactly where the context's nearest characters are, if they are.
    near = context[-EDGE:] if at_end else context[:EDGE]
    lo = max(0, edge - 2 * EDGE)
    at = window.find(near, lo, edge + 2 * EDGE)
    if at >= 0:
        edge = at + len(near) if at_end else at
    return offset + edge, match.score / 100
