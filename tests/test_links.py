"""Links that open the live article at the error (text fragments)."""

import pytest

from orfo.issues.links import live_url, text_fragment
from orfo.issues.models import Issue
from tests.conftest import make_report


@pytest.mark.parametrize(
    "prefix,quote,suffix,expected",
    [
        ("Almaty opened ", "teh", " doors of its", "opened-,teh,-doors"),
        ("opened t", "eh", " doors", "opened-,teh,-doors"),  # a cut word is completed
        ("", "Teh", " city", "Teh,-city"),
        ("the cat saw ", "the", " dog and the dog saw the cat", "saw-,the,-dog"),
        ("a-b, ", "x&y", " c", "a%2Db%2C-,x%26y,-c"),
        (
            "В Алматы ",
            "обьявили",
            " об открытии",
            "%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B-,"
            "%D0%BE%D0%B1%D1%8C%D1%8F%D0%B2%D0%B8%D0%BB%D0%B8,-%D0%BE%D0%B1",
        ),
    ],
)
def test_text_fragment(prefix, quote, suffix, expected):
    assert text_fragment(prefix, quote, suffix) == ":~:text=" + expected


def test_context_grows_until_the_directive_is_unique():
    prefix = "one of the best and one of the "
    fragment = text_fragment(prefix, "worst", " of the of the")
    assert fragment == ":~:text=the-,worst,-of"
    fragment = text_fragment("said the ", "the", " new and said the the new one")
    assert fragment == ":~:text=said%20the-,the,-new%20and"


@pytest.mark.django_db
def test_live_url_uses_the_page_readers_opened(site, send):
    send(make_report(site, url="https://www.news.kz/a?utm_source=x#comments"))
    url = live_url(Issue.objects.select_related("page").get())
    assert url == "https://www.news.kz/a?utm_source=x#:~:text=opened-,teh,-doors"
