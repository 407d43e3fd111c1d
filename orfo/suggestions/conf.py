"""Where the engine finds dictionaries and keeps its built lexicons.

Read from Django settings when they are configured, else from the environment, so
the engine also runs outside Django (the benchmark, a shell).
"""

import os
from pathlib import Path

DEFAULT_DICT_DIRS = ("/usr/share/hunspell",)

# Hunspell file names per language, first found wins.
DICTIONARIES = {
    "en": ("en_US", "en_GB", "en"),
    "ru": ("ru_RU", "ru"),
    "kk": ("kk_KZ", "kk"),
}
LANGUAGES = tuple(DICTIONARIES)

# Tesseract's language data, whose word list tells which forms real text uses
# (`tessdata`); only Kazakh, the language without a frequency list, reads it.
DEFAULT_TESSDATA_DIRS = tuple(
    f"/usr/share/tesseract-ocr/{v}/tessdata" for v in ("5", "4.00")
)
WORD_LISTS = {"kk": "kaz"}


def _setting(name: str, default: object) -> object:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, name, default)
    except ImportError:  # pragma: no cover - Django is always installed with Orfo
        pass
    return default


def _folders(name: str, defaults: tuple[str, ...]) -> list[Path]:
    """Return the folders in setting NAME, else in the environment variable NAME
    (separated by os.pathsep), else DEFAULTS."""
    env = os.environ.get(name)
    default = env.split(os.pathsep) if env else list(defaults)
    return [Path(p) for p in _setting(name, default)]  # type: ignore[union-attr]


def dict_dirs() -> list[Path]:
    """Return the folders searched for Hunspell .dic/.aff pairs."""
    return _folders("ORFO_SUGGESTIONS_DICT_DIRS", DEFAULT_DICT_DIRS)


def cache_dir() -> Path | None:
    """Return the folder for built lexicons, or None to rebuild in every process."""
    env = os.environ.get("ORFO_SUGGESTIONS_CACHE_DIR")
    value = _setting("ORFO_SUGGESTIONS_CACHE_DIR", env)
    if value is None:
        data = _setting("DATA_DIR", None) or os.environ.get("ORFO_DATA_DIR")
        value = Path(data) / "suggestions" if data else None
    return Path(value) if value else None


def find_dictionary(lang: str) -> tuple[Path, Path] | None:
    """Return the (.dic, .aff) pair for LANG, or None when none is installed."""
    for folder in dict_dirs():
        for name in DICTIONARIES.get(lang, ()):
            dic, aff = folder / f"{name}.dic", folder / f"{name}.aff"
            if dic.is_file() and aff.is_file():
                return dic, aff
    return None


def tessdata_dirs() -> list[Path]:
    """Return the folders searched for Tesseract's .traineddata files."""
    return _folders("ORFO_SUGGESTIONS_TESSDATA_DIRS", DEFAULT_TESSDATA_DIRS)


def find_word_list(lang: str) -> Path | None:
    """Return Tesseract's trained data for LANG, or None when it is not installed."""
    name = WORD_LISTS.get(lang)
    for folder in tessdata_dirs() if name else ():
        path = folder / f"{name}.traineddata"
        if path.is_file():
            return path
    return None
