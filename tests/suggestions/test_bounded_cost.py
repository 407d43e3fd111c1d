"""The engine's work is bounded whatever a reader or a proofreading client sends.

Counts, not timings: what is generated or compared, which is what grew without
bound (issue 13). Timings are in `bench/hostile_cost.py`.
"""

import random

import pytest
from rapidfuzz.distance import OSA

from orfo.suggestions import engine, kazakh, lexicon
from orfo.suggestions.lexicon import Lexicon

LETTERS = {"en": "etaoinshrdlu", "ru": "оеаинтсрвлкм", "kk": "аеыінтрлқсдм"}


def word_of(lang: str, length: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(LETTERS[lang]) for _ in range(length))


@pytest.fixture
def no_candidate_generation(monkeypatch):
    """Fail the test if the engine generates any candidate of a word."""

    def refuse(*args, **kwargs):
        raise AssertionError("candidates generated")

    monkeypatch.setattr(Lexicon, "edits1", refuse)
    monkeypatch.setattr(Lexicon, "near", refuse)
    monkeypatch.setattr(Lexicon, "replaced", refuse)
    monkeypatch.setattr(kazakh, "candidates", refuse)
    monkeypatch.setattr(engine, "unfold_lookalikes", refuse)


@pytest.fixture
def examined(monkeypatch):
    """The words the engine generates candidates for, in order."""
    words = []
    original = engine.word_candidates

    def counting(word, lang, **kwargs):
        words.append(word)
        return original(word, lang, **kwargs)

    monkeypatch.setattr(engine, "word_candidates", counting)
    return words


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_word_too_long_to_be_a_word_is_never_corrected(lang, no_candidate_generation):
    assert lexicon.get(lang) is not None
    word = word_of(lang, 1_000)
    assert engine.word_candidates(word, lang) == []
    assert engine.word_candidates(word, lang, reported=False) == []
    # A reader's quote and context that make one 812-letter word (a 1.9 KB report).
    assert engine.suggest(word[256:556], word[:256], word[556:812], lang) == []
    assert engine.check_text(f"{word} {word[::-1]}", lang) == []


def test_a_long_word_of_the_other_layout_is_not_unfolded(no_candidate_generation):
    # Latin letters typed for Kazakh: the layout check would try every mix of
    # look-alike letters of the converted word (up to 4,096 of 800 letters).
    assert engine._layout("d" * 788 + "fjfjfjfjfjfj", "kk") is None


def test_a_long_hyphenated_word_of_known_parts_is_right():
    word = "-".join(["северо", "западный"] * 4)
    assert len(word) > engine.MAX_WORD["ru"]
    assert engine.word_candidates(word, "ru") is None


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_cap_is_above_every_word_the_dictionary_suggests(lang):
    longest = max(len(w) for w in lexicon.get(lang).words)
    assert engine.MAX_WORD[lang] >= longest + lexicon.MAX_DISTANCE


def test_the_longest_words_are_still_corrected():
    typo = "pneumonoultramicroscopicsilicovolcanoconiosiss"
    found = engine.suggest(typo, lang="en")
    assert found and found[0].text == "pneumonoultramicroscopicsilicovolcanoconiosis"
    found = engine.suggest("радиогидрометеорологическогоо", lang="ru")
    assert found and found[0].text == "радиогидрометеорологического"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_proofreading_examines_a_bounded_number_of_letters(lang, examined):
    """100,000 characters of distinct unknown words, each as long as a word may
    be: only MAX_EXAMINED letters of them get candidates."""
    size = engine.MAX_WORD[lang]
    words = [word_of(lang, size, seed) for seed in range(100_000 // (size + 1))]
    text = " ".join(words)
    assert len(set(words)) > 0.99 * len(words)
    findings = engine.check_text(text, lang)
    assert sum(map(len, examined)) <= engine.MAX_EXAMINED + size
    assert len(examined) < len(words) / 5
    # It says where it stopped: the first word it did not examine.
    assert findings.checked == text.index(words[len(examined)])


def test_an_ordinary_article_is_checked_whole(monkeypatch):
    from orfo.demo.articles import ARTICLES

    base = " ".join(ARTICLES["ru"].paragraphs) + " "
    text = (base * (100_000 // len(base) + 1))[:100_000]
    last = text.rindex("обьявили")
    findings = engine.check_text(text, "ru")
    assert any(f.start == last for f in findings)  # checked to its very end
    assert findings.checked == len(text)


def test_the_context_near_a_word_is_the_nearest_of_a_comparison_of_all():
    rng = random.Random(3)
    words = [word_of("ru", rng.randint(2, 12), seed) for seed in range(2_000)]
    lex = lexicon.get("ru")
    context = engine.Context(words, lex)
    # Only the words the dictionary lacks can be offered (a name spelled right).
    offered = [k for k in context if len(k) > 3 and not lex.known(k)]
    assert len(offered) > 1_000
    crowded = 0
    for probe in words[:50] + [word_of("ru", 8, 9_999)]:
        brute = sorted(
            (OSA.distance(probe, k), k)
            for k in offered
            if OSA.distance(probe, k, score_cutoff=2) <= 2
        )
        near = context.near(probe, 2)
        assert len(near) == min(len(brute), engine.MAX_CONTEXT)
        assert {k for k, _ in near} <= {k for _, k in brute}
        # The nearest: a farther one only where no nearer one was left out.
        found = sorted(OSA.distance(probe, k) for k, _ in near)
        assert found == [d for d, _ in brute[: len(near)]]
        crowded += len(brute) > engine.MAX_CONTEXT
    assert crowded  # the cap was tested


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_short_made_up_word_scores_a_bounded_number_of_candidates(lang, monkeypatch):
    """A 4-letter word has hundreds of keys within two edits; only MAX_SCORED of
    them (with the few found another way) pay for a weighted distance."""
    from orfo.suggestions import errormodel

    lex = lexicon.get(lang)
    scored = []
    measure = lex.channel.distance if lex.channel else errormodel.distance

    def counting(typed, word):
        scored.append(word)
        return measure(typed, word)

    if lex.channel:
        monkeypatch.setattr(lex.channel, "distance", counting)
    else:
        monkeypatch.setattr(engine, "distance", counting)
    crowded = 0
    for seed in range(20):
        word = word_of(lang, 4, seed)
        if lex.known(word):
            continue
        scored.clear()
        engine.word_candidates(word, lang, reported=False)
        assert len(scored) <= engine.MAX_SCORED + 16, word
        limit = 2
        crowded += (
            len({k for k in lex.near(word) if OSA.distance(word, k) <= limit})
            > 2 * engine.MAX_SCORED
        )
    assert crowded  # words that had hundreds of keys were among them


def test_a_word_met_again_in_the_same_surroundings_is_judged_once(examined):
    text = "Они обьявили итоги. " * 50 + "Вчера обьявили итоги."
    findings = engine.check_text(text, "ru")
    assert examined == ["обьявили", "обьявили"]  # two surroundings
    assert len(findings) == 51
    assert {f.suggestions[0] for f in findings} == {"объявили"}


def test_proofreading_stops_when_its_time_is_up(client, monkeypatch):
    """Whatever its words cost, a call stops examining new ones at MAX_SECONDS
    and says where: no finding past that point."""
    from orfo.suggestions import proofread

    text = "Хороший текст. " * 10 + "Они обьявили итоги. Мы обьявили " + "сдаля " * 5
    lang, findings, checked = proofread.proofread(text, "ru")
    assert checked == len(text) and len(findings) >= 2
    monkeypatch.setattr(proofread, "MAX_SECONDS", -1.0)
    lang, findings, checked = proofread.proofread(text, "ru")
    assert lang == "ru" and findings == []
    assert checked == text.index("обьявили")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_quote_of_many_long_unknown_words_abstains_unexamined(lang, examined):
    words = sorted(lexicon.get(lang).words, key=len)[-40::4]  # misspelt below
    quote = " ".join(w[:-2] + w[-1] + w[-2] for w in words)[:300]
    assert engine.suggest(quote, lang=lang) == []
    assert examined == []
    two = " ".join(quote.split()[:2])
    assert len(two) <= engine.MAX_CORRECTED
    assert engine.suggest(two, lang=lang)  # two long words are still corrected
