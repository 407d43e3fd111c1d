"""Pages that live-page checks fetch teach the site's lexicon their article's text
(orfo.suggestions learns it; see tests/suggestions/test_learning.py)."""

import pytest

from orfo.issues.models import Issue
from orfo.suggestions.models import LearningText
from orfo.verification import api as verification
from orfo.verification.tasks import run_check
from tests.conftest import make_report
from tests.verification.pageserver import PageServer

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Президент Түркия елінің басшысымен кездесті. Екі ел инвестиция туралы "
    "келісімге қол қойды. Түркия мен Қазақстан арасындағы сауда өсті."
)


def page(article: str) -> bytes:
    return (
        "<html><body><header>Басты бет Мәзір Жаңалықтар</header>"
        f"<article><p>{article}</p></article><footer>©</footer></body></html>"
    ).encode()


@pytest.fixture
def server(settings):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 1000
    settings.ORFO_VERIFY_TIMEOUT = 5
    pages = PageServer()
    pages.route("/news", body=page(ARTICLE))
    yield pages
    pages.close()


@pytest.fixture
def site(db):
    from orfo.sites.api import create_site

    return create_site("Loopback News", ["127.0.0.1"], "ru")


@pytest.fixture
def issue(site, send, server):
    url = f"{server.origin}/news"
    payload = make_report(site, "басшысымен", url=url, text=ARTICLE, lang="ru")
    response = send(payload, server.origin)
    assert response.status_code in (200, 201), response.content
    return Issue.objects.get(pk=response.json()["issue"])


def check_now(issue: Issue) -> str:
    verification.request_check(issue, now=True, reason="editor")
    return run_check(issue.page_id)


def test_a_fetched_page_teaches_its_article_once(server, issue):
    assert check_now(issue) == "ok"
    (learned,) = LearningText.objects.all()
    # Kazakh by its letters, though the page and the site say Russian; the article
    # without the menu above it.
    assert (learned.site_id, learned.lang, learned.source) == (
        issue.site_id,
        "kk",
        "page",
    )
    assert learned.text.startswith("Президент") and "Мәзір" not in learned.text
    server.route("/news", body=page(ARTICLE + " Жаңа сөйлем."))
    assert check_now(issue) == "ok"
    assert LearningText.objects.count() == 1  # once per page


def test_a_page_not_fetched_teaches_nothing(server, issue):
    server.route("/news", status=404, body=page(ARTICLE))
    assert check_now(issue) == "missing"
    assert not LearningText.objects.exists()


def test_a_failure_to_learn_never_fails_the_check(server, issue, monkeypatch):
    from orfo.suggestions import api as suggestions

    def broken(*args):
        raise RuntimeError("no room")

    monkeypatch.setattr(suggestions, "learn_page", broken)
    assert check_now(issue) == "ok"
    issue.refresh_from_db()
    assert issue.verification == "present"


def test_page_text_is_the_articles():
    assert verification.page_text(page(ARTICLE)) == ARTICLE + " ©"
    assert verification.page_text(b"<p>Only a paragraph.</p>") == "Only a paragraph."
    assert verification.article_text("menu article", (0, 5)) == "article"
    assert verification.article_text("whole", (0,)) == "whole"
