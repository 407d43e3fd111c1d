"""How likely a writer is to type one string for another: a weighted edit distance.

Damerau–Levenshtein (adjacent swaps) with costs below 1 for the slips people make
most: a neighbouring key, a vowel for a vowel, a voiced for a voiceless consonant,
a doubled or dropped double letter, and a Kazakh letter typed as its Russian
look-alike (almost free: the writer had no key for it).
"""

from functools import lru_cache

from .text import KAZAKH_TO_RUSSIAN

NEIGHBOUR = 0.75
VOWEL = 0.7
SOUND = 0.7
LOOKALIKE = 0.02
YO = 0.05
DOUBLE = 0.5
SWAP = 0.75
SIGN = 0.4
UNSTRESSED = 0.5

_ROWS = {
    "latin": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "cyrillic": ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
}
_VOWELS = ("aeiouy", "аоуыэяёюеи", "әөұүі")
_SOUND_PAIRS = (
    "бп вф гк дт жш зс ао еи еэ ия ыи ую цс шщ тч ck cs sz fv ph gj ie ea ou".split()
)


# Russian spellings that sound alike: unstressed vowels, ь for ъ.
_UNSTRESSED = "ао еи ея ия ьъ".split()


def _neighbours() -> set[tuple[str, str]]:
    pairs = set()
    for rows in _ROWS.values():
        for r, row in enumerate(rows):
            for i, c in enumerate(row):
                near = [row[i - 1 : i], row[i + 1 : i + 2]]
                if r + 1 < len(rows):
                    near += [rows[r + 1][max(i - 1, 0) : i + 1]]
                for group in near:
                    for d in group:
                        pairs |= {(c, d), (d, c)}
    return pairs


def _substitutions() -> dict[tuple[str, str], float]:
    costs: dict[tuple[str, str], float] = {}
    for pair in _neighbours():
        costs[pair] = NEIGHBOUR
    for vowels in _VOWELS:
        for a in vowels:
            for b in vowels:
                if a != b:
                    costs[a, b] = min(costs.get((a, b), 1.0), VOWEL)
    for a, b in _SOUND_PAIRS:
        costs[a, b] = costs[b, a] = min(costs.get((a, b), 1.0), SOUND)
    for kazakh, russian in KAZAKH_TO_RUSSIAN.items():
        costs[russian, kazakh] = costs[kazakh, russian] = LOOKALIKE
    for a, b in _UNSTRESSED:
        costs[a, b] = costs[b, a] = UNSTRESSED
    costs["е", "ё"] = costs["ё", "е"] = YO
    return costs


SUBSTITUTION = _substitutions()


def _indel(word: str, i: int) -> float:
    c = word[i]
    if (i > 0 and word[i - 1] == c) or (i + 1 < len(word) and word[i + 1] == c):
        return DOUBLE
    if c in "ьъ'-":
        return SIGN
    if c in "aeiouy":
        return VOWEL  # English spelling hides vowels: "seperate", "definately"
    return 1.0


@lru_cache(maxsize=65536)
def distance(typed: str, word: str) -> float:
    """Return the cost of typing TYPED when WORD was meant."""
    n, m = len(typed), len(word)
    extra_cost = [_indel(typed, i) for i in range(n)]  # the writer typed it extra
    missing_cost = [_indel(word, j) for j in range(m)]  # the writer dropped it
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + missing_cost[j - 1]
    for i in range(1, n + 1):
        a, extra_a = typed[i - 1], extra_cost[i - 1]
        cur = [prev[0] + extra_a] + [0.0] * m
        for j in range(1, m + 1):
            b = word[j - 1]
            best = (
                prev[j - 1] if a == b else prev[j - 1] + SUBSTITUTION.get((a, b), 1.0)
            )
            extra = prev[j] + extra_a
            if extra < best:
                best = extra
            missing = cur[j - 1] + missing_cost[j - 1]
            if missing < best:
                best = missing
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b and a != b:
                swap = prev2[j - 2] + SWAP
                if swap < best:
                    best = swap
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]
