import pytest

from orfo.suggestions import suggest


@pytest.mark.parametrize(
    "quote, prefix, lang",
    [
        ("Жаксыбеков", "Вчера аким ", "ru"),  # a surname we don't know
        ("Кызылжарская", "На улице ", "ru"),  # a place
        ("Shymkentbek", "yesterday mayor ", "en"),
        ("COVID19", "", "en"),  # digits
        ("ГКНБ", "сообщает ", "ru"),  # an acronym
        ("blockchain", "", "en"),  # a term Hunspell lacks but usage knows
        ("зжщхъф", "", "ru"),  # nothing close
    ],
)
def test_it_abstains_on_words_it_cannot_judge(quote, prefix, lang):
    assert suggest(quote, prefix=prefix, lang=lang) == []


def test_it_abstains_on_an_empty_or_huge_quote():
    assert suggest("   ", lang="en") == []
    assert suggest("word " * 200, lang="en") == []


def test_one_unjudgeable_word_makes_the_whole_quote_abstain():
    assert suggest("goverment Zhaksybekov", prefix="the ", lang="en") == []


def test_a_capitalised_typo_at_the_start_of_a_sentence_is_corrected():
    assert suggest("Goverment", prefix="It rained. ", lang="en")[0].text == "Government"
