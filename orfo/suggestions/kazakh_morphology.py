"""A Kazakh word-form acceptor: hunspell-kk stems plus productive suffix chains.

hunspell-kk gives each noun one suffix (a plural, a possessive or a case) and
each verb a few third-person forms, so everyday forms such as кітабымызда,
барамын, келмейді or оқығанда are missing. Here every stem takes the regular
chains of Kazakh grammar: the vowel of a suffix follows the stem's last vowel
(back а о ұ ы, front ә е ө ү і), its first consonant follows the stem's last
sound (-лар after vowels, -дар after л м н ң з ж, -тар after voiceless), and
п к қ turn into б г ғ before a vowel.

Suffix strings are shared by stems that end alike, so a form is checked with a
handful of dictionary look-ups: split it into a stem minus its last letter and
a suffix that starts with that letter (which is how voicing and оқы+й = оқи are
spelt), and ask whether that stem's class takes that suffix.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

VOWELS = frozenset("аәеоөұүыіэюяё")
_FRONT = frozenset("әеөүі")
_BACK = frozenset("аоұыяёэю")
_LOAN = frozenset("вфцчщёэюяьъ")  # letters of Russian loans, which keep п к final
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_DEVOICED = {v: k for k, v in _VOICED.items()}


def sound_class(letter: str) -> str:
    """Return the class that picks a suffix's first consonant after LETTER."""
    if letter in VOWELS:
        return "V"
    if letter in "руйи":
        return "R"  # р and the glides (и is ый/ій, у is ұу/үу)
    if letter == "л":
        return "L"
    if letter in "мнң":
        return "N"
    if letter in "зж":
        return "Z"
    return "T"  # voiceless, and б в г д which are devoiced at the end of a word


def harmonies(stem: str) -> tuple[bool, ...]:
    """Return (front,) or (back,) from the last clear vowel, or both when none is."""
    for c in reversed(stem):
        if c in _FRONT:
            return (True,)
        if c in _BACK:
            return (False,)
    return (False, True)


@dataclass(frozen=True)
class Morpheme:
    """A suffix whose first consonant depends on the sound class before it.

    CONSONANTS maps classes (V R L N Z T) to the first letter, "" for none;
    BACK/FRONT are the rest in each harmony. Q marks a consonant that is қ/ғ in
    back words and к/г in front ones."""

    consonants: dict[str, str]
    back: str
    front: str
    after_vowel: tuple[str, str] | None = None  # (back, front) forms after a vowel

    def form(self, last: str, front: bool) -> str:
        cls = sound_class(last)
        if cls == "V" and self.after_vowel:
            return self.after_vowel[front]
        first = self.consonants.get(cls, self.consonants.get("*", ""))
        if first == "Q":  # ғ/г after voiced sounds, қ/к after voiceless ones
            first = ("к" if front else "қ") if cls == "T" else ("г" if front else "ғ")
        return first + (self.front if front else self.back)


def _m(table: str, back: str, front: str, after_vowel=None) -> Morpheme:
    consonants = {}
    for part in table.split():
        classes, _, letter = part.partition("=")
        for c in classes:
            consonants[c] = letter
    return Morpheme(consonants, back, front, after_vowel)


# Nominal suffixes.
PLURAL = _m("VR=л LNZ=д T=т", "ар", "ер")
GENITIVE = _m("VN=н RLZ=д T=т", "ың", "ің")
ACCUSATIVE = _m("V=н RLNZ=д T=т", "ы", "і")
DATIVE = _m("VRLNZT=Q", "а", "е")
LOCATIVE = _m("VRLNZ=д T=т", "а", "е")
ABLATIVE = _m("VRLZ=д N=н T=т", "ан", "ен")
INSTRUMENTAL = _m("VRLN=м Z=б T=п", "ен", "ен")
INSTRUMENTAL_LONG = _m("VRLN=м Z=б T=п", "енен", "енен")
LOCATIVE_ATTR = _m("VRLNZ=д T=т", "ағы", "егі")
SIMILATIVE = _m("VRLNZ=д T=т", "ай", "ей")
EQUATIVE = _m("*=ш", "а", "е")
CASES = (
    GENITIVE,
    ACCUSATIVE,
    DATIVE,
    LOCATIVE,
    ABLATIVE,
    INSTRUMENTAL,
    INSTRUMENTAL_LONG,
    LOCATIVE_ATTR,
    SIMILATIVE,
    EQUATIVE,
)
# After a third-person possessive (-ы/-сы) the cases take н: баласының, баласын.
CASES_AFTER_3 = {
    False: ("ның", "н", "на", "нда", "нан", "мен", "менен", "ндағы", "ндай", "нша"),
    True: ("нің", "н", "не", "нде", "нен", "мен", "менен", "ндегі", "ндей", "нше"),
}
POSSESSIVE = (
    _m("*=", "ым", "ім", after_vowel=("м", "м")),
    _m("*=", "ың", "ің", after_vowel=("ң", "ң")),
    _m("*=", "ыңыз", "іңіз", after_vowel=("ңыз", "ңіз")),
    _m("*=", "ымыз", "іміз", after_vowel=("мыз", "міз")),
)
POSSESSIVE_3 = _m("*=", "ы", "і", after_vowel=("сы", "сі"))
# Personal endings of predicates: мұғаліммін, барғанбыз, үйдесің.
PREDICATIVE = (
    _m("VRLN=м Z=б T=п", "ын", "ін"),
    _m("*=с", "ың", "ің"),
    _m("*=с", "ыз", "із"),
    _m("VRL=м NZ=б T=п", "ыз", "із"),
    _m("VRL=м N=м Z=б T=п", "ыз", "із"),  # мыз after м н ң is heard as well
    _m("*=с", "ыңдар", "іңдер"),
    _m("*=с", "ыздар", "іздер"),
)
# Word-forming suffixes that nouns and adjectives take before inflection.
DERIVATIONS = (
    _m("VR=л LNZ=д T=т", "ық", "ік"),  # -лық: бала → балалық
    _m("VR=л LNZ=д T=т", "ы", "і"),  # -лы: бала → балалы
    _m("*=с", "ыз", "із"),  # -сыз
    _m("*=ш", "ы", "і"),  # -шы
)

# Verbal suffixes.
NEGATION = _m("VRL=м NZ=б T=п", "а", "е")
PRESENT = _m("*=", "а", "е", after_vowel=("й", "й"))
PAST = _m("VRLNZ=д T=т", "ы", "і")
PARTICIPLE = _m("VRLNZT=Q", "ан", "ен")
HABITUAL = _m("*=", "атын", "етін", after_vowel=("йтын", "йтін"))
FUTURE = _m("*=", "ар", "ер", after_vowel=("р", "р"))
FUTURE_NEG = _m("VRL=м NZ=б T=п", "ас", "ес")
INTENTION = _m("VRL=м NZ=б T=п", "ақ", "ек")
CONDITIONAL = _m("*=с", "а", "е")
CONVERB = _m("*=", "ып", "іп", after_vowel=("п", "п"))
SINCE = _m("VRLNZT=Q", "алы", "елі")
UNTIL = _m("VRLNZT=Q", "анша", "енше")
DESIRE = _m("VRLNZT=Q", "ы", "і")
VERBAL_NOUN = _m("*=", "у", "у")
AGENT = _m("*=", "ушы", "уші")
# Endings of the past and the conditional: бардым, барсаңыз, бардық.
SHORT_PERSONS = ("", "м", "ң", "ңыз", "ңдар", "ңыздар")
SHORT_PERSONS_FRONT = ("", "м", "ң", "ңіз", "ңдер", "ңіздер")
IMPERATIVE = (
    _m("*=", "ыңыз", "іңіз", after_vowel=("ңыз", "ңіз")),
    _m("*=", "ыңдар", "іңдер", after_vowel=("ңдар", "ңдер")),
    _m("*=", "ыңыздар", "іңіздер", after_vowel=("ңыздар", "ңіздер")),
    _m("*=с", "ын", "ін"),
    _m("*=", "айын", "ейін", after_vowel=("йын", "йін")),
    _m("*=", "айық", "ейік", after_vowel=("йық", "йік")),
)


def _join(base: str, suffix: str) -> str:
    """Attach SUFFIX to BASE with the spelling rules that cross the boundary."""
    if not suffix:
        return base
    last = base[-1:]
    if last in "ыі" and suffix[0] == "й":
        return base[:-1] + "и" + suffix[1:]  # оқы + й = оқи-
    if last in "ыі" and suffix[0] == "у":
        return base[:-1] + suffix  # оқы + у = оқу
    if last == "й" and suffix[0] == "а":
        return base[:-1] + "я" + suffix[1:]  # ой + а = оя-
    return base + suffix


def _add(base: str, morpheme: Morpheme, front: bool) -> str:
    return _join(base, morpheme.form(base[-1], front))


def _noun_tail(base: str, front: bool, predicative: bool = True) -> Iterable[str]:
    """Yield BASE with every possessive and case ending (and the bare BASE)."""
    yield base
    for case in CASES:
        yield _add(base, case, front)
    if predicative:
        for ending in PREDICATIVE:
            yield _add(base, ending, front)
        located = _add(base, LOCATIVE, front)
        for ending in PREDICATIVE:
            yield _add(located, ending, front)
    for poss in POSSESSIVE:
        owned = _add(base, poss, front)
        yield owned
        for case in CASES:
            if case is DATIVE and owned[-1] in "мң":
                yield owned + ("е" if front else "а")  # балама, балаңа
            else:
                yield _add(owned, case, front)
    third = _add(base, POSSESSIVE_3, front)
    yield third
    for ending in CASES_AFTER_3[front]:
        yield third + ending


def noun_forms(base: str, front: bool) -> Iterable[str]:
    """Yield the inflected forms of a noun or adjective BASE."""
    bases = [base] + [_add(base, d, front) for d in DERIVATIONS]
    for b in bases:
        yield from _noun_tail(b, front)
        yield from _noun_tail(_add(b, PLURAL, front), front)


def _short_persons(base: str, front: bool) -> Iterable[str]:
    for ending in SHORT_PERSONS_FRONT if front else SHORT_PERSONS:
        yield base + ending
    yield base + ("к" if front else "қ")


def verb_forms(stem: str, front: bool) -> Iterable[str]:
    """Yield the finite and non-finite forms of a verb STEM (бар, келе, оқы)."""
    yield stem
    negative = _add(stem, NEGATION, front)
    for base in (stem, negative):
        present = _add(base, PRESENT, front)
        yield present  # converb: бара, бармай
        yield _add(present, PAST, front)  # барады
        for ending in PREDICATIVE:
            yield _add(present, ending, front)
        yield from _short_persons(_add(base, PAST, front), front)
        yield from _short_persons(_add(base, CONDITIONAL, front), front)
        for participle in (_add(base, PARTICIPLE, front), _add(base, HABITUAL, front)):
            yield from _noun_tail(participle, front)
            yield from _noun_tail(_add(participle, PLURAL, front), front, False)
            yield _add(participle, SIMILATIVE, front)
            reason = _join(participle, "дік" if front else "дық")
            yield from _noun_tail(reason, front, False)
        for ending in IMPERATIVE:
            yield _add(base, ending, front)
        verbal_noun = _add(base, VERBAL_NOUN, front)
        yield from _noun_tail(verbal_noun, front)
        yield from _noun_tail(_add(verbal_noun, PLURAL, front), front, False)
    future = _add(stem, FUTURE, front)
    future_negative = _add(stem, FUTURE_NEG, front)
    for base in (future, future_negative):
        yield base
        for ending in PREDICATIVE:
            yield _add(base, ending, front)
    intention = _add(stem, INTENTION, front)
    yield from _noun_tail(intention, front, False)
    intending = _join(intention, "ші" if front else "шы")
    yield from _noun_tail(intending, front)
    converb = _add(stem, CONVERB, front)
    yield converb
    yield converb + ("ті" if front else "ты")  # барыпты
    for ending in PREDICATIVE:
        yield _add(converb, ending, front)
    yield _add(stem, SINCE, front)
    yield _add(stem, UNTIL, front)
    yield _join(negative, "йынша" if not front else "йінше")
    desire = _add(stem, DESIRE, front)
    for poss in POSSESSIVE:
        yield _add(desire, poss, front)
    yield _add(desire, POSSESSIVE_3, front)
    agent = _add(stem, AGENT, front)
    yield from _noun_tail(agent, front)
    yield from _noun_tail(_add(agent, PLURAL, front), front)


def verb_stems(infinitive: str, known: set[str]) -> list[str]:
    """Return the stems of the verb whose dictionary form is INFINITIVE."""
    if infinitive.endswith("ю") and len(infinitive) > 2:
        head = infinitive[:-1]
        return [head] if head.endswith("и") else [head + "й"]  # тию: ти, ою: ой
    if not infinitive.endswith("у") or len(infinitive) < 3:
        return []
    head = infinitive[:-1]
    if head[-1] in VOWELS or head[-1] == "у":
        return [head]  # ойна-у, сөйле-у, жу-у
    front = harmonies(head)[0]
    with_vowel = head + ("і" if front else "ы")
    # оқу is оқы + у: its forms (оқиды, оқыды) tell it from кел + у.
    telling = ("иді", "иды")
    if any(head + t in known for t in telling) or any(
        with_vowel + t in known for t in ("ды", "ді", "ған", "ген")
    ):
        return [with_vowel]
    if head[-1] in _DEVOICED:
        return [head[:-1] + _DEVOICED[head[-1]]]  # ағу is ақ + у, ағады / ақты
    return [head]


@dataclass
class Acceptor:
    """Decide whether a word is a regular form of a known Kazakh stem."""

    # stem without its last letter -> signatures; signature -> suffixes
    stems: dict[str, tuple[int, ...]] = field(default_factory=dict)
    suffixes: list[frozenset[str]] = field(default_factory=list)
    every_suffix: frozenset[str] = frozenset()
    longest: int = 0

    def accepts(self, word: str) -> bool:
        stems, suffixes, every = self.stems, self.suffixes, self.every_suffix
        for i in range(max(1, len(word) - self.longest), len(word)):
            tail = word[i:]
            if tail in every:
                for signature in stems.get(word[:i], ()):
                    if tail in suffixes[signature]:
                        return True
        return False

    def one_edit_away(self, key: str, letters: str) -> set[str]:
        """Return the accepted forms one deletion, swap, substitution or
        insertion away from KEY.

        An edit leaves the letters before it and after it as they were, so only
        splits where the untouched side is a known stem (before) or a known
        ending (after) need looking at, and most positions have neither."""
        stems, suffixes, every = self.stems, self.suffixes, self.every_suffix
        n = len(key)
        heads = [(i, stems[key[:i]]) for i in range(1, n + 1) if key[:i] in stems]
        tails = [j for j in range(max(1, n - self.longest), n) if key[j:] in every]
        found: set[str] = set()

        def accept(forms: Iterable[str], p: int, shift: int) -> None:
            # FORMS share KEY's letters before P and, shifted by SHIFT, after it.
            shortest = n + shift - self.longest  # a longer tail is no ending
            before = [(i, sigs) for i, sigs in heads if shortest <= i <= p]
            after = [(j, j + shift) for j in tails if j + shift > p]
            if not before and not after:
                return
            for form in forms:
                for i, signatures in before:
                    tail = form[i:]
                    if tail in every:
                        for s in signatures:
                            if tail in suffixes[s]:
                                found.add(form)
                                break
                for j, i in after:
                    signatures = stems.get(form[:i])
                    if signatures:
                        tail = key[j:]
                        for s in signatures:
                            if tail in suffixes[s]:
                                found.add(form)
                                break

        for p in range(n):
            head, rest = key[:p], key[p + 1 :]
            accept([head + rest], p, -1)  # deletion
            accept([head + c + rest for c in letters if c != key[p]], p, 0)
            if p + 1 < n and key[p] != key[p + 1]:
                swapped = head + key[p + 1] + key[p] + key[p + 2 :]
                if self.accepts(swapped):
                    found.add(swapped)
        for p in range(n + 1):
            head, rest = key[:p], key[p:]
            accept([head + c + rest for c in letters], p, 1)  # insertion
        return found


def _voicing(stem: str) -> bool:
    return stem[-1] in _VOICED and not _LOAN.intersection(stem)


def _suffix_set(kind: str, stem_end: str, front: bool, voiced: bool) -> frozenset[str]:
    """Return the endings (from the stem's last letter on) a stem of this kind takes.

    Only the stem's last letter and harmony pick allomorphs, so a model stem
    (any consonant + STEM_END) goes through the chains and its head is cut off."""
    model = "ж" + stem_end
    forms = noun_forms(model, front) if kind == "noun" else verb_forms(model, front)
    out = set()
    for form in forms:
        tail = form[1:]
        if voiced and len(tail) > 1 and tail[1] in VOWELS:
            tail = _VOICED[tail[0]] + tail[1:]  # кітап + ы = кітабы
        out.add(tail)
    return frozenset(out)


def build(nouns: Iterable[str], verbs: Iterable[str]) -> Acceptor:
    """Build the acceptor from noun/adjective stems and verb stems."""
    signatures: dict[tuple[str, str, bool, bool], int] = {}
    suffixes: list[frozenset[str]] = []
    stems: dict[str, set[int]] = {}

    def add(kind: str, stem: str) -> None:
        if len(stem) < 2:
            return
        voiced = _voicing(stem)
        for front in harmonies(stem):
            key = (kind, stem[-1], front, voiced)
            if key not in signatures:
                signatures[key] = len(suffixes)
                suffixes.append(_suffix_set(*key))
            stems.setdefault(stem[:-1], set()).add(signatures[key])

    for stem in nouns:
        add("noun", stem)
    for stem in verbs:
        add("verb", stem)
    every = frozenset().union(*suffixes) if suffixes else frozenset()
    return Acceptor(
        {k: tuple(sorted(v)) for k, v in stems.items()},
        suffixes,
        every,
        max((len(s) for s in every), default=0),
    )
