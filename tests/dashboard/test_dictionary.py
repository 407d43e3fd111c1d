"""The site's dictionary in the dashboard: editors list, add, remove, import and
export words and learned fixes; "not an error" on an issue; strangers see nothing;
every change in the audit log."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.encoding import iri_to_uri

from orfo.issues.models import Issue, Status
from orfo.sites.models import AuditEvent
from orfo.suggestions import dictionary, learning, sitelexicon
from orfo.suggestions.models import SiteWord
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


def url(site, action=""):
    return f"/dashboard/sites/{site.pk}/dictionary/{action}"


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_editor_adds_a_word_and_sees_who_added_it(client, site, editor):
    client.force_login(editor)
    settings_page = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert url(site) in settings_page
    response = client.post(url(site), {"lang": "kk", "word": " ҚазАқпарат "})
    assert response.status_code == 302
    assert response["Location"] == url(site) + "?lang=kk"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "“ҚазАқпарат” added to the dictionary." in messages_of(page)
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "ҚазАқпарат" in row and "editor" in row and "<time datetime=" in row
    assert sitelexicon.load(site.pk, "kk").attested("қазақпарат")
    event = AuditEvent.objects.get(site=site)
    assert (event.action, event.actor, event.target) == (
        "word_added",
        editor,
        "ҚазАқпарат",
    )
    again = client.post(url(site), {"lang": "kk", "word": "қазақпарат"}, follow=True)
    assert "in the dictionary already" in messages_of(again)
    assert AuditEvent.objects.count() == 1


def test_the_words_are_newest_first_searchable_and_paged(
    client, site, editor, monkeypatch
):
    monkeypatch.setattr(dictionary, "PAGE_SIZE", 2)
    for word in ("Алматы", "Астана", "Шымкент"):
        dictionary.add(site, "kk", word)
    client.force_login(editor)
    first = text_of(client.get(url(site) + "?lang=kk").content.decode())
    assert first.index("Шымкент") < first.index("Астана") and "Алматы" not in first
    assert "page 1 of 2" in first
    second = text_of(client.get(url(site) + "?lang=kk&page=2").content.decode())
    assert "Алматы" in second and "Шымкент" not in second
    found = text_of(client.get(url(site) + "?lang=kk&q=алма").content.decode())
    assert "Алматы" in found and "Астана" not in found
    russian = text_of(client.get(url(site) + "?lang=ru").content.decode())
    assert "No words yet." in russian
    other = text_of(
        client.get(url(site) + "?lang=de&page=x&q=" + "я" * 500).content.decode()
    )
    assert "Words (Русский)" in other  # the site's language, for one it has not
    nul = client.get(url(site) + "?lang=kk&q=%00&page=%00&fixes=%00")
    assert nul.status_code == 200


@pytest.mark.parametrize(
    ("word", "error"),
    [
        ("two words", "One word only"),
        ("", "Enter a word."),
        ("я" * 65, "At most 64 characters."),
        ("<script>x</script>", "One word only"),
    ],
)
def test_what_is_no_word_is_an_error_under_the_field(client, site, editor, word, error):
    client.force_login(editor)
    response = client.post(url(site), {"lang": "ru", "word": word})
    assert response.status_code == 200
    html = response.content.decode()
    field = html.split('name="word"', 1)[1].split("</form>", 1)[0]
    assert 'class="errorlist' in field and error in field
    assert 'aria-invalid="true"' in html.split('name="word"', 1)[0][-300:] + field
    assert "<script>x" not in html
    assert not SiteWord.objects.exists()


def test_a_word_is_removed_and_the_page_kept(client, site, editor):
    dictionary.add(site, "ru", "Алматы")
    client.force_login(editor)
    back = url(site) + "?lang=ru&q=алм"
    response = client.post(
        url(site, "remove/"), {"lang": "ru", "word": "Алма\x00ты", "back": back}
    )
    assert response["Location"] == iri_to_uri(back)
    assert not SiteWord.objects.exists()
    assert AuditEvent.objects.filter(action="word_removed", target="Алматы").exists()
    elsewhere = client.post(
        url(site, "remove/"),
        {"lang": "ru", "word": "x", "back": "https://evil.example/"},
    )
    assert elsewhere["Location"] == url(site) + "?lang=ru"


def test_learned_fixes_are_listed_and_forgotten(client, site, editor):
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    client.force_login(editor)
    html = text_of(client.get(url(site) + "?lang=kk").content.decode())
    assert "калалык → қалалық" in html and "1 time" in html
    response = client.post(
        url(site, "fixes/remove/"),
        {"lang": "kk", "wrong": "калалык", "right": "қалалық"},
        follow=True,
    )
    assert "The fix “калалык → қалалық” is forgotten." in messages_of(response)
    assert "калалык" not in sitelexicon.load(site.pk, "kk").fixes
    assert AuditEvent.objects.filter(action="fix_removed").count() == 1


def test_both_are_exported_as_files(client, site, editor):
    dictionary.add(site, "kk", "Шымкент")
    dictionary.add(site, "kk", "Алматы")
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    client.force_login(editor)
    words = client.get(url(site, "export/") + "?lang=kk&kind=dictionary")
    assert words["Content-Type"] == "text/plain; charset=utf-8"
    assert words["Content-Disposition"] == (
        f'attachment; filename="{site.key}-kk-dictionary.txt"'
    )
    assert words.content.decode() == "Алматы\nШымкент\n"
    fixes = client.get(url(site, "export/") + "?lang=kk&kind=fixes")
    assert fixes["Content-Type"].startswith("text/tab-separated-values")
    assert fixes.content.decode() == "wrong\tright\tcount\nкалалык\tқалалық\t1\n"
    assert fixes["Content-Disposition"].endswith(f'{site.key}-kk-fixes.tsv"')
    for query in ("?lang=de&kind=fixes", "?lang=kk&kind=passwords", ""):
        assert client.get(url(site, "export/") + query).status_code == 404


def test_a_word_list_is_imported(client, site, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("words.txt", "Алматы\nАстана\nтwo words\n".encode())
    response = client.post(
        url(site, "import/"), {"lang": "kk", "file": upload}, follow=True
    )
    said = messages_of(response)
    assert "2 words added to the dictionary." in said
    assert "1 line is no single word and was skipped: “тwo words”" in said
    assert SiteWord.objects.filter(site=site, lang="kk").count() == 2
    bad = client.post(
        url(site, "import/"),
        {"lang": "kk", "file": SimpleUploadedFile("x.txt", b"\xff\xfe")},
    )
    field = bad.content.decode().split('name="file"', 1)[1].split("</div>", 1)[0]
    assert "The file is not UTF-8 text." in field


def test_strangers_see_and_change_nothing(client, site, stranger):
    dictionary.add(site, "ru", "Алматы")
    learning.add_fix(site.pk, "ru", "алмата", "Алматы")
    client.force_login(stranger)
    assert client.get(url(site)).status_code == 404
    assert (
        client.get(url(site, "export/") + "?lang=ru&kind=dictionary").status_code == 404
    )
    for action, data in [
        ("", {"lang": "ru", "word": "новое"}),
        ("remove/", {"lang": "ru", "word": "Алматы"}),
        ("fixes/remove/", {"lang": "ru", "wrong": "алмата", "right": "Алматы"}),
        ("import/", {"lang": "ru", "file": SimpleUploadedFile("w.txt", b"x")}),
    ]:
        assert client.post(url(site, action), data).status_code == 404, action
    assert (
        SiteWord.objects.count() == 1 and dictionary.fixes(site.pk, "ru").count() == 1
    )
    assert AuditEvent.objects.count() == 1  # the word added above


def test_changes_need_the_csrf_token(site, editor):
    dictionary.add(site, "ru", "Алматы")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(url(site), {"lang": "ru", "word": "x"}).status_code == 403
    removed = strict.post(url(site, "remove/"), {"lang": "ru", "word": "Алматы"})
    assert removed.status_code == 403 and SiteWord.objects.count() == 1


def test_the_log_says_what_changed_in_the_pages_language(client, site, owner):
    dictionary.add(site, "kk", "Алматы", owner)
    dictionary.remove(site, "kk", "Алматы", owner)
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    dictionary.remove_fix(site, "kk", "калалык", "қалалық", owner)
    dictionary.import_words(site, "kk", "Астана\n".encode(), owner)
    client.force_login(owner)
    log = text_of(client.get(f"/dashboard/sites/{site.pk}/audit/").content.decode())
    assert "“Алматы” added to the dictionary (Қазақша)" in log
    assert "“Алматы” removed from the dictionary (Қазақша)" in log
    assert "Learned fix “калалык → қалалық” removed (Қазақша)" in log
    assert "1 word imported into the dictionary (Қазақша)" in log
    client.cookies["django_language"] = "kk"
    log = text_of(client.get(f"/dashboard/sites/{site.pk}/audit/").content.decode())
    assert "«Алматы» сөзі сөздікке қосылды (Қазақша)" in log


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ["Словарь", "Добавить слово", "Запомненные исправления"]),
        ("kk", ["Сөздік", "Сөз қосу", "Үйренген түзетулер"]),
    ],
)
def test_the_page_is_translated(client, site, editor, lang, words):
    client.force_login(editor)
    client.cookies["django_language"] = lang
    html = client.get(url(site)).content.decode()
    for word in words:
        assert word in html, word
    settings_page = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert words[0] in settings_page


# "Not an error" on an issue


def test_not_an_error_adds_the_word_and_ignores_the_issue(client, site, send, editor):
    send(make_report(site, "teh"))
    issue = Issue.objects.get()
    client.force_login(editor)
    response = client.post(f"/dashboard/issues/{issue.pk}/not-an-error/", follow=True)
    assert "“teh” added to the dictionary; the issue is ignored" in messages_of(
        response
    )
    issue.refresh_from_db()
    assert issue.status == Status.IGNORED
    entry = SiteWord.objects.get()
    assert (entry.lang, entry.spelling, entry.added_by) == ("en", "teh", editor)
    event = AuditEvent.objects.get()
    assert event.detail == {"lang": "en", "issue": issue.pk}


def test_a_quote_of_several_words_is_not_added(client, site, send, editor):
    text = "Almaty opened the the doors"
    send(make_report(site, "the the", text=text))
    issue = Issue.objects.get()
    client.force_login(editor)
    response = client.post(f"/dashboard/issues/{issue.pk}/not-an-error/", follow=True)
    assert "Only a single word" in messages_of(response)
    issue.refresh_from_db()
    assert issue.status == Status.OPEN and not SiteWord.objects.exists()


def test_not_an_error_on_anothers_issue_is_not_found(client, site, send, stranger):
    send(make_report(site, "teh"))
    issue = Issue.objects.get()
    client.force_login(stranger)
    assert client.post(f"/dashboard/issues/{issue.pk}/not-an-error/").status_code == 404
    assert client.get(f"/dashboard/issues/{issue.pk}/not-an-error/").status_code == 405
    assert not SiteWord.objects.exists()


def test_the_issue_page_offers_not_an_error_for_a_single_word(
    client, site, send, editor
):
    send(make_report(site, "teh"))
    send(make_report(site, "the the", text="Almaty opened the the doors"))
    client.force_login(editor)
    single, double = Issue.objects.get(quote="teh"), Issue.objects.get(quote="the the")
    html = client.get(f"/dashboard/issues/{single.pk}/").content.decode()
    assert f"/dashboard/issues/{single.pk}/not-an-error/" in html
    assert "Not an error: add «teh» to the dictionary" in html
    other = client.get(f"/dashboard/issues/{double.pk}/").content.decode()
    assert "not-an-error/" not in other


# "Not an error" on a proofreading finding


@pytest.fixture
def engine_calls(monkeypatch):
    """Proofreading as the engine does it with a site's lexicon: "teh" is a typo
    unless the site's dictionary has it. Records the `site` each call got."""
    calls = []

    def proofread(text, lang=None, site=None):
        calls.append(site)
        own = site.get("en") if site else None
        findings = [
            {
                "start": m.start(),
                "end": m.end(),
                "word": m.group(),
                "error": "typo",
                "suggestions": ["the"],
                "lang": "en",
            }
            for m in re.finditer(r"\bteh\b", text)
            if own is None or not own.attested("teh")  # an empty one is falsy
        ]
        return "en", findings, len(text)

    monkeypatch.setattr("orfo.dashboard.views.proofread.proofread", proofread)
    return calls


def test_proofreading_checks_with_the_chosen_sites_lexicon(
    client, site, other_site, editor, engine_calls
):
    client.force_login(editor)
    page = client.get("/dashboard/proofread/").content.decode()
    assert 'name="site"' in page and ">News.kz<" in page and ">Other<" not in page
    form = {"text": "Open teh door", "lang": "", "site": site.pk}
    html = client.post("/dashboard/proofread/", form).content.decode()
    assert engine_calls[-1].site_id == site.pk
    assert 'name="allow" value="en teh"' in html
    allowed = client.post("/dashboard/proofread/allow/", {**form, "allow": "en teh"})
    assert allowed.status_code == 200
    assert "“teh” added to the dictionary of News.kz." in messages_of(allowed)
    assert 'value="en teh"' not in allowed.content.decode()  # checked again: right
    assert SiteWord.objects.get().added_by == editor
    foreign = {**form, "site": other_site.pk}
    assert client.post("/dashboard/proofread/allow/", foreign).status_code == 404
    checked = len(engine_calls)
    refused = client.post("/dashboard/proofread/", foreign).content.decode()
    assert len(engine_calls) == checked and 'class="errorlist' in refused
    for bad in ("", "x", "-1", "9" * 30):
        response = client.post("/dashboard/proofread/allow/", {**form, "site": bad})
        assert response.status_code == 404, bad
    client.post("/dashboard/proofread/allow/", {**form, "allow": "xx тест"})
    assert SiteWord.objects.get(spelling="тест").lang == site.default_lang
