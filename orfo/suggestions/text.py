"""Language detection, keyboard layouts and look-alike letters."""

import re

KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
SENTENCE_END = frozenset('.!?…\n»"')

# The same physical keys on the US QWERTY and the Russian ЙЦУКЕН layouts.
_QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./" + '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?'
_JCUKEN = "ёйцукенгшщзхъфывапролджэячсмитьбю." + "ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,"
TO_CYRILLIC = str.maketrans(_QWERTY, _JCUKEN)
TO_LATIN = str.maketrans(_JCUKEN[:-1] + _JCUKEN[34:-1], _QWERTY[:-1] + _QWERTY[34:-1])
LAYOUT_CHARS = frozenset(_QWERTY) - frozenset("./?")

# Kazakh letters and the Russian letters typed for them on a Russian keyboard.
LOOKALIKES = {
    "а": "ә",
    "г": "ғ",
    "к": "қ",
    "н": "ң",
    "о": "ө",
    "у": "ұү",
    "х": "һ",
    "и": "і",
}
KAZAKH_TO_RUSSIAN = {k: r for r, ks in LOOKALIKES.items() for k in ks}


def detect_language(text: str) -> str | None:
    """Return "kk", "ru" or "en" from the letters of TEXT, or None without letters."""
    cyrillic = latin = kazakh = 0
    for ch in text:
        if ch in KAZAKH_ONLY:
            kazakh += 1
            cyrillic += 1
        elif "а" <= ch.lower() <= "я" or ch in "ёЁ":
            cyrillic += 1
        elif "a" <= ch.lower() <= "z":
            latin += 1
    # Kazakh prose has a Kazakh-only letter in every ten or so; a Kazakh name in
    # Russian prose is far rarer.
    # A language menu's "Қазақша" in English text is no Kazakh text.
    if kazakh and kazakh * 33 >= cyrillic and cyrillic >= latin:
        return "kk"
    if cyrillic or latin:
        return "ru" if cyrillic >= latin else "en"
    return None


def script(word: str) -> str | None:
    """Return "cyrillic", "latin" or None for a word of mixed or other letters."""
    if all("a" <= c <= "z" for c in word.lower() if c.isalpha()):
        return "latin"
    if all(
        "а" <= c <= "я" or c in "ё" or c in KAZAKH_ONLY
        for c in word.lower()
        if c.isalpha()
    ):
        return "cyrillic"
    return None


def match_case(source: str, word: str) -> str:
    """Spell WORD with the capitalisation the writer used for SOURCE."""
    if len(source) > 1 and source.isupper():
        return word.upper()
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def unfold_lookalikes(word: str, limit: int = 4096) -> list[str]:
    """Return WORD with every mix of Kazakh letters for their Russian look-alikes."""
    options = [c + LOOKALIKES.get(c, "") for c in word]
    total = 1
    for o in options:
        total *= len(o)
    if total > limit:
        return []
    out = [""]
    for o in options:
        out = [p + c for p in out for c in o]
    return out
