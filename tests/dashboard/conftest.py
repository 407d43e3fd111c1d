import pytest

from orfo.issues.models import Issue
from tests.conftest import make_report

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "</style><style>body{display:none}</style>",
    "\u202eevil\u202c text",
    "zero\u200bwidth\u200dchars",
    "W" * 290,
]


@pytest.fixture
def issue(site, send):
    send(make_report(site, correction="the", comment="Please fix"))
    return Issue.objects.get(site=site)
