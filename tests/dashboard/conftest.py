import pytest
from django.contrib.auth import get_user_model

from orfo.issues.models import Issue
from orfo.sites.api import add_member
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
def editor(site):
    """An editor of the newsroom."""
    user = get_user_model().objects.create_user(
        "editor", email="editor@news.kz", password="pass-editor-1"
    )
    add_member(site, user, "editor")
    return user


@pytest.fixture
def owner(site):
    """The newsroom's owner, who manages the site."""
    user = get_user_model().objects.create_user("owner", password="pass-owner-1")
    add_member(site, user, "owner")
    return user


@pytest.fixture
def stranger(other_site):
    """An owner of another newsroom: must never see ours."""
    user = get_user_model().objects.create_user("stranger", password="pass-x-1")
    add_member(other_site, user, "owner")
    return user


@pytest.fixture
def issue(site, send):
    send(make_report(site, correction="the", comment="Please fix"))
    return Issue.objects.get(site=site)
