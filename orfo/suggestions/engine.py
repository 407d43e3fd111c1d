"""Correct a reader's selection, or proofread an article, in en, ru or kk.

Each unknown word gets candidates (one or two edits away, the correction of a
listed misspelling, a dropped hyphen put back, Kazakh look-alikes, the other
keyboard layout, a missing space), scored as log-frequency minus the weighted
edit cost (English: learned, `channel`) plus context evidence. An "it is a word we
don't know" hypothesis competes with them, so names and new terms are left alone.

With a site's own lexicon (`sitelexicon`, the `site` argument) the words the site
uses are right, its names and terms are candidates, its frequencies sharpen the
priors, its editors' accepted fixes come first, and its neighbouring-word counts
rank candidates in context and reveal a known word that is the wrong word.
"""

import itertools
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from math import log10
from types import MappingProxyType

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import kazakh, lexicon, phonetic
from .errormodel import distance
from .lexicon import Lexicon, fold
from .sitelexicon import SiteLexicon
from .text import (
    KAZAKH_TO_RUSSIAN,
    LAYOUT_CHARS,
    SENTENCE_END,
    TO_CYRILLIC,
    TO_LATIN,
    WORD_RE,
    detect_language,
    match_case,
    script,
    unfold_lookalikes,
)

# Zipf points one unit of edit cost is worth (chosen on synthetic typos of
# frequent words, not on the benchmark sets).
EDIT_WEIGHT = 3.0
SPACE_COST = 0.6
REPLACEMENT_COST = 0.5
LISTED_COST = 0.3  # a misspelling writers are known to make (misspellings.py)
FIRST_LETTER = 0.25
GLUED = {"ru": {"в", "к", "с", "у", "о", "и", "а"}, "en": {"a"}}
LAYOUT_COST = 0.3
CONTEXT_BONUS = 1.5
HARMONY_PENALTY = 1.0
AGREEMENT_BONUS = 0.3
# Scores of "the word is right, we just don't know it".
UNKNOWN_WORD = -4.0
UNKNOWN_NAME = 2.5
UNREPORTED = 2.5
MAX_CANDIDATES = 5
# Keys within two edits of a word that are scored (the nearest, the commonest first):
# a 4-letter word has hundreds, each a weighted distance in Python. Scoring all of
# them made a text of made-up 4-letter words cost 4 ms a word; top-1 and top-5 of
# bench/suggestions.py do not move with the cap.
MAX_SCORED = 64
# Words of the text near an unknown one that are scored as its candidates.
MAX_CONTEXT = 8
# Candidates found only by sound (`phonetic`) scored per word, the commonest first,
# for words of more than SOUNDS_FROM letters (a shorter misspelling is within the
# edit search's reach). One found only by sound is far by definition: it costs the
# farthest edit the word may have (`_max_cost`), or less if the error model says so.
MAX_PHONETIC = 8
SOUNDS_FROM = 5
# The longest word each dictionary can suggest plus the two letters a typo of it may
# add (measured on the built lexicons: en 45, "pneumonoultramicroscopic…"; ru 28; kk
# 29, with room for longer forms of its grammar). A longer token is no word the engine
# could correct, and its candidates (deletes and edits) grow with the square of its
# length: it is never corrected (issue 13: a 1,000-letter word cost 20 s and 0.9 GB).
MAX_WORD = {"en": 47, "ru": 30, "kk": 34}
# Letters of unknown words one `check_text` examines (each costs about 0.1 ms a
# letter): an ordinary 100,000-character article examines 4,000–10,000; the rest of
# a text of nothing but distinct unknown words is left unchecked.
MAX_EXAMINED = 12_000
# Letters of unknown words one quote may have corrected (two long words, or several
# ordinary ones); a reader's quote with more abstains, as it does on a word the
# engine cannot judge.
MAX_CORRECTED = 64
# A site's lexicon (issue 14). Its text is evidence of how often the site uses a
# word; the dictionary's frequency is the prior belief, worth SITE_PRIOR_TOKENS words
# of the site's own text (`_prior`).
SITE_PRIOR_TOKENS = 1_000_000
# Zipf points one side's neighbour pair may add or take (`_pair_bonus`).
PAIR_CAP = 1.0
# Zipf points taken from a form the site never wrote beside a neighbour that it did
# write other forms of the same word beside (`_implausible`).
IMPLAUSIBLE = 1.0
# Pairs of a neighbour with another form that make this one implausible.
FORM_SEEN = 2
# Candidates re-ranked with the site's neighbour pairs, the best by their own score.
CONTEXT_RANKED = 16
# How far the first learned fix of a word is put above the rest.
FIX_MARGIN = 0.1
# A known word is the wrong word only where another one edit away stood REAL_WORD_PAIRS
# times beside each neighbour, and the word never did; at most REAL_WORD_CANDIDATES
# of them are offered. Such checks spend at most a REAL_WORD_SHARE of the letters
# budget besides it (each costs about what an unknown word of its length does).
REAL_WORD_PAIRS = 3
REAL_WORD_CANDIDATES = 3
REAL_WORD_SHARE = 4
LEGIT_DOUBLES = {"en": {"had", "that", "is", "do"}, "ru": {"так", "еще", "да"}}
_LANG_ALIASES = {"kz": "kk"}


@dataclass(frozen=True)
class Suggestion:
    """A corrected quote: TEXT replaces the quote (and, when the selection cut a
    word, the PREFIX_CHARS before it and SUFFIX_CHARS after it)."""

    text: str
    score: float
    error: str
    lang: str
    prefix_chars: int = 0
    suffix_chars: int = 0


@dataclass(frozen=True)
class Finding:
    """A suspected error at TEXT[start:end] with its ranked corrections."""

    start: int
    end: int
    word: str
    error: str
    suggestions: list[str] = field(default_factory=list)
    score: float = 0.0


class Findings(list):
    """The findings of `check_text`; CHECKED is how many characters of the text were
    checked (all of them, unless the text ran past MAX_EXAMINED or the time allowed);
    EXAMINED how many letters of unknown words it examined."""

    checked: int = 0
    examined: int = 0


@dataclass
class _Candidate:
    text: str
    logp: float
    error: str


def normalise_lang(lang: str | None) -> str | None:
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    code = _LANG_ALIASES.get(code, code)
    return code if code in ("en", "ru", "kk") else None


def too_long(word: str, lang: str | None) -> bool:
    """Whether WORD is too long to be a word of LANG (None: of any language)."""
    return len(word) > (MAX_WORD.get(lang, 0) if lang else max(MAX_WORD.values()))


def _max_cost(key: str) -> float:
    return 1.0 if len(key) <= 3 else 1.6 if len(key) <= 5 else 2.2


def _agreement(key: str, neighbours: tuple[str, ...]) -> float:
    return (
        AGREEMENT_BONUS
        if any(len(n) > 3 and len(key) > 3 and n[-2:] == key[-2:] for n in neighbours)
        else 0.0
    )


_BACK, _FRONT = set("аоұы"), set("әөүіе")


def _disharmony(lang: str, key: str) -> float:
    """Penalise a Kazakh candidate that mixes back and front vowels (native words
    don't), or puts қ/ғ among front vowels."""
    if lang != "kk":
        return 0.0
    letters = set(key)
    back, front = bool(letters & _BACK), bool(letters & _FRONT)
    if back and front:
        return HARMONY_PENALTY
    if front and letters & {"қ", "ғ"}:
        return HARMONY_PENALTY / 2
    return 0.0


def _error_class(key: str, cand: str) -> str:
    if "".join(KAZAKH_TO_RUSSIAN.get(c, c) for c in cand) == key:
        return "lookalike"
    return "typo"


def site_lexicon(site, lang: str) -> SiteLexicon | None:
    """Return SITE's lexicon in LANG: SITE is anything with `.get(lang)` (a
    `sitelexicon.SiteLexicons`, a dict in tests) or a SiteLexicon itself."""
    if site is None:
        return None
    if isinstance(site, SiteLexicon):
        return site if site.lang == lang else None
    return site.get(lang)


def _prior(lex: Lexicon, slex: SiteLexicon | None, key: str) -> float:
    """Return KEY's log-frequency (Zipf scale) with what the site's text says of it.

    The site's N words of text hold KEY n times. With the dictionary's frequency p0
    as the prior belief, worth M = SITE_PRIOR_TOKENS words of text, the expected
    frequency is the posterior mean (n + M·p0) / (N + M): a small site moves it
    little, a large one towards its own n / N. Where the dictionary's frequencies
    are measured (en, ru: wordfreq's billions of words) the site only raises a word:
    a beat's text is narrow, and its silence about a word says little. Where they are
    a guess (kk: grammar and letters, `Lexicon.prior`) the site's frequency is the
    frequency, and a word it never used drops by log10(1 + N/M) (0.3 for a site of a
    million words)."""
    base = lex.prior(key)
    if slex is None or not slex.tokens:
        return base
    guess = 10.0 ** (base - 9)
    mean = (slex.count(key) + SITE_PRIOR_TOKENS * guess) / (
        slex.tokens + SITE_PRIOR_TOKENS
    )
    site = log10(mean) + 9
    return max(base, site) if lex.zipf else site


def _same_word(a: str, b: str) -> bool:
    """Whether A and B look like forms of one word: they differ only in their last
    three letters, and share three at least."""
    if a == b:
        return False
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= max(3, min(len(a), len(b)) - 3)


def _in_context(
    slex: SiteLexicon, ranked: list[_Candidate], left: str, right: str
) -> list[_Candidate]:
    """Re-rank RANKED with the site's neighbour pairs; LEFT and RIGHT are the folded
    neighbours ("" where none stands right beside the word).

    Each side adds the log-ratio of how often the site wrote the pair to how often
    the two words' own frequencies predict it (count · count / words), both add-one
    smoothed: an unseen pair of rare words says nothing, one seen once little, a
    frequent pair the site never wrote counts against. It is clipped to ±PAIR_CAP
    (a third of an edit), so no pair outweighs the spelling itself. A form the site
    never wrote beside a neighbour that it wrote another form of the same word beside
    (FORM_SEEN times) is implausible there: IMPLAUSIBLE less."""
    tokens = max(slex.tokens, 1)
    words = [fold(c.text).split() or [""] for c in ranked]
    adjust = [0.0] * len(ranked)
    implausible = [False] * len(ranked)
    for side, neighbour in ((0, left), (1, right)):
        if not neighbour:
            continue
        around = slex.count(neighbour)
        near = [w[0] if side == 0 else w[-1] for w in words]
        seen = [
            slex.pair(neighbour, w) if side == 0 else slex.pair(w, neighbour)
            for w in near
        ]
        for i, word in enumerate(near):
            expected = around * slex.count(word) / tokens
            ratio = log10((seen[i] + 1) / (expected + 1))
            adjust[i] += min(PAIR_CAP, max(-PAIR_CAP, ratio))
            if not seen[i] and any(
                n >= FORM_SEEN and _same_word(word, other)
                for other, n in zip(near, seen, strict=True)
            ):
                implausible[i] = True
    rescored = [
        _Candidate(c.text, c.logp + a - IMPLAUSIBLE * bad, c.error)
        for c, a, bad in zip(ranked, adjust, implausible, strict=True)
    ]
    rescored.sort(key=lambda c: (-c.logp, c.text))
    return rescored


def _real_word(
    lex: Lexicon, slex: SiteLexicon, key: str, left: str, right: str
) -> list[str]:
    """Return the keys one edit from the known KEY that the site wrote beside both
    LEFT and RIGHT REAL_WORD_PAIRS times or more, where it never wrote KEY beside
    either (its likeliest REAL_WORD_CANDIDATES); [] unless both neighbours are
    there and the site knows them well enough to tell."""
    if not left or not right or len(key) < 3:
        return []
    if slex.pair(left, key) or slex.pair(key, right):
        return []
    if min(slex.count(left), slex.count(right)) < REAL_WORD_PAIRS:
        return []
    found = []
    for cand in lex.edits1(key):
        before = slex.pair(left, cand)
        if before >= REAL_WORD_PAIRS:
            after = slex.pair(cand, right)
            if after >= REAL_WORD_PAIRS:
                found.append((min(before, after), cand))
    found.sort(key=lambda f: (-f[0], f[1]))
    return [cand for _, cand in found[:REAL_WORD_CANDIDATES]]


def _real_word_candidates(
    word: str, lex: Lexicon, slex: SiteLexicon, left: str, right: str
) -> tuple[list[_Candidate], float]:
    """Return the corrections of the known WORD as the wrong word (`_real_word`),
    ranked in context, and the score of WORD itself there ([] and 0.0: none)."""
    key = fold(word)
    keys = _real_word(lex, slex, key, left, right)
    if not keys:
        return [], 0.0
    cands = [
        _Candidate(
            match_case(word, _spelled(lex, k, word)), _prior(lex, slex, k), "real_word"
        )
        for k in keys
    ]
    typed = _Candidate(word, _prior(lex, slex, key), "")
    return _in_context(slex, cands, left, right), _in_context(
        slex, [typed], left, right
    )[0].logp


def _spelled(lex: Lexicon, key: str, typed: str) -> str:
    word = lex.spelling(key)
    if "ё" not in typed.lower():
        return word.replace("ё", "е")  # keep the writer's choice of е for ё
    if "ё" not in word:  # the writer spells ё: use the ё-form if there is one
        for i, c in enumerate(key):
            if c == "е" and key[:i] + "ё" + key[i + 1 :] in lex.yo_forms:
                return word[:i] + "ё" + word[i + 1 :]
    return word


def _layout(word: str, lang: str) -> _Candidate | None:
    """Return WORD read in the other keyboard layout when that is a known word."""
    if any("a" <= c.lower() <= "z" for c in word):
        target = "kk" if lang == "kk" else "ru"
        converted = word.translate(TO_CYRILLIC)
    else:
        target, converted = "en", word.translate(TO_LATIN)
    lex = lexicon.get(target)
    if lex is None or not converted.strip():
        return None
    pieces = converted.split()
    if any(too_long(p, target) for p in pieces):
        return None  # and keeps unfold_lookalikes' variants short
    if not pieces or not all(WORD_RE.fullmatch(p) for p in pieces):
        return None  # punctuation inside a word: not a layout slip
    keys = [fold(p) for p in pieces]
    if not all(len(k) > 1 for k in keys) or not all(k in lex.words for k in keys):
        if target == "kk" and len(keys) == 1:
            found = [v for v in unfold_lookalikes(keys[0]) if v in lex.words]
            if found:
                best = max(found, key=lex.prior)
                return _Candidate(
                    match_case(converted, _spelled(lex, best, converted)),
                    lex.prior(best) - EDIT_WEIGHT * LAYOUT_COST,
                    "layout",
                )
        return None
    prior = min(lex.prior(k) for k in keys)
    return _Candidate(converted, prior - EDIT_WEIGHT * LAYOUT_COST, "layout")


def _sounds_like(lex: Lexicon, key: str) -> set[str]:
    """Return the commonest MAX_PHONETIC dictionary words that sound like KEY."""
    if lex.sounds is None or len(key) <= SOUNDS_FROM:
        return set()
    code = phonetic.key(lex.lang, key)
    found = [w for w in lex.sounds.get(code) if w != key] if code else []
    found.sort(key=lambda w: (-lex.prior(w), w))
    return set(found[:MAX_PHONETIC])


def word_candidates(
    word: str,
    lang: str,
    *,
    context: Mapping[str, str] = MappingProxyType({}),
    neighbours: tuple[str, ...] = (),
    sentence_start: bool = True,
    reported: bool = True,
    singled_out: bool = False,
    sides: tuple[str, str] = ("", ""),
    site=None,
) -> list[_Candidate] | None:
    """Return ranked corrections of WORD, [] to abstain, None when it is right.

    SINGLED_OUT: a reader selected this word alone, so even a dictionary word that
    writers are known to misspell (`misspellings`) gets its corrections.
    SIDES: the folded words right beside it ("" where none), which SITE's lexicon
    (`site_lexicon`) may know as its neighbours.
    """
    if any(c.isdigit() or c == "_" for c in word):
        return None
    lex = lexicon.get(lang)
    if lex is None:
        return []
    kind = script(word)
    native = "latin" if lang == "en" else "cyrillic"
    if kind is None:
        return []
    if too_long(word, lang if kind == native else None):
        # Known hyphenated parts ("северо-западный") are right; else abstain.
        parts = word.split("-")
        if all(not too_long(p, lang) and lex.known(p) for p in parts):
            return None
        return []
    if kind != native:
        own = lexicon.get("en" if kind == "latin" else "ru")
        if own is not None and own.known(word):
            return None  # an English word quoted in Russian prose, or the reverse
        found = _layout(word, lang)
        return [found] if found else []
    key = fold(word)
    slex = site_lexicon(site, lang)
    listed = lex.misspellings.get(key, ())
    learned = slex.fixes.get(key, ()) if slex is not None else ()
    if slex is not None and key in slex.allowed:
        return [] if singled_out else None  # the editors' word: never corrected
    known = lex.known(word) or all(lex.known(p) for p in word.split("-") if p)
    # A word the site's text uses is right; a reader who singles it out may still
    # be right that it is a slip, so it competes as the "unknown word" below.
    used = slex is not None and not known and not learned and slex.attested(key)
    if used and not reported:
        return None
    # A Kazakh word can be valid and still a slip (кун for күн): `kazakh.doubtful`.
    doubted = known and singled_out and lang == "kk" and kazakh.doubtful(lex, key)
    if known and not (singled_out and (listed or learned)) and not doubted:
        lower = word.lower()
        if "ё" in lower and lower not in lex.yo_forms and key in lex.words:
            return [_Candidate(match_case(word, _spelled(lex, key, word)), 9.0, "yo")]
        return None
    if 1 < len(word) <= 5 and word.isupper():
        return []  # an acronym
    name_like = word[:1].isupper() and not sentence_start
    found = _layout(word, lang) if lang != "kk" and len(word) > 2 else None
    candidates: list[_Candidate] = [found] if found else []

    kept = kazakh.candidates(lex.words, lex.morphology, key) if lang == "kk" else set()
    replaced = lex.replaced(key)
    kept |= replaced
    limit = 1 if len(key) <= 3 else 2
    keys = lex.edits1(key) | {
        k for k in lex.near(key) if OSA.distance(key, k, score_cutoff=limit) <= limit
    }
    if len(keys) > MAX_SCORED:
        # A short word has hundreds of keys within two edits, and each costs a
        # weighted distance in Python: score the nearest, the commonest first.
        keys = set(
            sorted(keys, key=lambda k: (OSA.distance(key, k), -lex.zipf.get(k, 0), k))[
                :MAX_SCORED
            ]
        )
    keys |= kept
    joined = {k for k in keys | {key} if k in lex.compounds}  # "ктото": "кто-то"
    keys = (keys - joined) | {lex.compounds[k] for k in joined}
    keys.discard(key)
    sounded = _sounds_like(lex, key) - keys
    keys |= sounded
    max_cost = _max_cost(key)
    measure = lex.channel.distance if lex.channel else distance
    nearby = (
        context.near(key, limit) if isinstance(context, Context) else context.items()
    )
    for ctx, spelling in nearby:
        # A name or term spelled right elsewhere in the text is a candidate even
        # when the dictionary lacks it.
        if (
            len(ctx) > 3
            and ctx not in keys
            and ctx != key
            and OSA.distance(key, ctx, score_cutoff=limit) <= limit
            and not lex.known(ctx)
        ):
            cost = measure(key, ctx)
            if cost <= max_cost:
                score = UNKNOWN_NAME + CONTEXT_BONUS - EDIT_WEIGHT * cost
                candidates.append(_Candidate(match_case(word, spelling), score, "typo"))
    if slex is not None:
        # The site's own names and terms (түркия, инвестиция), at their frequency
        # there; they are loanwords as often as not, so vowel harmony is not asked.
        for own in slex.near(key, limit, lex.known):
            cost = measure(key, own)
            spelling = slex.spelling(own)
            if cost > max_cost or (name_like and not spelling[:1].isupper()):
                continue
            if own[:1] != key[:1]:
                cost += FIRST_LETTER
            score = _prior(lex, slex, own) - EDIT_WEIGHT * cost
            if own in context:
                score += CONTEXT_BONUS
            score += _agreement(own, neighbours)
            candidates.append(
                _Candidate(match_case(word, spelling), score, _error_class(key, own))
            )
    for fix in learned:  # what the editors accepted: as strong as a listed one
        prior = min(_prior(lex, slex, fold(p)) for p in fix.split() or [fix])
        score = prior - EDIT_WEIGHT * LISTED_COST
        candidates.append(_Candidate(match_case(word, fix), score, "typo"))
    for fix in listed:
        if " " in fix:  # "alot" for "a lot"
            prior = min(_prior(lex, slex, fold(p)) for p in fix.split())
            score = prior - EDIT_WEIGHT * LISTED_COST
            candidates.append(_Candidate(match_case(word, fix), score, "typo"))
    listed_keys = {fold(fix) for fix in listed if " " not in fix}
    keys |= listed_keys
    for cand in keys:
        cost = measure(key, cand)
        if cand in replaced:
            cost = min(cost, REPLACEMENT_COST)
        if cand in listed_keys:
            cost = min(cost, LISTED_COST)
        if cand in sounded:
            cost = min(cost, max_cost)
        if cost > max_cost:
            continue
        text = _spelled(lex, cand, word)
        if name_like and not text[:1].isupper() and _error_class(key, cand) == "typo":
            continue  # a capitalised word mid-sentence is a name unless proven
        if cand[:1] != key[:1]:
            cost += FIRST_LETTER  # writers rarely get the first letter wrong
        score = _prior(lex, slex, cand) - EDIT_WEIGHT * cost - _disharmony(lang, cand)
        if cand in context:
            score += CONTEXT_BONUS
        score += _agreement(cand, neighbours)
        candidates.append(
            _Candidate(match_case(word, text), score, _error_class(key, cand))
        )

    for i in range(1, len(key) - 1):  # a one-letter word ends no glued pair
        left, right = key[:i], key[i:]
        if left in lex.words and right in lex.words and (i > 1 or lex.prior(left) > 5):
            if name_like and not word[i : i + 1].isupper():
                continue
            # as independent words
            prior = _prior(lex, slex, left) + _prior(lex, slex, right) - 9
            if word[i : i + 1].isupper() and word[i - 1 : i].islower():
                prior += 2  # "вКазахстане": the capital letter marks the join
            elif left in GLUED.get(lang, ()):
                prior += 1.5  # a one-letter preposition glued to the next word
            candidates.append(
                _Candidate(
                    word[:i] + " " + word[i:],
                    prior - EDIT_WEIGHT * SPACE_COST,
                    "missing_space",
                )
            )
    if doubted:  # a valid word is doubted for its look-alikes, and only for them
        candidates = [c for c in candidates if c.error == "lookalike"]
    if not candidates:
        return []
    candidates.sort(key=lambda c: (-c.logp, c.text))
    best: dict[str, _Candidate] = {}
    for c in candidates:
        best.setdefault(c.text, c)
    if slex is None:
        ranked = list(best.values())[:MAX_CANDIDATES]
    else:
        ranked = list(best.values())[:CONTEXT_RANKED]
        if any(sides):
            ranked = _in_context(slex, ranked, *sides)
        ranked = ranked[:MAX_CANDIDATES]
    null = UNKNOWN_NAME if name_like else UNKNOWN_WORD
    if doubted:  # the word as typed competes with its corrections
        typed = kazakh.typed_prior(lex, key)
        null = max(null, typed, typed - _disharmony(lang, key) + kazakh.DOUBT_MARGIN)
    elif known:  # a reader reported a word the dictionary has, but writers misspell
        null = max(null, _prior(lex, slex, key))
    elif used:  # a reader reported a word the site uses: as likely as its use says
        null = max(null, _prior(lex, slex, key))
    if not reported:  # proofreading: no reader has said there is an error here
        null += UNREPORTED
        if not lex.zipf and any(key[:i] in lex.stems for i in range(4, len(key))):
            null += UNREPORTED  # a known stem with a suffix the dictionary lacks
    if learned:  # the editors' first fix of this word wins
        first = match_case(word, learned[0])
        top = max([c.logp for c in ranked if c.text != first] + [null])
        fix = best[first] if first in best else _Candidate(first, top, "typo")
        fix = _Candidate(first, max(fix.logp, top + FIX_MARGIN), fix.error)
        ranked = [fix] + [c for c in ranked if c.text != first][: MAX_CANDIDATES - 1]
    if ranked[0].logp < null:
        return []
    return ranked


def _confidences(scores: list[float], null: float) -> list[float]:
    top = max(scores + [null])
    weights = [10 ** (s - top) for s in scores]
    total = sum(weights) + 10 ** (null - top)
    return [round(w / total, 3) for w in weights]


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip(" \t\u00a0([«\"'—–-")
    return not stripped or stripped[-1] in SENTENCE_END


# The part of a word the selection cut, right at the end of the prefix (\Z: "$" would
# also match before a final line break, taking the last word of the line before).
_LEFT = re.compile(r"[^\W\d_]+\Z")
_RIGHT = re.compile(r"^[^\W\d_]+")
_Option = tuple[int, int, str, float, str]  # start, end, replacement, logp, class
_Result = tuple[str, float, list[str]]  # edited text, logp, classes


def suggest(
    quote: str,
    prefix: str = "",
    suffix: str = "",
    lang: str | None = None,
    site=None,
) -> list[Suggestion]:
    """Return corrections of QUOTE, best first; an empty list means abstain. SITE:
    whose lexicon to use (`site_lexicon`), if any."""
    if not quote.strip() or len(quote) > 500:
        return []
    found_left = _LEFT.search(prefix) if quote[:1].isalpha() else None
    found_right = _RIGHT.search(suffix) if quote[-1:].isalpha() else None
    left = found_left.group() if found_left else ""
    right = found_right.group() if found_right else ""
    before = prefix[: len(prefix) - len(left)]
    full = left + quote + right
    lang = normalise_lang(lang) or detect_language(prefix + full + suffix)
    if lang is None or lexicon.get(lang) is None:
        return []

    stripped = full.strip()
    if stripped and (
        set(stripped) - set(" ") <= LAYOUT_CHARS or set(stripped) <= set(" ёЁ" + _cyr())
    ):
        whole = _whole_layout(stripped, lang)
        if whole is not None:
            edited = full.replace(stripped, whole.text, 1)
            return _finish([(edited, whole.logp, ["layout"])], full, left, right, lang)

    lex = lexicon.get(lang)
    slex = site_lexicon(site, lang)
    after = suffix[len(right) :]
    context = Context(WORD_RE.findall(before + " " + after), lex)
    tokens = list(WORD_RE.finditer(full))
    options: list[list[_Option]] = []
    extra_prefix = 0
    unknown = sum(
        len(t.group())
        for t in tokens
        if not lex.known(t.group())
        and not (slex is not None and slex.attested(fold(t.group())))
    )
    if unknown > MAX_CORRECTED:
        return []
    for n, tok in enumerate(tokens):
        word = tok.group()
        prev = tokens[n - 1].group() if n else _last_word(before)
        gap = full[tokens[n - 1].end() : tok.start()] if n else _trailing_space(before)
        if (
            prev
            and prev.lower() == word.lower()
            and gap
            and not gap.strip()
            and word.lower() not in LEGIT_DOUBLES.get(lang, ())
            and not word.isdigit()
        ):
            if n:
                options.append(
                    [(tokens[n - 1].end(), tok.end(), "", 6.0, "doubled_word")]
                )
            else:  # the space before it is in the prefix
                options.append([(tok.start(), tok.end(), "", 6.0, "doubled_word")])
                extra_prefix = len(gap)
            continue
        neighbours = tuple(
            fold(w)
            for w in (prev, tokens[n + 1].group() if n + 1 < len(tokens) else "")
            if w
        )
        sides = ("", "")
        if slex is not None:  # the words right beside it, as the site's pairs count
            if n + 1 < len(tokens):
                following = tokens[n + 1].group()
                following_gap = full[tok.end() : tokens[n + 1].start()]
            else:
                found_next = re.match(r"([^\S\n]+)(\w+)", after)
                following = found_next.group(2) if found_next else ""
                following_gap = found_next.group(1) if found_next else ""
            sides = (_beside(prev, gap), _beside(following, following_gap))
        cands = word_candidates(
            word,
            lang,
            context=context,
            neighbours=neighbours,
            sentence_start=_sentence_start(before + full[: tok.start()]),
            singled_out=len(tokens) == 1,
            sides=sides,
            site=slex,
        )
        if cands is None and slex is not None and len(tokens) == 1:
            # A known word a reader singled out may be the wrong word.
            cands = _real_word_candidates(word, lex, slex, *sides)[0] or None
        if cands is None:
            continue
        if not cands:
            return []  # one word we can't judge: a partial fix would mislead
        options.append(
            [(tok.start(), tok.end(), c.text, c.logp, c.error) for c in cands]
        )
    if not options:
        return []
    found = _combine(full, options, left, right, lang)
    if extra_prefix and not left:
        found = [
            Suggestion(s.text, s.score, s.error, s.lang, extra_prefix, s.suffix_chars)
            if s.error == "doubled_word"
            else s
            for s in found
        ]
    return found


class Context(dict[str, str]):
    """The words of the text around (key: spelling). Those the dictionary lacks are
    also indexed by length: they are the only ones `near` may offer (a name spelled
    right elsewhere), so each unknown word compares itself in one pass in C with the
    few of them near it, not with all the distinct words of a 100,000-character
    text."""

    def __init__(self, words: list[str], lex: Lexicon) -> None:
        super().__init__()
        self.lengths: dict[int, list[str]] = {}
        for w in words:
            key = fold(w)
            if key not in self and not any(c.isdigit() for c in w):
                self[key] = w
                if len(key) > 3 and not lex.known(key):
                    self.lengths.setdefault(len(key), []).append(key)

    def near(self, key: str, limit: int) -> list[tuple[str, str]]:
        """Return the (key, spelling) pairs within LIMIT edits of KEY, the nearest
        MAX_CONTEXT of them (a text of made-up short words has hundreds)."""
        found = []
        for n in range(len(key) - limit, len(key) + limit + 1):
            if n in self.lengths:
                found += process.extract(
                    key,
                    self.lengths[n],
                    scorer=OSA.distance,
                    score_cutoff=limit,
                    limit=MAX_CONTEXT,
                )
        found.sort(key=lambda f: (f[1], f[0]))
        return [(near, self[near]) for near, _, _ in found[:MAX_CONTEXT]]


def _cyr() -> str:
    return "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def _whole_layout(text: str, lang: str) -> _Candidate | None:
    words = text.split()
    own = lexicon.get(lang)
    if own is not None and all(own.known(w) for w in WORD_RE.findall(text)):
        return None
    if any(c.isdigit() for c in text):
        return None
    latin = any("a" <= c.lower() <= "z" for c in text)
    if latin == (lang == "en"):
        return None  # the page's own script: a typo, not a layout slip
    del words
    return _layout(text, lang)


def _beside(word: str, gap: str) -> str:
    """Return WORD folded if it stands right beside (GAP: spaces only, within a
    line, as the site's pairs are counted), else ""."""
    if not word or not gap or gap.strip() or "\n" in gap:
        return ""
    return fold(word)


def _last_word(text: str) -> str:
    found = re.search(r"(\w+)\s+$", text)
    return found.group(1) if found else ""


def _trailing_space(text: str) -> str:
    found = re.search(r"\s+$", text)
    return found.group() if found else ""


def _combine(
    full: str, options: list[list[_Option]], left: str, right: str, lang: str
) -> list[Suggestion]:
    """Return the best corrections of the whole quote from each word's options."""
    best = [opts[0] for opts in options]
    variants = [best]
    for i, opts in enumerate(options):
        for alt in opts[1:]:
            variants.append(best[:i] + [alt] + best[i + 1 :])
    results = []
    for choice in itertools.islice(variants, MAX_CANDIDATES * 3):
        edited, pos = [], 0
        for start, end, text, _, _ in sorted(choice):
            edited.append(full[pos:start] + text)
            pos = end
        edited.append(full[pos:])
        errors = sorted({c[4] for c in choice})
        error = errors[0] if len(errors) == 1 else "multiple"
        if error == "typo" and len(choice) > 1:
            error = "typos"
        logp = sum(c[3] for c in choice) / len(choice)
        results.append(("".join(edited), logp, [error]))
    return _finish(results, full, left, right, lang)


def _finish(
    results: list[_Result], full: str, left: str, right: str, lang: str
) -> list[Suggestion]:
    scores = [r[1] for r in results]
    confidence = _confidences(scores, UNKNOWN_WORD)
    out: list[Suggestion] = []
    seen = set()
    for (text, _, errors), conf in sorted(
        zip(results, confidence, strict=True), key=lambda x: -x[1]
    ):
        if text == full or text in seen:
            continue
        seen.add(text)
        pre, suf = len(left), len(right)
        if left and text.startswith(left):
            text, pre = text[len(left) :], 0
        if right and text.endswith(right):
            text, suf = text[: len(text) - len(right)], 0
        out.append(Suggestion(text, conf, errors[0], lang, pre, suf))
    return out[:MAX_CANDIDATES]


def check_text(
    text: str,
    lang: str | None = None,
    *,
    seconds: float | None = None,
    letters: int = MAX_EXAMINED,
    site=None,
) -> Findings:
    """Return the suspected errors of an article, in the order they appear. Past
    LETTERS of distinct unknown words, or SECONDS after the lexicon was ready, the
    rest is left unchecked (`Findings.checked` says where).

    With SITE's lexicon (`site_lexicon`) the words the site uses are right,
    candidates are ranked with the words beside them, and known words the context
    shows to be the wrong word are found too: those checks spend at most a
    REAL_WORD_SHARE of LETTERS besides it, and past it are no longer made."""
    lang = normalise_lang(lang) or detect_language(text)
    lex = lexicon.get(lang) if lang else None
    if lex is not None and seconds is not None:
        for other in ("en", "ru"):  # what the layout check may consult, loaded first
            lexicon.get(other)
    until = None if seconds is None else time.monotonic() + seconds
    findings = Findings()
    findings.checked = len(text)
    if lex is None:
        return findings
    slex = site_lexicon(site, lang)
    tokens = list(WORD_RE.finditer(text))
    context = Context([t.group() for t in tokens], lex)
    # A word met again in the same surroundings is judged once (and paid for once):
    # an article repeats its names and its typos.
    judged: dict[tuple, list[_Candidate] | None] = {}
    real: dict[tuple[str, str, str], tuple[list[_Candidate], float]] = {}
    budget = letters
    real_budget = letters // REAL_WORD_SHARE
    for n, tok in enumerate(tokens):
        word = tok.group()
        if n:
            prev = tokens[n - 1]
            gap = text[prev.end() : tok.start()]
            if (
                prev.group().lower() == word.lower()
                and gap
                and not gap.strip()
                and "\n" not in gap
                and word.lower() not in LEGIT_DOUBLES.get(lang, ())
                and not word.isdigit()
            ):
                findings.append(
                    Finding(
                        prev.end(), tok.end(), gap + word, "doubled_word", [""], 0.9
                    )
                )
                continue
        sides = ("", "")
        if slex is not None:
            sides = (
                _beside(tokens[n - 1].group(), text[tokens[n - 1].end() : tok.start()])
                if n
                else "",
                _beside(tokens[n + 1].group(), text[tok.end() : tokens[n + 1].start()])
                if n + 1 < len(tokens)
                else "",
            )
        if lex.known(word) and "ё" not in word.lower():
            if slex is None or not all(sides) or too_long(word, lang):
                continue
            # The wrong word? Only where the site's pairs say so (`_real_word`).
            seen_real = (word, *sides)
            if seen_real not in real:
                if real_budget <= 0:
                    continue
                if until is not None and time.monotonic() > until:
                    findings.checked = tok.start()
                    break
                real_budget -= len(word)
                findings.examined += len(word)
                real[seen_real] = _real_word_candidates(word, lex, slex, *sides)
            cands, typed = real[seen_real]
            if cands:
                conf = _confidences([c.logp for c in cands], typed)
                findings.append(
                    Finding(
                        tok.start(),
                        tok.end(),
                        word,
                        "real_word",
                        [match_case(word, c.text) for c in cands],
                        conf[0],
                    )
                )
            continue
        if slex is not None and slex.attested(fold(word)):
            if fold(word) not in slex.fixes:
                continue  # the site's own word
        neighbours = tuple(
            fold(tokens[i].group()) for i in (n - 1, n + 1) if 0 <= i < len(tokens)
        )
        start = tok.start()
        sentence_start = (
            _sentence_start(text[max(0, start - 20) : start]) if start else True
        )
        seen = (word, neighbours, sentence_start, sides)
        if seen not in judged:
            if budget <= 0 or (until is not None and time.monotonic() > until):
                findings.checked = start
                break
            budget -= len(word)
            findings.examined += len(word)
            judged[seen] = word_candidates(
                word,
                lang,
                context=context,
                neighbours=neighbours,
                sentence_start=sentence_start,
                reported=False,
                sides=sides,
                site=slex,
            )
        cands = judged[seen]
        if not cands:
            continue
        conf = _confidences([c.logp for c in cands], UNKNOWN_WORD)
        findings.append(
            Finding(
                tok.start(),
                tok.end(),
                word,
                cands[0].error,
                [c.text for c in cands],
                conf[0],
            )
        )
    return findings
