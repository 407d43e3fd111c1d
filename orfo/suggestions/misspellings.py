"""Misspellings writers are known to make, with what they meant.

English: codespell's dictionary (the `codespell` package from PyPI, read from the
installed copy), some 65,000 real misspellings collected from text and code. A
listed misspelling is corrected cheaply, and a common one is not taken for a new
word just because the web uses it often.
"""

import logging
from importlib.resources import files

log = logging.getLogger(__name__)


def version() -> str:
    """Return what the lists were read from, for the lexicon cache key."""
    try:
        from importlib.metadata import version as installed

        return installed("codespell")
    except Exception:
        return "none"


def read(lang: str) -> dict[str, tuple[str, ...]]:
    """Return {misspelling: corrections, most likely first} for LANG."""
    if lang != "en":
        return {}
    try:
        text = (files("codespell_lib") / "data" / "dictionary.txt").read_text("utf-8")
    except (ImportError, OSError) as e:
        log.warning("no list of English misspellings (codespell): %s", e)
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        typo, _, meant = line.partition("->")
        if typo != typo.lower() or not typo.replace("'", "").isalpha():
            continue
        fixes = tuple(m.strip() for m in meant.split(",") if m.strip())
        if fixes:
            found[typo] = fixes
    return found
