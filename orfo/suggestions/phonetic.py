"""Sounds-like keys: a far misspelling written by ear ("rhuemtisum") often sounds
like its word ("rheumatism") while being three or four edits from it, beyond the
edit search. Words that share a key are each other's candidates (`Lexicon.sounds`).

English uses Metaphone (jellyfish, Rust); its code is loosened where writers are
loose: a doubled sound is one ("ocasion"), and the glides Y and W, which Metaphone
keeps only before a vowel, are dropped ("pschoyolgy"). Russian's key is built on
how a word is said: vowels reduced as when unstressed (the stress is unknown), paired
consonants voiced or devoiced by what follows, clusters spoken as one sound (тс/ц,
сч/щ, unpronounced consonants), doubled letters as one.

Kazakh's key folds what a writer by ear (or on a Russian keyboard) cannot tell
apart: the Kazakh letters and the Russian look-alikes typed for them (ә/а, ғ/г,
қ/к, ң/н, ө/о, ұ/ү/у, һ/х, і/и/ы); each vowel with its harmony pair, since the
word's other vowels decide front or back (а/ә/е, о/ө, ұ/ү, ы/і), so one reading
of the stem and its endings (-лар/-лер, -ды/-ді) serves both; each paired
consonant voiced or not, as endings and neighbours voice and devoice them
(кітап/кітабы, -да/-та, -ға/-қа/-ке/-ге); the narrow ы/і between consonants
before the last (stressed) syllable, short there, as unheard; ч, щ and ц of
Russian loans as Kazakh says them (ш, ш, с; тс as ц); й and и as the one sound
they make together; х and һ as the қ Kazakh says for them; ь and ъ unheard;
doubled letters as one.
"""

import itertools
import re

import jellyfish

# The most frequent words kept per key: a key is a bounded list of candidates.
PER_KEY = 16


def _english(word: str) -> str:
    code = jellyfish.metaphone(word).replace("Y", "").replace("W", "")
    return "".join(c for c, _ in itertools.groupby(code))


# Spelled clusters and the sound they make (the longest first).
_RU_CLUSTERS = [
    ("тьс", "ц"),
    ("тс", "ц"),
    ("дс", "ц"),
    ("сч", "щ"),
    ("зч", "щ"),
    ("жч", "щ"),
    ("стн", "сн"),
    ("здн", "зн"),
    ("стл", "сл"),
    ("вств", "ств"),
    ("лнц", "нц"),
    ("рдц", "рц"),
    ("ндш", "нш"),
    ("нтск", "нск"),
]
_RU_CLUSTER_RE = re.compile("|".join(c for c, _ in _RU_CLUSTERS))
_RU_CLUSTER = dict(_RU_CLUSTERS)
# Vowels as unstressed ones sound: о as а; е, я, э, ы, й as и; ю as у.
_RU_VOWELS = str.maketrans("оеёяэыйю", "аииииииу", "ьъ")
_DEVOICED = str.maketrans("бвгджз", "пфктшс")
_VOICED = str.maketrans("пфктшс", "бвгджз")
_VOICELESS = set("пфктшсхцчщ")
_VOICING = set("бгджз")  # в voices nothing before it


def _russian(word: str) -> str:
    word = re.sub("(?<=[ое])го$", "во", word)  # -ого, -его
    word = _RU_CLUSTER_RE.sub(lambda m: _RU_CLUSTER[m.group()], word)
    word = word.translate(_RU_VOWELS)
    out = []
    for i, c in enumerate(word):
        after = word[i + 1 : i + 2]
        if not after or after in _VOICELESS:
            c = c.translate(_DEVOICED)
        elif after in _VOICING:
            c = c.translate(_VOICED)
        out.append(c)
    return "".join(c for c, _ in itertools.groupby(out))


# Russian loans' clusters, as Kazakh says them.
_KK_CLUSTERS = [("тс", "ц"), ("дс", "ц"), ("сч", "щ"), ("зч", "щ"), ("жч", "щ")]
# One letter per sound class: a vowel with its harmony pair and its look-alikes,
# a consonant with its voicing pair and its look-alikes (as lower-case Latin,
# which no Cyrillic word contains).
_KK_CLASSES = str.maketrans(
    {
        **dict.fromkeys("аәеэя", "a"),
        **dict.fromkeys("оөё", "o"),
        **dict.fromkeys("ұүую", "u"),
        **dict.fromkeys("ыіий", "i"),
        **dict.fromkeys("бп", "p"),
        **dict.fromkeys("вф", "f"),
        **dict.fromkeys("гғкқхһ", "k"),
        **dict.fromkeys("дт", "t"),
        **dict.fromkeys("жшчщ", "x"),
        **dict.fromkeys("зсц", "s"),
        **dict.fromkeys("нң", "n"),
        "л": "l",
        "м": "m",
        "р": "r",
        "ь": None,
        "ъ": None,
    }
)


# The narrow ы/і between consonants, short where unstressed (before the last
# syllable: the stress is final), is often not heard (бірінші, кітап) or heard
# where none is written.
_KK_REDUCED = re.compile("(?<=[^aouie])i(?=[^aouie]+[aouie])")
_DOUBLED = re.compile(r"(.)\1+")


def _undoubled(word: str) -> str:
    # A function, not the template r"\1", which re expands in Python: 3 times slower.
    return _DOUBLED.sub(lambda m: m.group(1), word) if _DOUBLED.search(word) else word


def _kazakh(word: str) -> str:
    # Plain replaces and a test before each pass: the index keys 190,000 forms.
    if "с" in word or "ч" in word:
        for spelled, said in _KK_CLUSTERS:
            word = word.replace(spelled, said)
    word = _undoubled(word.translate(_KK_CLASSES))
    if "i" in word:
        word = _undoubled(_KK_REDUCED.sub("", word))
    return word


_KEYS = {"en": _english, "ru": _russian, "kk": _kazakh}


def key(lang: str, word: str) -> str | None:
    """Return the sounds-like key of WORD (a folded key) in LANG, None if LANG has
    no key or WORD makes an empty one."""
    make = _KEYS.get(lang)
    return (make(word) or None) if make else None


def has_key(lang: str) -> bool:
    return lang in _KEYS
