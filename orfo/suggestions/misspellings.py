"""Misspellings writers are known to make, with what they meant.

English: codespell's dictionary (the `codespell` package from PyPI, read from the
installed copy), some 65,000 real misspellings collected from text and code. A
listed misspelling is corrected cheaply, and a common one is not taken for a new
word just because the web uses it often.

Russian: no such list is installable, so this one holds the spellings of speech
that are common online ("щас", "чо"), from general knowledge of the language.
"""

import logging
import zlib
from importlib.resources import files

log = logging.getLogger(__name__)


# Colloquial Russian spellings and the standard words they stand for.
COLLOQUIAL_RU = {
    "щас": "сейчас",
    "ща": "сейчас",
    "счас": "сейчас",
    "щаз": "сейчас",
    "чо": "что",
    "чё": "что",
    "че": "что",
    "шо": "что",
    "што": "что",
    "ваще": "вообще",
    "вобще": "вообще",
    "вапще": "вообще",
    "тока": "только",
    "токо": "только",
    "ничо": "ничего",
    "ниче": "ничего",
    "ничё": "ничего",
    "седня": "сегодня",
    "сёдня": "сегодня",
    "севодня": "сегодня",
    "грит": "говорит",
    "када": "когда",
    "кагда": "когда",
    "тада": "тогда",
    "скока": "сколько",
    "скоко": "сколько",
    "стока": "столько",
    "канешно": "конечно",
    "конешно": "конечно",
    "канеш": "конечно",
    "конеш": "конечно",
    "кароче": "короче",
    "короч": "короче",
    "оч": "очень",
    "мона": "можно",
    "можна": "можно",
    "нада": "надо",
    "пасиб": "спасибо",
    "пасибо": "спасибо",
    "здрасьте": "здравствуйте",
    "здрасте": "здравствуйте",
    "пожалуйсто": "пожалуйста",
    "тыща": "тысяча",
    "щастье": "счастье",
    "чтоли": "что ли",
    "чтоль": "что ли",
    "вобщем": "в общем",
    "вообщем": "в общем",
    "ессно": "естественно",
}


def version() -> str:
    """Return what the lists were read from, for the lexicon cache key."""
    ours = zlib.crc32(repr(sorted(COLLOQUIAL_RU.items())).encode())
    try:
        from importlib.metadata import version as installed

        return f"{installed('codespell')}-{ours:08x}"
    except Exception:
        return f"none-{ours:08x}"


def read(lang: str) -> dict[str, tuple[str, ...]]:
    """Return {misspelling: corrections, most likely first} for LANG."""
    if lang == "ru":
        return {typo: (meant,) for typo, meant in COLLOQUIAL_RU.items()}
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
