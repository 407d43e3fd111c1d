"""Channel pages: owners only, CSRF-protected forms, no inline script."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orfo.notifications.models import Channel, Notification
from orfo.sites.api import add_member
from tests.notifications.conftest import channel

TOKEN = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ-0123456789"


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def url(site, rest=""):
    return f"/dashboard/sites/{site.pk}/channels/{rest}"


def test_the_list_shows_last_delivery_last_error_and_why_disabled(site, as_owner):
    broken = channel(
        site, "webhook", config={"url": "https://x.example/", "secret": "s"}
    )
    broken.disable("Webhook answered 404: <b>gone</b>")
    Channel.objects.filter(pk=broken.pk).update(last_error="Webhook answered 404")
    response = as_owner.get(url(site))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Webhook answered 404: &lt;b&gt;gone&lt;/b&gt;" in html
    assert "Last error" in html or "Последняя ошибка" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"<[^>]+\son\w+=", html)


def test_an_owner_adds_a_telegram_channel(site, as_owner):
    response = as_owner.post(
        url(site, "add/telegram/"),
        {
            "name": "Desk",
            "token": TOKEN,
            "chat_id": "-100123",
            "on_new": "on",
            "threshold": "5",
            "digest": "daily",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    bot = Channel.objects.get()
    assert bot.kind == "telegram" and bot.name == "Desk"
    assert bot.config == {"token": TOKEN, "chat_id": "-100123"}
    assert bot.on_new and not bot.on_regression and bot.threshold == 5
    assert bot.digest == "daily"


def test_bad_input_is_refused(site, as_owner):
    response = as_owner.post(
        url(site, "add/webhook/"), {"url": "javascript:alert(1)", "threshold": "1"}
    )
    assert response.status_code == 200
    assert not Channel.objects.exists()
    form = response.context["form"]
    assert "url" in form.errors and "threshold" in form.errors


def test_an_owner_edits_and_reenables_a_channel(site, as_owner):
    hook = channel(site, "webhook", config={"url": "https://x.example/", "secret": "s"})
    hook.disable("Webhook answered 404")
    response = as_owner.post(
        url(site, f"{hook.pk}/"),
        {"url": "https://y.example/", "on_new": "on", "is_enabled": "on"},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.is_enabled and hook.disabled_reason == ""
    assert hook.config == {"url": "https://y.example/", "secret": "s"}


def test_a_webhook_gets_a_secret_shown_on_its_page(site, as_owner):
    as_owner.post(
        url(site, "add/webhook/"), {"url": "https://x.example/h", "on_new": "on"}
    )
    hook = Channel.objects.get()
    assert len(hook.config["secret"]) >= 32
    assert (
        hook.config["secret"] in as_owner.get(url(site, f"{hook.pk}/")).content.decode()
    )


def test_the_token_is_never_shown_back(site, as_owner):
    bot = channel(site, "telegram", config={"token": TOKEN, "chat_id": "1"})
    assert TOKEN not in as_owner.get(url(site, f"{bot.pk}/")).content.decode()
    as_owner.post(
        url(site, f"{bot.pk}/"), {"chat_id": "2", "on_new": "on", "is_enabled": "on"}
    )
    bot.refresh_from_db()
    assert bot.config == {"token": TOKEN, "chat_id": "2"}


def test_delete_and_test_are_post_only(
    site, as_owner, django_capture_on_commit_callbacks
):
    mail = channel(site, "email", config={"to": ["a@news.kz"]})
    assert as_owner.get(url(site, f"{mail.pk}/test/")).status_code == 405
    with django_capture_on_commit_callbacks() as callbacks:
        assert as_owner.post(url(site, f"{mail.pk}/test/")).status_code == 302
    assert len(callbacks) == 1  # enqueued for a worker, not sent in the request
    assert Notification.objects.get().reason == "test"
    assert as_owner.post(url(site, f"{mail.pk}/delete/")).status_code == 302
    assert not Channel.objects.exists()


def test_forms_need_the_csrf_token(site, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(url(site, "add/email/"), {"to": "a@news.kz", "on_new": "on"})
    assert response.status_code == 403
    page = client.get(url(site, "add/email/")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.parametrize("who", ["editor", "stranger", "other_owner"])
def test_anyone_but_an_owner_gets_404(site, other_site, client, editor, who):
    user = editor
    if who == "stranger":
        user = get_user_model().objects.create_user("stranger")
    elif who == "other_owner":
        user = get_user_model().objects.create_user("other")
        add_member(other_site, user, "owner")
    client.force_login(user)
    mail = channel(site, "email", config={"to": ["a@news.kz"]})
    for path in ("", "add/email/", f"{mail.pk}/"):
        assert client.get(url(site, path)).status_code == 404
    for path in (f"{mail.pk}/test/", f"{mail.pk}/delete/"):
        assert client.post(url(site, path)).status_code == 404
    assert Channel.objects.filter(pk=mail.pk).exists()
    assert not Notification.objects.exists()


def test_a_channel_of_another_site_is_404(site, other_site, as_owner):
    theirs = channel(other_site, "email", config={"to": ["a@other.example"]})
    assert as_owner.get(url(site, f"{theirs.pk}/")).status_code == 404
    assert as_owner.post(url(site, f"{theirs.pk}/delete/")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(site, client):
    response = client.get(url(site))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
