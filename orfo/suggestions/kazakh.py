"""Kazakh forms that hunspell-kk leaves out, and how Kazakh candidates are ranked.

The Debian dictionary conjugates verbs in the third person only (айтады, айтты)
and misses the first and second persons (айтамын, айттың) that quotes and
interviews are full of. These are added here by the regular endings, and only
to paradigms whose third person the dictionary already has; every other regular
form is recognised by the grammar of `kazakh_morphology`.

Kazakh has no word-frequency list, so candidates are ranked by where they are
known from (a dictionary stem, a dictionary form, a form only the grammar makes),
by whether real text uses them (the word list in Tesseract's Kazakh data,
`tessdata`) and by a letter model (`charmodel`) of the forms real text uses, or
of the dictionary's forms when that list is not installed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import charmodel, kazakh_morphology
from .charmodel import CharModel
from .kazakh_morphology import Acceptor
from .text import unfold_lookalikes

ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"

_FRONT = set("әөүіеи")
_BACK = set("аоұыу")
_VOICELESS = set("пфктшсщчцхқһ")

PRESENT = {
    False: ("мын", "сың", "сыз", "мыз", "сыңдар", "сыздар"),
    True: ("мін", "сің", "сіз", "міз", "сіңдер", "сіздер"),
}
PAST = {
    False: ("м", "ң", "ңыз", "қ", "ңдар", "ңыздар"),
    True: ("м", "ң", "ңіз", "к", "ңдер", "ңіздер"),
}


def _front(stem: str) -> bool:
    for c in reversed(stem):
        if c in _FRONT:
            return True
        if c in _BACK:
            return False
    return True


def verb_forms(infinitive: str, known: set[str]) -> Iterable[str]:
    """Yield first- and second-person forms of INFINITIVE attested in KNOWN."""
    if len(infinitive) < 3 or infinitive[-1] != "у":
        return
    stem = infinitive[:-1]
    front = _front(stem)
    third = "ді" if front else "ды"
    stems = [stem]
    if stem[-1] not in "аәеоөұүыіи":
        stems.append(stem + ("і" if front else "ы"))  # оқу: оқы-
    for s in stems:
        if s[-1] in "ыі":
            bases = [s[:-1] + "и"]  # оқы + й = оқи-
        elif s[-1] in "аәеоөұү":
            bases = [s + "й"]  # сөйле + й = сөйлей-
        else:
            bases = [s + ("е" if front else "а")]  # айт + а = айта-
        for base in bases:
            if base + third in known:
                yield from (base + e for e in PRESENT[front])
        past = s + (("ті" if front else "ты") if s[-1] in _VOICELESS else third)
        if past in known:
            yield from (past + e for e in PAST[front])


# Bump when what goes into the cached Kazakh model changes.
VERSION = 4
# Prior of a candidate: a base by where it is known from, a bonus when real text
# uses it, plus how word-like its letters are against an average form (log10 per
# letter, weighted). Chosen on synthetic typos of hunspell-kk forms and of words
# from Kazakh translations of free software (bench/kazakh_dev.py), not the test sets.
STEM_PRIOR = 3.0
FORM_PRIOR = 2.5
GRAMMAR_PRIOR = 2.0
ATTESTED_BONUS = 1.0
LETTERS_WEIGHT = 1.0
# How much likelier than a reported word that is itself valid a correction must be
# (on the translations dev set, 0.5 restores 1.1 points more look-alikes than 1.0,
# and gives 2.0 % of correct words singled out a correction, against 0.2 %).
DOUBT_MARGIN = 0.5
TRAINING_SAMPLE = 3  # every third form trains the letter model: a shorter cold build
# Fewer forms from the word list teach the letter model too little.
MIN_ATTESTED = 10_000


@dataclass
class Model:
    """What Kazakh has instead of a frequency list: a grammar, the forms real text
    uses and a letter model."""

    grammar: Acceptor
    letters: CharModel
    per_letter: float  # the average log10 probability of a letter in a form
    attested: frozenset[str] = frozenset()  # known forms that real text uses

    def accepts(self, key: str) -> bool:
        return self.grammar.accepts(key)

    def prior(self, key: str, in_dictionary: bool, is_stem: bool) -> float:
        base = STEM_PRIOR if is_stem else FORM_PRIOR if in_dictionary else GRAMMAR_PRIOR
        if key in self.attested:
            base += ATTESTED_BONUS
        likeness = self.letters.score(key) / (len(key) + 1) - self.per_letter
        return base + LETTERS_WEIGHT * likeness


def read_entries(dic: Path) -> tuple[list[str], list[str]]:
    """Return the (noun and adjective stems, verb infinitives) of hunspell-kk.

    The dictionary marks infinitives with the verb flags M–Z and everything
    else with the noun flags (or none)."""
    nouns, verbs = [], []
    with open(dic, encoding="utf-8-sig", errors="replace") as f:
        next(f, None)  # the approximate word count
        for line in f:
            stem, _, flags = line.strip().partition("/")
            stem = stem.lower()
            if stem.isalpha():
                (verbs if "M" in flags else nouns).append(stem)
    return nouns, verbs


def build_model(
    dic: Path, forms: set[str], entries: set[str], seen: Iterable[str] = ()
) -> tuple[Model, set[str]]:
    """Build the grammar of hunspell-kk's stems and a letter model.

    SEEN are words of real text (the Tesseract word list): those the dictionary or
    the grammar knows rank higher, and teach the letter model when there are
    enough of them; otherwise it learns from FORMS. Return the model with the
    FORMS it finds misformed: hunspell-kk's affix rules ignore voicing and harmony
    in places (кітапымыз, галереялер, талшындан), and those forms must not be
    offered as corrections nor teach the letter model. Forms that are dictionary
    ENTRIES are never misformed."""
    nouns, infinitives = read_entries(dic)
    stems = [s for inf in infinitives for s in kazakh_morphology.verb_stems(inf, forms)]
    grammar = kazakh_morphology.build(nouns, stems)
    misformed = {f for f in forms - entries if not grammar.accepts(f)}
    attested = frozenset(
        w
        for w in {w.lower() for w in seen}
        if w not in misformed and (w in forms or grammar.accepts(w))
    )
    if len(attested) >= MIN_ATTESTED:
        sample = sorted(attested)
    else:
        sample = sorted(forms - misformed)[::TRAINING_SAMPLE]
    letters = charmodel.train(sample)
    probe = sample[:: max(1, len(sample) // 5000)]
    per_letter = sum(letters.score(w) / (len(w) + 1) for w in probe) / len(probe)
    return Model(grammar, letters, per_letter, attested), misformed


def candidates(words: set[str], model: Model | None, key: str) -> set[str]:
    """Return Kazakh forms that KEY may be a slip for: its look-alike letters
    restored, and (beyond the dictionary) grammatical forms one edit away."""
    found = set()
    for variant in unfold_lookalikes(key):
        if variant != key and (variant in words or (model and model.accepts(variant))):
            found.add(variant)
    if model is not None:
        found |= model.grammar.one_edit_away(key, ALPHABET) - words
    found.discard(key)
    return found


def doubtful(lex, key: str) -> bool:
    """Whether KEY, accepted as Kazakh, may still be a slip when a reader reports
    it: a form only the grammar vouches for, or a word whose look-alike letters
    restore to another word (кун is one, but күн is likelier)."""
    model = lex.morphology
    if model is None:
        return False
    if key not in lex.words:
        return True  # known to the grammar only, or one of hunspell's misformed forms
    return any(
        v != key and (v in lex.words or model.accepts(v))
        for v in unfold_lookalikes(key)
    )


def typed_prior(lex, key: str) -> float:
    """Return the prior of a doubtful KEY as typed. Its use in real text is no
    evidence: the word list holds the look-alike slips too (кун, ушин, жане)."""
    prior = lex.prior(key)
    if key in lex.morphology.attested:
        prior -= ATTESTED_BONUS
    return prior
