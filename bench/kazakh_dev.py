"""Synthetic Kazakh typos for choosing the Kazakh ranking parameters.

    .venv/bin/python bench/kazakh_dev.py [--words 400] [--grid]

The intended words come from hunspell-kk alone: half are dictionary entries, half
regular forms the grammar (orfo/suggestions/kazakh_morphology.py) builds from its
stems. Each is typed once with its Kazakh letters as Russian look-alikes and once
with a random single edit. Nothing here comes from the benchmark's test sets.
"""

import argparse
import itertools
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORFO_DATA_DIR", str(ROOT / "var"))

from orfo.suggestions import conf, kazakh, lexicon, suggest  # noqa: E402
from orfo.suggestions import kazakh_morphology as km  # noqa: E402
from orfo.suggestions.text import KAZAKH_TO_RUSSIAN  # noqa: E402


def intended(n: int, rng: random.Random) -> list[str]:
    """Return N words: dictionary entries and inflected forms of short stems.

    Everyday text is mostly short, common stems, so stems are drawn from the
    entries of at most 8 letters (forms of at most 6-letter stems), and nouns
    take their inflections without word-forming suffixes."""
    dic, _ = conf.find_dictionary("kk")
    nouns, infinitives = kazakh.read_entries(dic)
    lex = lexicon.get("kk")
    entries = [w for w in nouns + infinitives if 3 <= len(w) <= 8]
    short_nouns = [w for w in nouns if 2 <= len(w) <= 6]
    short_verbs = [w for w in infinitives if 3 <= len(w) <= 7]
    out = rng.sample(entries, n // 2)
    while len(out) < n:
        if rng.random() < 0.5:
            stem = rng.choice(short_nouns)
            front = km.harmonies(stem)[0]
            plural = km._add(stem, km.PLURAL, front)
            forms = [*km._noun_tail(stem, front), *km._noun_tail(plural, front)]
        else:
            stems = km.verb_stems(rng.choice(short_verbs), lex.words)
            if not stems:
                continue
            forms = km.verb_forms(stems[0], km.harmonies(stems[0])[0])
        form = rng.choice(sorted(set(forms)))
        if len(form) >= 3 and lex.known(form):
            out.append(form)
    return out


def lookalike(word: str) -> str:
    return "".join(KAZAKH_TO_RUSSIAN.get(c, c) for c in word)


def single_edit(word: str, rng: random.Random) -> str:
    letters = kazakh.ALPHABET
    while True:
        i = rng.randrange(len(word))
        op = rng.choice("dtsi")
        if op == "d":
            typo = word[:i] + word[i + 1 :]
        elif op == "t" and i + 1 < len(word):
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "s":
            typo = word[:i] + rng.choice(letters) + word[i + 1 :]
        else:
            typo = word[:i] + rng.choice(letters) + word[i:]
        if typo != word:
            return typo


def changed(words: list[str]) -> float:
    """Return the share of correct words that get a correction when reported."""
    return 100 * sum(bool(suggest(w, lang="kk")) for w in words) / len(words)


def score(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    top1 = top5 = 0
    for typo, word in pairs:
        found = [s.text for s in suggest(typo, lang="kk")]
        top1 += bool(found) and found[0] == word
        top5 += word in found
    return 100 * top1 / len(pairs), 100 * top5 / len(pairs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--grid", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = intended(args.words, rng)
    look = [(lookalike(w), w) for w in words if lookalike(w) != w]
    edit = [(single_edit(w, rng), w) for w in words]
    names = ("LETTERS_WEIGHT", "GRAMMAR_PRIOR", "DOUBT_MARGIN")
    grid = {name: [getattr(kazakh, name)] for name in names}
    if args.grid:
        grid["LETTERS_WEIGHT"] = [0.0, 1.0, 2.0]
        grid["DOUBT_MARGIN"] = [-0.5, 0.0, 0.5, 1.0]
    for values in itertools.product(*grid.values()):
        for name, value in zip(grid, values, strict=True):
            setattr(kazakh, name, value)
        (l1, l5), (e1, e5) = score(look), score(edit)
        print(
            " ".join(f"{k}={v}" for k, v in zip(grid, values, strict=True)),
            f"look-alike {l1:.1f}/{l5:.1f} (n={len(look)})",
            f"single edit {e1:.1f}/{e5:.1f} (n={len(edit)})",
            f"correct words changed {changed(words):.1f}%",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
