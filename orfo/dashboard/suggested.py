"""The issue page's suggested corrections: Orfo's and readers' in one list, a
correction both proposed shown once with both sources, first (two sources agree)."""

import re
import unicodedata
from dataclasses import dataclass

# How far into a quote's context a doubled word cut by the selection is looked for.
DOUBLED_WITHIN = 60
DOUBLED_RE = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)


@dataclass
class Suggested:
    text: str
    orfo: bool = False
    readers: int = 0  # how many readers suggested it
    rank: int = 0  # Orfo's rank, or the readers' order
    error: str = ""  # Orfo's kind of error
    repeated: str = ""  # for a doubled word: the word

    @property
    def source(self) -> str:
        """The accept form's source: what the readers asked for, or Orfo's."""
        return "readers" if self.readers else "orfo"

    @property
    def doubled(self) -> bool:
        return self.error == "doubled_word"


def same_text(text: str) -> str:
    """The form in which two corrections count as the same: stripped and composed
    (NFC), so "ё" typed as е + U+0308 is "ё"; case, and ё against е, still differ."""
    return unicodedata.normalize("NFC", text.strip())


def repeated_word(issue) -> str:
    """The word ISSUE's quote repeats (its context counts when the selection cut
    the pair), or "" when none is found."""
    for text in (
        issue.quote,
        issue.prefix[-DOUBLED_WITHIN:] + issue.quote + issue.suffix[:DOUBLED_WITHIN],
    ):
        found = DOUBLED_RE.search(text[:1000])
        if found:
            return found.group(2)
    return ""


def suggested(issue, orfo, readers: list[tuple[str, int]]) -> list[Suggested]:
    """ORFO's suggestions (best first) and the READERS' (text, count), the most
    suggested first, merged: a text both proposed is one row, and those come first,
    then Orfo's, then the readers' others."""
    rows: dict[str, Suggested] = {}
    for rank, suggestion in enumerate(orfo):
        key = same_text(suggestion.text)
        if key in rows:
            continue
        rows[key] = Suggested(
            suggestion.text,
            orfo=True,
            rank=rank,
            error=suggestion.error,
            repeated=repeated_word(issue) if suggestion.error == "doubled_word" else "",
        )
    for order, (text, count) in enumerate(readers):
        key = same_text(text)
        if key in rows:
            rows[key].readers += count
        else:
            rows[key] = Suggested(text, readers=count, rank=order)
    return sorted(
        rows.values(),
        key=lambda r: (
            0 if r.orfo and r.readers else 1 if r.orfo else 2,
            -r.readers,
            r.rank,
        ),
    )
