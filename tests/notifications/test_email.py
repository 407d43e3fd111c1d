"""Email through a real SMTP server on loopback."""

from orfo.notifications import delivery
from orfo.notifications.models import Notification
from tests.notifications.conftest import channel, drain


def test_it_mails_subject_text_and_html(site, smtp, report):
    site.default_lang = "en"
    site.save()
    channel(site, "email", config={"to": ["desk@news.kz"]})
    issue = report()
    assert drain() == ["sent"]
    [(to, msg)] = smtp.messages
    assert to == ["desk@news.kz"]
    assert msg["Subject"].strip() == "New error reported on News.kz: «teh»"
    assert msg["From"] == "orfo@example.org"
    assert msg["X-Orfo-Notification"] == str(Notification.objects.get().key)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    # One report does not name the article: it is shown by its path until two
    # readers send the same title.
    assert "Article: /2026/11/27/library" in text
    assert "opened [teh] doors" in text
    assert "Suggested correction: the" in text
    assert "Reports: 1" in text
    assert f"https://orfo.example/dashboard/issues/{issue.pk}/" in text
    assert "https://news.kz/2026/11/27/library#:~:text=" in text
    assert "<s>teh</s>" in html and "<strong>the</strong>" in html


def test_each_address_gets_a_message_of_its_own(site, smtp, report):
    """Recipients do not see each other's addresses."""
    addresses = ["desk@news.kz", "chief@news.kz", "night@news.kz"]
    channel(site, "email", config={"to": addresses})
    report()
    assert drain() == ["sent"]
    assert [to for to, _ in smtp.messages] == [[a] for a in addresses]
    for address, (_, msg) in zip(addresses, smtp.messages, strict=True):
        assert msg["To"] == address and msg["Cc"] is None
        assert msg["X-Orfo-Notification"] == str(Notification.objects.get().key)


def test_one_refused_address_among_others_is_not_a_failure(site, smtp, report):
    mail = channel(site, "email", config={"to": ["gone@news.kz", "desk@news.kz"]})
    report()
    assert drain() == ["sent"]
    assert [to for to, _ in smtp.messages] == [["desk@news.kz"]]
    mail.refresh_from_db()
    assert mail.is_enabled


def test_it_speaks_the_sites_language(site, smtp, report):
    channel(site, "email", config={"to": ["desk@news.kz"]})
    report()
    drain()
    [(_, msg)] = smtp.messages
    assert msg["Subject"].strip() == "Новая ошибка на сайте News.kz: «teh»"
    assert "Предлагаемое исправление: the" in msg.get_body(("plain",)).get_content()


def test_a_refused_recipient_disables(site, smtp, report):
    mail = channel(site, "email", config={"to": ["gone@news.kz"]})
    report()
    drain()
    mail.refresh_from_db()
    assert not mail.is_enabled and "gone@news.kz" in mail.disabled_reason


def test_a_server_that_is_down_is_retried(site, settings, report, smtp):
    settings.EMAIL_PORT = 1  # nothing listens there
    mail = channel(site, "email", config={"to": ["desk@news.kz"]})
    report()
    drain()
    mail.refresh_from_db()
    assert mail.is_enabled and mail.last_error.startswith("SMTP")
    assert Notification.objects.get().status == "pending"


def test_a_test_notification_uses_a_sample_issue(
    site, smtp, django_capture_on_commit_callbacks
):
    mail = channel(site, "email", config={"to": ["desk@news.kz"]})
    with django_capture_on_commit_callbacks():
        delivery.send_test(mail)
    assert drain() == ["sent"]
    [(_, msg)] = smtp.messages
    assert msg["Subject"].strip().startswith("Проверочное уведомление для News.kz")
