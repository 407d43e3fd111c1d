"""The sounds-like search: far misspellings written by ear, at a bounded cost."""

import random
import time

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
        # By ear on a Russian keyboard: look-alikes and harmony (ү, і heard as у,
        # ы), voicing (қ as д before the ending's т).
        ("kk", "тусиныкты", "түсінікті"),
        ("kk", "кызыкдары", "қызықтары"),
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


@pytest.mark.parametrize(
    "typed, said",
    [
        ("салем", "сәлем"),  # Russian look-alikes typed for Kazakh letters
        ("казак", "қазақ"),
        ("онир", "өңір"),
        ("улкен", "үлкен"),
        ("казахстан", "қазақстан"),  # х as қ
        ("кулкилы", "күлкілі"),  # harmony pairs: the other vowels decide
        ("балалер", "балалар"),
        ("кітабы", "кітапы"),  # voicing: п voiced between vowels
        ("жаздым", "жаздім"),
        ("кызыкдары", "қызықтары"),  # д/т, қ/к
        ("ұлтық", "ұлттық"),  # doubled letters as one
        ("бринши", "бірінші"),  # an unstressed ы/і unheard between consonants
        ("мешіт", "мечіт"),  # a loan's ч as ш, ь unheard
        ("пальто", "палто"),
        ("спортсмен", "спорцмен"),  # тс as ц, ц as с
    ],
)
def test_the_kazakh_key_folds_what_is_written_by_ear(typed, said):
    code = phonetic.key("kk", said)
    assert code and phonetic.key("kk", typed) == code


def test_the_kazakh_key_keeps_what_is_heard_apart():
    assert phonetic.key("kk", "бала") != phonetic.key("kk", "дала")
    assert phonetic.key("kk", "жол") != phonetic.key("kk", "жыл")  # o and ы
    assert phonetic.key("kk", "тіл") != phonetic.key("kk", "тұл")
    assert phonetic.key("kk", "мал") != phonetic.key("kk", "нал")
    assert phonetic.key("kk", "ит") != phonetic.key("kk", "ат")  # first, last kept


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
    kk = lexicon.get("kk")
    assert isinstance(kk.sounds, mapped.Sounds) and len(kk.sounds) > 100_000
    # Besides the stems and short forms, the inflected forms real text uses.
    assert "түсінікті" in kk.sounds.get(phonetic.key("kk", "түсінікті"))


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


def test_a_hostile_kazakh_word_costs_a_bounded_key_and_few_sound_alikes(monkeypatch):
    """Made-up words of the letters Kazakh's key folds most, up to the longest a
    Kazakh word may be: each key is one pass over the word, at most PER_KEY words
    are read a key and MAX_PHONETIC scored; a 2 KB word is never keyed at all."""
    lex = lexicon.get("kk")
    looked_up = []
    original = lex.sounds.get

    def counting(code):
        found = original(code)
        looked_up.append(len(found))
        return found

    monkeypatch.setattr(lex.sounds, "get", counting)
    rng = random.Random(5)
    for length in range(engine.SOUNDS_FROM + 1, engine.MAX_WORD["kk"] + 1):
        word = "".join(rng.choice("аәеыіиқкғгтдс") for _ in range(length))
        assert len(engine._sounds_like(lex, word)) <= engine.MAX_PHONETIC
        engine.word_candidates(word, "kk", reported=False)
    assert looked_up and max(looked_up) <= phonetic.PER_KEY
    hostile = "тсьыі" * 400  # 2,000 letters: clusters, signs, reduced vowels
    started = time.perf_counter()
    assert len(phonetic.key("kk", hostile)) <= len(hostile)
    assert time.perf_counter() - started < 0.05
    looked_up.clear()
    assert engine.word_candidates(hostile, "kk") == []
    assert looked_up == []
