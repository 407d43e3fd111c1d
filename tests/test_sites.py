"""Sites: who may see and manage which site."""

import pytest
from django.contrib.auth import get_user_model

from orfo.sites.api import add_member, can_manage, role_of, sites_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(site):
    """An editor of the newsroom."""
    user = get_user_model().objects.create_user("alice", password="x")
    add_member(site, user, "editor")
    return user


def test_members_see_only_their_sites(site, other_site, alice, admin_user):
    assert list(sites_for(alice)) == [site]
    assert set(sites_for(admin_user)) == {site, other_site}


def test_roles(site, other_site, alice, admin_user):
    assert role_of(alice, site) == "editor" and not can_manage(alice, site)
    assert role_of(alice, other_site) is None
    add_member(site, alice, "owner")
    assert can_manage(alice, site)
    assert can_manage(admin_user, other_site)


def test_inactive_users_see_nothing(site, alice):
    alice.is_active = False
    alice.save()
    assert not sites_for(alice).exists()
    assert role_of(alice, site) is None


def test_a_site_key_never_starts_with_a_dash(monkeypatch):
    """`orfo sitetoken KEY` would read a key starting with "-" as an option (one key
    in 64 did)."""
    from orfo.sites import models

    drawn = iter(["-Abc", "_Def"])
    monkeypatch.setattr(models.secrets, "token_urlsafe", lambda n: next(drawn))
    assert models.new_site_key() == "_Def"
