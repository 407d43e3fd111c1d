"""A character n-gram model of a language's word forms.

Where no word-frequency list exists (Kazakh), how word-like a candidate's letters
are is the next best prior: it knows vowel harmony (front words take і ә ө ү,
back words ы а о ұ), which letters end words, which clusters never occur.
Witten–Bell interpolation, stored backoff-style so a look-up is a few dict hits.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

ORDER = 5
_START, _END = "^", "$"
_FLOOR = -6.0  # log10 probability of a letter never seen at all


@dataclass
class CharModel:
    logp: dict[str, float]  # context + letter -> log10 P(letter | context)
    backoff: dict[str, float]  # context -> log10 weight of the shorter context
    order: int = ORDER

    def score(self, word: str) -> float:
        """Return log10 P(WORD) under the model (end of word included)."""
        n = self.order
        padded = _START * (n - 1) + word + _END
        letter = self._letter
        return sum(letter(padded[i - n + 1 : i + 1]) for i in range(n - 1, len(padded)))

    def _letter(self, gram: str) -> float:
        weight = 0.0
        while gram:
            p = self.logp.get(gram)
            if p is not None:
                return weight + p
            weight += self.backoff.get(gram[:-1], 0.0)
            gram = gram[1:]
        return weight + _FLOOR


def train(words: Iterable[str], order: int = ORDER) -> CharModel:
    """Estimate the model from WORDS (each form counted once)."""
    pad = _START * (order - 1)
    text = "".join(pad + w + _END for w in words)
    top = Counter(text[i : i + order] for i in range(len(text) - order + 1))
    counts: Counter[str] = Counter()
    for gram, c in top.items():
        if _END in gram[:-1]:
            continue  # straddles two words
        for k in range(1, order + 1):
            counts[gram[-k:]] += c
    # N(h): letters seen after context h; T(h): distinct letters seen after it.
    seen: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for gram, c in counts.items():
        seen[gram[:-1]] += c
        types[gram[:-1]] += 1
    logp: dict[str, float] = {}
    prob: dict[str, float] = {}
    for gram in sorted(counts, key=len):
        ctx = gram[:-1]
        n, t = seen[ctx], types[ctx]
        lower = prob[gram[1:]] if len(gram) > 1 else 0.0
        prob[gram] = (counts[gram] + t * lower) / (n + t)
        logp[gram] = math.log10(prob[gram])
    backoff = {
        ctx: math.log10(types[ctx] / (seen[ctx] + types[ctx])) for ctx in seen if ctx
    }
    return CharModel(logp, backoff, order)
