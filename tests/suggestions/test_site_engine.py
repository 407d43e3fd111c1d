"""Suggestions and proofreading with a site's own lexicon (issue 14): its words, its
names and terms, its frequencies, its editors' fixes, its neighbouring words.

Each site is learned from a few invented sentences (`SiteLexicon.learned`)."""

from math import log10

import pytest

from orfo.suggestions import engine, learning, lexicon, sitelexicon
from orfo.suggestions.engine import _Candidate
from orfo.suggestions.sitelexicon import MIN_TEXTS, SiteLexicon

from .conftest import first


def texts(lang: str, *sentences: str, times: int = MIN_TEXTS, **taught) -> dict:
    """A site {lang: lexicon} whose text had SENTENCES, each text TIMES over."""
    return {lang: SiteLexicon.learned(lang, [" ".join(sentences)] * times, **taught)}


def words(found) -> list[str]:
    return [s.text for s in found]


def flagged(text: str, lang: str, site=None) -> dict[str, list[str]]:
    return {f.word: f.suggestions for f in engine.check_text(text, lang, site=site)}


def test_the_editors_words_are_never_corrected():
    site = texts("ru", "Новости дня.", allowed=["Токаев"])
    text = "Вчера токаев сказл речь."
    assert "токаев" in flagged(text, "ru")
    assert set(flagged(text, "ru", site)) == {"сказл"}
    assert first(engine.suggest("токаев", lang="ru"))
    assert engine.suggest("токаев", lang="ru", site=site) == []  # abstains
    # In a longer quote it is right, and its neighbour is still corrected.
    assert words(engine.suggest("токаев сказл", lang="ru", site=site))[0] == (
        "токаев сказал"
    )


def test_a_word_the_sites_text_uses_is_right_but_a_reader_may_still_doubt_it():
    used = ["Новая блогерша написала пост.", "Власти обьявили итоги."]
    # The right spelling is far commoner than the slip: a slip it is, used or not.
    right = "Вчера объявили итоги, объявили победителей, объявили всё. " * 30
    site = texts("ru", *used, right)
    text = "Эта блогерша и власти обьявили."
    assert set(flagged(text, "ru")) == {"блогерша", "обьявили"}
    assert flagged(text, "ru", site) == {}
    # A reader singles one out: the site's use of it competes with the corrections.
    assert first(engine.suggest("блогерша", lang="ru")) == "блогера"
    assert engine.suggest("блогерша", lang="ru", site=site) == []
    assert first(engine.suggest("обьявили", lang="ru", site=site)) == "объявили"
    # Used in one text only (an article's typo): not the site's word.
    once = texts("ru", *used, times=1)
    assert set(flagged(text, "ru", once)) == {"блогерша", "обьявили"}


def test_the_sites_own_names_and_terms_are_candidates():
    site = texts(
        "kk", "Инвестиция тартылды, жаңа инвестиция.", "Түркия мен Иран келісті."
    )
    assert first(engine.suggest("инвистиция", lang="kk")) is None
    assert first(engine.suggest("инвистиция", lang="kk", site=site)) == "инвестиция"
    assert first(engine.suggest("Ирна", lang="kk")) != "Иран"
    assert first(engine.suggest("Ирна", lang="kk", site=site)) == "Иран"  # its capital
    found = flagged("Біз инвистиция тарттық.", "kk", site)
    assert found["инвистиция"][0] == "инвестиция"


def test_where_the_dictionary_has_no_frequency_the_sites_is_the_frequency():
    site = texts("kk", "Бұл жаңалық. Бұл жақсы. Бұл маңызды.")
    assert first(engine.suggest("ббл", lang="kk")) != "бұл"
    assert first(engine.suggest("ббл", lang="kk", site=site)) == "бұл"


def test_the_sites_frequent_words_gain_and_words_it_never_used_lose_little():
    ru, kk = lexicon.get("ru"), lexicon.get("kk")
    site = SiteLexicon.learned("ru", ["Строка за строкой, строка и строка."] * 50)
    assert engine._prior(ru, site, "строка") > ru.prior("строка") + 0.5
    assert engine._prior(ru, site, "сторона") == ru.prior("сторона")  # no loss
    assert first(engine.suggest("сторока", lang="ru")) == "сторона"
    assert first(engine.suggest("сторока", lang="ru", site={"ru": site})) == "строка"
    # Kazakh's priors are a guess: the site's words rise above it, and a word it
    # never used loses no more than its silence says: log10(1 + N / M).
    big = SiteLexicon.learned("kk", ["Бұл жаңалық маңызды."] * 20_000)
    assert engine._prior(kk, big, "бұл") > kk.prior("бұл") + 1
    loss = kk.prior("бал") - engine._prior(kk, big, "бал")
    assert 0 < loss <= log10(1 + big.tokens / engine.SITE_PRIOR_TOKENS) + 1e-9
    assert loss < 0.1


def test_the_editors_fixes_come_first():
    fixes = {"сторока": ("сорока", "строка")}
    site = texts("ru", "Новости дня.", fixes=fixes)
    assert words(engine.suggest("сторока", lang="ru"))[0] == "сторона"
    assert words(engine.suggest("сторока", lang="ru", site=site))[:2] == [
        "сорока",
        "строка",
    ]
    assert flagged("На ветке сторока.", "ru", site)["сторока"][0] == "сорока"
    # A fix far from the word, or of a word the dictionary has, still comes first.
    site = texts(
        "ru", "Новости дня.", fixes={"кпрс": ("Компартия",), "ноль": ("нуль",)}
    )
    assert first(engine.suggest("кпрс", lang="ru", site=site)) == "Компартия"
    assert first(engine.suggest("ноль", lang="ru")) is None
    assert first(engine.suggest("ноль", lang="ru", site=site)) == "нуль"
    assert flagged("Счёт ноль.", "ru", site) == {}  # only when a reader asks
    # A fix outranks a listed misspelling's correction (LISTED_COST): teh -> ten.
    site = texts("en", "News of the day.", fixes={"teh": ("ten",)})
    assert first(engine.suggest("teh", lang="en")) == "the"
    assert first(engine.suggest("teh", lang="en", site=site)) == "ten"


def test_the_words_around_rank_the_candidates():
    site = texts("ru", "Первая строка текста.", "Другая сторона дела.")
    assert first(engine.suggest("сторока", "Первая ", " текста", "ru")) == "сторона"
    assert first(engine.suggest("сторока", "Первая ", " текста", "ru", site)) == (
        "строка"
    )
    assert first(engine.suggest("сторока", "Другая ", " дела", "ru", site)) == (
        "сторона"
    )
    # Only words right beside it count: across a full stop the pair is no pair.
    assert first(engine.suggest("сторока", "Первая. ", ". Текста", "ru", site)) == (
        "сторона"
    )
    # Proofreading reads the sentence.
    assert flagged("Вот первая сторока текста.", "ru")["сторока"][0] == "сторона"
    assert flagged("Вот первая сторока текста.", "ru", site)["сторока"][0] == "строка"


def test_a_frequent_pair_cannot_outweigh_the_spelling():
    """The bonus is a clipped log-ratio: a thousand pairs count no more than
    PAIR_CAP a side."""
    site = texts("ru", "Первая строка. " * 1_000, times=1)["ru"]
    ranked = [_Candidate("сторона", 5.0, "typo"), _Candidate("строка", 2.0, "typo")]
    again = engine._in_context(site, ranked, "первая", "")
    assert [c.text for c in again] == ["сторона", "строка"]
    assert again[1].logp <= 2.0 + engine.PAIR_CAP
    # A pair seen once among rare words is weak evidence.
    once = SiteLexicon.learned("ru", ["первая строка"])
    bonus = engine._in_context(once, ranked[1:], "первая", "")[0].logp - 2.0
    assert 0 < bonus <= log10(2)


def test_a_form_that_does_not_fit_its_neighbours_is_down_ranked():
    """The site wrote "прочитал статью" but never "прочитал статья": after
    "прочитал", статья is implausible, however common it is."""
    site = texts("ru", "Я прочитал статью.", "Статья вышла вчера.", times=2)["ru"]
    ranked = [_Candidate("статья", 5.0, "typo"), _Candidate("статью", 4.0, "typo")]
    again = engine._in_context(site, ranked, "прочитал", "")
    assert [c.text for c in again] == ["статью", "статья"]
    assert again[1].logp <= 5.0 - engine.IMPLAUSIBLE
    # Where the site wrote neither form beside the neighbour, neither is judged.
    again = engine._in_context(site, ranked, "написал", "")
    assert [c.text for c in again] == ["статья", "статью"]
    assert [c.logp for c in again] == [5.0, 4.0]


def test_a_known_word_is_the_wrong_word_only_where_the_context_makes_it_clear():
    said = "В течение года мы работали. Работа шла в течение года без перерыва."
    site = texts("ru", said, "Течении реки тут нет.")
    text = "Это было в течении года."
    assert flagged(text, "ru") == {}
    found = engine.check_text(text, "ru", site=site)
    assert [(f.word, f.error, f.suggestions) for f in found] == [
        ("течении", "real_word", ["течение"])
    ]
    assert text[found[0].start : found[0].end] == "течении"
    # A neighbour the site never wrote the candidate beside: no flag.
    assert flagged("Это было в течении реки.", "ru", site) == {}
    # The site wrote the word itself beside a neighbour: no flag.
    seen = texts("ru", said, "Мы были в течении реки.")
    assert flagged(text, "ru", seen) == {}
    # Pairs seen fewer than REAL_WORD_PAIRS times are not enough.
    rare = texts("ru", said, times=1)
    assert flagged(text, "ru", rare) == {}
    # Nor is one neighbour: the word must stand between two.
    assert flagged("Это было в течении.", "ru", site) == {}
    # A reader who singles it out gets it too.
    assert first(engine.suggest("течении", "Это было в ", " года.", "ru", site)) == (
        "течение"
    )
    assert engine.suggest("течении", "Это было в ", " года.", "ru") == []


def test_without_a_site_lexicon_nothing_changes():
    text = "Вот первая сторока текста, в течении года."
    expected = engine.check_text(text, "ru")
    for site in (None, {}, {"kk": texts("kk", "Бұл жаңалық.")["kk"]}):
        assert engine.check_text(text, "ru", site=site) == expected
        assert engine.suggest("сторока", "первая ", "", "ru", site) == (
            engine.suggest("сторока", "первая ", "", "ru")
        )


@pytest.fixture
def fresh_site_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


@pytest.mark.django_db
def test_a_site_learned_in_the_database_is_used(site, fresh_site_cache):
    article = "Инвестиция тартылды, жаңа инвестиция келді. Бұл жақсы. Бұл маңызды."
    for n in range(MIN_TEXTS):
        assert learning.queue(site.pk, "kk", article, "page", key=f"https://n/{n}")
    assert learning.fold_waiting() == MIN_TEXTS
    learning.add_fix(site.pk, "kk", "ббл", "бұл")
    lexicons = sitelexicon.SiteLexicons(site.pk)
    assert first(engine.suggest("инвистиция", lang="kk")) is None
    assert first(engine.suggest("инвистиция", lang="kk", site=lexicons)) == (
        "инвестиция"
    )
    found = engine.check_text("Инвестиция келді. Ббл жақсы.", "kk", site=lexicons)
    assert [(f.word, f.suggestions[0]) for f in found] == [("Ббл", "Бұл")]
    assert lexicons.get("ru") is None  # nothing learned in Russian: as without


def test_a_quote_at_the_start_of_a_line_is_not_glued_to_the_line_before():
    """The prefix ends with a line break: the selection cut no word ("$" matched
    before the break, and "строка" was read as the start of the quoted word)."""
    prefix = "Предыдущая строка\n"
    assert first(engine.suggest("Нэеожиданная", prefix, " ошибка", "ru")) == (
        "Неожиданная"
    )
    assert first(engine.suggest("ожиданная", prefix + "Нэе", " ошибка", "ru")) == (
        "Неожиданная"
    )
