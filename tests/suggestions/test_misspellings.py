from orfo.suggestions import check_text, lexicon, suggest
from orfo.suggestions.misspellings import read

from .conftest import first


def test_codespell_lists_real_english_misspellings():
    listed = read("en")
    assert len(listed) > 30_000
    assert listed["recieve"] == ("receive",)
    assert read("kk") == {}
    assert read("ru")["щас"] == ("сейчас",)


def test_a_misspelling_common_on_the_web_is_not_taken_for_a_new_word():
    assert not lexicon.get("en").known("alot")  # wordfreq has it at Zipf 3.9
    assert first(suggest("alot", lang="en")) == "a lot"


def test_a_listed_misspelling_is_corrected_first():
    assert first(suggest("definately", lang="en")) == "definitely"
    assert first(suggest("Accomodate", lang="en")) == "Accommodate"


def test_a_dictionary_word_writers_misspell_is_corrected_only_when_singled_out():
    assert lexicon.get("en").known("ballance")  # Hunspell's en_US has it
    assert first(suggest("ballance", lang="en")) == "balance"
    assert suggest("the ballance sheet", lang="en") == []
    assert check_text("The ballance sheet is here.", lang="en") == []


def test_a_glued_pair_never_ends_in_a_one_letter_word():
    assert "until l" not in [s.text for s in suggest("untill", lang="en")]
