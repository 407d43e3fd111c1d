"""How long proofreading a 10,000-character article takes, per language.

    .venv/bin/python bench/proofread.py [--repeats 20]

Articles are the demo newsroom's (with their deliberate errors) repeated to 10,000
characters. The lexicons are loaded first and timed apart.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orfo.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from orfo.demo.articles import ARTICLES  # noqa: E402
from orfo.suggestions import lexicon  # noqa: E402
from orfo.suggestions.proofread import proofread  # noqa: E402

SIZE = 10_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(f"{'lang':<5} {'load s':>7} {'median ms':>10} {'p95 ms':>8} {'findings':>9}")
    for lang, article in ARTICLES.items():
        started = time.perf_counter()
        lexicon.get(lang)
        load = time.perf_counter() - started
        base = "\n\n".join(article.paragraphs) + "\n\n"
        text = (base * (SIZE // len(base) + 1))[:SIZE]
        times, found = [], 0
        for _ in range(args.repeats):
            started = time.perf_counter()
            _, findings, _ = proofread(text, lang)
            times.append((time.perf_counter() - started) * 1000)
            found = len(findings)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        print(
            f"{lang:<5} {load:>7.2f} {statistics.median(times):>10.1f} {p95:>8.1f} "
            f"{found:>9}"
        )


if __name__ == "__main__":
    main()
