#!/usr/bin/env python
"""Learning benchmark (issue 14): what a site's own lexicon adds, and what it costs.

    .venv/bin/python bench/learning.py [--probes 400] [--seed 14] [--cache DIR]
    .venv/bin/python bench/learning.py --memory-only [--words 1000000]

Accuracy. A text collection stands in for a newsroom's published text; its files are
split in two at random (fixed seed): a site lexicon is learned from one half
(`SiteLexicon.learned`, the counts a fold stores), and probes are drawn from the
other half: words used in at least two of its texts (so not typos of the source),
drawn as often as they occur, each misspelt once with a random single edit (and, in
Kazakh, once with its Kazakh letters typed as their Russian look-alikes), never into
a word the dictionary knows. Each probe is corrected by `engine.suggest`, alone and
in the sentence it came from, without and with `site=`; top-1 is the share whose
first suggestion is the word. The probes whose word the dictionary lacks (the
collection's own names and terms) are also counted apart. Then false alarms:
`engine.check_text` over the probe half's texts (written by people and reviewed, so
nearly every flag is a false alarm), flags per 1,000 words without and with the
lexicon.

The collections are text one gets by package name, never shipped with Orfo:

- kk: the Kazakh translations in /usr/share/locale/kk/LC_MESSAGES/*.mo (`dpkg -S`
  names their packages; the figures print them) and, when present, those of
  LibreOffice and Firefox (Debian's libreoffice-l10n-kk and firefox-esr-l10n-kk,
  fetched with `apt-get download` into var/bench/kk-l10n, as bench/kazakh_dev.py
  does; never installed);
- ru: the Russian translations in /usr/share/locale/ru/LC_MESSAGES/*.mo;
- en: the English originals (msgid) of those same catalogues.

Interface text, not news: short strings, many terms. A file is one part of the
collection; its strings are joined into texts of about TEXT_CHARS characters, so
"seen in three texts" means something.

Memory. 1M words of text (Russian: the ru collection's strings shuffled into
articles, with invented names and terms, so that the vocabulary grows as a
newsroom's does rather than repeating: `million_words`) are queued with
`learning.queue` and folded with `learning.fold_waiting` into a SQLite database in a
fresh data dir; then a fresh process measures its RSS and PSS after loading the
general lexicon and suggesting, and again after `sitelexicon.load` plus
suggestions and a proofreading call with `site=` (so `near` builds its index of the
site's own words). Prints the fold time and the stored bytes.
"""

import argparse
import gettext
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORFO_DATA_DIR", str(ROOT / "var"))

TEXT_CHARS = 2_000
KK_L10N = ROOT / "var" / "bench" / "kk-l10n"
ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
}
# printf and brace placeholders, tags, variables, entities, mnemonic marks
_MARKUP = re.compile(
    r"%(\d+\$)?[-#0 +']*\d*(\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^}]*\}|<[^>]*>"
    r"|\$\w+|&\w+;|[~&]|_(?=\w)"
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _clean(s: str) -> str:
    return _MARKUP.sub("", s).replace("\\n", "\n").strip()


def _catalog(path: Path) -> dict:
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def collection(lang: str) -> dict[str, list[str]]:
    """The collection's files: name -> cleaned strings."""
    files: dict[str, list[str]] = {}
    folder = "ru" if lang == "en" else lang
    paths = {
        p.resolve()
        for p in Path(f"/usr/share/locale/{folder}/LC_MESSAGES").glob("*.mo")
    }
    if lang == "kk" and KK_L10N.is_dir():
        paths |= set(KK_L10N.rglob("*.mo"))
    for path in sorted(paths):
        cat = _catalog(path)
        if lang == "en":
            strings = [k if isinstance(k, str) else k[0] for k in cat if k]
        else:
            strings = [v for k, v in cat.items() if k]
        files[path.stem if path.is_relative_to("/usr") else f"l10n:{path.stem}"] = [
            _clean(s) for s in strings if _clean(s)
        ]
    if lang == "kk" and KK_L10N.is_dir():
        for xpi in KK_L10N.rglob("*.xpi"):
            with zipfile.ZipFile(xpi) as z:
                for name in z.namelist():
                    if name.endswith(".ftl"):
                        lines = z.read(name).decode("utf-8", "replace").splitlines()
                        strings = [
                            _clean(line.split("=", 1)[1])
                            for line in lines
                            if "=" in line and not line.startswith("#")
                        ]
                        files[f"firefox:{name}"] = [s for s in strings if s]
    return {name: strings for name, strings in files.items() if strings}


def packages(lang: str) -> list[str]:
    folder = "ru" if lang == "en" else lang
    paths = [
        str(p) for p in Path(f"/usr/share/locale/{folder}/LC_MESSAGES").glob("*.mo")
    ]
    out = subprocess.run(["dpkg", "-S", *paths], capture_output=True, text=True)
    found = {line.split(":")[0] for line in out.stdout.splitlines()}
    if lang == "kk" and KK_L10N.is_dir() and list(KK_L10N.glob("*.deb")):
        found |= {"libreoffice-l10n-kk", "firefox-esr-l10n-kk"}
    return sorted(found)


def texts_of(strings: list[str]) -> list[str]:
    """Join a file's strings into texts of about TEXT_CHARS characters."""
    texts, current = [], []
    size = 0
    for s in strings:
        current.append(s)
        size += len(s) + 1
        if size >= TEXT_CHARS:
            texts.append("\n".join(current))
            current, size = [], 0
    if current:
        texts.append("\n".join(current))
    return texts


def split(files: dict[str, list[str]], rng: random.Random) -> tuple[list, list]:
    names = sorted(files)
    rng.shuffle(names)
    half = len(names) // 2
    learn = [t for n in names[:half] for t in texts_of(files[n])]
    probe = [t for n in names[half:] for t in texts_of(files[n])]
    return learn, probe


def single_edit(word: str, alphabet: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    op = rng.choice("dtsi")
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "t" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "s":
        return word[:i] + rng.choice(alphabet) + word[i + 1 :]
    return word[:i] + rng.choice(alphabet) + word[i:]


def probes(lang: str, texts: list[str], n: int, rng: random.Random) -> list[dict]:
    """N probes: a word of TEXTS (in 2+ of them), its context, its misspellings."""
    from orfo.suggestions import lexicon
    from orfo.suggestions.text import KAZAKH_TO_RUSSIAN

    lex = lexicon.get(lang)
    alphabet = ALPHABETS[lang]
    letters = set(alphabet)
    counts, seen_in, where = Counter(), Counter(), {}
    for t_index, text in enumerate(texts):
        seen = set()
        for m in _WORD.finditer(text):
            word = m.group()
            if len(word) < 4 or not set(word.lower()) <= letters or word.isupper():
                continue
            counts[word] += 1
            seen.add(word)
            where.setdefault(word, (t_index, m.start(), m.end()))
        seen_in.update(seen)
    pool = {w: c for w, c in counts.items() if seen_in[w] >= 2}
    words = list(pool)
    weights = [pool[w] for w in words]
    chosen: list[str] = []
    taken = set()
    while len(chosen) < n and len(taken) < len(words):
        word = rng.choices(words, weights)[0]
        if word not in taken:
            taken.add(word)
            chosen.append(word)
    found = []
    for word in chosen:
        t_index, start, end = where[word]
        text = texts[t_index]
        context = (text[max(0, start - 64) : start], text[end : end + 64])
        kinds = {}
        for _ in range(20):
            typo = single_edit(word, alphabet, rng)
            if typo != word and len(typo) > 1 and not lex.known(typo):
                kinds["edit"] = typo
                break
        if lang == "kk":
            look = "".join(KAZAKH_TO_RUSSIAN.get(c, c) for c in word)
            if look != word and not lex.known(look):
                kinds["lookalike"] = look
        found.append(
            {"word": word, "context": context, "known": lex.known(word), **kinds}
        )
    return found


def top1(probe: dict, kind: str, lang: str, site, in_context: bool) -> bool:
    from orfo.suggestions import engine
    from orfo.suggestions.lexicon import fold

    prefix, suffix = probe["context"] if in_context else ("", "")
    found = engine.suggest(probe[kind], prefix, suffix, lang, site=site)
    return bool(found) and fold(found[0].text) == fold(probe["word"])


def false_alarms(lang: str, texts: list[str], site, chars: int) -> tuple[float, int]:
    """Flags per 1,000 words of TEXTS (the first CHARS characters of them)."""
    from orfo.suggestions import engine

    flags = words = used = 0
    for text in texts:
        if used >= chars:
            break
        used += len(text)
        words += len(_WORD.findall(text))
        flags += len(engine.check_text(text, lang, site=site))
    return 1000 * flags / max(1, words), words


def accuracy(args) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from orfo.suggestions import lexicon
    from orfo.suggestions.sitelexicon import SiteLexicon

    results = {}
    for lang in args.langs:
        rng = random.Random(f"{args.seed}-{lang}")
        files = collection(lang)
        learn, probe_texts = split(files, rng)
        lexicon.get(lang)
        started = time.perf_counter()
        site_lex = SiteLexicon.learned(lang, learn)
        learned_s = time.perf_counter() - started
        site = {lang: site_lex}
        found = probes(lang, probe_texts, args.probes, rng)
        words = sum(len(_WORD.findall(t)) for t in learn)
        row = {
            "packages": packages(lang),
            "files": len(files),
            "learned_texts": len(learn),
            "learned_words": words,
            "learned_distinct": len(site_lex),
            "learn_s": round(learned_s, 2),
            "probe_texts": len(probe_texts),
            "probes": len(found),
            "unknown_probes": sum(not p["known"] for p in found),
        }
        print(
            f"\n{lang}: {len(files)} files; learned {len(learn)} texts, "
            f"{words:,} words ({len(site_lex):,} distinct) in {learned_s:.1f} s; "
            f"{len(found)} probe words from {len(probe_texts)} other texts, "
            f"{row['unknown_probes']} unknown to the dictionary",
            flush=True,
        )
        kinds = ["edit", "lookalike"] if lang == "kk" else ["edit"]
        for kind in kinds:
            for in_context in (False, True):
                mode = "in context" if in_context else "alone"
                cell = {}
                for label, lexicons in (("without", None), ("with", site)):
                    hits = [
                        (p["known"], top1(p, kind, lang, lexicons, in_context))
                        for p in found
                        if kind in p
                    ]
                    total = len(hits)
                    own = [hit for known, hit in hits if not known]
                    cell[label] = {
                        "n": total,
                        "top1": round(100 * sum(h for _, h in hits) / max(1, total), 1),
                        "own_n": len(own),
                        "own_top1": round(100 * sum(own) / max(1, len(own)), 1),
                    }
                row[f"{kind} {mode}"] = cell
                w, s = cell["without"], cell["with"]
                print(
                    f"  {kind:9} {mode:10} n={w['n']:4}  top-1 {w['top1']:5.1f} % -> "
                    f"{s['top1']:5.1f} %   (words the dictionary lacks, "
                    f"n={w['own_n']}: {w['own_top1']:5.1f} % -> "
                    f"{s['own_top1']:5.1f} %)",
                    flush=True,
                )
        without, n_words = false_alarms(lang, probe_texts, None, args.alarm_chars)
        with_site, _ = false_alarms(lang, probe_texts, site, args.alarm_chars)
        row["false_alarms"] = {
            "words": n_words,
            "without": round(without, 1),
            "with": round(with_site, 1),
        }
        print(
            f"  proofreading {n_words:,} words of the probe texts: {without:.1f} -> "
            f"{with_site:.1f} flags per 1,000 words",
            flush=True,
        )
        results[lang] = row
    return results


# Memory


SYLLABLES = (
    "ба бе бо ва ве ви га го да де ди до жа за зи ка ке ко ла ле ли ло ма "
    "ме ми мо на не ни но па пе по ра ре ри ро са се си со та те ти то ту "
    "фа ха ца ча ша ще "
).split()
CASES = ("ов", "ова", "ову", "овым", "ове", "ыми")


def surnames(n: int, rng: random.Random) -> list[str]:
    found = set()
    while len(found) < n:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        found.add(stem[:1].upper() + stem[1:])
    return sorted(found)


ENDINGS = ("а", "ы", "е", "у", "ой", "ом", "ами", "ах", "ий", "ая", "ое", "ые", "ого")


def million_words(target: int, seed: int) -> tuple[list[str], int, int]:
    """Articles of about 400 words, TARGET words in all: the ru collection's
    strings shuffled, a third of them naming one of the article's people (invented
    surnames in all six cases, drawn from a Zipf law over 200,000), each with one
    or two words replaced by an invented term in one of its forms (a Zipf law over
    300,000 stems), so that the vocabulary grows with the text as a newsroom's does
    (1M words of Russian news hold some 100,000-150,000 distinct forms) instead of
    repeating the collection's."""
    rng = random.Random(seed)
    strings = [s for strings in collection("ru").values() for s in strings]
    names = surnames(200_000, rng)
    stems = [s.lower() for s in surnames(300_000, random.Random(seed + 1))]
    name_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(names))))
    stem_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(stems))))
    articles, words = [], 0
    while words < target:
        people = rng.choices(names, cum_weights=name_weights, k=4)
        sentences = []
        size = 0
        while size < 400:
            s = rng.choice(strings)
            tokens = s.split(" ")
            for _ in range(1 + (rng.random() < 0.5)):
                term = rng.choices(stems, cum_weights=stem_weights)[0]
                tokens[rng.randrange(len(tokens))] = term + rng.choice(ENDINGS)
            s = " ".join(tokens)
            if rng.random() < 0.3:
                s = f"{s} {rng.choice(people)}{rng.choice(CASES)}"
            sentences.append(s)
            size += len(_WORD.findall(s))
        article = "\n".join(sentences)
        articles.append(article)
        words += size
    distinct = len({w.lower() for a in articles for w in _WORD.findall(a)})
    return articles, words, distinct


MEASURE = r"""
import json, os, sys, time
import django
django.setup()
from orfo.suggestions import engine, lexicon, sitelexicon

def memory():
    found = {}
    with open(f"/proc/{os.getpid()}/smaps_rollup") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                found[name.lower()] = int(value.split()[0]) / 1024
    return found

site_id, text = int(sys.argv[1]), sys.argv[2]
probes = ["обьявили", "Петравов", "Кабеливым", "сказл", "тоесть", "гит-репозиторий"]
lexicon.get("ru")
for word in probes:
    engine.suggest(word, lang="ru")
engine.check_text(text, "ru")
before = memory()
started = time.perf_counter()
lexicons = sitelexicon.SiteLexicons(site_id)
lexicons.get("ru")
loaded = time.perf_counter() - started
started = time.perf_counter()
for word in probes:
    engine.suggest(word, lang="ru", site=lexicons)
first = time.perf_counter() - started
engine.check_text(text, "ru", site=lexicons)
after = memory()
times = []
for word in probes * 5:
    started = time.perf_counter()
    engine.suggest(word, lang="ru", site=lexicons)
    times.append(time.perf_counter() - started)
times.sort()
median = 1000 * times[len(times) // 2]
print(json.dumps({"before": before, "after": after, "load_s": loaded,
                  "first_suggestions_s": first, "median_ms": median}))
"""


def memory_check(args) -> dict:
    data = Path(tempfile.mkdtemp(prefix="orfo-learning-"))
    cache = (
        Path(args.cache)
        if args.cache
        else Path(os.environ["ORFO_DATA_DIR"]) / "suggestions"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "orfo.settings",
        "ORFO_DATA_DIR": str(data),
        "ORFO_SUGGESTIONS_CACHE_DIR": str(cache),
        "SECRET_KEY": "learning-benchmark-" + "x" * 40,
    }
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from orfo.sites.api import create_site
    from orfo.suggestions import learning
    from orfo.suggestions.models import SiteLexiconData

    call_command("migrate", verbosity=0)
    site = create_site("Bench", ["bench.example"], "ru")
    articles, words, distinct = million_words(args.words, args.seed)
    print(
        f"\nmemory: {len(articles):,} articles, {words:,} words, {distinct:,} distinct "
        f"(lower-cased)",
        flush=True,
    )
    started = time.perf_counter()
    for n, article in enumerate(articles):
        learning.queue(site.pk, "ru", article, "archive", key=str(n))
    queued_s = time.perf_counter() - started
    folds = []
    while True:
        started = time.perf_counter()
        done = learning.fold_waiting()
        if not done:
            break
        folds.append((done, time.perf_counter() - started))
    row = SiteLexiconData.objects.get(site=site, lang="ru")
    stored = len(bytes(row.words)) + len(bytes(row.pairs))
    fold_s = sum(s for _, s in folds)
    print(
        f"queued in {queued_s:.1f} s; folded in {len(folds)} sweeps, {fold_s:.1f} s "
        f"(first {folds[0][1]:.2f} s, last {folds[-1][1]:.2f} s for {folds[-1][0]} "
        f"texts); stored {stored / 2**20:.1f} MB ({len(bytes(row.words)) / 2**20:.1f} "
        f"MB words, {len(bytes(row.pairs)) / 2**20:.1f} MB pairs)",
        flush=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(site.pk), articles[0]],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(out.stderr)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    added = {k: m["after"][k] - m["before"][k] for k in ("rss", "pss")}
    print(
        f"fresh process: RSS {m['before']['rss']:.0f} -> {m['after']['rss']:.0f} MB "
        f"(+{added['rss']:.1f}), PSS {m['before']['pss']:.0f} -> "
        f"{m['after']['pss']:.0f} MB (+{added['pss']:.1f}); load {m['load_s']:.2f} s, "
        f"first suggestions (builds near's index) {m['first_suggestions_s']:.2f} s, "
        f"then {m['median_ms']:.1f} ms median",
        flush=True,
    )
    return {
        "articles": len(articles),
        "words": words,
        "distinct": distinct,
        "fold_s": round(fold_s, 1),
        "folds": len(folds),
        "fold_max_s": round(max(s for _, s in folds), 2),
        "stored_mb": round(stored / 2**20, 1),
        "added_rss_mb": round(added["rss"], 1),
        "added_pss_mb": round(added["pss"], 1),
        **{k: m[k] for k in ("load_s", "first_suggestions_s", "median_ms")},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probes", type=int, default=400)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--langs", nargs="+", default=["kk", "ru", "en"])
    parser.add_argument("--alarm-chars", type=int, default=200_000)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--cache", help="built lexicons (default: the data dir's)")
    parser.add_argument("--memory-only", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    figures = {}
    if args.memory_only:
        figures["memory"] = memory_check(args)
    else:
        figures["accuracy"] = accuracy(args)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
