"""A site's lexicon costs a bounded amount of work, whatever a reader or a
proofreading client sends: counts of what is looked up and examined, as in
test_bounded_cost.py (timings are in bench/proofread.py and bench/context.py)."""

import random

import pytest

from orfo.suggestions import engine, lexicon
from orfo.suggestions.lexicon import Lexicon
from orfo.suggestions.sitelexicon import MIN_TEXTS, SiteLexicon

from .test_bounded_cost import word_of


@pytest.fixture
def lookups(monkeypatch):
    """How many times the site's pairs and counts, its own words and the one-edit
    search were asked."""
    asked = {"pair": 0, "count": 0, "near": 0, "edits1": 0}

    def counting(name, original):
        def call(*args, **kwargs):
            asked[name] += 1
            return original(*args, **kwargs)

        return call

    for name in ("pair", "count", "near"):
        monkeypatch.setattr(
            SiteLexicon, name, counting(name, getattr(SiteLexicon, name))
        )
    monkeypatch.setattr(Lexicon, "edits1", counting("edits1", Lexicon.edits1))
    return asked


def known_words(lang: str, n: int, seed: int) -> list[str]:
    """N dictionary words of 4-10 letters, in a random order."""
    lex = lexicon.get(lang)
    rng = random.Random(seed)
    pool = sorted(
        w for w in (lex.zipf or lex.stems) if 4 <= len(w) <= 10 and w.isalpha()
    )
    return [rng.choice(pool) for _ in range(n)]


def a_site(lang: str, text: str) -> dict:
    return {lang: SiteLexicon.learned(lang, [text] * MIN_TEXTS)}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_hostile_report_costs_a_bounded_number_of_lookups(lang, lookups):
    """A 2 KB report: its quote and 1.5 KB of context, the context all words the
    site knows (every one a neighbour it can ask about)."""
    context = " ".join(known_words(lang, 400, 1))
    site = a_site(lang, context)
    quotes = [
        word_of(lang, 8, 5),  # an unknown word
        known_words(lang, 1, 2)[0],  # a known one: a real-word error?
        " ".join(word_of(lang, 5, s) for s in range(12)),  # many (abstains)
        " ".join(known_words(lang, 60, 3))[:500],  # many known ones
    ]
    for quote in quotes:
        for key in lookups:
            lookups[key] = 0
        engine.suggest(quote, context[:750], context[-750:], lang, site)
        # Every candidate asks a pair and a count a side, and its neighbours once.
        assert lookups["pair"] + lookups["count"] <= 40 * engine.CONTEXT_RANKED
        assert lookups["near"] <= engine.MAX_CORRECTED // 2
        assert lookups["edits1"] <= engine.MAX_CORRECTED // 2


def examined_with_and_without(text: str, lang: str, site: dict):
    without = engine.check_text(text, lang)
    with_site = engine.check_text(text, lang, site=site)
    return without, with_site


def test_an_ordinary_article_costs_about_what_it_costs_without_a_site():
    from orfo.demo.articles import ARTICLES

    base = " ".join(ARTICLES["ru"].paragraphs) + " "
    text = (base * (100_000 // len(base) + 1))[:100_000]
    site = a_site("ru", base)
    without, with_site = examined_with_and_without(text, "ru", site)
    assert with_site.checked == without.checked == len(text)
    assert with_site.examined <= without.examined + engine.MAX_EXAMINED // (
        engine.REAL_WORD_SHARE
    )


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_real_word_checks_spend_a_bounded_share(lang, lookups):
    """100,000 characters of known words in an order the site never wrote them
    (every word stands between neighbours the site knows, beside none of them):
    each is a real-word suspect, and only a share of the budget is spent on them."""
    words = known_words(lang, 20_000, 7)
    site = a_site(lang, " ".join(sorted(set(words))))
    text = " ".join(words)[:100_000]
    without, with_site = examined_with_and_without(text, lang, site)
    share = engine.MAX_EXAMINED // engine.REAL_WORD_SHARE
    assert with_site.examined <= without.examined + share + engine.MAX_WORD[lang]
    assert 0 < lookups["edits1"] * 4 <= share  # a search a suspect of 4+ letters
    assert with_site.checked == without.checked == len(text)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_unknown_words_spend_the_same_budget_with_a_site(lang):
    """100,000 characters of distinct unknown words, as long as a word may be, with
    a site whose own words are like them."""
    size = engine.MAX_WORD[lang]
    words = [word_of(lang, size, seed) for seed in range(100_000 // (size + 1))]
    own = [word_of(lang, 8, seed) for seed in range(2_000)]
    site = a_site(lang, " ".join(own))
    text = " ".join(words)
    found = engine.check_text(text, lang, site=site)
    assert found.examined <= engine.MAX_EXAMINED + size  # as without (bounded_cost)
    assert found.checked < len(text)
