"""A language's word list: known forms, frequencies and a symmetric-delete index.

The forms come from the installed Hunspell dictionary, expanded once; frequencies
come from `wordfreq` where it has the language. The result is cached on disk (a
pickle in the data dir, keyed by the sources' size and mtime) so later processes
load it in a fraction of a second.
"""

import logging
import math
import os
import pickle
import struct
import tempfile
import threading
import time
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from . import conf, kazakh, misspellings, russian, tessdata
from .channel import Channel
from .channel import learn as learn_channel
from .hunspell import expand, read_aff

log = logging.getLogger(__name__)

FORMAT = 12
MAX_DISTANCE = 2
# A word that wordfreq knows this well is accepted even when Hunspell lacks it
# (new terms, brands); it is never offered as a correction.
KNOWN_ZIPF = 3.3
# Forms reachable two edits away; the index costs about 400 bytes per form.
INDEX_SIZE = 200_000
ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz'",
    "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "kk": "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
}


# Russian spellings by ear: unpronounced consonants, ц for тс, щ for сч, the
# genitive -ого written as it sounds, -тся as -тса; the school rules (жи-ши,
# ча-ща, чу-щу) broken; prefixes in з-/с- spelled by their sound. ru_RU.aff has
# no REP table of its own.
REPLACEMENTS = {
    "ru": [
        ("ца", "тся"),
        ("ца", "ться"),
        ("ц", "тс"),
        ("щ", "сч"),
        ("сч", "щ"),
        ("ш", "сш"),
        ("ово$", "ого"),
        ("ево$", "его"),
        ("шт", "чт"),
        ("шн", "чн"),
        ("сн", "стн"),
        ("сл", "стл"),
        ("зн", "здн"),
        ("ств", "вств"),
        ("нц", "лнц"),
        ("рц", "рдц"),
        ("тса$", "тся"),
        ("тса$", "ться"),
        ("жы", "жи"),
        ("шы", "ши"),
        ("чя", "ча"),
        ("щя", "ща"),
        ("чю", "чу"),
        ("щю", "щу"),
        ("^з", "с"),
        ("^рас", "раз"),
        ("^раз", "рас"),
        ("^бес", "без"),
        ("^без", "бес"),
        ("^ис", "из"),
        ("^из", "ис"),
        ("^вос", "воз"),
        ("^воз", "вос"),
    ],
}


def fold(word: str) -> str:
    """Return the lookup key of WORD: lower case, ё read as е."""
    return word.lower().replace("ё", "е")


def _deletes(word: str, depth: int) -> set[str]:
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {
            w[:i] + w[i + 1 :] for w in frontier if len(w) > 1 for i in range(len(w))
        }
        out |= frontier
    return out


def _hash(s: str) -> int:
    return zlib.crc32(s.encode())


@dataclass
class Lexicon:
    lang: str
    words: set[str]  # keys that may be suggested
    extra: set[str]  # keys that are accepted but never suggested
    zipf: dict[str, float]
    display: dict[str, str]  # key -> dictionary spelling, where they differ
    stems: set[str]
    yo_forms: set[str]  # lower-case dictionary spellings that contain ё
    index_words: list[str]
    index: array = field(repr=False)
    # (misspelt, meant) letter groups: the dictionary's REP table plus ours.
    replacements: list[tuple[str, str]] = field(default_factory=list)
    # Known misspellings (typed key -> corrections), from `misspellings`.
    misspellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Hyphenated words the dictionary knows only in parts, by their key written
    # without the hyphen ("ктото" -> "кто-то"); see `russian`.
    compounds: dict[str, str] = field(default_factory=dict)
    # Edit costs learned from the misspellings, where there are enough of them.
    channel: Channel | None = None
    load_seconds: float = 0.0
    # Kazakh's grammar and letter model, which stand in for frequencies.
    morphology: kazakh.Model | None = None

    def known(self, word: str) -> bool:
        key = fold(word)
        if key in self.words or key in self.extra:
            return True
        return self.morphology is not None and self.morphology.accepts(key)

    def prior(self, key: str) -> float:
        """Return the log-frequency (Zipf scale) of KEY, or a floor for rare forms."""
        z = self.zipf.get(key)
        if z is not None:
            return z
        if not self.zipf and self.morphology is not None:
            return self.morphology.prior(key, key in self.words, key in self.stems)
        if not self.zipf:  # no frequency list for this language
            return 3.0 if key in self.stems else 2.5
        return 1.5 if key in self.stems else 1.0

    def spelling(self, key: str) -> str:
        return self.display.get(key, key)

    def edits1(self, key: str) -> set[str]:
        """Return known keys one insertion, deletion, substitution or swap away."""
        letters = ALPHABETS.get(self.lang, "")
        splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
        edits |= {a + c + b for a, b in splits for c in letters}
        return edits & self.words | edits & self.compounds.keys()

    def replaced(self, key: str) -> set[str]:
        """Return known keys that differ from KEY by one REP-style replacement."""
        found = set()
        for typed, meant in self.replacements:
            anchored_start, anchored_end = typed[:1] == "^", typed[-1:] == "$"
            typed = typed.strip("^$")
            meant = meant.strip("^$")
            start = key.find(typed)
            while start >= 0:
                end = start + len(typed)
                if (not anchored_start or start == 0) and (
                    not anchored_end or end == len(key)
                ):
                    variant = key[:start] + meant + key[end:]
                    if variant in self.words:
                        found.add(variant)
                start = key.find(typed, start + 1)
        return found

    def near(self, key: str) -> set[str]:
        """Return indexed keys that share a deletion variant with KEY (within 2)."""
        index, words, found = self.index, self.index_words, set()
        n = len(index)
        for variant in _deletes(key, MAX_DISTANCE):
            h = _hash(variant)
            i = bisect_left(index, h << 32)
            while i < n and index[i] >> 32 == h:
                found.add(words[index[i] & 0xFFFFFFFF])
                i += 1
        return found


def _wordfreq(lang: str) -> dict[str, float]:
    try:
        import wordfreq
    except ImportError:
        return {}
    if lang not in wordfreq.available_languages("large"):
        return {}
    return wordfreq.get_frequency_dict(lang, "large")


def _phrase_zipf(lang: str, text: str) -> float:
    """Return wordfreq's estimate for TEXT, which it reads as several tokens."""
    import wordfreq

    return wordfreq.zipf_frequency(text, lang, "large")


def _learn_channel(lang: str) -> Channel | None:
    pairs = [
        (typo, fixes[0])
        for typo, fixes in misspellings.read(lang).items()
        if len(fixes) == 1 and fixes[0].isalpha() and fixes[0].islower()
    ]
    return learn_channel(pairs) if len(pairs) > 10_000 else None


def _word_list(lang: str) -> list[str]:
    """Return the words of LANG's Tesseract word list ([] if none or unreadable)."""
    path = conf.find_word_list(lang)
    if path is None:
        return []
    try:
        return tessdata.read_words(path)
    except (OSError, ValueError, IndexError, struct.error) as e:
        log.warning("ignoring the unreadable word list %s: %s", path, e)
        return []


def build(lang: str, dic: Path, aff: Path) -> Lexicon:
    """Expand the Hunspell dictionary of LANG and index it."""
    words: set[str] = set()
    extra: set[str] = set()
    plain: set[str] = set()
    variants: dict[str, str] = {}
    stems: set[str] = set()
    yo_forms: set[str] = set()
    for form, is_stem, suggestible in expand(dic, aff):
        if len(form) < 1 or not form.replace("-", "").replace("'", "").isalpha():
            continue
        key = fold(form)
        (words if suggestible else extra).add(key)
        if is_stem:
            stems.add(key)
        if "ё" in form:
            yo_forms.add(form.lower())
        if form == key:
            plain.add(key)
        elif key not in variants or form.islower():
            variants[key] = form
    if lang == "kk":
        infinitives = [w for w in stems if w.endswith("у")]
        for infinitive in infinitives:
            words.update(kazakh.verb_forms(infinitive, words))
    morphology = None
    if lang == "kk":  # forms hunspell-kk misspells stay accepted but are never offered
        morphology, misformed = kazakh.build_model(dic, words, stems, _word_list(lang))
        words -= misformed
        extra |= misformed
    display = {k: v for k, v in variants.items() if k not in plain}
    listed: dict[str, tuple[str, ...]] = {}
    for typo, fixes in misspellings.read(lang).items():
        known = tuple(f for f in fixes if all(fold(p) in words for p in f.split()))
        if known:
            listed[fold(typo)] = known
    zipf: dict[str, float] = {}
    frequencies = _wordfreq(lang)
    for word, freq in frequencies.items():
        key = fold(word)
        if key in words:
            zipf[key] = max(round(math.log10(freq) + 9, 2), zipf.get(key, 0.0))
    compounds: dict[str, str] = {}
    if lang == "ru":
        for joined in russian.hyphenated(zipf, words):
            compounds[joined.replace("-", "")] = joined
            zipf[joined] = _phrase_zipf(lang, joined)
    for word, freq in frequencies.items():
        key = fold(word)
        z = round(math.log10(freq) + 9, 2)
        if key in words or z < KNOWN_ZIPF or not key.isalpha():
            continue
        if key not in listed and key not in compounds:
            extra.add(key)  # but a misspelling stays one however common
    if zipf:  # the most frequent forms; rarer ones are found one edit away
        ranked = sorted(zipf, key=zipf.__getitem__, reverse=True)
        chosen = set(ranked[:INDEX_SIZE])
    else:
        chosen = stems | {w for w in words if len(w) <= 6}
    index_words = sorted({w for w in chosen if w in words} | compounds.keys())
    index = _build_index(index_words)
    replacements = read_aff(aff).replacements + REPLACEMENTS.get(lang, [])
    lexicon = Lexicon(
        lang,
        words,
        extra,
        zipf,
        display,
        stems,
        yo_forms,
        index_words,
        index,
        replacements,
        listed,
        compounds,
        _learn_channel(lang),
    )
    lexicon.morphology = morphology
    return lexicon


def _build_index(index_words: list[str]) -> array:
    buckets = [array("Q") for _ in range(256)]
    for i, word in enumerate(index_words):
        for variant in _deletes(word, MAX_DISTANCE):
            h = _hash(variant)
            buckets[h >> 24].append(h << 32 | i)
    index = array("Q")
    for bucket in buckets:
        index.extend(sorted(bucket))
    return index


def _cache_path(lang: str, dic: Path, aff: Path) -> Path | None:
    folder = conf.cache_dir()
    if folder is None:
        return None
    try:
        import wordfreq

        wf = getattr(wordfreq, "__version__", "1")
    except ImportError:
        wf = "none"
    stamp = "-".join(
        str(v) for p in (dic, aff) for v in (p.stat().st_size, int(p.stat().st_mtime))
    )
    lists = misspellings.version()
    own = ""
    if lang == "kk":  # kk's model has its own version, and reads a word list
        seen = conf.find_word_list(lang)
        own = f"-kk{kazakh.VERSION}-{seen}"
        if seen is not None:
            own += f"-{seen.stat().st_size}-{int(seen.stat().st_mtime)}"
    tag = zlib.crc32(f"{FORMAT}-{dic}-{stamp}-{wf}-{lists}{own}".encode())
    return folder / f"lexicon-{lang}-{tag:08x}.pickle"


def load(lang: str) -> Lexicon | None:
    """Return the lexicon of LANG, cached or built; None without a dictionary."""
    found = conf.find_dictionary(lang)
    if found is None:
        return None
    dic, aff = found
    started = time.perf_counter()
    path = _cache_path(lang, dic, aff)
    lexicon = None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as f:
                lexicon = pickle.load(f)
        except Exception:  # a damaged or stale cache is rebuilt
            log.warning("rebuilding the damaged lexicon cache %s", path)
    if lexicon is None:
        lexicon = build(lang, dic, aff)
        if path is not None:
            _save(lexicon, path)
    lexicon.load_seconds = time.perf_counter() - started
    log.info("loaded the %s lexicon in %.2f s", lang, lexicon.load_seconds)
    return lexicon


def _save(lexicon: Lexicon, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(lexicon, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: parallel test workers may race here
        for stale in path.parent.glob(f"lexicon-{lexicon.lang}-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as e:
        log.warning("could not cache the lexicon in %s: %s", path, e)


_lock = threading.Lock()
_loaded: dict[str, Lexicon | None] = {}


def get(lang: str) -> Lexicon | None:
    """Return the lexicon of LANG, loading it on first use."""
    if lang not in _loaded:
        with _lock:
            if lang not in _loaded:
                _loaded[lang] = load(lang)
    return _loaded[lang]


_warming: set[str] = set()  # languages a background thread is loading now
# Not _lock: get() holds that for a whole load, and ready() must never wait on it.
_warming_lock = threading.Lock()


def ready(langs: tuple[str, ...], within: float) -> bool:
    """Whether the lexicons of LANGS are loaded in this process, waiting WITHIN
    seconds at most. Those missing are loaded in a background thread meanwhile (a
    cold build takes most of a minute), so that a later call finds them ready; only
    the call that starts that load waits (a burst of notifications at start-up
    must not each wait WITHIN seconds for the same load)."""
    missing = [lang for lang in langs if lang not in _loaded]
    if not missing:
        return True
    with _warming_lock:
        start = [lang for lang in missing if lang not in _warming]
        _warming.update(start)
    if not start:
        return False  # an earlier call is loading them, and waited for them
    threading.Thread(
        target=_warm, args=(start,), name="orfo-lexicon", daemon=True
    ).start()
    deadline = time.monotonic() + within
    while any(lang not in _loaded for lang in langs):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def _warm(langs: list[str]) -> None:
    try:
        for lang in langs:
            get(lang)
    finally:
        with _warming_lock:
            _warming.difference_update(langs)


def reset() -> None:
    """Forget loaded lexicons (tests point the engine at other dictionaries)."""
    with _lock:
        _loaded.clear()
