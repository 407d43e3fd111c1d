"""A site's own language: what Orfo learned from the newsroom's published text and
what its editors taught it.

The general lexicons (`lexicon`) come from dictionaries; they lack the names and
terms of a newsroom's beat, and Kazakh has no frequency list at all. Each site gets
one `SiteLexicon` a language, built from

- the text it published: the pages live-page checks fetch, the context of reports
  editors acted on, and archives (`orfo lexicon learn`). Words and neighbouring
  pairs are counted; a word the dictionaries lack becomes the site's own only once
  seen in MIN_TEXTS different texts, so one article's typo never does;
- its editors' dictionary (`SiteWord`, "not an error"), and the fixes they
  accepted (`LearnedFix`, misspelling → correction).

Counts are stored as MARISA tries in one database row a site and language
(`SiteLexiconData`), so several machines share them; text waits in `LearningText`
until a worker's sweep (or the learn command) folds it in. A process keeps the tries
it loaded and asks the row's version again every RECHECK seconds.
"""

import hashlib
import re
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from math import log10

import marisa_trie
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .lexicon import fold
from .text import WORD_RE

# A word the dictionaries lack is the site's own once seen in this many texts (an
# article's typo is in one; a name of the beat recurs).
MIN_TEXTS = 3
# Characters of one text learned (a longer archive file is learned in parts).
MAX_TEXT = 200_000
# Tries past these sizes drop what was seen once (a newsroom's decade of text has
# some 500,000 distinct words; these keep a process's share of it small).
MAX_WORDS = 600_000
MAX_PAIRS = 2_000_000
# The longest word learned (longer tokens are no words: `engine.MAX_WORD`).
MAX_WORD = 34
# Editors' dictionary words and learned fixes a process loads a site (newest first).
MAX_TAUGHT = 50_000
# Seconds a process trusts its copy before asking the row's version again.
RECHECK = 30.0
# Words of the site's own (unknown to the dictionaries) a misspelling is compared
# with, the nearest first.
MAX_NEAR = 8

_WORDS_FORMAT = "<III"  # occurrences, texts it was in, capitalised mid-sentence
_SENTENCE_BREAK = re.compile(r"[.!?…:;()\[\]\"«»„“”\n]|\s[—–-]\s")


@dataclass
class Counts:
    """Counts of learned text, mutable while a fold adds to them."""

    words: Counter = field(default_factory=Counter)
    texts: Counter = field(default_factory=Counter)
    capitals: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)
    tokens: int = 0
    documents: int = 0

    def add(self, text: str) -> set[str]:
        """Count TEXT's words, the texts they are in, their capitals mid-sentence
        and the pairs of neighbours (within a sentence, separated by spaces only).
        Returns the words this text made attested (seen in MIN_TEXTS texts now)."""
        seen = set()
        for sentence in _SENTENCE_BREAK.split(text[:MAX_TEXT]):
            prev_key, prev_end = None, 0
            for n, match in enumerate(WORD_RE.finditer(sentence)):
                word = match.group()
                if len(word) > MAX_WORD or any(c.isdigit() or c == "_" for c in word):
                    prev_key = None
                    continue
                key = fold(word)
                self.words[key] += 1
                self.tokens += 1
                seen.add(key)
                if n and word[:1].isupper() and not word.isupper():
                    self.capitals[key] += 1
                gap = sentence[prev_end : match.start()]
                if prev_key is not None and not gap.strip():
                    self.pairs[f"{prev_key} {key}"] += 1
                prev_key, prev_end = key, match.end()
        self.texts.update(seen)
        self.documents += 1
        return {key for key in seen if self.texts[key] == MIN_TEXTS}

    def prune(self) -> None:
        """Past the caps, forget what was seen once (then twice...)."""
        floor = 1
        while len(self.words) > MAX_WORDS:
            for key in [k for k, n in self.words.items() if n <= floor]:
                del self.words[key], self.texts[key]
                self.capitals.pop(key, None)
            floor += 1
        floor = 1
        while len(self.pairs) > MAX_PAIRS:
            for key in [k for k, n in self.pairs.items() if n <= floor]:
                del self.pairs[key]
            floor += 1

    def encode(self) -> tuple[bytes, bytes]:
        words = marisa_trie.RecordTrie(
            _WORDS_FORMAT,
            (
                (k, (n, self.texts[k], self.capitals.get(k, 0)))
                for k, n in self.words.items()
            ),
        )
        pairs = marisa_trie.RecordTrie("<I", ((k, (n,)) for k, n in self.pairs.items()))
        return zlib.compress(words.tobytes(), 6), zlib.compress(pairs.tobytes(), 6)

    @classmethod
    def decode(
        cls, words: bytes, pairs: bytes, tokens: int, documents: int
    ) -> "Counts":
        counts = cls(tokens=tokens, documents=documents)
        for key, (n, texts, capitals) in _words_trie(words).items():
            counts.words[key] = n
            counts.texts[key] = texts
            if capitals:
                counts.capitals[key] = capitals
        counts.pairs.update({k: n for k, (n,) in _pairs_trie(pairs).items()})
        return counts


def own_words(stored: bytes, counts: Counts, attested: set[str], known) -> bytes:
    """The attested words the dictionaries lack, for the row: those STORED that the
    counts still hold, and of those a fold just made ATTESTED, the ones KNOWN (the
    dictionary's test, None when its lexicon is not loaded) does not know."""
    kept = {k for k in own_trie(stored).keys() if k in counts.words}
    kept |= {
        k
        for k in attested
        if len(k) > 3 and k in counts.words and not (known and known(k))
    }
    return zlib.compress(marisa_trie.Trie(kept).tobytes(), 6)


def own_trie(data: bytes) -> marisa_trie.Trie:
    trie = marisa_trie.Trie()
    return trie.frombytes(zlib.decompress(data)) if data else trie


def _words_trie(data: bytes) -> marisa_trie.RecordTrie:
    trie = marisa_trie.RecordTrie(_WORDS_FORMAT)
    return trie.frombytes(zlib.decompress(data)) if data else trie


def _pairs_trie(data: bytes) -> marisa_trie.RecordTrie:
    trie = marisa_trie.RecordTrie("<I")
    return trie.frombytes(zlib.decompress(data)) if data else trie


class SiteLexicon:
    """What one site's text and editors say of its words in one language (keys are
    folded: `lexicon.fold`). Read-only; the engine asks it, never changes it."""

    def __init__(
        self,
        lang: str,
        words: marisa_trie.RecordTrie,
        pairs: marisa_trie.RecordTrie,
        tokens: int,
        allowed: dict[str, str] | None = None,
        fixes: dict[str, tuple[str, ...]] | None = None,
        own: Iterable[str] | None = None,
    ) -> None:
        """OWN: the attested words the dictionaries lack, as the fold found them
        (`own_words`); None: found here, on first use."""
        self.lang = lang
        self._words = words
        self._pairs = pairs
        self.tokens = tokens
        self.allowed = allowed or {}
        self.fixes = fixes or {}
        self._own: dict[int, list[str]] | None = None
        self._own_lock = threading.Lock()
        self._own_found = own

    @classmethod
    def learned(
        cls,
        lang: str,
        texts: Iterable[str],
        allowed: Iterable[str] = (),
        fixes: dict[str, tuple[str, ...]] | None = None,
    ) -> "SiteLexicon":
        """Build one in memory from TEXTS (tests, benchmarks, the learn preview)."""
        counts = Counts()
        for text in texts:
            counts.add(text)
        return cls.from_counts(lang, counts, allowed, fixes)

    @classmethod
    def from_counts(
        cls,
        lang: str,
        counts: Counts,
        allowed: Iterable[str] = (),
        fixes: dict[str, tuple[str, ...]] | None = None,
    ) -> "SiteLexicon":
        words, pairs = counts.encode()
        return cls(
            lang,
            _words_trie(words),
            _pairs_trie(pairs),
            counts.tokens,
            {fold(w): w for w in allowed},
            {fold(k): v for k, v in (fixes or {}).items()},
        )

    def __len__(self) -> int:
        return len(self._words)

    def count(self, key: str) -> int:
        found = self._words.get(key)
        return found[0][0] if found else 0

    def texts(self, key: str) -> int:
        """How many different texts KEY was seen in."""
        found = self._words.get(key)
        return found[0][1] if found else 0

    def zipf(self, key: str) -> float:
        """KEY's frequency in the site's text on the Zipf scale (log10 of uses per
        billion words, as `Lexicon.zipf`); 0.0 if never seen."""
        n = self.count(key)
        return log10(n * 1e9 / self.tokens) if n and self.tokens else 0.0

    def attested(self, key: str) -> bool:
        """Whether the site uses KEY as a word: its editors' dictionary has it, or
        its text had it in MIN_TEXTS different texts."""
        return key in self.allowed or self.texts(key) >= MIN_TEXTS

    def pair(self, left: str, right: str) -> int:
        """How often the folded words LEFT RIGHT stood side by side."""
        found = self._pairs.get(f"{left} {right}")
        return found[0][0] if found else 0

    def spelling(self, key: str) -> str:
        """How the site writes KEY: the editors' spelling, else capitalised when
        mostly written so mid-sentence (a name), else KEY."""
        if key in self.allowed:
            return self.allowed[key]
        found = self._words.get(key)
        if found and found[0][2] * 2 > found[0][0]:
            return key[:1].upper() + key[1:]
        return key

    def near(self, key: str, limit: int, known) -> list[str]:
        """The site's own words (attested, and unknown to the dictionaries: KNOWN
        says what they know) within LIMIT edits of KEY, the nearest MAX_NEAR."""
        own = self._own_words(known)
        found = []
        for n in range(len(key) - limit, len(key) + limit + 1):
            if n in own:
                found += process.extract(
                    key, own[n], scorer=OSA.distance, score_cutoff=limit, limit=MAX_NEAR
                )
        found.sort(key=lambda f: (f[1], -self.count(f[0]), f[0]))
        # A fold without the dictionary at hand kept words unasked: ask them now.
        return [w for w, _, _ in found[:MAX_NEAR] if w != key and not known(w)]

    def _own_words(self, known) -> dict[int, list[str]]:
        """The own words by length. The fold found those of the text (in the worker:
        asking a Kazakh dictionary of each of 100,000 words takes seconds, too long
        for a proofreading request); the editors' words are asked here."""
        with self._own_lock:
            if self._own is None:
                if self._own_found is None:
                    found = {
                        k
                        for k, (_, texts, _) in self._words.items()
                        if texts >= MIN_TEXTS
                    }
                    candidates = {k for k in found if not known(k)}
                else:
                    candidates = set(self._own_found)
                candidates |= {k for k in self.allowed if not known(k)}
                own: dict[int, list[str]] = {}
                for key in candidates:
                    if len(key) > 3:
                        own.setdefault(len(key), []).append(key)
                self._own = own
            return self._own

    def items(self) -> Iterator[tuple[str, int, int]]:
        """(key, occurrences, texts) of every word learned."""
        for key, (n, texts, _) in self._words.items():
            yield key, n, texts


def text_key(text: str) -> str:
    """Name a text by its content (a file learned twice counts once)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SiteLexicons:
    """One site's lexicons by language, loaded from the database when first asked
    for and refreshed when their version changes (`get`)."""

    def __init__(self, site_id: int) -> None:
        self.site_id = site_id

    def get(self, lang: str | None) -> SiteLexicon | None:
        return load(self.site_id, lang) if lang else None


_loaded: dict[tuple[int, str], tuple[float, int, SiteLexicon | None]] = {}
_loading = threading.Lock()


def load(site_id: int, lang: str) -> SiteLexicon | None:
    """SITE_ID's lexicon in LANG (None when nothing was learned or taught), from
    this process's copy unless RECHECK seconds passed and its version moved."""
    from .models import SiteLexiconData

    now = time.monotonic()
    cached = _loaded.get((site_id, lang))
    if cached and now - cached[0] < RECHECK:
        return cached[2]
    version = (
        SiteLexiconData.objects.filter(site_id=site_id, lang=lang)
        .values_list("version", flat=True)
        .first()
    )
    if version is None:
        _loaded[(site_id, lang)] = (now, -1, None)
        return None
    if cached and cached[1] == version:
        _loaded[(site_id, lang)] = (now, version, cached[2])
        return cached[2]
    with _loading:
        found = _read(site_id, lang)
        _loaded[(site_id, lang)] = (now, found[0], found[1])
        return found[1]


def forget(site_id: int, lang: str) -> None:
    """Drop this process's copy (after a change made here: seen at once)."""
    _loaded.pop((site_id, lang), None)


def reset() -> None:
    _loaded.clear()


def _read(site_id: int, lang: str) -> tuple[int, SiteLexicon | None]:
    from .models import LearnedFix, SiteLexiconData, SiteWord

    row = SiteLexiconData.objects.filter(site_id=site_id, lang=lang).first()
    if row is None:
        return -1, None
    allowed = dict(
        SiteWord.objects.filter(site_id=site_id, lang=lang)
        .order_by("-id")
        .values_list("word", "spelling")[:MAX_TAUGHT]
    )
    fixes: dict[str, list[str]] = {}
    for wrong, right in (
        LearnedFix.objects.filter(site_id=site_id, lang=lang)
        .order_by("-count", "-updated")
        .values_list("wrong", "right")[:MAX_TAUGHT]
    ):
        fixes.setdefault(wrong, []).append(right)
    return row.version, SiteLexicon(
        lang,
        _words_trie(bytes(row.words)),
        _pairs_trie(bytes(row.pairs)),
        row.tokens,
        allowed,
        {k: tuple(v) for k, v in fixes.items()},
        own_trie(bytes(row.own)).keys() if row.words else None,
    )
