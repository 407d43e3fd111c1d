from orfo.suggestions import check_text

ARTICLE = (
    "Вчера в Астане открылась новая библиотека. Её фонд насчитывает сто тысяч книг, "
    "а читальный зал рассчитан на двести мест. Мэр города Жаксыбеков сказал, что "
    "библиотека будет работать без выходных. Горожане давно ждали этого события. "
)


def test_it_finds_errors_with_positions_and_suggestions():
    text = "Вчера в Астане открылась новая библеотека. Читатели были рады рады."
    findings = check_text(text)
    assert [(f.word, f.error) for f in findings] == [
        ("библеотека", "typo"),
        (" рады", "doubled_word"),
    ]
    typo = findings[0]
    assert text[typo.start : typo.end] == "библеотека"
    assert typo.suggestions[0] == "библиотека"


def test_a_clean_article_has_no_findings():
    assert check_text(ARTICLE, lang="ru") == []


def test_names_and_numbers_are_not_flagged():
    assert check_text("Аким Жаксыбеков подписал 12 указов в 2025 году.", "ru") == []


def test_english_and_kazakh_articles_are_checked():
    assert [f.suggestions[0] for f in check_text("The libary opened today.")] == [
        "library"
    ]
    found = check_text("Біз ертең калаға барамыз.")
    assert [f.suggestions[0] for f in found] == ["қалаға"]


def test_a_ten_thousand_character_article_is_checked_whole():
    # How long it takes is measured by bench/proofread.py, not asserted here.
    text = ARTICLE.replace("библиотека", "библеотека", 1)
    text = (text * (10_000 // len(text) + 1))[:10_000]
    findings = check_text(text, lang="ru")
    wrong = [f for f in findings if text[f.start : f.end] == "библеотека"]
    assert wrong and wrong[0].suggestions[0] == "библиотека"
    assert findings[-1].start > 9_000  # to the end, not cut short


def test_the_typographic_apostrophe_of_news_text_is_no_error():
    text = "I don’t know what it’s for, but the government’s plan is clear."
    assert [f.word for f in check_text(text, "en")] == []
