"""Synthetic Kazakh typos for choosing the Kazakh ranking parameters.

    .venv/bin/python bench/kazakh_dev.py [--words 400] [--grid]

Two sets of intended words, each typed once with its Kazakh letters as Russian
look-alikes and once with a random single edit:

- "dictionary": from hunspell-kk alone; half are dictionary entries, half
  regular forms the grammar (orfo/suggestions/kazakh_morphology.py) builds from
  its stems, every form as likely as any other;
- "translations": words of real Kazakh text, drawn as often as they occur in the
  Kazakh translations of LibreOffice and Firefox (Debian's libreoffice-l10n-kk
  and firefox-esr-l10n-kk, fetched with `apt-get download` into
  var/bench/kk-l10n, never installed). Interface text, not news, but written
  by people, so common words come up as often as they do in real text.

Nothing here comes from the benchmark's test sets.
"""

import argparse
import gettext
import itertools
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
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


L10N_DEBS = ("libreoffice-l10n-kk", "firefox-esr-l10n-kk")
_KAZAKH_WORD = re.compile(f"[{kazakh.ALPHABET}]+")


def translation_counts(folder: Path) -> Counter[str]:
    """Count the lower-cased words of the Kazakh translations in L10N_DEBS."""
    folder.mkdir(parents=True, exist_ok=True)
    if not list(folder.glob("*.deb")):
        subprocess.run(["apt-get", "download", *L10N_DEBS], cwd=folder, check=True)
    counts: Counter[str] = Counter()
    for deb in sorted(folder.glob("*.deb")):
        print(f"# reading {deb.name}", flush=True)
        tree = folder / deb.stem
        if not tree.is_dir():
            subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
        texts = []
        for mo in tree.rglob("*.mo"):
            with open(mo, "rb") as f:
                texts += gettext.GNUTranslations(f)._catalog.values()
        for xpi in tree.rglob("*.xpi"):
            with zipfile.ZipFile(xpi) as z:
                for name in z.namelist():
                    if name.endswith((".ftl", ".properties", ".dtd")):
                        texts.append(z.read(name).decode("utf-8", "replace"))
        for text in texts:
            counts.update(_KAZAKH_WORD.findall(text.lower()))
    return counts


def translated(n: int, rng: random.Random, counts: Counter[str]) -> list[str]:
    """Return N distinct known words of 3+ letters, drawn by how often they occur."""
    lex = lexicon.get("kk")
    pool = {w: c for w, c in counts.items() if len(w) >= 3 and lex.known(w)}
    out = []
    while pool and len(out) < n:
        word = rng.choices(list(pool), list(pool.values()))[0]
        out.append(word)
        del pool[word]
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
    parser.add_argument(
        "--l10n",
        type=Path,
        default=ROOT / "var" / "bench" / "kk-l10n",
        help="where the translation packages are fetched and unpacked",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sets = {"dictionary": intended(args.words, rng)}
    sets["translations"] = translated(args.words, rng, translation_counts(args.l10n))
    typed = {
        name: (
            [(lookalike(w), w) for w in words if lookalike(w) != w],
            [(single_edit(w, rng), w) for w in words],
        )
        for name, words in sets.items()
    }
    names = ("ATTESTED_BONUS", "LETTERS_WEIGHT", "GRAMMAR_PRIOR", "DOUBT_MARGIN")
    grid = {name: [getattr(kazakh, name)] for name in names}
    if args.grid:
        grid["ATTESTED_BONUS"] = [0.0, 0.5, 1.0, 2.0]
        grid["LETTERS_WEIGHT"] = [0.0, 1.0, 2.0]
        grid["DOUBT_MARGIN"] = [0.0, 0.5, 1.0]
    for values in itertools.product(*grid.values()):
        for name, value in zip(grid, values, strict=True):
            setattr(kazakh, name, value)
        print(" ".join(f"{k}={v}" for k, v in zip(grid, values, strict=True)))
        for name, (look, edit) in typed.items():
            (l1, l5), (e1, e5) = score(look), score(edit)
            print(
                f"  {name:<12} look-alike {l1:.1f}/{l5:.1f} (n={len(look)})",
                f"single edit {e1:.1f}/{e5:.1f} (n={len(edit)})",
                f"correct words changed {changed(sets[name]):.1f}%",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
