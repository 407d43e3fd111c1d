"""A language's word list: known forms, frequencies and a symmetric-delete index.

The forms come from the installed Hunspell dictionary, expanded once; frequencies
come from `wordfreq` where it has the language. The result is written once into the
data dir (a folder per language, keyed by the sources' size and mtime) as files that
every process maps read-only (`mapped`): loading a language takes milliseconds, and
the processes of one server share a single copy of it in memory.
"""

import concurrent.futures
import contextlib
import dataclasses
import fcntl
import logging
import math
import multiprocessing
import os
import pickle
import shutil
import struct
import tempfile
import threading
import time
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from . import conf, kazakh, mapped, misspellings, phonetic, russian, tessdata
from .channel import Channel
from .channel import learn as learn_channel
from .hunspell import expand, read_aff

log = logging.getLogger(__name__)

FORMAT = 18
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
    """Return the lookup key of WORD: lower case, ё read as е, the typographic
    apostrophe of news text (don’t) as the dictionaries' straight one."""
    return word.lower().replace("ё", "е").replace("’", "'")


def _deletes(word: str, depth: int) -> set[str]:
    """Return WORD with up to DEPTH letters deleted (never all of them)."""
    n = len(word)
    if depth == 2 and n > 2:  # the index's case, ten million times: each pair once
        out = {word[:i] + word[i + 1 :] for i in range(n)}
        out.update(
            word[:i] + word[i + 1 : j] + word[j + 1 :]
            for i in range(n)
            for j in range(i + 1, n)
        )
        out.add(word)
        return out
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
    # The index words by how they sound (`phonetic`), where the language has a key.
    sounds: mapped.Sounds | None = None

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
    # In the order of their ids in a mapped trie (`_write`): `near` reads the index's
    # positions back through it.
    index_words = mapped.ordered({w for w in chosen if w in words} | compounds.keys())
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
    lexicon.sounds = _sounds(lexicon)
    return lexicon


def _sounds(lexicon: Lexicon) -> mapped.Sounds | None:
    """Index the frequent forms by their sounds-like key, the commonest
    `phonetic.PER_KEY` of each key. Kazakh has no frequencies: its forms are the
    index's (stems and short forms) and those real text uses (the word list,
    `kazakh.Model.attested`), ranked by their prior."""
    lang = lexicon.lang
    if not phonetic.has_key(lang):
        return None
    forms = set(lexicon.index_words)
    if lexicon.morphology is not None:
        forms.update(lexicon.morphology.attested)
    by_key: dict[str, list[str]] = {}
    for word in sorted(forms):
        code = phonetic.key(lang, word)
        if code and word.isalpha():
            by_key.setdefault(code, []).append(word)
    rank = lexicon.zipf.get if lexicon.zipf else lambda w, _: lexicon.prior(w)
    pairs = []
    for code, words in by_key.items():
        if len(words) > phonetic.PER_KEY:  # the engine ranks a key's words itself
            words.sort(key=lambda w: (-rank(w, 0.0), w))
        pairs += [(code, w) for w in words[: phonetic.PER_KEY]]
    return mapped.Sounds.of(pairs)


def _build_index(index_words: list[str]) -> array:
    crc = zlib.crc32  # `_hash`, inlined: ten million variants for Russian
    entries: list[int] = []
    for i, word in enumerate(index_words):
        entries += [crc(v.encode()) << 32 | i for v in _deletes(word, MAX_DISTANCE)]
    # numpy sorts the ten million 64-bit numbers of Russian in under a second; a list
    # of Python ints took ten. Only this build (a child process) imports it.
    import numpy

    ordered = numpy.array(entries, dtype=numpy.uint64)
    ordered.sort()
    return array("Q", ordered.tobytes())


# The structures of a lexicon that are written as mapped files (`mapped`): a path of
# attributes from the Lexicon, the file, and how it is written and opened. The rest
# (rules, the learned channel, a few thousand compounds) is small and pickled.
_MAPPED = [
    ("words", "words.marisa", "set"),
    ("extra", "extra.marisa", "set"),
    ("stems", "stems.marisa", "set"),
    ("yo_forms", "yo.marisa", "set"),
    ("index_words", "index-words.marisa", "set"),
    ("index", "index.u64", "numbers"),
    ("zipf", "zipf.marisa", "floats"),
    ("display", "display.marisa", "text"),
    ("misspellings", "misspellings.marisa", "strings"),
    ("morphology.attested", "attested.marisa", "set"),
    ("sounds", "sounds.marisa", "sounds"),
    # The letter model scores each candidate with a dozen look-ups: mapped, it saves
    # 20 MB in each process that uses Kazakh for about a millisecond a word. Kazakh's
    # grammar stays a Python object (40 MB in such a process): the one-edit search asks
    # it thousands of questions a word, and a trie's microsecond each made a Kazakh
    # suggestion two to three times slower.
    ("morphology.letters.logp", "letters.marisa", "floats"),
    ("morphology.letters.backoff", "backoff.marisa", "floats"),
]


# How each kind in _MAPPED is written (`write(value, path)`) and mapped (`open(path)`).
_KINDS = {
    "set": mapped.WordSet,
    "numbers": mapped.Numbers,
    "floats": mapped.FloatTable,
    "text": mapped.TextTable,
    "strings": mapped.TuplesTable,
    "sounds": mapped.Sounds,
}


def _owner(lexicon: Lexicon, attribute: str):
    """Return (the object holding ATTRIBUTE's last part, that part), or None."""
    *parents, last = attribute.split(".")
    obj = lexicon
    for name in parents:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj, last


def _replace(obj, attribute: str, value):
    """Return a copy of OBJ with ATTRIBUTE ("a.b.c") set to VALUE, parents copied."""
    name, _, rest = attribute.partition(".")
    if rest:
        value = _replace(getattr(obj, name), rest, value)
    return dataclasses.replace(obj, **{name: value})


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
    return folder / f"lexicon-{lang}-{tag:08x}"


def _save(lexicon: Lexicon, folder: Path) -> None:
    """Write LEXICON into FOLDER: its big structures as mapped files, the rest
    pickled. The folder appears whole or not at all (renamed into place)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        rest, counts = lexicon, {}
        for attribute, name, how in _MAPPED:
            found = _owner(lexicon, attribute)
            value = None if found is None else getattr(*found)
            if value is None:  # a structure this language lacks
                continue
            _KINDS[how].write(value, tmp / name)
            counts[attribute] = len(value)
            rest = _replace(rest, attribute, None)
        with open(tmp / "rest.pickle", "wb") as f:
            pickle.dump((rest, counts), f, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.rename(tmp, folder)
        except OSError:  # another process wrote it first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    lock = _lock_path(folder)
    for stale in folder.parent.glob(f"lexicon-{lexicon.lang}-*"):
        if stale not in (folder, lock):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)  # a pickle of an earlier format


def _load_saved(folder: Path) -> Lexicon:
    with open(folder / "rest.pickle", "rb") as f:
        lexicon, counts = pickle.load(f)
    for attribute, name, how in _MAPPED:
        if attribute not in counts:
            continue
        value = _KINDS[how].open(folder / name)
        owner, last = _owner(lexicon, attribute)
        setattr(owner, last, value)
    if len(lexicon.words) != counts["words"]:
        raise ValueError(f"{folder} is incomplete")
    return lexicon


def load(lang: str) -> Lexicon | None:
    """Return the lexicon of LANG: mapped from the cache dir, built there first if
    missing, or built in memory when there is no cache dir. None without a
    dictionary.

    A missing lexicon is built by a child process (`build_all`), so that no serving
    process keeps the gigabyte of Python objects a build goes through."""
    found = conf.find_dictionary(lang)
    if found is None:
        return None
    dic, aff = found
    started = time.perf_counter()
    folder = _cache_path(lang, dic, aff)
    lexicon = None if folder is None else _mapped_or_none(folder)
    if lexicon is None and folder is not None:
        try:
            build_all((lang,))
        except Exception:  # no child process here (resources): build in place
            log.exception("could not build the %s lexicon in a child process", lang)
        lexicon = _mapped_or_none(folder)
    if lexicon is None:  # no cache dir, or it could not be written
        lexicon = build(lang, dic, aff)
    lexicon.load_seconds = time.perf_counter() - started
    # A map takes milliseconds and is no news; a build is (`make demo` printed a line
    # per language and process).
    level = logging.INFO if lexicon.load_seconds > 1 else logging.DEBUG
    log.log(level, "loaded the %s lexicon in %.2f s", lang, lexicon.load_seconds)
    return lexicon


def _set_environ(values: dict[str, str]) -> None:
    os.environ.update(values)


def _build_and_save(lang: str) -> float:
    """Build LANG's lexicon into the cache dir unless there already (a child
    process of `build_all`); return the seconds it took."""
    started = time.perf_counter()
    found = conf.find_dictionary(lang)
    folder = found and _cache_path(lang, *found)
    if not folder:
        return 0.0
    with _build_lock(folder):  # processes that start together build it once
        if not folder.is_dir():
            try:
                _save(build(lang, *found), folder)
            except OSError as e:
                log.warning("could not write the lexicon in %s: %s", folder, e)
    return time.perf_counter() - started


def _mapped_or_none(folder: Path) -> Lexicon | None:
    if not folder.is_dir():
        return None
    try:
        return _load_saved(folder)
    except Exception as e:  # a damaged cache is rebuilt
        log.warning("rebuilding the damaged lexicon cache %s: %s", folder, e)
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _lock_path(folder: Path) -> Path:
    return folder.with_name(folder.name + ".lock")


@contextlib.contextmanager
def _build_lock(folder: Path):
    """Hold a lock file beside FOLDER: processes that start together (the serve
    workers, the worker) build a language once, not once each."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        handle = open(_lock_path(folder), "a+b")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built(lang: str) -> bool:
    """Whether LANG's lexicon is in the cache dir (mapped at once by `get`); a
    language without a dictionary counts as built, as there is nothing to build."""
    found = conf.find_dictionary(lang)
    if found is None:
        return True
    folder = _cache_path(lang, *found)
    return folder is None or folder.is_dir()


def build_all(langs: tuple[str, ...] | None = None) -> dict[str, float]:
    """Build the missing lexicons of LANGS (default: all) into the cache dir, in
    parallel child processes, one per language; return each one's seconds."""
    langs = conf.LANGUAGES if langs is None else tuple(langs)
    folder = conf.cache_dir()
    if not langs or folder is None:
        return {}
    # The children read where to look from the environment (they never set Django
    # up): the settings of this process, tests' overrides included.
    where = {
        "ORFO_SUGGESTIONS_CACHE_DIR": str(folder),
        "ORFO_SUGGESTIONS_DICT_DIRS": os.pathsep.join(map(str, conf.dict_dirs())),
        "ORFO_SUGGESTIONS_TESSDATA_DIRS": os.pathsep.join(
            map(str, conf.tessdata_dirs())
        ),
    }
    context = multiprocessing.get_context("spawn")  # no threads or sockets inherited
    with concurrent.futures.ProcessPoolExecutor(
        len(langs), mp_context=context, initializer=_set_environ, initargs=(where,)
    ) as pool:
        return dict(zip(langs, pool.map(_build_and_save, langs), strict=True))


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
