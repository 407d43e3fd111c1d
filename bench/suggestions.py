"""Benchmark Orfo's correction engine against plain spelling libraries.

    .venv/bin/python bench/suggestions.py [--only orfo,enchant,...] [--limit N]

Reads the evaluation sets in ../shared/corpus/spelling (measuring only: nothing
from them is used by the engine) and prints top-1/top-5 accuracy and the median
and 95th-percentile time per word for each engine and test set. The pyenchant
rows need Debian's libenchant-2-2 and aspell-en/aspell-kk besides the hunspell
dictionaries; an engine that is not installed is named and skipped.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "spelling"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORFO_DATA_DIR", str(ROOT / "var"))

Pairs = list[tuple[str, set[str]]]


def fold(word: str) -> str:
    return word.strip().lower().replace("ё", "е")


def norvig(path: Path) -> Pairs:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        right, _, wrongs = line.partition(":")
        pairs += [(w, {fold(right)}) for w in wrongs.split()]
    return pairs


def tsv(path: Path, note: str | None = None) -> Pairs:
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        kind = cols[2].strip() if len(cols) > 2 else ""
        if note is not None and (kind == "layout") != (note == "layout"):
            continue
        pairs.append((cols[0], {fold(c) for c in cols[1].split("|")}))
    return pairs


def test_sets() -> dict[str, tuple[str, Pairs]]:
    en, ru, kk = CORPUS / "en", CORPUS / "ru", CORPUS / "kk"
    sets = {
        "en norvig-1": ("en", norvig(en / "norvig-spell-testset1.txt")),
        "en norvig-2": ("en", norvig(en / "norvig-spell-testset2.txt")),
        "ru spellrueval": ("ru", tsv(ru / "spellrueval2016_test_wordpairs.tsv")),
        "kk look-alike": ("kk", tsv(kk / "kk_synthetic_probe.tsv", "layout")),
        "kk single edit": ("kk", tsv(kk / "kk_synthetic_probe.tsv", "edit")),
    }
    sets["en both"] = ("en", sets["en norvig-1"][1] + sets["en norvig-2"][1])
    return sets


Engine = Callable[[str], list[str]]


def orfo(lang: str) -> Engine | None:
    from orfo.suggestions import lexicon, suggest

    if lexicon.get(lang) is None:
        return None
    return lambda word: [s.text for s in suggest(word, lang=lang)]


def enchant_(provider: str) -> Callable[[str], Engine | None]:
    def make(lang: str) -> Engine | None:
        try:
            import enchant

            broker = enchant.Broker()
            tag = {"en": "en_US", "ru": "ru_RU", "kk": "kk_KZ"}[lang]
            broker.set_ordering(tag, provider)  # Debian prefers aspell for en_US
            d = broker.request_dict(tag)
            if d.provider.name != provider:
                return None
        except Exception:
            return None
        return lambda word: [] if d.check(word) else d.suggest(word)

    return make


def reranked(lang: str) -> Engine | None:
    """Hunspell's suggestions re-ranked by word frequency (wordfreq)."""
    engine = enchant_("hunspell")(lang)
    try:
        from wordfreq import available_languages, zipf_frequency
    except ImportError:
        return None
    if engine is None or lang not in available_languages():
        return None
    return lambda word: sorted(engine(word), key=lambda w: -zipf_frequency(w, lang))


def pyspellchecker(lang: str) -> Engine | None:
    try:
        from spellchecker import SpellChecker

        sp = SpellChecker(language=lang)
    except Exception:
        return None

    def run(word: str) -> list[str]:
        cands = sp.candidates(word) or set()
        return sorted(cands, key=lambda w: -sp.word_usage_frequency(w))

    return run


def symspell(lang: str) -> Engine | None:
    if lang != "en":
        return None
    try:
        from importlib.resources import files

        from symspellpy import SymSpell, Verbosity
    except ImportError:
        return None
    sym = SymSpell(max_dictionary_edit_distance=2)
    path = files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    return lambda word: [
        s.term for s in sym.lookup(word, Verbosity.CLOSEST, max_edit_distance=2)
    ]


ENGINES = {
    "orfo": orfo,
    "hunspell (pyenchant)": enchant_("hunspell"),
    "hunspell + wordfreq": reranked,
    "aspell (pyenchant)": enchant_("aspell"),
    "pyspellchecker": pyspellchecker,
    "symspellpy": symspell,
}


def measure(engine: Engine, pairs: Pairs) -> tuple[float, float, float, float]:
    top1 = top5 = 0
    times = []
    for wrong, right in pairs:
        started = time.perf_counter()
        got = engine(wrong)
        times.append((time.perf_counter() - started) * 1000)
        folded = [fold(g) for g in got[:5]]
        top1 += bool(folded) and folded[0] in right
        top5 += any(f in right for f in folded)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    n = len(pairs)
    return 100 * top1 / n, 100 * top5 / n, statistics.median(times), p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated engines: " + ", ".join(ENGINES))
    parser.add_argument("--limit", type=int, help="words per test set (quick runs)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"No spelling corpus at {CORPUS}; nothing to measure.")
        return 0
    wanted = args.only.split(",") if args.only else None
    names = [n for n in ENGINES if not wanted or any(w in n for w in wanted)]
    print(
        f"{'test set':16} {'engine':22} {'words':>5} {'top-1':>6} {'top-5':>6}"
        f" {'median ms':>9} {'p95 ms':>7} {'load s':>6}"
    )
    for label, (lang, pairs) in test_sets().items():
        pairs = pairs[: args.limit] if args.limit else pairs
        for name in names:
            started = time.perf_counter()
            engine = ENGINES[name](lang)
            load = time.perf_counter() - started
            if engine is None:
                print(f"{label:16} {name:22} not available (its package or dictionary)")
                continue
            if name == "orfo":
                engine("")  # the lexicon itself loads on first use
                from orfo.suggestions import lexicon

                load += lexicon.get(lang).load_seconds  # type: ignore[union-attr]
            if name == "orfo":
                from orfo.suggestions.errormodel import distance

                distance.cache_clear()  # each test set starts cold
            top1, top5, median, p95 = measure(engine, pairs)
            print(
                f"{label:16} {name:22} {len(pairs):5} {top1:5.1f}% {top5:5.1f}%"
                f" {median:9.2f} {p95:7.1f} {load:6.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
