import pytest

from orfo.suggestions import suggest

from .conftest import first


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("libary", "library"),  # deletion
        ("governmment", "government"),  # insertion
        ("quesrion", "question"),  # substitution by a neighbouring key
        ("recieve", "receive"),  # transposition
    ],
)
def test_it_corrects_one_english_typo(quote, expected):
    assert first(suggest(quote, lang="en")) == expected


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("правительсто", "правительство"),
        ("деревня", None),  # a correct word needs no suggestion
        ("прздник", "праздник"),
        ("гоород", "город"),
        ("сгеодня", "сегодня"),
        ("телевизер", "телевизор"),
    ],
)
def test_it_corrects_one_russian_typo(quote, expected):
    assert first(suggest(quote, lang="ru")) == expected


@pytest.mark.parametrize(
    "quote, expected",
    [("мектпе", "мектеп"), ("кітапп", "кітап"), ("оқушлар", "оқушылар")],
)
def test_it_corrects_one_kazakh_typo(quote, expected):
    assert first(suggest(quote, lang="kk")) == expected


def test_it_corrects_several_typos_in_one_quote_and_keeps_the_rest():
    found = suggest("Teh goverment, saying nothing.", lang="en")
    assert first(found) == "The government, saying nothing."
    assert found[0].error == "typos"


def test_it_keeps_case_and_punctuation():
    assert first(suggest("«Правительсто»!", lang="ru")) == "«Правительство»!"
    assert first(suggest("ПРАВИТЕЛЬСТО", lang="ru")) == "ПРАВИТЕЛЬСТВО"


def test_suggestions_are_ranked_with_a_score_and_a_class():
    found = suggest("mony", lang="en")
    assert len(found) > 1
    assert found[0].score >= found[1].score
    assert 0 < found[0].score <= 1
    assert found[0].error == "typo"
    assert found[0].lang == "en"


def test_language_is_detected_when_not_given():
    assert first(suggest("правительсто")) == "правительство"
    assert first(suggest("goverment")) == "government"
