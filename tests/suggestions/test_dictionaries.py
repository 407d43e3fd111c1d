import pytest
from django.core import checks

from orfo.suggestions import check_text, lexicon, suggest
from orfo.suggestions.checks import dictionaries_installed
from orfo.suggestions.hunspell import expand


def test_a_missing_dictionary_means_no_suggestions(no_dictionaries):
    assert suggest("goverment", lang="en") == []
    assert suggest("правительсто") == []
    assert check_text("The libary opened.") == []


def test_a_missing_dictionary_is_a_system_check_warning(no_dictionaries):
    found = [m for m in dictionaries_installed(None) if m.id == "orfo.W060"]
    assert len(found) == 3
    assert [m for m in checks.run_checks() if m.id == "orfo.W060"] == found
    assert all(m.level == checks.WARNING for m in found)


def test_installed_dictionaries_raise_no_warning():
    assert dictionaries_installed(None) == []


def test_a_built_lexicon_is_cached_and_reloaded(tmp_path, settings):
    (tmp_path / "en_US.aff").write_text(
        "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\nPFX U Y 1\nPFX U 0 un .\nNOSUGGEST !\n"
    )
    (tmp_path / "en_US.dic").write_text("3\ncat/S\ndo/US\ndarn/!\nLondon\n")
    settings.ORFO_SUGGESTIONS_DICT_DIRS = [str(tmp_path)]
    settings.ORFO_SUGGESTIONS_CACHE_DIR = str(tmp_path / "cache")
    lexicon.reset()
    try:
        lex = lexicon.get("en")
        assert lex is not None
        assert {"cat", "cats", "do", "dos", "undo", "undos"} <= lex.words
        assert lex.known("darn") and "darn" not in lex.words  # accepted, never offered
        assert lex.spelling("london") == "London"
        assert list((tmp_path / "cache").iterdir())
        lexicon.reset()
        assert lexicon.get("en").words == lex.words
    finally:
        lexicon.reset()


def test_hunspell_conditions_and_stripping_are_applied(tmp_path):
    (tmp_path / "x.aff").write_text(
        "SET UTF-8\nSFX A Y 2\nSFX A ый ая [^к]ый\nSFX A 0 ми [аоуыэ]н\n"
    )
    (tmp_path / "x.dic").write_text("3\nновый/A\nлёгкий/A\nсон/A\n")
    forms = {f for f, _, _ in expand(tmp_path / "x.dic", tmp_path / "x.aff")}
    assert forms == {"новый", "новая", "лёгкий", "сон", "сонми"}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_each_language_loads_and_reports_its_load_time(lang):
    lex = lexicon.get(lang)
    assert lex is not None and lex.load_seconds >= 0
    assert len(lex.words) > 100_000
