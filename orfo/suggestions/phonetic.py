"""Sounds-like keys: a far misspelling written by ear ("rhuemtisum") often sounds
like its word ("rheumatism") while being three or four edits from it, beyond the
edit search. Words that share a key are each other's candidates (`Lexicon.sounds`).

English uses Metaphone (jellyfish, Rust); its code is loosened where writers are
loose: a doubled sound is one ("ocasion"), and the glides Y and W, which Metaphone
keeps only before a vowel, are dropped ("pschoyolgy"). Russian's key is built on
how a word is said: vowels reduced as when unstressed (the stress is unknown), paired
consonants voiced or devoiced by what follows, clusters spoken as one sound (тс/ц,
сч/щ, unpronounced consonants), doubled letters as one. Kazakh has no key yet (None).
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


_KEYS = {"en": _english, "ru": _russian}


def key(lang: str, word: str) -> str | None:
    """Return the sounds-like key of WORD (a folded key) in LANG, None if LANG has
    no key or WORD makes an empty one."""
    make = _KEYS.get(lang)
    return (make(word) or None) if make else None


def has_key(lang: str) -> bool:
    return lang in _KEYS
