"""Development sets for choosing the suggestion engine's parameters, kept apart from
the evaluation sets that bench/suggestions.py measures on.

    .venv/bin/python bench/suggestions_dev.py [en|ru] [--words N]

en: codespell's misspellings, one in five held out (by a hash of the misspelling)
    from both the list the engine looks up and the channel it learns; only pairs
    whose correction is a Hunspell word of Zipf >= 3 are scored.
ru: synthetic typos of frequent words (wordfreq, weighted by the square root of
    frequency), made by the error classes below in shares from general knowledge
    of Russian misspellings; real-word results (the typo is a word) are skipped.

Prints top-1/top-5 of `word_candidates` (the word alone, singled out by a reader).
"""

import argparse
import os
import random
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORFO_DATA_DIR", str(ROOT / "var"))

from orfo.suggestions import channel, engine, lexicon, misspellings  # noqa: E402
from orfo.suggestions.lexicon import fold  # noqa: E402

Pairs = list[tuple[str, str]]


def held_out(typo: str) -> bool:
    return zlib.crc32(typo.encode()) % 5 == 0


def english(n: int) -> Pairs:
    """Return held-out codespell pairs, and make the en lexicon forget them."""
    lex = lexicon.get("en")
    listed = misspellings.read("en")
    train = [
        (t, f[0])
        for t, f in listed.items()
        if not held_out(t) and len(f) == 1 and f[0].isalpha() and f[0].islower()
    ]
    dev = [
        (t, f[0])
        for t, f in listed.items()
        if held_out(t)
        and len(f) == 1
        and f[0] in lex.words
        and lex.prior(f[0]) >= 3.0
        and len(t) >= 3
        and t not in lex.words
    ]
    random.Random(7).shuffle(dev)
    lex.misspellings = {t: f for t, f in lex.misspellings.items() if not held_out(t)}
    lex.channel = channel.learn(train)
    return dev[:n]


_VOWELS = {"о": "а", "а": "о", "е": "ие", "и": "е", "я": "еи"}
_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
_SOUND = dict(zip("бпдтзсжшгквф", "пбтдсзшжкгфв", strict=True))
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")


def _keyboard() -> dict[str, str]:
    near: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for i, c in enumerate(row):
            found = set(row[max(i - 1, 0) : i] + row[i + 1 : i + 2])
            if r + 1 < len(_ROWS):
                found |= set(_ROWS[r + 1][max(i - 1, 0) : i + 1])
            if r:
                found |= set(_ROWS[r - 1][i : i + 2])
            near[c] = "".join(sorted(found - {c}))
    return near


_NEAR = _keyboard()


def _vowel(w: str, rnd: random.Random) -> str | None:  # unstressed vowels
    spots = [i for i, c in enumerate(w) if c in _VOWELS and i]
    if not spots:
        return None
    i = rnd.choice(spots)
    return w[:i] + rnd.choice(_VOWELS[w[i]]) + w[i + 1 :]


def _double(w: str, rnd: random.Random) -> str | None:  # нн for н and back
    drops = [i for i in range(1, len(w)) if w[i] == w[i - 1] in _CONSONANTS]
    if drops and rnd.random() < 0.6:
        i = rnd.choice(drops)
        return w[:i] + w[i + 1 :]
    adds = [i for i, c in enumerate(w) if c in "нслтрмжкпф" and 0 < i < len(w) - 1]
    if not adds:
        return None
    i = rnd.choice(adds)
    return w[:i] + w[i] + w[i:]


def _sign(w: str, rnd: random.Random) -> str | None:  # ь dropped or added, ъ as ь
    if "ь" in w and rnd.random() < 0.6:
        i = rnd.choice([i for i, c in enumerate(w) if c == "ь"])
        return w[:i] + w[i + 1 :]
    if "ъ" in w:
        return w.replace("ъ", "ь", 1)
    spots = [i for i in range(1, len(w)) if {w[i - 1], w[i]} <= _CONSONANTS]
    if not spots:
        return None
    i = rnd.choice(spots)
    return w[:i] + "ь" + w[i:]


def _tsya(w: str, rnd: random.Random) -> str | None:
    if w.endswith("ться"):
        return w[:-4] + "тся"
    return w[:-3] + "ться" if w.endswith("тся") else None


def _neighbour(w: str, rnd: random.Random) -> str | None:
    i = rnd.randrange(len(w))
    return w[:i] + rnd.choice(_NEAR[w[i]]) + w[i + 1 :] if w[i] in _NEAR else None


def _delete(w: str, rnd: random.Random) -> str | None:
    if len(w) < 3:
        return None
    i = rnd.randrange(1, len(w))
    return w[:i] + w[i + 1 :]


def _insert(w: str, rnd: random.Random) -> str | None:
    i = rnd.randrange(1, len(w))
    c = w[i] if rnd.random() < 0.5 or w[i] not in _NEAR else rnd.choice(_NEAR[w[i]])
    return w[:i] + c + w[i:]


def _swap(w: str, rnd: random.Random) -> str | None:
    if len(w) < 3:
        return None
    i = rnd.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1] + w[i] + w[i + 2 :]


def _sound(w: str, rnd: random.Random) -> str | None:  # voicing before a consonant
    spots = [
        i
        for i, c in enumerate(w)
        if c in _SOUND and (i == len(w) - 1 or w[i + 1] in _CONSONANTS)
    ]
    if not spots:
        return None
    i = rnd.choice(spots)
    return w[:i] + _SOUND[w[i]] + w[i + 1 :]


ERROR_CLASSES = [  # (how to make it, share in %)
    (_vowel, 25),
    (_neighbour, 15),
    (_delete, 12),
    (_double, 10),
    (_insert, 10),
    (_sign, 8),
    (_swap, 8),
    (_sound, 8),
    (_tsya, 4),
]


def russian(n: int, seed: int = 11) -> Pairs:
    lex = lexicon.get("ru")
    rnd = random.Random(seed)
    words = [
        w
        for w, z in lex.zipf.items()
        if w in lex.words and len(w) >= 3 and "-" not in w and z >= 2.5
    ]
    weights = [10 ** (lex.zipf[w] / 2) for w in words]
    makers, shares = zip(*ERROR_CLASSES, strict=True)
    out: Pairs = []
    while len(out) < n:
        word = typo = rnd.choices(words, weights)[0]
        for _ in range(2 if rnd.random() < 0.15 else 1):  # some words get two slips
            for _ in range(10):
                made = rnd.choices(makers, shares)[0](typo, rnd)
                if made and made != typo:
                    typo = made
                    break
        if typo != word and not lex.known(typo):
            out.append((typo, word))
    return out


def measure(lang: str, pairs: Pairs) -> None:
    top1 = top5 = 0
    started = time.perf_counter()
    for typo, word in pairs:
        found = engine.word_candidates(typo, lang, singled_out=True) or []
        got = [fold(c.text) for c in found]
        top1 += bool(got) and got[0] == word
        top5 += word in got[:5]
    ms = 1000 * (time.perf_counter() - started) / len(pairs)
    print(
        f"{lang} dev: {len(pairs)} words, top-1 {100 * top1 / len(pairs):.1f} %, "
        f"top-5 {100 * top5 / len(pairs):.1f} %, {ms:.2f} ms a word"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("langs", nargs="*", default=["en", "ru"])
    parser.add_argument("--words", type=int, default=1500)
    args = parser.parse_args()
    for lang in args.langs:
        pairs = english(args.words) if lang == "en" else russian(args.words)
        measure(lang, pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
