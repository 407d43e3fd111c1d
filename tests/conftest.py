import json
import uuid

import pytest

from orfo.sites.api import create_site

NEWS_PAGE = "https://news.kz/2026/11/27/library"
CONTEXT = "On Wednesday Almaty opened teh doors of its new city library. Its collection"


@pytest.fixture
def site(db):
    """The newsroom whose readers report errors."""
    return create_site("News.kz", ["news.kz", "*.news.kz"], "ru")


@pytest.fixture
def other_site(db):
    """Another newsroom on the same Orfo."""
    return create_site("Other", ["other.example"], "en")


def make_report(target, quote="teh", url=NEWS_PAGE, text=CONTEXT, **fields):
    """Build a report payload whose quote sits at its first place in TEXT."""
    start = text.index(quote)
    end = start + len(quote)
    payload = {
        "site": target.key,
        "url": url,
        "title": "Almaty opens a library",
        "lang": "en",
        "quote": quote,
        "prefix": text[max(0, start - 64) : start],
        "suffix": text[end : end + 64],
        "position": {"start": start, "end": end},
        "comment": "",
        "correction": "",
        "client_id": uuid.uuid4().hex,
    }
    payload.update(fields)
    return payload


@pytest.fixture
def send(client):
    """POST a report the way the widget does (text/plain, with an Origin)."""

    def send(payload, origin="https://news.kz", raw=None, **headers):
        if origin:
            headers["HTTP_ORIGIN"] = origin
        body = raw if raw is not None else json.dumps(payload)
        return client.post(
            "/api/v1/reports", data=body, content_type="text/plain", **headers
        )

    return send
