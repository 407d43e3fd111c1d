import itertools
import json
import signal
import socket
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests import processes
from tests.chromium import ARGS, CHROMIUM

NEWS_PAGE = "https://news.kz/2026/11/27/library"
CONTEXT = "On Wednesday Almaty opened teh doors of its new city library. Its collection"


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_worker_once():
    """`orfo worker --batch` in this process, keeping the test's signal handlers."""
    from django.core.management import call_command

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("worker", batch=True, sweep=60, verbosity=0)
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test():
    """Whatever a test started with tests/processes.py and left running, passed or
    failed, is stopped with its whole session (set up first, so torn down last)."""
    yield
    processes.stop_all()


@pytest.fixture(autouse=True)
def _fresh_blocklists():
    """Blocked readers are held per process by site id, which SQLite reuses."""
    from orfo.reports import spam

    spam._blocklists.clear()


@pytest.fixture(autouse=True)
def _rate_limits_per_test(monkeypatch):
    """A test that breaks the cache pauses counting in this process, not the next.
    And windows are fixed: a test running across a minute's end would see its counts
    start over, so within a test the clock that picks them stands still."""
    from orfo.reports import limits

    limits._cache_down_until = 0.0
    now = limits._now()
    monkeypatch.setattr(limits, "_now", lambda: now)


@pytest.fixture
def site(db):
    """The newsroom whose readers report errors."""
    from orfo.sites.api import create_site

    return create_site("News.kz", ["news.kz", "*.news.kz"], "ru")


@pytest.fixture
def other_site(db):
    """Another newsroom on the same Orfo."""
    from orfo.sites.api import create_site

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


# Named people, as Healthchecks' tests have them: who may see what is the point.
@pytest.fixture
def editor(site):
    """An editor of the newsroom."""
    from django.contrib.auth import get_user_model

    from orfo.sites.api import add_member

    user = get_user_model().objects.create_user(
        "editor", email="editor@news.kz", password="pass-editor-1"
    )
    add_member(site, user, "editor")
    return user


@pytest.fixture
def owner(site):
    """The newsroom's owner, who manages the site."""
    from django.contrib.auth import get_user_model

    from orfo.sites.api import add_member

    user = get_user_model().objects.create_user("owner", password="pass-owner-1")
    add_member(site, user, "owner")
    return user


@pytest.fixture
def stranger(other_site):
    """An owner of another newsroom: must never see ours."""
    from django.contrib.auth import get_user_model

    from orfo.sites.api import add_member

    user = get_user_model().objects.create_user("stranger", password="pass-x-1")
    add_member(other_site, user, "owner")
    return user


@pytest.fixture
def send(client):
    """POST a report the way the widget does (text/plain, with an Origin).

    Each call comes from another reader (address) unless REMOTE_ADDR is given.
    """
    readers = itertools.count(1)

    def send(payload, origin="https://news.kz", raw=None, **headers):
        n = next(readers)
        # Past 250, IPv6 readers: each in a /64 of its own (readers are told apart
        # by their /64).
        ipv6 = f"2001:db8:{n:x}::1"
        headers.setdefault("REMOTE_ADDR", f"192.0.2.{n % 250}" if n < 250 else ipv6)
        if origin:
            headers["HTTP_ORIGIN"] = origin
        body = raw if raw is not None else json.dumps(payload)
        return client.post(
            "/api/v1/reports", data=body, content_type="text/plain", **headers
        )

    return send


def pytest_collection_modifyitems(items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is not installed (make test installs it)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()
