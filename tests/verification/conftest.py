import pytest

from .pageserver import PageServer


@pytest.fixture
def pages(settings):
    """A news site on loopback (reachable: ORFO_OUTBOUND_ALLOW_PRIVATE covers it)."""
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.ORFO_VERIFY_FETCHES_PER_MINUTE = 1000
    settings.ORFO_VERIFY_TIMEOUT = 2
    server = PageServer()
    yield server
    server.close()
