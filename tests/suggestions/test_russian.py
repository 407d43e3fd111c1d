import pytest

from orfo.suggestions import check_text, lexicon, suggest
from orfo.suggestions.russian import hyphenated

from .conftest import first


def test_hyphenated_words_come_from_the_rules_and_the_dictionary():
    words = {"кто", "то", "по", "моему", "русски", "русский", "потому", "тому"}
    found = hyphenated(["моему", "русски", "тому"], words)
    assert {"кто-то", "по-моему", "по-русски", "из-за"} <= found
    assert "по-тому" not in found  # "потому" is a word of its own


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("ктото", "кто-то"),
        ("помоему", "по-моему"),
        ("порусски", "по-русски"),
        ("вопервых", "во-первых"),
        ("изза", "из-за"),
        ("ктонебудь", "кто-нибудь"),  # the hyphen and a vowel
        ("Когдато", "Когда-то"),
        ("мнето", "мне-то"),
        ("давайка", "давай-ка"),
    ],
)
def test_a_dropped_hyphen_is_put_back(quote, expected):
    assert first(suggest(quote, lang="ru")) == expected


@pytest.mark.parametrize("word", ["потому", "поэтому", "кто-то", "по-моему"])
def test_words_spelled_right_stay(word):
    assert suggest(word, lang="ru") == []


def test_colloquial_spellings_are_corrected_and_not_taken_for_new_words():
    assert not lexicon.get("ru").known("щас")  # wordfreq has it at Zipf 3.7
    assert first(suggest("щас", lang="ru")) == "сейчас"
    assert first(suggest("Чё", lang="ru")) == "Что"
    assert [f.suggestions[0] for f in check_text("Я щас приду.", lang="ru")] == [
        "сейчас"
    ]


def test_a_dictionary_word_used_colloquially_is_corrected_only_when_singled_out():
    assert first(suggest("тока", lang="ru")) == "только"
    assert check_text("Сила тока растёт.", lang="ru") == []
    assert suggest("сила тока", lang="ru") == []


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("жызнь", "жизнь"),  # жи-ши
        ("чюдо", "чудо"),  # чу-щу
        ("зделать", "сделать"),  # the prefix spelled by its sound
        ("безпокоить", "беспокоить"),
        ("улыбаетса", "улыбается"),
    ],
)
def test_spellings_by_ear_are_corrected(quote, expected):
    assert first(suggest(quote, lang="ru")) == expected
