"""Proofreading a mixed-language article: each paragraph clearly in another language
is checked in it, under one budget for the whole text; the corrected text."""

import json
import random
import re
import time

import pytest

from orfo.suggestions import engine
from orfo.suggestions import proofread as proofread_module
from orfo.suggestions.proofread import (
    corrected,
    paragraph_language,
    paragraph_languages,
    proofread,
)
from tests.suggestions.test_bounded_cost import examined, word_of  # noqa: F401

RUSSIAN = "Министерство сообщило о новом рещении правительства по поводу школ."
ENGLISH = "The goverment said that the new rules will apply to every school."
KAZAKH = "Министрлік жаңа багдарламаны бекітті, ол мектептерде қолданылады."
SECOND = "Решение вступит в силу с первого сентября следующего года."
QUOTE = "The minister said the schools had recieved the new books in time."
# English, Kazakh, then English again: the languages' paragraphs interleave.
ARTICLE = "\n".join([RUSSIAN, ENGLISH, "", KAZAKH, "Алматы, 2026", QUOTE, SECOND])
EXPECTED = {("рещении", "ru", "решении"), ("goverment", "en", "government")}
EXPECTED |= {("багдарламаны", "kk", "бағдарламаны"), ("recieved", "en", "received")}
WORDS = {word for word, _, _ in EXPECTED}


def found(findings, text):
    for f in findings:
        assert text[f["start"] : f["end"]] == f["word"]  # offsets into the whole text
    # (The fix expected among the suggestions: the first depends on the context.)
    return {
        (f["word"], f["lang"], fix)
        for f in findings
        for fix in f["suggestions"]
        if (f["word"], f["lang"], fix) in EXPECTED
    } | {(f["word"], f["lang"]) for f in findings if f["word"] not in WORDS}


@pytest.mark.django_db
def test_the_api_checks_each_paragraph_in_its_language(client, site):
    for lang in ("ru", ""):  # given, or detected: the article's language either way
        response = client.post(
            "/api/v1/proofread",
            data=json.dumps({"text": ARTICLE, "lang": lang}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {site.api_token}",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["lang"] == "ru"
        assert found(body["findings"], ARTICLE) == EXPECTED
        assert body["checked"] == len(ARTICLE)


@pytest.mark.django_db
def test_the_dashboard_page_says_each_findings_language(client, admin_user):
    client.force_login(admin_user)
    html = client.post(
        "/dashboard/proofread/", {"text": ARTICLE, "lang": "ru"}
    ).content.decode()
    rows = re.findall(r'<li class="finding-row"[^>]*>', html)
    langs = {
        (re.search(r'data-word="([^"]*)"', r)[1], re.search(r'data-lang="(\w+)"', r)[1])
        for r in rows
    }
    assert langs == {(w, lang) for w, lang, _ in EXPECTED}
    assert '<span class="finding-lang" lang="en">English</span>' in html
    assert '<span class="finding-lang" lang="kk">Қазақша</span>' in html


@pytest.mark.parametrize(
    "paragraph,main,expected",
    [
        (ENGLISH, "ru", "en"),
        (KAZAKH, "ru", "kk"),
        (RUSSIAN, "kk", "ru"),
        (RUSSIAN, "en", "ru"),
        (KAZAKH, "en", "kk"),
        # Names and short lines keep the article's language.
        ("Президент Қасым-Жомарт Тоқаев подписал указ о новых школах.", "ru", "ru"),
        ("Алматы, Қазақстан", "ru", "ru"),
        ("Reuters, AP, Bloomberg", "ru", "ru"),
        ("В Алматы открылся новый офис компании Google и Apple Inc.", "ru", "ru"),
        ("A mixed line: Алматы, Астана, Шымкент and Tokyo", "ru", "ru"),
        # A Kazakh paragraph without a Kazakh-only letter is not called Russian
        # unless it is long.
        ("Министр бизнес форумда сөз сөйледі", "kk", "kk"),
    ],
)
def test_only_a_paragraph_clearly_in_another_language_changes(
    paragraph, main, expected
):
    assert paragraph_language(paragraph, main) == expected


def test_the_text_is_corrected_with_each_first_suggestion():
    text = "The goverment recieved the the letter.\nТеперь в в Алматы."
    findings = [
        {"start": 4, "end": 13, "word": "goverment", "suggestions": ["government"]},
        {"start": 14, "end": 22, "word": "recieved", "suggestions": ["received", "x"]},
        {"start": 26, "end": 30, "word": " the", "suggestions": [""]},
        {"start": 45, "end": 47, "word": " в", "suggestions": [""]},
        # Overlapping an earlier finding, or without a suggestion: left as written.
        {"start": 5, "end": 9, "word": "over", "suggestions": ["OVER"]},
        {"start": 31, "end": 37, "word": "letter", "suggestions": []},
    ]
    assert corrected(text, findings) == (
        "The government received the letter.\nТеперь в Алматы."
    )
    assert corrected(text, []) == text


def test_the_corrected_text_of_a_real_check(client, admin_user, db):
    text = "The goverment recieved the the letter."
    lang, findings, _ = proofread(text, "en")
    assert corrected(text, findings) == "The government received the letter."
    client.force_login(admin_user)
    html = client.post("/dashboard/proofread/", {"text": text}).content.decode()
    area = re.search(
        r'<textarea id="corrected-text"[^>]*>\n(.*?)</textarea>', html, re.S
    )
    assert area[1] == "The government received the letter."
    # The doubled word says what it is, in words, not as an empty fix.
    assert "Remove the repeated word «the»" in html
    assert 'data-fix=""' in html


@pytest.fixture
def check_text_calls(monkeypatch):
    calls = []
    original = engine.check_text

    def counting(text, lang=None, **kwargs):
        calls.append((text, lang))
        return original(text, lang, **kwargs)

    monkeypatch.setattr(engine, "check_text", counting)
    return calls


def as_before(text, lang):
    """What proofreading did before it knew paragraphs: one engine call, its
    findings as dictionaries."""
    findings = engine.check_text(text, lang, seconds=0.5)
    return [
        {"start": f.start, "word": f.word, "s": list(f.suggestions)} for f in findings
    ]


def test_ten_thousand_one_character_paragraphs_cost_what_one_text_does(
    check_text_calls,
):
    """Every paragraph too short to be called another language: one engine call,
    on the text as it is, and the split into paragraphs costs no Python step each."""
    rng = random.Random(3)
    text = "\n".join(rng.choice("aбәzя") for _ in range(10_000))
    assert paragraph_languages(text, "ru") == {}
    proofread(text, "ru")  # the lexicons loaded
    check_text_calls.clear()
    ours, before = [], []
    for _ in range(5):  # in turns, the best of each: the machine is shared
        for times, run in ((ours, proofread), (before, as_before)):
            began = time.perf_counter()
            run(text, "ru")
            times.append(time.perf_counter() - began)
    assert check_text_calls[::2] == [(text, "ru")] * 5
    assert min(ours) <= min(before) * 1.5 + 0.03, (min(ours), min(before))


def test_the_budget_holds_across_the_languages(
    examined,  # noqa: F811
    check_text_calls,
    monkeypatch,
):
    """Paragraphs of made-up words in three languages in turn: at most one engine
    call per language, and MAX_EXAMINED letters in all, not per language (the time
    allowed made long, so that the letters are what stops it)."""
    monkeypatch.setattr(proofread_module, "MAX_SECONDS", 60)
    paragraphs = [
        " ".join(word_of(lang, 9, seed=n * 7 + i) for i in range(4))
        for n in range(800)
        for lang in ("en", "ru", "kk")
    ]
    text = "\n".join(paragraphs)
    main, findings, checked = proofread(text, "ru")
    assert len(check_text_calls) <= 3
    assert {lang for _, lang in check_text_calls} == {"ru", "en", "kk"}
    assert sum(map(len, examined)) <= engine.MAX_EXAMINED + 9
    assert 1_000 < checked < len(text)
    assert all(f["start"] < checked for f in findings)


def test_a_language_goes_on_with_what_the_others_left(monkeypatch, check_text_calls):
    """A short Russian part of made-up words beside a long English one of known
    words: the Russian share of the letters (by size) runs out, the English part
    leaves most of its own, and the Russian part goes on with it to the end."""
    monkeypatch.setattr(proofread_module, "MAX_SECONDS", 60)
    from orfo.demo.articles import ARTICLES

    made_up = [
        " ".join(word_of("ru", 9, seed=n * 4 + i) for i in range(4)) for n in range(60)
    ]
    english = "\n".join(ARTICLES["en"].paragraphs)
    text = "\n".join(made_up + [english] * 40)
    share = 12_000 * sum(map(len, made_up)) / len(text)
    assert 9 * 4 * 60 > share  # more letters than the Russian share
    main, findings, checked = proofread(text, "ru")
    assert main == "ru"
    assert checked == len(text)
    assert [lang for _, lang in check_text_calls][:2] == ["ru", "en"]
    assert len(check_text_calls) <= 2 + proofread_module.MAX_GOING_ON
