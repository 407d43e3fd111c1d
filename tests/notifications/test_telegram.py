"""Telegram: sendMessage to the (fake) Bot API in HTML parse mode."""

import json

from django.utils import timezone

from orfo.notifications.apps import check_settings
from orfo.notifications.models import Channel, Notification
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


def test_a_private_api_address_is_the_operators_error_retried_not_a_disabled_channel(
    site, receiver, report, settings, caplog
):
    """ORFO_TELEGRAM_API on a private address without ORFO_OUTBOUND_ALLOW_PRIVATE."""
    allowed = settings.ORFO_OUTBOUND_ALLOW_PRIVATE
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    bot = telegram(site)
    report()
    report("quick", text="the quick brown fox")
    with caplog.at_level("ERROR"):
        assert drain() == ["failed", "deferred"]
    bot.refresh_from_db()
    assert bot.is_enabled and not bot.disabled_reason
    assert "ORFO_TELEGRAM_API" in bot.last_error  # shown on the channel's page
    assert any("ORFO_TELEGRAM_API" in r.getMessage() for r in caplog.records)
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}
    assert receiver.to(f"/tg/bot{TOKEN}/sendMessage") == []
    # The operator fixes the setting: everything queued goes out, the error clears.
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = allowed
    Channel.objects.update(retry_after=None)
    Notification.objects.update(next_attempt_at=timezone.now())
    assert drain() == ["sent", "sent"]
    bot.refresh_from_db()
    assert bot.last_error == "" and bot.last_delivery is not None
    assert len(receiver.to(f"/tg/bot{TOKEN}/sendMessage")) == 2


def test_the_system_check_names_a_private_api_address(settings):
    settings.ORFO_TELEGRAM_API = "http://10.1.2.3:8081"
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    assert "orfo.W103" in [m.id for m in check_settings()]
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = ["10.0.0.0/8"]
    assert "orfo.W103" not in [m.id for m in check_settings()]
    settings.ORFO_TELEGRAM_API = "http://1.1.1.1:8081"  # public: fine
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = []
    assert "orfo.W103" not in [m.id for m in check_settings()]
