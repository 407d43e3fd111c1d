from orfo.suggestions import suggest

from .conftest import first


def test_a_word_cut_by_the_selection_is_completed_from_the_context():
    assert suggest("ьство", prefix="Заседание правител", suffix=" прошло") == []
    found = suggest("вительсто", prefix="Заседание пра", suffix=" прошло", lang="ru")
    assert first(found) == "вительство"
    assert found[0].prefix_chars == 0


def test_a_correct_word_cut_in_half_is_left_alone():
    assert suggest("ибрар", prefix="the l", suffix="y opened", lang="en") == []


def test_e_for_yo_is_not_an_error():
    assert suggest("елка", lang="ru") == []
    assert suggest("ёлка", lang="ru") == []


def test_a_typo_in_a_yo_word_keeps_the_writers_yo():
    assert first(suggest("ёлкка", lang="ru")) == "ёлка"
    assert first(suggest("елкка", lang="ru")) == "елка"


def test_yo_where_the_word_has_none_is_corrected():
    found = suggest("тёлефон", lang="ru")
    assert first(found) == "телефон"
    assert found[0].error == "yo"


def test_doubled_words_are_reduced_to_one():
    found = suggest("the the", lang="en")
    assert first(found) == "the"
    assert found[0].error == "doubled_word"
    assert first(suggest("в в городе", lang="ru")) == "в городе"


def test_a_doubled_word_split_by_the_selection_is_found():
    found = suggest("в", prefix="Мы живём в ", suffix=" городе", lang="ru")
    assert first(found) == ""
    assert found[0].prefix_chars == 1  # the space before it goes too


def test_legitimate_doubles_are_kept():
    assert suggest("had had", lang="en") == []


def test_a_missing_space_is_inserted():
    found = suggest("вКазахстане", lang="ru")
    assert first(found) == "в Казахстане"
    assert found[0].error == "missing_space"
    assert first(suggest("вгороде", lang="ru")) == "в городе"


def test_kazakh_letters_typed_as_russian_lookalikes_are_restored():
    for typed, meant in [
        ("кала", "қала"),
        ("окушы", "оқушы"),
        ("унайды", "ұнайды"),
        ("келди", "келді"),
        ("уй", "үй"),
        ("гылым", "ғылым"),
    ]:
        found = suggest(typed, lang="kk")
        assert first(found) == meant, typed
        assert found[0].error == "lookalike"


def test_lookalikes_are_restored_in_a_phrase_with_kazakh_letters():
    assert first(suggest("Біз кала")) == "Біз қала"


def test_text_typed_in_the_wrong_layout_is_converted():
    found = suggest("ghbdtn", lang="ru")
    assert first(found) == "привет"
    assert found[0].error == "layout"
    assert first(suggest("руддщ", lang="en")) == "hello"
    assert first(suggest("vjcrdf", prefix="Столица России — ", lang="ru")) == "москва"


def test_an_english_word_in_russian_prose_is_not_a_layout_slip():
    assert suggest("online", prefix="Магазин работает ", lang="ru") == []


def test_context_decides_between_close_candidates():
    alone = suggest("Тоакев", lang="ru")
    with_context = suggest(
        "Тоакев", prefix="Президент Токаев прилетел в Астану. ", lang="ru"
    )
    assert first(with_context) == "Токаев"
    assert first(alone) != "Токаев"


def test_context_changes_the_ranking_of_two_words():
    plain = [s.text for s in suggest("hause", lang="en")]
    in_context = [s.text for s in suggest("hause", suffix=" and the haus", lang="en")]
    assert plain[0] == "house"
    assert in_context.index("haus") < plain.index("haus") if "haus" in plain else True


def test_spellings_by_ear_are_corrected_as_one_slip():
    assert first(suggest("здраствуйте", lang="ru")) == "здравствуйте"
    assert first(suggest("конешно", lang="ru")) == "конечно"
    assert first(suggest("fotograph", lang="en")) == "photograph"
