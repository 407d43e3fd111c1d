from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command

from orfo.suggestions import check_text, lexicon, mapped, suggest
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
        [folder] = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
        assert (folder / "words.marisa").is_file()  # built once, then mapped
        assert isinstance(lex.words, mapped.WordSet)
        lexicon.reset()
        again = lexicon.get("en")
        assert again.words == lex.words and again.spelling("london") == "London"
        assert again.near("cts") >= {"cat", "cats"}  # the index maps back to words
        (folder / "rest.pickle").write_bytes(b"damaged")
        lexicon.reset()
        assert lexicon.get("en").known("cats")  # rebuilt
    finally:
        lexicon.reset()


def test_mapped_tables_answer_as_the_python_ones(tmp_path):
    words = {"кот", "кошка", "cat"}
    mapped.WordSet.write(words, tmp_path / "w")
    ws = mapped.WordSet.open(tmp_path / "w")
    assert ws == words and len(ws) == 3 and "кот" in ws and "ко" not in ws
    assert {"кот", "пёс"} & ws == {"кот"} and {"кот", "пёс"} - ws == {"пёс"}
    assert [ws[ws.index_of(w)] for w in sorted(words)] == sorted(words)
    mapped.FloatTable.write({"a": 1.25, "b": -3.5}, tmp_path / "f")
    ft = mapped.FloatTable.open(tmp_path / "f")
    assert ft.get("a") == 1.25 and ft["b"] == -3.5 and ft.get("c", 0) == 0
    assert dict(ft.items()) == {"a": 1.25, "b": -3.5} and bool(ft)
    mapped.FloatTable.write({}, tmp_path / "e")
    assert not mapped.FloatTable.open(tmp_path / "e")
    mapped.TuplesTable.write({"alot": ("a lot", "allot")}, tmp_path / "t")
    tt = mapped.TuplesTable.open(tmp_path / "t")
    assert tt.get("alot") == ("a lot", "allot") and tt.get("x", ()) == ()


def test_processes_that_start_together_build_a_language_once(tmp_path, settings):
    """The serve workers and the worker may all need a language at once: one child
    process builds it under a lock, the others find it built."""
    (tmp_path / "en_US.aff").write_text("SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n")
    (tmp_path / "en_US.dic").write_text("1\ncat/S\n")
    settings.ORFO_SUGGESTIONS_DICT_DIRS = [str(tmp_path)]
    settings.ORFO_SUGGESTIONS_CACHE_DIR = str(tmp_path / "cache")
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: lexicon.build_all(("en",)), range(3)))
    [folder] = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    built = (folder / "rest.pickle").stat().st_ino
    assert not list((tmp_path / "cache").glob(".*"))  # no half-written folders
    lexicon.build_all(("en",))
    assert (folder / "rest.pickle").stat().st_ino == built  # found, not rebuilt
    assert lexicon.built("en")


def test_the_lexicon_command_builds_what_is_missing(tmp_path, settings):
    (tmp_path / "en_US.aff").write_text("SET UTF-8\n")
    (tmp_path / "en_US.dic").write_text("1\ncat\n")
    settings.ORFO_SUGGESTIONS_DICT_DIRS = [str(tmp_path)]
    settings.ORFO_SUGGESTIONS_CACHE_DIR = str(tmp_path / "cache")
    out, err = StringIO(), StringIO()
    call_command("lexicon", "build", stdout=out, stderr=err)
    assert "en: ready in" in out.getvalue()
    assert "ru: no dictionary installed" in err.getvalue()
    assert lexicon.built("en") and not list((tmp_path / "cache").glob("*-ru-*"))


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
