"""The sounds-like search: far misspellings written by ear, at a bounded cost."""

import random

import pytest
from rapidfuzz.distance import OSA

from orfo.suggestions import engine, lexicon, mapped, phonetic


def first(word: str, lang: str = "en") -> str | None:
    found = engine.word_candidates(word, lang)
    return found[0].text if found else None


@pytest.mark.parametrize(
    "lang, typo, meant",
    [
        ("en", "rhuemtisum", "rheumatism"),
        ("en", "pschoyolgy", "psychology"),
        ("ru", "каммисия", "комиссия"),
    ],
)
def test_a_far_misspelling_that_sounds_like_its_word_is_corrected(
    lang, typo, meant, monkeypatch
):
    # Three or four edits away: beyond the edit search, found by sound alone.
    assert OSA.distance(typo, meant) > lexicon.MAX_DISTANCE
    assert first(typo, lang) == meant
    monkeypatch.setattr(lexicon.get(lang), "sounds", None)
    assert first(typo, lang) != meant


def test_the_key_hears_what_metaphone_hears_and_forgives_doubles_and_glides():
    assert phonetic.key("en", "rhuemtisum") == phonetic.key("en", "rheumatism")
    assert phonetic.key("en", "ocasion") == phonetic.key("en", "occasion")
    assert phonetic.key("en", "pschoyolgy") == phonetic.key("en", "psychology")
    assert phonetic.key("en", "rheumatism") != phonetic.key("en", "realism")
    assert phonetic.key("kk", "сәлем") is None  # no key for that language yet


@pytest.mark.parametrize(
    "typed, said",
    [
        ("каммисия", "комиссия"),  # unstressed о as а, doubled letters as one
        ("сонце", "солнце"),  # an unpronounced л
        ("щастье", "счастье"),  # сч as щ
        ("децкий", "детский"),  # тс as ц
        ("зделать", "сделать"),  # с voiced before д
        ("пароход", "пораход"),  # final д devoiced, о as а
        ("извените", "извините"),  # е and и alike unstressed
    ],
)
def test_the_russian_key_is_how_a_word_is_said(typed, said):
    assert phonetic.key("ru", typed) == phonetic.key("ru", said)


def test_the_russian_key_keeps_what_is_heard_apart():
    assert phonetic.key("ru", "комиссия") != phonetic.key("ru", "компания")
    assert phonetic.key("ru", "дом") != phonetic.key("ru", "том")  # д voiced before о


def test_a_word_found_only_by_sound_costs_a_far_edit():
    """It ranks below a near edit of a word as common: "definately" is one edit
    from "definitely", and no sound-alike outranks it."""
    assert first("definately") == "definitely"
    assert first("recieve") == "receive"


def test_the_index_is_mapped_and_each_key_bounded():
    lex = lexicon.get("en")
    assert isinstance(lex.sounds, mapped.Sounds) and len(lex.sounds) > 50_000
    assert "rheumatism" in lex.sounds.get(phonetic.key("en", "rheumatism"))
    assert isinstance(lexicon.get("ru").sounds, mapped.Sounds)
    assert lexicon.get("kk").sounds is None


def test_a_hostile_word_scores_a_bounded_number_of_sound_alikes(monkeypatch):
    """Made-up words up to the longest an English word may be, of the letters that
    make the most crowded keys: at most MAX_PHONETIC candidates are scored by
    sound, from at most PER_KEY a key."""
    lex = lexicon.get("en")
    looked_up = []
    original = lex.sounds.get

    def counting(code):
        found = original(code)
        looked_up.append(len(found))
        return found

    monkeypatch.setattr(lex.sounds, "get", counting)
    rng = random.Random(5)
    crowded = 0
    for length in range(engine.SOUNDS_FROM + 1, engine.MAX_WORD["en"] + 1):
        word = "".join(rng.choice("aeioustn") for _ in range(length))
        sounded = engine._sounds_like(lex, word)
        assert len(sounded) <= engine.MAX_PHONETIC
        crowded += len(sounded) == engine.MAX_PHONETIC
        engine.word_candidates(word, "en", reported=False)
    assert looked_up and max(looked_up) <= phonetic.PER_KEY
    assert crowded  # the cap was reached, and held
    # A 2 KB word is never looked up at all.
    looked_up.clear()
    assert engine.word_candidates("a" * 2_000, "en") == []
    assert looked_up == []
