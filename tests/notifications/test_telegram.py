"""Telegram: sendMessage to the (fake) Bot API in HTML parse mode."""

import json

from orfo.notifications.models import Notification
from tests.notifications.conftest import channel, drain

TOKEN = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ-0123456789"


def telegram(site, **fields):
    return channel(
        site, "telegram", config={"token": TOKEN, "chat_id": "-100123"}, **fields
    )


def test_it_sends_the_issue_in_html_parse_mode(site, receiver, report):
    telegram(site)
    issue = report()
    assert drain() == ["sent"]
    [request] = receiver.to(f"/tg/bot{TOKEN}/sendMessage")
    data = json.loads(request["body"])
    assert data["chat_id"] == "-100123"
    assert data["parse_mode"] == "HTML"
    text = data["text"]
    assert "<b>Новая ошибка на сайте News.kz</b>" in text  # the site's language
    assert "<b>[teh]</b>" in text
    assert "Предлагаемое исправление: <b>the</b>" in text
    assert "Сообщений: 1" in text
    assert f'<a href="https://orfo.example/dashboard/issues/{issue.pk}/">' in text
    assert '<a href="https://news.kz/2026/11/27/library#:~:text=' in text
    assert request["headers"]["Idempotency-Key"] == str(Notification.objects.get().key)


def test_a_bad_token_disables_the_channel(site, receiver, report):
    bot = telegram(site)
    receiver.respond(f"/tg/bot{TOKEN}/sendMessage", 401)
    report()
    drain()
    bot.refresh_from_db()
    assert not bot.is_enabled
    assert bot.disabled_reason == "Telegram answered 401: Unauthorized"
    assert bot.last_error == bot.disabled_reason


def test_a_threshold_channel_hears_the_nth_report_only(site, receiver, report):
    telegram(site, on_new=False, on_regression=False, threshold=3)
    for _ in range(4):
        report()
    drain()
    [request] = receiver.to(f"/tg/bot{TOKEN}/sendMessage")
    text = json.loads(request["body"])["text"]
    assert "3 сообщения" in text and "Сообщений: 3" in text
