"""The demo newsroom publishes a fix as soon as an editor accepts it, so that a
newcomer sees the loop close: report, accept, the article corrected, verified."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from orfo.demo import history
from orfo.demo.articles import ARTICLES, SITE_HOSTS, SITE_NAME, published
from orfo.issues.api import resolve_with_fix
from orfo.issues.models import Activity, Issue, Page, Status
from orfo.outbox.models import Event
from orfo.reports.models import Report
from orfo.sites.api import create_site
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.ORFO_DEMO = True
    return create_site(SITE_NAME, [*SITE_HOSTS, "testserver"], "ru")


def report(send, demo, quote):
    text = " ".join(ARTICLES["ru"].paragraphs)
    payload = make_report(
        demo, quote, url="http://testserver/demo/ru/", text=text, lang="ru"
    )
    response = send(payload, origin="http://testserver")
    assert response.status_code == 201, response.content
    return Issue.objects.get(pk=response.json()["issue"])


def test_an_accepted_fix_is_published_on_the_demo_article(client, send, demo):
    page = client.get("/demo/ru/").content.decode()
    assert "обьявили" in page and "учавствовали" in page
    typo = report(send, demo, "обьявили")
    report(send, demo, "учавствовали")
    resolve_with_fix(typo, "объявили", "suggestion")
    page = client.get("/demo/ru/").content.decode()
    assert "В среду в Алматы объявили" in page and "обьявили" not in page
    assert "учавствовали" in page  # still open: still printed wrong


def test_a_fix_goes_where_its_prefix_says():
    article = ARTICLES["ru"]
    doubled = [t for t in article.paragraphs if "в в " in t][0]
    fixed = published(article, [("в в", "рассказала, что ", "в")])
    assert "рассказала, что в новом" in " ".join(fixed.paragraphs)
    assert doubled not in fixed.paragraphs
    # Not found where the prefix says: the first place it is printed.
    assert (
        "объявили"
        in published(article, [("обьявили", "xyz", "объявили")]).paragraphs[0]
    )


def test_the_demo_ships_weeks_of_history_once(settings):
    settings.ORFO_DEMO = True
    call_command("demo", stdout=StringIO())
    issues, reports = Issue.objects.count(), Report.objects.count()
    activity = Activity.objects.count()
    assert issues == sum(len(a.errors) for a in history.ARCHIVE)
    assert reports > issues
    call_command("demo", stdout=StringIO())  # twice: no second history
    assert (Issue.objects.count(), Report.objects.count()) == (issues, reports)
    assert Activity.objects.count() == activity
    # Spread over four weeks, in several sections and the three languages, most
    # fixed a realistic while after the first report; no outbox event for any.
    firsts = list(Issue.objects.values_list("first_seen", flat=True))
    assert timezone.now() - min(firsts) > timedelta(days=20)
    assert {"ru", "kk", "en"} == set(Issue.objects.values_list("lang", flat=True))
    assert len(set(Page.objects.values_list("section", flat=True))) >= 4
    fixed = [
        i.resolved_at - i.first_seen
        for i in Issue.objects.filter(status=Status.RESOLVED)
    ]
    assert len(fixed) >= issues // 2
    assert all(timedelta(minutes=10) < span < timedelta(days=4) for span in fixed)
    assert not Event.objects.exists()


def test_the_demo_without_history(settings):
    settings.ORFO_DEMO = True
    call_command("demo", "--no-history", stdout=StringIO())
    assert not Issue.objects.exists()


def test_the_historys_articles_are_served_as_fixed_as_their_issues(settings, client):
    """Every history issue's page opens on the demo server with its error where the
    issue says, printed wrong while open and corrected once resolved with a fix."""
    settings.ORFO_DEMO = True
    settings.SITE_ROOT = "http://testserver"  # where the history's pages are
    call_command("demo", stdout=StringIO())
    for issue in Issue.objects.select_related("page"):
        path = "/" + issue.page.url.split("/", 3)[3]
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        wrong = f"{issue.prefix}{issue.quote}{issue.suffix}"
        right = f"{issue.prefix}{issue.accepted_fix}{issue.suffix}"
        if issue.status == Status.OPEN:
            assert wrong in html
        else:
            assert right in html and wrong not in html
    assert client.get("/news/2026/no-such-article/").status_code == 404
    settings.ORFO_DEMO = False
    assert client.get(path).status_code == 404


def test_a_newcomers_first_report_tops_the_demos_inbox(client, send, settings):
    """The history's open issues must not push the newcomer's own first report down
    the inbox (most readers first, then the latest)."""
    settings.ORFO_DEMO = True
    call_command("demo", stdout=StringIO())
    from orfo.sites.models import Site

    demo = Site.objects.get(name=SITE_NAME)
    demo.hosts = [*demo.hosts, "testserver"]
    demo.save()
    issue = report(send, demo, "обьявили")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    inbox = client.get("/dashboard/").content.decode()
    first = inbox.index(f"/dashboard/issues/{issue.pk}/")
    others = Issue.objects.filter(status=Status.OPEN).exclude(pk=issue.pk)
    assert others.exists()
    assert all(
        f"/dashboard/issues/{other.pk}/" not in inbox[:first] for other in others
    )
