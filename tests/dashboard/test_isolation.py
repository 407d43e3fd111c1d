"""Tenant isolation: another newsroom's editor gets 404 from every view and verb."""

import pytest

from orfo.issues.models import Issue, Status
from orfo.sites import invitations
from orfo.sites.models import Membership

pytestmark = pytest.mark.django_db


def urls_for(issue, site, membership, invitation):
    return {
        "get": [
            f"/dashboard/issues/{issue.pk}/",
            f"/dashboard/sites/{site.pk}/",
            f"/dashboard/sites/{site.pk}/audit/",
            f"/dashboard/sites/{site.pk}/members/{membership.pk}/remove/",
        ],
        "post": [
            (f"/dashboard/issues/{issue.pk}/status/", {"status": "resolved"}),
            (f"/dashboard/issues/{issue.pk}/assign/", {"assignee": ""}),
            (f"/dashboard/issues/{issue.pk}/note/", {"note": "hi"}),
            (f"/dashboard/sites/{site.pk}/", {"name": "x", "hosts": "evil.example"}),
            (f"/dashboard/sites/{site.pk}/rotate-key/", {}),
            (f"/dashboard/sites/{site.pk}/rotate-token/", {}),
            (
                f"/dashboard/sites/{site.pk}/invitations/",
                {"email": "stranger@evil.example", "role": "owner"},
            ),
            (f"/dashboard/sites/{site.pk}/invitations/{invitation.pk}/revoke/", {}),
            (
                f"/dashboard/sites/{site.pk}/members/{membership.pk}/",
                {"role": "editor", "confirm": "1"},
            ),
            (f"/dashboard/sites/{site.pk}/members/{membership.pk}/remove/", {}),
        ],
    }


def test_another_sites_user_gets_404_everywhere(client, site, issue, owner, stranger):
    membership = Membership.objects.get(user=owner)
    invitation, _ = invitations.invite(site, "new@news.kz", "editor", owner)
    client.force_login(stranger)
    urls = urls_for(issue, site, membership, invitation)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 404, url
    site.refresh_from_db()
    issue.refresh_from_db()
    assert site.name == "News.kz" and site.hosts == ["*.news.kz", "news.kz"]
    assert issue.status == Status.OPEN and not issue.activity.exclude(kind="created")
    assert Membership.objects.filter(site=site).count() == 1
    assert list(site.invitations.values_list("email", flat=True)) == ["new@news.kz"]


def test_another_sites_user_sees_nothing_in_lists(client, site, issue, stranger):
    client.force_login(stranger)
    for url in [
        "/dashboard/",
        "/dashboard/?status=",
        f"/dashboard/?q={issue.quote}",
        f"/dashboard/?site={site.pk}",
        "/dashboard/sites/",
        f"/dashboard/overview/?site={site.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f"/dashboard/issues/{issue.pk}/" not in html, url
        assert "Almaty opened" not in html and "News.kz" not in html, url


def test_bulk_actions_skip_another_sites_issues(client, issue, stranger):
    client.force_login(stranger)
    client.post("/dashboard/bulk/", {"action": "spam", "issue": [issue.pk]})
    assert Issue.objects.get(pk=issue.pk).status == Status.OPEN


def test_editors_cannot_manage_their_site(client, site, issue, editor, owner):
    client.force_login(editor)
    assert client.get(f"/dashboard/sites/{site.pk}/").status_code == 200
    old_key = site.key
    invitation, _ = invitations.invite(site, "new@news.kz", "editor", owner)
    membership = Membership.objects.get(user=owner)
    for url, data in urls_for(issue, site, membership, invitation)["post"][3:]:
        assert client.post(url, data).status_code == 404, url
    site.refresh_from_db()
    assert site.key == old_key
    assert list(site.invitations.values_list("email", flat=True)) == ["new@news.kz"]
    assert (
        site.api_token
        not in client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    )


def test_anonymous_users_are_sent_to_log_in(client, issue, site):
    for url in [
        "/dashboard/",
        f"/dashboard/issues/{issue.pk}/",
        "/dashboard/sites/",
        "/dashboard/overview/",
        f"/dashboard/sites/{site.pk}/",
    ]:
        response = client.get(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
    assert client.post("/dashboard/bulk/", {"action": "spam"}).status_code == 302


def test_assigning_someone_outside_the_site_is_refused(client, issue, editor, stranger):
    client.force_login(editor)
    response = client.post(
        f"/dashboard/issues/{issue.pk}/assign/", {"assignee": stranger.pk}
    )
    assert response.status_code == 404
    assert Issue.objects.get(pk=issue.pk).assignee is None
