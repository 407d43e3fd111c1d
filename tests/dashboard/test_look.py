"""Every dashboard page in the dashboard's own look: the account pages too (not the
admin's), one favicon, flash messages announced, inbox checkboxes tied to issues."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import make_report

pytestmark = pytest.mark.django_db

DASHBOARD_LOOK = "dashboard/base.html"


def templates_of(response) -> set[str]:
    return {t.name for t in response.templates}


def test_password_reset_pages_are_the_dashboards(client, editor, mailoutbox):
    pages = [client.get("/accounts/password_reset/")]
    pages.append(
        client.post(
            "/accounts/password_reset/", {"email": "editor@news.kz"}, follow=True
        )
    )
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    pages.append(client.get(f"/accounts/reset/{uid}/{token}/", follow=True))
    pages.append(
        client.post(
            pages[-1].redirect_chain[-1][0],
            {"new_password1": "a-fresh-pass-94", "new_password2": "a-fresh-pass-94"},
            follow=True,
        )
    )
    pages.append(client.get(f"/accounts/reset/{uid}/not-a-token/"))
    for page in pages:
        assert page.status_code == 200
        names = templates_of(page)
        assert DASHBOARD_LOOK in names, names
        assert not any(name.startswith("admin/") for name in names), names
    assert "Your new password is saved" in pages[3].content.decode()


def test_password_change_pages_are_the_dashboards(client, editor):
    client.force_login(editor)
    form = client.get("/accounts/password_change/")
    done = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pass-editor-1",
            "new_password1": "a-fresh-pass-94",
            "new_password2": "a-fresh-pass-94",
        },
        follow=True,
    )
    for page in (form, done):
        assert page.status_code == 200
        assert DASHBOARD_LOOK in templates_of(page)
        assert not any(n.startswith("admin/") for n in templates_of(page))
    assert done.redirect_chain[-1][0] == "/accounts/password_change/done/"
    editor.refresh_from_db()
    assert editor.check_password("a-fresh-pass-94")


def test_the_favicon(client, editor):
    client.force_login(editor)
    page = client.get("/dashboard/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "no favicon linked"
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"] == icon.group(1)
    svg = b"".join(client.get(icon.group(1)).streaming_content)
    assert svg.startswith(b"<svg") and b"</svg>" in svg


def test_flash_messages_are_announced_in_main(client, owner, site):
    client.force_login(owner)
    page = client.post(
        f"/dashboard/sites/{site.pk}/rotate-token/", follow=True
    ).content.decode()
    live = re.search(r'<div role="status">(.*?)</div>', page, re.S)
    assert live is not None, "no status region"
    assert live.start() > page.index('<main id="content"')  # aligned with the page
    assert re.search(r'<ul class="messages"><li class="success">.+</li></ul>', live[1])


def test_each_rows_checkbox_says_which_issue(client, editor, site, send):
    send(make_report(site, "teh"))
    send(make_report(site, "Its"))
    client.force_login(editor)
    page = client.get("/dashboard/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="issue"[^>]*>', page)
    assert len(boxes) == 2
    for box in boxes:
        target = re.search(r'aria-describedby="([^"]+)"', box)[1]
        described = re.search(rf'<span [^>]*id="{target}">(.*?)</span>', page)
        assert described and "<mark>" in described[1], box
