"""A site's own lexicon: counting its text, storing it, teaching it."""

import pytest

from orfo.suggestions import learning, sitelexicon
from orfo.suggestions.models import LearningText
from orfo.suggestions.sitelexicon import MIN_TEXTS, Counts, SiteLexicon

ARTICLE = "Президент Түркия елінің басшысымен кездесті. Түркия мен Қазақстан келісті."


@pytest.fixture(autouse=True)
def fresh_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


def test_counts_words_texts_capitals_and_neighbours():
    counts = Counts()
    counts.add(ARTICLE)
    counts.add("Түркия туралы.")
    assert counts.words["түркия"] == 3
    assert counts.texts["түркия"] == 2
    assert counts.capitals["түркия"] == 1  # mid-sentence once; twice it began one
    assert counts.pairs["түркия мен"] == 1
    assert counts.pairs["кездесті түркия"] == 0  # a sentence ends between them
    assert counts.documents == 2


def test_a_word_is_the_sites_own_only_once_seen_in_several_texts():
    once = SiteLexicon.learned("kk", ["Ауғанстанмен келісім жасалды."] * 1)
    often = SiteLexicon.learned("kk", ["Ауғанстанмен келісім жасалды."] * MIN_TEXTS)
    assert once.count("ауғанстанмен") == 1 and not once.attested("ауғанстанмен")
    assert often.attested("ауғанстанмен")
    assert often.zipf("келісім") > 0 and often.zipf("жоқ") == 0.0


def test_names_keep_their_capital_and_editors_their_spelling():
    lex = SiteLexicon.learned(
        "kk", ["Біз Иранға бардық, Иран жақсы."] * 3, allowed=["ҚазАқпарат"]
    )
    assert lex.spelling("иран") == "Иран"
    assert lex.spelling("бардық") == "бардық"
    assert lex.spelling("қазақпарат") == "ҚазАқпарат"
    assert lex.attested("қазақпарат")


def test_near_offers_the_sites_own_words_the_dictionary_lacks():
    lex = SiteLexicon.learned("kk", ["Инвестиция тартылды, жаңа инвестиция."] * 3)
    dictionary = {"жаңа", "тартылды"}
    assert lex.near("инвистиция", 2, dictionary.__contains__) == ["инвестиция"]
    assert lex.near("тартылд", 1, dictionary.__contains__) == []


def test_hostile_text_is_bounded():
    counts = Counts()
    counts.add("а" * 5000 + " " + "x1y " * 1000 + "б " * 200_000)
    assert "а" * 5000 not in counts.words  # no word that long is learned
    assert counts.tokens <= sitelexicon.MAX_TEXT


@pytest.mark.django_db
def test_queued_text_is_learned_once_and_seen_by_every_process(site):
    assert learning.queue(site.pk, "kk", ARTICLE, "page", key="https://news.kz/a")
    assert not learning.queue(
        site.pk, "kk", ARTICLE + "!", "page", key="https://news.kz/a"
    )
    assert sitelexicon.load(site.pk, "kk") is None
    assert learning.fold_waiting() == 1
    lex = sitelexicon.load(site.pk, "kk")
    assert lex.count("түркия") == 2 and lex.pair("түркия", "мен") == 1
    assert LearningText.objects.get().text == ""  # learned, kept only as a name
    assert learning.fold_waiting() == 0


@pytest.mark.django_db
def test_editors_dictionary_and_fixes_reach_the_lexicon_at_once(site, editor):
    assert learning.allow_word(site.pk, "ru", "Токаев", editor)
    assert learning.allow_word(site.pk, "ru", "два слова") is None
    assert learning.add_fix(site.pk, "ru", "обьявили", "объявили")
    assert learning.add_fix(site.pk, "ru", "Обьявили", "объявили")
    lex = sitelexicon.load(site.pk, "ru")
    assert lex.attested("токаев") and lex.spelling("токаев") == "Токаев"
    assert lex.fixes["обьявили"] == ("объявили",)
    assert learning.remove_word(site.pk, "ru", "ТОКАЕВ")
    assert not sitelexicon.load(site.pk, "ru").attested("токаев")


@pytest.mark.django_db
def test_the_fold_finds_the_sites_own_words_so_a_request_need_not(site):
    text = "Инвестиция тартылды. Жаңа инвестиция келді."
    for n in range(MIN_TEXTS):
        learning.queue(site.pk, "kk", text, "archive", key=f"file-{n}")
    learning.fold_waiting()
    asked = []

    def known(word):
        asked.append(word)
        return word in {"тартылды", "келді"}

    lex = sitelexicon.load(site.pk, "kk")
    assert lex.near("инвистиция", 2, known) == ["инвестиция"]
    assert asked == ["инвестиция"]  # only the word offered, not every word learned
