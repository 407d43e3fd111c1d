"""Spam verdicts in the dashboard: confirmed with what they affect, listed, undone."""

import re

import pytest
from django.test import Client
from django.utils import translation

from orfo.dashboard.counts import reports_from_readers
from orfo.issues.models import Issue, Status
from orfo.reports.models import BlockedReader, Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
SPAMMER = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def spammed(site, send):
    """One issue: three reports from SPAMMER, one from another reader."""
    for n in range(3):
        send(make_report(site, "Almaty", comment=f"buy {n}"), **SPAMMER)
    send(make_report(site, "Almaty"), REMOTE_ADDR="203.0.113.8")
    return Issue.objects.get()


def page(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_spam_on_the_issue_page_asks_first_saying_what_it_affects(
    client, editor, spammed
):
    client.force_login(editor)
    url = f"/dashboard/issues/{spammed.pk}/status/"
    asked = page(client.post(url, {"status": "spam"}))
    assert "4 reports from 2 readers" in asked
    assert "2 readers who reported in the last two days will be blocked" in asked
    assert 'name="confirm" value="1"' in asked and f'action="{url}"' in asked
    assert Issue.objects.get().status == Status.OPEN
    assert not BlockedReader.objects.exists()
    done = client.post(url, {"status": "spam", "confirm": "1"})
    assert done.status_code == 302
    assert Issue.objects.get().status == Status.SPAM
    assert BlockedReader.objects.count() == 2
    assert BlockedReader.objects.first().blocked_by == editor


def test_spam_in_the_inbox_asks_first_too(client, editor, spammed, site, send):
    send(make_report(site, "library"))
    other = Issue.objects.get(quote="library")
    client.force_login(editor)
    # What the bulk bar and the keyboard shortcut `s` submit.
    form = {"action": "spam", "issue": [spammed.pk, other.pk], "next": "/dashboard/"}
    asked = page(client.post("/dashboard/bulk/", form))
    assert "2 issues will be marked as spam" in asked
    assert "5 reports from 3 readers" in asked
    for pk in (spammed.pk, other.pk):
        assert f'name="issue" value="{pk}"' in asked
    assert not Issue.objects.filter(status=Status.SPAM).exists()
    done = client.post("/dashboard/bulk/", {**form, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == "/dashboard/"
    assert Issue.objects.filter(status=Status.SPAM).count() == 2


def test_the_blocked_readers_list_and_unblock(client, editor, spammed, site, send):
    spammed.set_status(Status.SPAM)
    send(make_report(site, "library"), **SPAMMER)
    block = BlockedReader.objects.get(
        reader_hash=Report.objects.get(held=True).reader_hash
    )
    client.force_login(editor)
    assert f"/dashboard/sites/{site.pk}/blocked/" in page(
        client.get(f"/dashboard/sites/{site.pk}/")
    )
    listed = page(client.get(f"/dashboard/sites/{site.pk}/blocked/"))
    assert block.reader_hash[:8] in listed
    assert f'href="/dashboard/issues/{spammed.pk}/"' in listed
    assert f'?reader={block.pk}">1</a>' in listed  # one report held
    assert '<div class="muted small">last ' in listed  # and when it came
    held = page(client.get(f"/dashboard/sites/{site.pk}/held/?reader={block.pk}"))
    assert "<mark>library</mark>" in held
    assert f'title="{block.reader_hash}">{block.reader_hash[:8]}</code></h1>' in held
    assert "Held reports</h1>" in page(client.get(f"/dashboard/sites/{site.pk}/held/"))
    # Unblock is a POST with a CSRF token.
    url = f"/dashboard/sites/{site.pk}/blocked/{block.pk}/unblock/"
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(url).status_code == 403
    assert client.post(url).status_code == 302
    assert not BlockedReader.objects.filter(pk=block.pk).exists()
    assert not Report.objects.filter(held=True).exists()


def test_another_newsroom_sees_and_unblocks_nothing(
    client, stranger, spammed, site, other_site
):
    spammed.set_status(Status.SPAM)
    block = BlockedReader.objects.first()
    client.force_login(stranger)
    for url in (
        f"/dashboard/sites/{site.pk}/blocked/",
        f"/dashboard/sites/{site.pk}/held/",
    ):
        assert client.get(url).status_code == 404
    unblock = f"/dashboard/sites/{site.pk}/blocked/{block.pk}/unblock/"
    assert client.post(unblock).status_code == 404
    # Nor through a site of its own.
    own = f"/dashboard/sites/{other_site.pk}/blocked/{block.pk}/unblock/"
    assert client.post(own).status_code == 404
    held = f"/dashboard/sites/{other_site.pk}/held/?reader={block.pk}"
    assert client.get(held).status_code == 404
    assert BlockedReader.objects.filter(pk=block.pk).exists()


@pytest.mark.parametrize("reader", ["9" * 30, "²", "abc"])
def test_a_bad_reader_in_the_held_view_is_a_404(client, editor, site, reader):
    client.force_login(editor)
    assert (
        client.get(f"/dashboard/sites/{site.pk}/held/?reader={reader}").status_code
        == 404
    )


def test_the_inbox_and_issue_page_count_readers_apart_from_reports(
    client, editor, spammed
):
    client.force_login(editor)
    assert "4 reports from 2 readers" in page(client.get("/dashboard/"))
    assert "4 reports from 2 readers" in page(
        client.get(f"/dashboard/issues/{spammed.pk}/")
    )


@pytest.mark.parametrize(
    "lang,reports,readers,text",
    [
        ("en", 28, 1, "28 reports from 1 reader"),
        ("ru", 28, 1, "28 сообщений от 1 читателя"),
        ("ru", 2, 2, "2 сообщения от 2 читателей"),
        ("ru", 21, 21, "21 сообщение от 21 читателя"),
        ("kk", 28, 1, "1 оқырманнан 28 хабарлама"),
    ],
)
def test_the_counts_read_right_in_each_language(lang, reports, readers, text):
    with translation.override(lang):
        assert reports_from_readers(reports, readers) == text
