from orfo.suggestions import detect_language
from orfo.suggestions.engine import normalise_lang
from orfo.suggestions.text import TO_CYRILLIC, TO_LATIN, match_case, unfold_lookalikes


def test_it_detects_kazakh_by_its_own_letters():
    assert detect_language("Біз ертең қалаға барамыз") == "kk"


def test_it_detects_russian_without_kazakh_letters():
    assert detect_language("Мы завтра поедем в город") == "ru"


def test_one_kazakh_name_does_not_make_russian_prose_kazakh():
    text = (
        "Вчера в столице выступил аким Нұрлан Сейітов. Он рассказал журналистам о "
        "планах городских властей на следующий год и ответил на вопросы жителей."
    )
    assert detect_language(text) == "ru"


def test_it_detects_english_from_latin_letters():
    assert detect_language("The mayor opened a library") == "en"


def test_it_has_no_language_without_letters():
    assert detect_language("12:30 — 2025") is None


def test_it_normalises_page_language_codes():
    assert normalise_lang("ru-RU") == "ru"
    assert normalise_lang("kk_KZ") == "kk"
    assert normalise_lang("kz") == "kk"
    assert normalise_lang("de") is None


def test_layouts_map_the_same_keys():
    assert "ntktajy".translate(TO_CYRILLIC) == "телефон"
    assert "ырщц".translate(TO_LATIN) == "show"


def test_case_follows_the_writer():
    assert match_case("Тедефон", "телефон") == "Телефон"
    assert match_case("ТЕДЕФОН", "телефон") == "ТЕЛЕФОН"
    assert match_case("тедефон", "Москва") == "Москва"


def test_lookalikes_unfold_into_kazakh_letters():
    assert "қол" in unfold_lookalikes("кол")
    assert unfold_lookalikes("к" * 20) == []  # too many to try


def test_a_language_menus_kazakh_word_does_not_make_english_text_kazakh():
    assert detect_language("Read this in Қазақша or in English, as you like.") == "en"
