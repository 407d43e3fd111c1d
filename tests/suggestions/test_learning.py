"""What a site's lexicon learns from: resolved issues, accepted fixes, the worker's
sweep, archives (`orfo lexicon learn`) and a CMS (POST /api/v1/lexicon/learn)."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import Status
from orfo.outbox import dispatch
from orfo.suggestions import api, learning, sitelexicon, sources
from orfo.suggestions.models import LearnedFix, LearningText
from orfo.suggestions.sitelexicon import MAX_TEXT
from tests.conftest import NEWS_PAGE

pytestmark = pytest.mark.django_db

KAZAKH = (
    "Президент Түркия елінің басшысымен кездесті. Екі ел инвестиция туралы "
    "келісімге қол қойды. Түркия мен Қазақстан арасындағы сауда өсті."
)


@pytest.fixture(autouse=True)
def fresh_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


def new_issue(site, quote, prefix, suffix, lang="ru"):
    selection = issues.Selection(
        url=NEWS_PAGE,
        title="",
        lang=lang,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        position=len(prefix),
        correction="",
    )
    with transaction.atomic():
        issue = issues.group_report(site, selection, timezone.now()).issue
    dispatch.dispatch_pending()
    return issue


def waiting(site, source=None):
    rows = LearningText.objects.filter(site=site, learned=False)
    return list(rows.filter(source=source) if source else rows)


# The public functions


def test_site_lexicons_is_what_the_engine_asks(site):
    learning.queue(site.pk, "kk", KAZAKH, "archive")
    learning.fold_waiting()
    lexicons = api.site_lexicons(site.pk)
    assert lexicons.get("kk").count("түркия") == 2
    assert lexicons.get("ru") is None and lexicons.get(None) is None


def test_a_page_is_learned_once_in_the_language_its_letters_say(site):
    assert site.default_lang == "ru"
    assert api.learn_page(site, "ru", NEWS_PAGE, KAZAKH)  # a Kazakh page, "ru"
    assert not api.learn_page(site.pk, "ru", NEWS_PAGE, KAZAKH + " Жаңа.")
    assert [(t.lang, t.source) for t in waiting(site)] == [("kk", "page")]
    assert not api.learn_page(site, "ru", NEWS_PAGE + "/2", "12 345 — 67")


def test_learn_text_refuses_an_unknown_language(site):
    assert api.learn_text(site, "en", "The mayor spoke.", "api", key="a")
    with pytest.raises(ValueError):
        api.learn_text(site, "de", "Der Bürgermeister sprach.", "api")


def test_the_language_of_a_short_cyrillic_text_is_the_declared_one():
    assert sources.language_of("Иран мен Түркия", "ru") == "ru"  # one letter
    assert sources.language_of("Иран мен Түркия келісті", "ru") == "kk"
    assert sources.language_of("Иран", "kk") == "kk"  # no Kazakh letter, but short
    assert sources.language_of("Иран", "ru") == "ru"
    assert sources.language_of("Иран и Турция " * 40, "kk") == "ru"
    assert sources.language_of("The mayor", "kk") == "en"
    menu = "Read this page in English, Deutsch, Русский, Қазақша. " * 3
    assert sources.language_of(menu, "ru") == "en"  # mostly Latin letters
    assert sources.language_of("2026 — 12", "kk") is None


# Readers' context: learned only once an editor resolved the issue


def test_context_is_learned_only_when_an_editor_resolves_never_the_quote(site):
    issue = new_issue(site, "обьявили", "В среду в Алматы ", " об открытии")
    new_issue(site, "обьявили", "В среду в Алматы ", " об открытии")  # again
    assert waiting(site) == []  # readers alone teach nothing
    issues.set_status(issue, Status.RESOLVED)
    dispatch.dispatch_pending()
    (text,) = waiting(site, "readers")
    assert (text.lang, text.text) == ("ru", "В среду в Алматы \n об открытии")
    assert text.key == sitelexicon.text_key(f"issue:{issue.pk}")
    issues.set_status(issue, Status.OPEN)
    issues.set_status(issue, Status.RESOLVED)
    dispatch.dispatch_pending()
    assert len(waiting(site, "readers")) == 1  # once per issue
    learning.fold_waiting()
    lex = sitelexicon.load(site.pk, "ru")
    assert lex.count("обьявили") == 0 and lex.pair("алматы", "об") == 0


def test_an_accepted_fix_is_learned_in_its_context_and_as_a_pair(site):
    issue = new_issue(site, "обьявили", "В среду в Алматы ", " об открытии")
    issues.resolve_with_fix(issue, "объявили", "suggestion")
    dispatch.dispatch_pending()
    (text,) = waiting(site, "readers")
    assert text.text == "В среду в Алматы объявили об открытии"
    fix = LearnedFix.objects.get(site=site)
    assert (fix.lang, fix.wrong, fix.right) == ("ru", "обьявили", "объявили")
    learning.fold_waiting()
    lex = sitelexicon.load(site.pk, "ru")
    assert lex.fixes == {"обьявили": ("объявили",)}
    assert lex.pair("алматы", "объявили") == 1


def test_a_rewrite_is_no_learned_pair(site):
    long_quote = new_issue(site, "в центре города Алматы", "Вчера ", " открыли")
    issues.resolve_with_fix(long_quote, "в центре Алматы", "editor")
    far = new_issue(site, "посреди", "Вчера ", " города открыли")
    issues.resolve_with_fix(far, "в центре", "editor")
    dispatch.dispatch_pending()
    assert not LearnedFix.objects.exists()
    assert len(waiting(site, "readers")) == 2  # the context still is


def test_a_failure_to_learn_never_holds_the_event_back(site, monkeypatch):
    from orfo.outbox.models import Event

    def broken(*args):
        raise RuntimeError("no room")

    issue = new_issue(site, "обьявили", "В среду в Алматы ", " об открытии")
    monkeypatch.setattr(sources, "resolved_issue", broken)
    issues.resolve_with_fix(issue, "объявили", "suggestion")
    dispatch.dispatch_pending()
    assert not Event.objects.filter(dispatched_at__isnull=True).exists()


@pytest.mark.parametrize(
    "quote, fix, near",
    [
        ("обьявили", "объявили", True),
        ("teh", "the", True),
        ("ббл", "бұл", True),
        ("вцентре", "в центре", True),
        ("Тоакев", "Токаев", True),
        ("посреди", "в центре", False),
        ("в центре города Алматы", "в центре Алматы", False),
        ("сказал", "заявил", False),
        ("teh", "teh", False),
        ("", "the", False),
    ],
)
def test_a_near_fix_corrects_the_spelling_of_a_short_quote(quote, fix, near):
    assert sources.is_near_fix(quote, fix) is near


# The worker's sweep


def test_the_workers_sweep_folds_a_site_once_its_text_waited(site, other_site):
    learning.queue(site.pk, "kk", KAZAKH, "page", key=NEWS_PAGE)
    learning.queue(other_site.pk, "kk", KAZAKH, "page", key=NEWS_PAGE)
    dispatch.sweep()
    assert len(waiting(site)) == 1  # one page: it waits for more, or for a while
    LearningText.objects.filter(site=site).update(
        created=timezone.now() - learning.SWEEP_DELAY
    )
    dispatch.sweep()
    assert sitelexicon.load(site.pk, "kk").count("түркия") == 2
    assert waiting(site) == [] and len(waiting(other_site)) == 1


def test_the_sweep_folds_at_once_when_much_text_waits(site, monkeypatch):
    monkeypatch.setattr(learning, "SWEEP_TEXTS", 3)
    for n in range(3):
        learning.queue(site.pk, "kk", f"{KAZAKH} {n}", "page", key=str(n))
    assert learning.sweep() == 3


def test_one_fold_reads_a_bounded_number_of_characters(site):
    for n in range(3):
        learning.queue(site.pk, "kk", f"{KAZAKH} {n}", "page", key=str(n))
    assert learning.fold_waiting(chars=len(KAZAKH) + 10) == 1
    assert learning.fold_waiting(chars=1) == 1  # at least one text
    assert learning.fold_waiting() == 1


# Archives: orfo lexicon learn


def learn(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    call_command("lexicon", "learn", *args, stdout=out)
    return out.getvalue()


def test_learn_reads_text_and_html_files_and_reports(site, tmp_path):
    (tmp_path / "a.txt").write_text(KAZAKH)
    (tmp_path / "b.html").write_text(
        "<html><body><nav>Басты бет Мәзір</nav><article><p>"
        + KAZAKH.replace("Президент", "Премьер-министр")
        + "</p></article></body></html>"
    )
    (tmp_path / "c").write_text(f"<!DOCTYPE html><p>{KAZAKH} Үш.</p>")
    out = learn(
        "--site",
        site.key,
        "--lang",
        "kk",
        *(str(tmp_path / n) for n in "a.txt b.html c".split()),
    )
    assert "Learned 3 texts" in out and "distinct" in out
    lex = sitelexicon.load(site.pk, "kk")
    assert lex.texts("түркия") == 3 and lex.count("мәзір") == 0  # the menu is not
    assert lex.count("премьер-министр") == 1
    assert {t.source for t in LearningText.objects.filter(site=site)} == {"archive"}
    again = learn("--site", site.key, "--lang", "kk", str(tmp_path / "a.txt"))
    assert "Nothing new" in again


def test_learn_reads_standard_input(site, monkeypatch):
    learn(
        "--site", site.key, "--lang", "kk", "-",
        stdin=KAZAKH.encode(), monkeypatch=monkeypatch,
    )  # fmt: skip
    assert sitelexicon.load(site.pk, "kk").count("инвестиция") == 1


def test_a_large_file_is_learned_in_parts_cut_between_paragraphs(site, tmp_path):
    paragraph = (KAZAKH + " ") * 20 + "\n\n"
    text = paragraph * (2 * MAX_TEXT // len(paragraph) + 3)
    (tmp_path / "archive.txt").write_text(text)
    learn("--site", site.key, "--lang", "kk", str(tmp_path / "archive.txt"))
    texts = LearningText.objects.filter(site=site)
    assert texts.count() == 3
    lex = sitelexicon.load(site.pk, "kk")
    assert lex.count("түркия") == 2 * 20 * text.count(paragraph)  # none lost


def test_parts_keep_every_character_and_cut_between_paragraphs():
    text = "".join(f"Абзац {n}. " * (n % 7 + 1) + "\n\n" for n in range(300))
    found = sources.parts(text, 100)
    assert "".join(found) == text
    assert all(len(p) <= 100 and p.endswith("\n\n") for p in found)
    long_line = "сөз " * 100
    assert "".join(sources.parts(long_line, 50)) == long_line
    assert all(len(p) <= 50 for p in sources.parts(long_line, 50))


def test_learn_explains_what_is_wrong_and_learns_nothing(site, tmp_path):
    (tmp_path / "kk.txt").write_text(KAZAKH)
    (tmp_path / "ru.txt").write_text("В среду в Алматы объявили об открытии. " * 10)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00 not text \xff")
    with pytest.raises(CommandError, match="no active site has the key 'nope'"):
        learn("--site", "nope", "--lang", "kk", str(tmp_path / "kk.txt"))
    with pytest.raises(CommandError) as found:
        learn(
            "--site", site.key, "--lang", "kk",
            str(tmp_path / "kk.txt"), str(tmp_path / "ru.txt"),
            str(tmp_path / "missing.txt"), str(tmp_path / "bad.txt"),
        )  # fmt: skip
    message = str(found.value)
    assert "ru.txt: the text is in ru, not kk" in message
    assert "missing.txt: No such file or directory" in message
    assert "bad.txt: not UTF-8 text" in message
    assert not LearningText.objects.exists()


# A CMS: POST /api/v1/lexicon/learn


def post(client, site, body, token=None):
    return client.post(
        "/api/v1/lexicon/learn",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token or site.api_token}",
    )


def test_a_cms_sends_its_articles_once_each(client, site):
    response = post(client, site, {"text": KAZAKH, "lang": "kk", "url": NEWS_PAGE})
    assert response.status_code == 202
    assert response.json() == {"new": True, "lang": "kk"}
    again = post(client, site, {"text": KAZAKH + " Жаңа.", "url": NEWS_PAGE})
    assert (again.status_code, again.json()) == (202, {"new": False, "lang": "kk"})
    (text,) = waiting(site)
    assert (text.source, text.lang) == ("api", "kk")


def test_the_learn_api_refuses_what_it_cannot_learn(client, site, other_site):
    cases = [
        ({"text": KAZAKH, "lang": "ru"}, 422, "lang"),
        ({"text": "12 345", "lang": "kk"}, 422, "text"),
        ({"text": KAZAKH, "url": "https://other.example/a"}, 422, "url"),
        ({"text": "x" * (MAX_TEXT + 1)}, 422, "text"),
        ({"text": KAZAKH, "lang": "de"}, 422, "lang"),
        ({"text": KAZAKH, "extra": 1}, 422, "extra"),
    ]
    for body, status, field in cases:
        response = post(client, site, body)
        assert response.status_code == status, (body, response.content)
        assert field in {e["field"] for e in response.json()["errors"]}
    assert post(client, site, {"text": KAZAKH}, token="orfo_nope").status_code == 401
    assert not LearningText.objects.exists()


def test_the_learn_api_asks_to_wait_when_too_much_waits(client, site, monkeypatch):
    from orfo.suggestions import lexicon_endpoints

    monkeypatch.setattr(lexicon_endpoints, "MAX_WAITING", 2)
    for n in range(2):
        assert post(client, site, {"text": f"{KAZAKH} {n}"}).status_code == 202
    response = post(client, site, {"text": f"{KAZAKH} 3"})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    learning.fold_waiting()
    assert post(client, site, {"text": f"{KAZAKH} 3"}).status_code == 202


# Suggestions and proofreading for a site use its lexicon


def test_an_issues_suggestions_use_its_sites_lexicon(site, other_site):
    learning.allow_word(site.pk, "ru", "Токаев")
    ours = new_issue(site, "токаев", "Вчера ", " сказал речь")
    theirs = new_issue(other_site, "токаев", "Вчера ", " сказал речь")
    assert api.suggest_for(ours) == []  # the editors' word: abstains
    assert api.suggest_for(theirs)


def test_the_proofreading_api_checks_with_the_sites_lexicon(client, site, other_site):
    learning.allow_word(site.pk, "ru", "Токаев")
    body = json.dumps({"text": "Вчера токаев сказл речь.", "lang": "ru"})

    def flagged(token):
        response = client.post(
            "/api/v1/proofread",
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 200, response.content
        return {f["word"] for f in response.json()["findings"]}

    assert flagged(site.api_token) == {"сказл"}
    assert flagged(other_site.api_token) == {"токаев", "сказл"}
