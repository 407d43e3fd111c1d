"""The site's dictionary through the API (site token): GET/POST /api/v1/dictionary,
DELETE /api/v1/dictionary/{lang}/{word}, GET /api/v1/dictionary/fixes."""

import json
from urllib.parse import quote

import pytest

from orfo.sites.models import AuditEvent
from orfo.suggestions import dictionary, learning, sitelexicon
from orfo.suggestions.models import SiteWord

pytestmark = pytest.mark.django_db
WORDS = "/api/v1/dictionary"


@pytest.fixture(autouse=True)
def fresh_cache():
    sitelexicon.reset()
    yield
    sitelexicon.reset()


def call(client, method, path, token, body=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method in ("get", "delete"):
        return getattr(client, method)(path, params, **headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", **headers)


def fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_a_word_is_added_listed_and_removed(client, site):
    token = site.api_token
    added = call(client, "post", WORDS, token, {"word": " ҚазАқпарат ", "lang": "kk"})
    assert added.status_code == 201, added.content
    assert added.json()["word"] == "ҚазАқпарат" and added.json()["added_by"] is None
    again = call(client, "post", WORDS, token, {"word": "қазақпарат", "lang": "kk"})
    assert again.status_code == 200 and again.json()["word"] == "ҚазАқпарат"
    assert sitelexicon.load(site.pk, "kk").attested("қазақпарат")
    listed = call(client, "get", WORDS, token, lang="kk").json()
    assert [w["word"] for w in listed["items"]] == ["ҚазАқпарат"]
    assert listed["next"] is None
    assert call(client, "get", WORDS, token, lang="ru").json()["items"] == []
    gone = call(client, "delete", f"{WORDS}/kk/{quote('ҚАЗАҚПАРАТ')}", token)
    assert gone.status_code == 204
    assert not SiteWord.objects.exists()
    missing = call(client, "delete", f"{WORDS}/kk/{quote('ҚАЗАҚПАРАТ')}", token)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    log = list(AuditEvent.objects.order_by("id").values_list("action", "actor_name"))
    assert log == [("word_added", "API"), ("word_removed", "API")]


def test_pages_walk_every_word_once(client, site):
    for n in range(7):
        dictionary.add(site, "ru", f"слово{'а' * n}")
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = call(client, "get", WORDS, site.api_token, **params).json()
        seen += [w["word"] for w in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert len(seen) == 7 and len(set(seen)) == 7
    assert seen[0] == "слово" + "а" * 6  # newest first
    found = call(client, "get", WORDS, site.api_token, q="СЛОВОАААААА").json()
    assert [w["word"] for w in found["items"]] == ["слово" + "а" * 6]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"word": "two words", "lang": "ru"}, "word"),
        ({"word": "", "lang": "ru"}, "word"),
        ({"word": "я" * 65, "lang": "ru"}, "word"),
        ({"word": "я" * 1000, "lang": "ru"}, "word"),
        ({"word": "слово", "lang": "de"}, "lang"),
        ({"word": "слово"}, "lang"),
        ({"word": 5, "lang": "ru"}, "word"),
        ({"word": "слово", "lang": "ru", "extra": 1}, "extra"),
    ],
)
def test_a_bad_word_is_a_422_naming_the_field(client, site, body, field):
    response = call(client, "post", WORDS, site.api_token, body)
    assert response.status_code == 422, response.content
    assert field in fields(response) or response.json().get("field") == field
    assert not SiteWord.objects.exists()


def test_bad_queries_are_422s_naming_them(client, site):
    for params, field in [
        ({"lang": "de"}, "lang"),
        ({"limit": 0}, "limit"),
        ({"limit": 10_000}, "limit"),
        ({"cursor": "made-up"}, "cursor"),
    ]:
        response = call(client, "get", WORDS, site.api_token, **params)
        assert response.status_code == 422, params
        assert field in fields(response), params
    assert (
        call(client, "delete", f"{WORDS}/de/слово", site.api_token).status_code == 422
    )


def test_learned_fixes_are_listed(client, site):
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    learning.add_fix(site.pk, "kk", "калалык", "қалалық")
    learning.add_fix(site.pk, "ru", "обьявили", "объявили")
    kk = call(client, "get", f"{WORDS}/fixes", site.api_token, lang="kk").json()
    assert [(f["wrong"], f["right"], f["count"]) for f in kk["items"]] == [
        ("калалык", "қалалық", 2)
    ]
    every = call(client, "get", f"{WORDS}/fixes", site.api_token).json()
    assert len(every["items"]) == 2


def test_another_sites_token_sees_and_changes_nothing(client, site, other_site):
    dictionary.add(site, "ru", "Алматы")
    theirs = other_site.api_token
    assert call(client, "get", WORDS, theirs).json()["items"] == []
    assert call(client, "delete", f"{WORDS}/ru/Алматы", theirs).status_code == 404
    assert SiteWord.objects.filter(site=site).count() == 1
    for token in ("", "orfo_wrong", "x" * 500):
        assert call(client, "get", WORDS, token).status_code == 401
        body = {"word": "слово", "lang": "ru"}
        assert call(client, "post", WORDS, token, body).status_code == 401


def test_control_characters_never_reach_the_database(client, site):
    """PostgreSQL refuses a NUL in text: cleaned away first, never a 500."""
    token = site.api_token
    added = call(client, "post", WORDS, token, {"word": "сло\x00во", "lang": "ru"})
    assert added.status_code == 201 and added.json()["word"] == "слово"
    assert call(client, "get", WORDS, token, q="сл\x00").json()["items"]
    assert call(client, "get", f"{WORDS}/fixes", token, q="\x00").status_code == 200
    nul = quote("сло\x00во")
    gone = call(client, "delete", f"{WORDS}/ru/{nul}", token)
    assert gone.status_code == 204
