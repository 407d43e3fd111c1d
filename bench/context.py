"""Context benchmark (issue 14): the development test words inside their sentences,
through the proofreading path, beside the same words alone.

    .venv/bin/python bench/context.py [--limit N]

For each misspelt word that stands in a sentence, `engine.check_text(sentence,
lang)` is asked: is there a finding at the word's position ("found"), and is its
first suggestion the right word ("top-1")? Beside it, the same words alone, scored
as bench/suggestions.py scores them (`engine.suggest(word)`, its loaders and
`measure`). False flags: findings on words of those sentences that were right, per
1,000 such words.

- ru: SpellRuEval-2016's 2,008 test sentences (source and corrected, line-aligned);
  the words are aligned with difflib as the corpus README describes: token-level
  1:1 replacements, merges, splits and ё-only changes dropped. The words left equal
  are the right ones.
- kk: kk_synthetic_probe.tsv's misspellings put into every sentence (line) of
  maribuoo_sample_corpus_kk.txt that has the right word, in place of it.
- en: Norvig's sets are words without sentences: word-alone only
  (bench/suggestions.py).

Evaluation data only (../shared/corpus/spelling/README.md): nothing in the engine is
taken or tuned from it. No site lexicon is used: this is the engine every site gets.
"""

import argparse
import difflib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suggestions as wordbench  # noqa: E402  (bench/suggestions.py: its loaders)

from orfo.suggestions import engine, lexicon  # noqa: E402

TOKEN = re.compile(r"\S+")


@dataclass
class Probe:
    sentence: str
    start: int
    end: int
    wrong: str
    right: set[str]


@dataclass
class ContextSet:
    lang: str
    probes: list[Probe] = field(default_factory=list)
    # Sentences and the spans of their words that were right.
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def ru_set(limit: int | None) -> ContextSet:
    folder = wordbench.CORPUS / "ru"
    source = (folder / "spellrueval2016_test_source.txt").read_text("utf-8-sig")
    corrected = (folder / "spellrueval2016_test_corrected.txt").read_text("utf-8-sig")
    found = ContextSet("ru")
    pairs = list(zip(source.splitlines(), corrected.splitlines(), strict=True))
    for wrong_line, right_line in pairs[:limit]:
        tokens = list(TOKEN.finditer(wrong_line))
        rights = TOKEN.findall(right_line)
        match = difflib.SequenceMatcher(
            None, [t.group() for t in tokens], rights, autojunk=False
        )
        spans = found.sentences.setdefault(wrong_line, [])
        for tag, i1, i2, j1, j2 in match.get_opcodes():
            if tag == "equal":
                spans += [(t.start(), t.end()) for t in tokens[i1:i2]]
            elif tag == "replace" and i2 - i1 == j2 - j1:
                for tok, right in zip(tokens[i1:i2], rights[j1:j2], strict=True):
                    if wordbench.fold(tok.group()) == wordbench.fold(right):
                        continue  # ё only
                    found.probes.append(
                        Probe(
                            wrong_line,
                            tok.start(),
                            tok.end(),
                            tok.group(),
                            {wordbench.fold(right)},
                        )
                    )
    return found


def kk_set(note: str, limit: int | None) -> ContextSet:
    folder = wordbench.CORPUS / "kk"
    lines = (folder / "maribuoo_sample_corpus_kk.txt").read_text("utf-8-sig")
    lines = [line for line in lines.splitlines() if line.strip()]
    found = ContextSet("kk")
    for wrong, rights in wordbench.tsv(folder / "kk_synthetic_probe.tsv", note):
        for line in lines:
            tokens = list(engine.WORD_RE.finditer(line))
            at = next((t for t in tokens if wordbench.fold(t.group()) in rights), None)
            if at is None:
                continue
            typed = engine.match_case(at.group(), wrong)
            sentence = line[: at.start()] + typed + line[at.end() :]
            found.probes.append(
                Probe(sentence, at.start(), at.start() + len(typed), wrong, rights)
            )
            found.sentences[sentence] = [
                (t.start(), t.end())
                for t in engine.WORD_RE.finditer(sentence)
                if t.start() != at.start()
            ]
        if limit and len(found.probes) >= limit:
            break
    return found


def proofread(sets: ContextSet) -> tuple[dict, float, int, int, float]:
    """Check every sentence once; return the findings by sentence, the seconds
    taken, the false flags, the right words and the characters checked."""
    findings, seconds, chars = {}, 0.0, 0
    for sentence in dict.fromkeys(
        [p.sentence for p in sets.probes] + list(sets.sentences)
    ):
        started = time.perf_counter()
        findings[sentence] = engine.check_text(sentence, sets.lang)
        seconds += time.perf_counter() - started
        chars += len(sentence)
    false = right = 0
    for sentence, spans in sets.sentences.items():
        flagged = {(f.start, f.end) for f in findings[sentence]}
        right += len(spans)
        false += sum(span in flagged for span in spans)
    return findings, seconds, false, right, chars


def score(label: str, sets: ContextSet) -> None:
    for lang in ("en", "ru", "kk"):  # loaded first, timed apart (bench/proofread.py)
        engine.check_text("", lang)
        lexicon.get(lang)
    findings, seconds, false, right, chars = proofread(sets)
    found = top1 = 0
    for probe in sets.probes:
        at = [
            f
            for f in findings[probe.sentence]
            if f.start <= probe.start and f.end >= probe.end
        ]
        found += bool(at)
        top1 += bool(at) and wordbench.fold(at[0].suggestions[0]) in probe.right
    alone = wordbench.orfo(sets.lang)
    alone("")  # load first
    pairs = [(p.wrong, p.right) for p in sets.probes]
    alone_top1, _, median, _ = wordbench.measure(alone, pairs)
    n = len(sets.probes)
    print(
        f"{label:16} {n:6} {alone_top1:6.1f}% {median:7.2f} {100 * found / n:6.1f}%"
        f" {100 * top1 / n:6.1f}% {1000 * false / max(right, 1):7.1f}"
        f" {right:6} {1000 * seconds / len(findings):8.2f}"
        f" {10_000 * seconds / max(chars, 1):9.3f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="sentences (ru) or probes (kk)")
    args = parser.parse_args()
    if not wordbench.CORPUS.is_dir():
        print(f"No spelling corpus at {wordbench.CORPUS}; nothing to measure.")
        return 0
    print(
        f"{'test set':16} {'words':>6} {'alone':>7} {'med ms':>7} {'found':>7}"
        f" {'top-1':>7} {'false/k':>7} {'right':>6} {'ms/sent':>8} {'s/10k ch':>9}"
    )
    score("ru spellrueval", ru_set(args.limit))
    score("kk look-alike", kk_set("layout", args.limit))
    score("kk single edit", kk_set("edit", args.limit))
    print("en: Norvig's sets have no sentences (word alone: bench/suggestions.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
