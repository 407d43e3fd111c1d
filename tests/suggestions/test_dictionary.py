"""A site's dictionary and learned fixes as the dashboard and the API see them:
listing, adding, removing, importing, exporting, each change in the audit log."""

import pytest

from orfo.sites.models import AuditEvent
from orfo.suggestions import dictionary, learning, sitelexicon
from orfo.suggestions.dictionary import Refused
from orfo.suggestions.models import LearningText, SiteLexiconData, SiteWord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


def actions(site) -> list[tuple[str, str, dict]]:
    return [
        (e.action, e.target, e.detail)
        for e in AuditEvent.objects.filter(site=site).order_by("id")
    ]


def test_a_word_added_is_known_to_the_sites_lexicon_and_logged(site, editor):
    entry, new = dictionary.add(site, "kk", " ҚазАқпарат ", editor)
    assert new and entry.spelling == "ҚазАқпарат" and entry.added_by == editor
    assert sitelexicon.load(site.pk, "kk").attested("қазақпарат")
    again, new = dictionary.add(site, "kk", "қазақпарат", editor)
    assert not new and again.pk == entry.pk
    assert actions(site) == [("word_added", "ҚазАқпарат", {"lang": "kk"})]
    assert dictionary.remove(site, "kk", "ҚАЗАҚПАРАТ", editor)
    assert not dictionary.remove(site, "kk", "ҚАЗАҚПАРАТ", editor)
    assert sitelexicon.load(site.pk, "kk").allowed == {}
    assert actions(site)[-1] == ("word_removed", "ҚазАқпарат", {"lang": "kk"})


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("two words", "not_a_word"),
        ("tab\tinside", "not_a_word"),
        ("<script>", "not_a_word"),
        ("\u202e\u200b\x00", "empty"),
        ("1984", "not_a_word"),
        ("a" * 65, "too_long"),
    ],
)
def test_what_is_no_word_is_refused_naming_the_field(site, word, code):
    with pytest.raises(Refused) as refused:
        dictionary.add(site, "ru", word)
    assert (refused.value.code, refused.value.field) == (code, "word")
    assert not SiteWord.objects.exists() and not AuditEvent.objects.exists()


def test_words_with_a_hyphen_or_apostrophe_are_words(site):
    for word in ("Қасым-Жомарт", "O'Brien", "COVID-19", "а" * 64):
        assert dictionary.add(site, "en", word)[1]
    soft_hyphen, nfd = (
        dictionary.add(site, "ru", "сло\u00adво"),
        "й".replace("й", "и\u0306"),
    )
    assert soft_hyphen[0].spelling == "слово"
    assert dictionary.add(site, "ru", f"мо{nfd}")[0].spelling == "мой"


def test_an_unknown_language_and_a_full_dictionary_are_refused(site, monkeypatch):
    with pytest.raises(Refused) as refused:
        dictionary.add(site, "de", "Wort")
    assert refused.value.field == "lang"
    monkeypatch.setattr(dictionary, "MAX_WORDS", 2)
    dictionary.add(site, "ru", "один")
    dictionary.add(site, "ru", "два")
    with pytest.raises(Refused, match="at most 2 words"):
        dictionary.add(site, "ru", "три")
    assert dictionary.add(site, "ru", "ДВА")[1] is False  # a known word still is
    assert dictionary.add(site, "kk", "үш")[1]  # another language has room


def test_the_list_is_newest_first_searchable_and_paged(site, other_site, monkeypatch):
    monkeypatch.setattr(dictionary, "PAGE_SIZE", 2)
    for word in ("Алматы", "Астана", "Шымкент"):
        dictionary.add(site, "kk", word)
    dictionary.add(other_site, "kk", "Алматылық")
    shown = dictionary.page(dictionary.words(site.pk, "kk"), 1)
    assert [w.spelling for w in shown] == ["Шымкент", "Астана"]
    assert shown.paginator.num_pages == 2
    last = dictionary.page(dictionary.words(site.pk, "kk"), "99")
    assert [w.spelling for w in last] == ["Алматы"]
    found = dictionary.words(site.pk, "kk", " АЛМА ")
    assert [w.spelling for w in found] == ["Алматы"]  # not the other site's
    assert dictionary.words(site.pk, "ru").count() == 0
    assert dictionary.counts(site.pk) == {"ru": (0, 0), "kk": (3, 0), "en": (0, 0)}


def test_learned_fixes_are_listed_exported_and_removed(site, editor):
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    learning.add_fix(site.pk, "kk", "окушы", "оқушы")
    learning.add_fix(site.pk, "kk", "тест", "bad\ttab")
    rows = list(dictionary.fixes(site.pk, "kk"))
    assert (rows[0].wrong, rows[0].right, rows[0].count) == ("калалык", "қалалық", 2)
    assert [f.wrong for f in dictionary.fixes(site.pk, "kk", "оқу")] == ["окушы"]
    exported = dictionary.export_fixes(site.pk, "kk")
    assert exported.splitlines() == [
        "wrong\tright\tcount",
        "калалык\tқалалық\t2",
        "окушы\tоқушы\t1",
        "тест\tbad tab\t1",
    ]
    assert dictionary.remove_fix(site, "kk", "Калалык", "қалалық", editor)
    assert not dictionary.remove_fix(site, "kk", "калалык", "қалалық", editor)
    assert "калалык" not in sitelexicon.load(site.pk, "kk").fixes
    assert actions(site) == [
        ("fix_removed", "калалык", {"lang": "kk", "right": "қалалық"})
    ]


def test_the_dictionary_exports_one_word_a_line(site):
    for word in ("Шымкент", "Алматы", "Ақтөбе"):
        dictionary.add(site, "kk", word)
    assert dictionary.export_words(site.pk, "kk") == "Алматы\nАқтөбе\nШымкент\n"
    assert dictionary.export_words(site.pk, "ru") == ""
    assert dictionary.file_name(site, "kk", "dictionary") == (
        f"{site.key}-kk-dictionary.txt"
    )


def test_a_file_is_imported_once_a_word_and_logged_once(site, editor):
    data = "\ufeffАлматы\n\n# names\nастана\nАстана\nтwo words\n<b>\nШымкент\r\n"
    result = dictionary.import_words(site, "kk", data.encode(), editor)
    assert (result.added, result.known, result.refused) == (3, 0, 2)
    assert result.refused_lines == ["тwo words", "<b>"]
    again = dictionary.import_words(site, "kk", "АЛМАТЫ\nАқтөбе\n".encode(), editor)
    assert (again.added, again.known) == (1, 1)
    assert sitelexicon.load(site.pk, "kk").attested("ақтөбе")
    assert [a[0] for a in actions(site)] == ["words_imported"] * 2
    assert actions(site)[0][2] == {"lang": "kk", "added": 3}
    nothing = dictionary.import_words(site, "kk", "Алматы\n".encode(), editor)
    assert nothing.added == 0 and len(actions(site)) == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xff\xfe\x00", "not_utf8"),
        (b"a\n" * (dictionary.MAX_FILE_BYTES // 2 + 1), "too_big"),
        ("сөз\n".encode() * (dictionary.MAX_FILE_WORDS + 1), "too_many"),
    ],
)
def test_a_file_that_is_no_word_list_is_refused_whole(site, data, code):
    with pytest.raises(Refused) as refused:
        dictionary.import_words(site, "kk", data)
    assert (refused.value.code, refused.value.field) == (code, "file")
    assert not SiteWord.objects.exists()


def test_an_import_never_takes_the_dictionary_past_its_cap(site, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_WORDS", 3)
    dictionary.add(site, "kk", "бір")
    with pytest.raises(Refused) as refused:
        dictionary.import_words(site, "kk", "екі\nүш\nтөрт\n".encode())
    assert refused.value.code == "full"
    assert SiteWord.objects.count() == 1


def test_what_was_learned_is_summed_per_language(site):
    assert dictionary.learned(site.pk)[1] == dictionary.Learned("kk")
    learning.queue(site.pk, "kk", "Бір екі үш.", "api")
    learning.queue(site.pk, "kk", "Төрт бес.", "api")
    learning.fold_site(site.pk, "kk", batch=1)
    kk = dictionary.learned(site.pk)[1]
    assert (kk.texts, kk.words, kk.waiting) == (1, 3, 1)
    assert SiteLexiconData.objects.count() == 1
    assert LearningText.objects.filter(learned=False).count() == 1


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("teh", "teh"),
        (" «Алматы», ", "Алматы"),
        ("Қасым-Жомарт.", "Қасым-Жомарт"),
        ("the the", None),
        ("...", None),
        ("a" * 65, None),
    ],
)
def test_a_single_word_is_read_out_of_a_quote(text, word):
    assert dictionary.single_word(text) == word
