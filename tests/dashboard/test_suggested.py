"""The issue page's suggested corrections: one row for a correction Orfo and
readers both proposed, and a doubled word shown as one (issue 14)."""

import re

import pytest
from django.utils import timezone

from orfo.issues.models import Activity, Issue, Status
from orfo.suggestions.models import IssueSuggestion
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


def reported(site, send, quote, text, corrections=(), lang="en"):
    """An issue for QUOTE in TEXT, one reader per correction in CORRECTIONS."""
    for correction in corrections or [""]:
        response = send(
            make_report(site, quote, text=text, lang=lang, correction=correction)
        )
        assert response.status_code == 201, response.content
    return Issue.objects.get(site=site, quote=quote)


def orfo_suggests(issue, *texts, error="typo"):
    IssueSuggestion.objects.bulk_create(
        IssueSuggestion(
            issue=issue,
            rank=rank,
            text=text,
            score=0.9,
            error=error,
            lang=issue.lang,
            computed=timezone.now(),
        )
        for rank, text in enumerate(texts)
    )


def rows(client, issue, lang="en") -> list[str]:
    """The suggested corrections' rows as text, in order, spaces squeezed."""
    html = client.get(
        f"/dashboard/issues/{issue.pk}/", HTTP_ACCEPT_LANGUAGE=lang
    ).content.decode()
    listed = re.search(r'<ol class="corrections">(.*?)</ol>', html, re.S).group(1)
    items = re.findall(r"<li[^>]*>(.*?)</li>", listed, re.S)
    return [
        " ".join(
            re.sub(
                r"<[^>]+>", " ", re.sub(r"<form.*?</form>", "", item, flags=re.S)
            ).split()
        )
        for item in items
    ]


def accept_sources(client, issue) -> list[tuple[str, str]]:
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    return re.findall(
        r'name="text" value="([^"]*)"><input type="hidden" name="source" '
        r'value="(\w+)"',
        html,
    )


TEXT = "The council recieved teh letter and the the mayor read it."


def test_a_correction_from_orfo_and_readers_is_one_row_first(
    client, site, send, editor
):
    issue = reported(site, send, "teh", TEXT, ["the", "the", "the", "ten"])
    orfo_suggests(issue, "tea", "the")
    client.force_login(editor)
    assert rows(client, issue) == [
        "the Orfo · 3 readers",  # both agree: once, and first
        "tea Orfo",
        "ten 1 reader",
    ]
    # The merged row is accepted as the readers' correction.
    assert accept_sources(client, issue) == [
        ("the", "readers"),
        ("tea", "orfo"),
        ("ten", "readers"),
    ]
    response = client.post(
        f"/dashboard/issues/{issue.pk}/accept/", {"text": "the", "source": "readers"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix) == (Status.RESOLVED, "the")
    assert Activity.objects.filter(
        issue=issue, kind="fix", note="readers: the"
    ).exists()


def test_the_sources_are_translated_with_plural_forms(client, site, send, editor):
    issue = reported(site, send, "teh", TEXT, ["the", "the", "the"])
    orfo_suggests(issue, "the")
    client.force_login(editor)
    assert rows(client, issue, "ru") == ["the Orfo · 3 читателя"]
    assert rows(client, issue, "kk") == ["the Orfo · 3 оқырман"]


def test_the_same_text_is_compared_composed_and_stripped_but_yo_differs(
    client, site, send, editor
):
    text = "Мы все видели это вчера."
    issue = reported(site, send, "все", text, ["всё", "всё"], lang="ru")
    # Orfo's "ё" decomposed (е + U+0308) is the readers' "всё"; "все" is not.
    orfo_suggests(issue, " все\u0308 ", "все")
    client.force_login(editor)
    found = rows(client, issue)
    assert len(found) == 2, found
    assert found[0].endswith("Orfo · 2 readers")
    assert found[1] == "все Orfo"


def test_a_doubled_word_is_shown_as_one_and_accepted_with_one_click(
    client, site, send, editor
):
    issue = reported(site, send, "the the", TEXT)
    orfo_suggests(issue, "the", error="doubled_word")
    client.force_login(editor)
    assert rows(client, issue) == ["Remove the repeated word «the» : the Orfo"]
    assert rows(client, issue, "ru") == ["Удалить повторённое слово «the» : the Orfo"]
    assert rows(client, issue, "kk") == ["Қайталанған «the» сөзін өшіру : the Orfo"]
    assert accept_sources(client, issue) == [("the", "orfo")]
    client.post(
        f"/dashboard/issues/{issue.pk}/accept/", {"text": "the", "source": "orfo"}
    )
    issue.refresh_from_db()
    assert (issue.status, issue.accepted_fix) == (Status.RESOLVED, "the")


def test_a_doubled_word_cut_by_the_selection_is_removed_by_resolving(
    client, site, send, editor
):
    """Readers selected only the second "the": removing it leaves no text to
    accept, so the one click resolves the issue."""
    text = "The mayor read the the letter aloud."
    issue = reported(site, send, "the the", text)
    Issue.objects.filter(pk=issue.pk).update(
        quote="the", prefix="The mayor read the ", suffix=" letter aloud."
    )
    orfo_suggests(issue, "", error="doubled_word")
    client.force_login(editor)
    assert rows(client, issue) == ["Remove the repeated word «the» Orfo"]
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    form = re.search(r'<form[^>]*class="inline accept">.*?</form>', html, re.S).group()
    assert 'name="status" value="resolved"' in form
    client.post(f"/dashboard/issues/{issue.pk}/status/", {"status": "resolved"})
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED


def test_hostile_corrections_stay_text(client, site, send, editor):
    hostile = '<img src=x onerror="window.__pwned=1">'
    issue = reported(site, send, "teh", TEXT, [hostile])
    orfo_suggests(issue, hostile)
    client.force_login(editor)
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    assert "<img src=x" not in html
    assert len(rows(client, issue)) == 1
