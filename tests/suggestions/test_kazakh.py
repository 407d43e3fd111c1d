import pytest

from orfo.suggestions import check_text, kazakh, lexicon, suggest
from orfo.suggestions import kazakh_morphology as km

from .conftest import first


@pytest.fixture(scope="module")
def grammar():
    verbs = [s for inf in ("бару", "келу", "айту") for s in km.verb_stems(inf, set())]
    verbs += km.verb_stems("оқу", {"оқиды"})  # оқы + у, told apart by оқиды
    return km.build(["кітап", "бала", "мектеп", "үй", "адам"], verbs)


@pytest.mark.parametrize(
    "form",
    [
        "кітаптар",
        "кітабым",
        "кітабымызда",
        "кітаптарымыздың",
        "балаға",
        "баласына",
        "мектепке",
        "мектептегі",
        "үйлер",
        "үйдемін",
        "адамнан",
        "адаммын",
        "барамын",
        "бармаймын",
        "бардық",
        "барғанда",
        "барсаңыз",
        "барыңыз",
        "келдіңіз",
        "келмеді",
        "келгеннен",
        "айтпады",
        "айтатын",
        "оқиды",
        "оқимын",
        "оқыған",
        "оқу",
        "оқуға",
        "оқыдым",
    ],
)
def test_the_grammar_accepts_regular_forms(grammar, form):
    assert grammar.accepts(form)


@pytest.mark.parametrize(
    "form",
    [
        "кітаптер",  # a front suffix on a back stem
        "кітапым",  # п turns into б before a vowel
        "баладар",  # -лар after a vowel
        "мектепқа",  # қ among front vowels
        "адамдан",  # -нан after м
        "бармамын",
        "оқады",  # оқы + й = оқи
        "кітабымызды2",
        "кітапкітап",
    ],
)
def test_the_grammar_rejects_irregular_forms(grammar, form):
    assert not grammar.accepts(form)


@pytest.mark.parametrize(
    "key", ["кітабымызда", "бармаймын", "оқимын", "мектпке", "барамн"]
)
def test_one_edit_search_finds_what_checking_every_edit_finds(grammar, key):
    letters = kazakh.ALPHABET
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    expected = {e for e in edits if grammar.accepts(e)} - {key}
    assert grammar.one_edit_away(key, letters) - {key} == expected


@pytest.fixture
def kk():
    lex = lexicon.get("kk")
    if lex is None or lex.morphology is None:
        pytest.skip("hunspell-kk is not installed")
    return lex


def test_the_letter_model_knows_vowel_harmony(kk):
    letters = kk.morphology.letters
    assert letters.score("мектептер") > letters.score("мектептар")
    assert letters.score("балалар") > letters.score("балалер")


def test_forms_the_dictionary_lacks_are_not_flagged(kk):
    assert "оқығанымызда" not in kk.words
    assert kk.known("оқығанымызда")
    assert check_text("Біз кітабымызда оқығанымызда айттық.", lang="kk") == []


def test_look_alikes_are_restored_to_forms_the_dictionary_lacks(kk):
    assert "оқығанымызда" not in kk.words
    assert first(suggest("окыганымызда", lang="kk")) == "оқығанымызда"


def test_a_typo_is_corrected_to_a_form_the_dictionary_lacks(kk):
    assert "кітабымызда" not in kk.words
    assert first(suggest("кітабымызьда", lang="kk")) == "кітабымызда"


def test_a_reported_word_with_look_alikes_may_still_be_a_slip(kk):
    assert kk.known("кун")  # a word, but күн (day) and the like are likelier
    assert first(suggest("кун", lang="kk")) in {"күн", "күң", "құн"}
    assert check_text("Ол кун сайын келеді.", lang="kk") == []  # proofreading leaves it


def test_forms_hunspell_misspells_are_accepted_but_never_offered(kk):
    # hunspell-kk's affix rules give кітап + ымыз without the voicing to кітабымыз
    assert "кітапымыз" in kk.extra and "кітапымыз" not in kk.words
    assert check_text("кітапымыз", lang="kk") == []
    assert "кітапымыз" not in [s.text for s in suggest("китапымыз", lang="kk")]
    assert first(suggest("кітабымызь", lang="kk")) == "кітабымыз"


@pytest.mark.parametrize(
    "typo, meant, other",
    [("мәзілер", "мәзірлер", "мәсілер"), ("тарихыыан", "тарихынан", "тарихыдан")],
)
def test_forms_real_text_uses_rank_first(kk, typo, meant, other, monkeypatch):
    if not kk.morphology.attested:
        pytest.skip("tesseract-ocr-kaz is not installed")
    assert meant in kk.morphology.attested and other not in kk.morphology.attested
    assert first(suggest(typo, lang="kk")) == meant
    monkeypatch.setattr(kazakh, "ATTESTED_BONUS", 0.0)  # the use decides
    assert first(suggest(typo, lang="kk")) != meant


def test_a_doubted_word_is_offered_only_its_look_alikes(kk):
    # түрін is right, and might be түрің; турин is another word one edit away
    found = suggest("түрін", lang="kk")
    assert "Турин" not in [s.text for s in found] and "турин" not in [
        s.text for s in found
    ]
    assert all(s.error == "lookalike" for s in found)
