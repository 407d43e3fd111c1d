"""The number of SQL queries per page does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orfo.issues.models import Issue
from tests.conftest import make_report

pytestmark = pytest.mark.django_db

WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
)
TEXT = " ".join(WORDS)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(site, send, words, reports_each, comment="c"):
    for word in words:
        for _ in range(reports_each):
            send(make_report(site, word, text=TEXT, comment=comment, correction=word))


@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/?q=a", "/dashboard/overview/"]
)
def test_list_pages(client, site, send, owner, url):
    grow(site, send, WORDS[:2], 1)
    client.force_login(owner)
    small = queries(client, url)
    grow(site, send, WORDS[2:], 3)
    assert queries(client, url) == small


def test_the_issue_page(client, site, send, owner):
    grow(site, send, WORDS[:1], 1)
    issue = Issue.objects.get()
    client.force_login(owner)
    small = queries(client, f"/dashboard/issues/{issue.pk}/")
    for n in range(12):
        send(
            make_report(site, WORDS[0], text=TEXT, comment=f"c{n}", correction=f"x{n}")
        )
    issue.add_note("note", owner)
    issue.assign(owner, owner)
    assert queries(client, f"/dashboard/issues/{issue.pk}/") == small
