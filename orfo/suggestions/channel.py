"""How likely a writer is to type one string for another, learned from real slips.

A noisy channel after Kernighan, Church and Gale (1990): (misspelling, word)
pairs are aligned letter by letter, and each substitution, dropped letter, extra
letter and swap is counted against how often its letters occur in the words.
A dropped or extra letter is counted with the letter before it, so a dropped
double letter or a dropped "e" after "v" each get their own odds. The cost of an
edit is -log10 of its probability divided by EDIT_WEIGHT, in the units of
`errormodel.distance`, so a candidate's score stays log-frequency minus
EDIT_WEIGHT times cost: log P(word) + log P(typo | word).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from math import log10

START = "^"
EDIT_WEIGHT = 3.0  # must match engine.EDIT_WEIGHT
# Pseudo-counts that pull a rarely seen edit towards the average of its kind, and
# the log10 odds of making an edit at all (chosen on held-out codespell pairs).
SMOOTHING = 20.0
PER_EDIT = 0.0

Edit = tuple[str, str, str]  # kind ("sub", "ins", "del", "swap"), a, b


def _align(typo: str, word: str) -> list[Edit]:
    """Return the edits of a cheapest unit-cost alignment (with adjacent swaps)."""
    start = 0
    while start < min(len(typo), len(word)) and typo[start] == word[start]:
        start += 1
    end = 0
    while end < min(len(typo), len(word)) - start and typo[-1 - end] == word[-1 - end]:
        end += 1
    t, w = typo[start : len(typo) - end], word[start : len(word) - end]
    before = word[start - 1] if start else START
    n, m = len(t), len(w)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = d[i - 1][j - 1] + (t[i - 1] != w[j - 1])
            best = min(best, d[i - 1][j] + 1, d[i][j - 1] + 1)
            if i > 1 and j > 1 and t[i - 1] == w[j - 2] and t[i - 2] == w[j - 1]:
                best = min(best, d[i - 2][j - 2] + 1)
            d[i][j] = best
    edits: list[Edit] = []
    i, j = n, m
    while i or j:
        prev_w = w[j - 2] if j > 1 else before
        prev_t = t[i - 2] if i > 1 else before
        if i and j and t[i - 1] == w[j - 1] and d[i][j] == d[i - 1][j - 1]:
            i, j = i - 1, j - 1
        elif (
            i > 1
            and j > 1
            and t[i - 1] == w[j - 2]
            and t[i - 2] == w[j - 1]
            and d[i][j] == d[i - 2][j - 2] + 1
        ):
            edits.append(("swap", w[j - 2], w[j - 1]))
            i, j = i - 2, j - 2
        elif i and j and d[i][j] == d[i - 1][j - 1] + 1:
            edits.append(("sub", w[j - 1], t[i - 1]))
            i, j = i - 1, j - 1
        elif j and d[i][j] == d[i][j - 1] + 1:
            edits.append(("del", prev_w, w[j - 1]))
            j -= 1
        else:
            edits.append(("ins", prev_t, t[i - 1]))
            i -= 1
    return edits


@dataclass
class Channel:
    """Edit costs by kind, keyed by the two letters a + b of each edit (see Edit);
    an edit never seen costs its kind's average."""

    costs: dict[str, dict[str, float]] = field(default_factory=dict)
    average: dict[str, float] = field(default_factory=dict)

    def cost(self, kind: str, a: str, b: str) -> float:
        return self.costs[kind].get(a + b, self.average[kind])

    def distance(self, typed: str, word: str) -> float:
        return _distance(self, typed, word)

    def __hash__(self) -> int:  # one channel per lexicon: identity will do
        return id(self)


def learn(
    pairs: Iterable[tuple[str, str]],
    smoothing: float = SMOOTHING,
    per_edit: float = PER_EDIT,
) -> Channel:
    """Return the channel of (misspelling, word) PAIRS."""
    counts: Counter[Edit] = Counter()
    letters: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for typo, word in pairs:
        counts.update(_align(typo, word))
        letters.update(word)
        letters[START] += 1
        padded = START + word
        bigrams.update(padded[k : k + 2] for k in range(len(word)))
    alphabet = len([c for c in letters if c != START]) or 1
    totals: Counter[str] = Counter()
    for (kind, _, _), n in counts.items():
        totals[kind] += n
    chars, pairs_seen = sum(letters.values()), sum(bigrams.values())
    base = {  # the average probability of one edit of each kind
        "sub": totals["sub"] / chars / alphabet,
        "ins": totals["ins"] / chars / alphabet,
        "del": totals["del"] / pairs_seen,
        "swap": totals["swap"] / pairs_seen,
    }

    def to_cost(p: float) -> float:
        return (per_edit - log10(max(p, 1e-12))) / EDIT_WEIGHT

    costs: dict[str, dict[str, float]] = {kind: {} for kind in base}
    for (kind, a, b), n in counts.items():
        seen = letters[a] if kind in ("sub", "ins") else bigrams[a + b]
        p = (n + smoothing * base[kind]) / (seen + smoothing)
        costs[kind][a + b] = to_cost(p)
    average = {kind: to_cost(p) for kind, p in base.items()}
    return Channel(costs, average)


@lru_cache(maxsize=65536)
def _distance(channel: Channel, typed: str, word: str) -> float:
    n, m = len(typed), len(word)
    sub, ins, dele, swap = (channel.costs[k].get for k in ("sub", "ins", "del", "swap"))
    avg_sub, avg_ins, avg_del, avg_swap = (
        channel.average[k] for k in ("sub", "ins", "del", "swap")
    )
    padded = START + word
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + dele(padded[j - 1 : j + 1], avg_del)
    for i in range(1, n + 1):
        a = typed[i - 1]
        extra_cost = ins((typed[i - 2] if i > 1 else START) + a, avg_ins)
        cur = [prev[0] + extra_cost] + [0.0] * m
        for j in range(1, m + 1):
            b = word[j - 1]
            best = prev[j - 1] if a == b else prev[j - 1] + sub(b + a, avg_sub)
            extra = prev[j] + extra_cost  # the writer typed an extra letter
            if extra < best:
                best = extra
            dropped = cur[j - 1] + dele(padded[j - 1 : j + 1], avg_del)
            if dropped < best:
                best = dropped
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b and a != b:
                swapped = prev2[j - 2] + swap(a + b, avg_swap)
                if swapped < best:
                    best = swapped
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]
