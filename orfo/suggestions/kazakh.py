"""Personal forms of Kazakh verbs that hunspell-kk leaves out.

The Debian dictionary conjugates verbs in the third person only (айтады, айтты)
and misses the first and second persons (айтамын, айттың) that quotes and
interviews are full of. These are added here by the regular endings, and only
to paradigms whose third person the dictionary already has.
"""

from collections.abc import Iterable

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
