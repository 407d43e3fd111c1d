"""Proofreading before publishing: the API (per-site token) and the dashboard page."""

import json
import re

import pytest

from orfo.demo.articles import ARTICLES

pytestmark = pytest.mark.django_db


def post(client, token, body):
    return client.post(
        "/api/v1/proofread",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_api_finds_the_demo_articles_errors(client, site, lang):
    text = "\n\n".join(ARTICLES[lang].paragraphs)
    response = post(client, site.api_token, {"text": text})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["lang"] == lang
    found = {
        (f["word"].strip(), f["suggestions"][0] if f["suggestions"] else "")
        for f in body["findings"]
    }
    for finding in body["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["word"]
    words = {w for w, _ in found}
    expected = [wrong for wrong, _ in ARTICLES[lang].errors if " " not in wrong]
    assert sum(w in words for w in expected) >= len(expected) - 1, found
    assert body["checked"] == len(text)


def test_a_bad_or_missing_token_is_401(client, site, other_site):
    assert post(client, "orfo_nope", {"text": "x"}).status_code == 401
    assert (
        client.post(
            "/api/v1/proofread", data="{}", content_type="application/json"
        ).status_code
        == 401
    )
    site.is_active = False
    site.save()
    assert post(client, site.api_token, {"text": "teh"}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": 5}, {"text": "a", "lang": "de"}, {"text": "a", "x": 1}],
)
def test_bad_bodies_are_422(client, site, body):
    response = post(client, site.api_token, body)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_the_dashboard_page_marks_errors(client, site, admin_user):
    client.force_login(admin_user)
    assert client.get("/dashboard/proofread/").status_code == 200
    text = "The council recieved <b>the</b> goverment letter."
    html = client.post(
        "/dashboard/proofread/", {"text": text, "lang": ""}
    ).content.decode()
    assert '<mark class="finding"' in html and "received" in html
    assert "&lt;b&gt;the&lt;/b&gt;" in html  # the article's text is shown as text


def test_owners_see_and_rotate_the_api_token(client, site, admin_user):
    client.force_login(admin_user)
    old = site.api_token
    assert old in client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    client.post(f"/dashboard/sites/{site.pk}/rotate-token/")
    site.refresh_from_db()
    assert site.api_token != old
    assert post(client, old, {"text": "teh"}).status_code == 401


def test_a_text_of_nothing_but_unknown_words_is_checked_in_part_and_says_so(
    client, site, admin_user
):
    """Past MAX_EXAMINED letters of unknown words (or MAX_SECONDS) the rest is
    left unchecked (its cost is bounded), and both the API and the page say how
    far it got."""
    import random

    rng = random.Random(5)
    words = ["".join(rng.choice("etaoinshrdlu") for _ in range(20)) for _ in range(900)]
    text = " ".join(words)
    body = post(client, site.api_token, {"text": text, "lang": "en"}).json()
    assert 0 < body["checked"] < len(text)
    assert text[body["checked"]] != " "  # it stops at a word
    client.force_login(admin_user)
    html = client.post(
        "/dashboard/proofread/", {"text": text, "lang": "en"}
    ).content.decode()
    # (The page's own call, which may have got further or less far in its time.)
    assert re.search(r"Only the first \d+ characters were checked", html)
