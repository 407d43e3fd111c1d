"""Slack-compatible incoming webhooks: mrkdwn text, escaped."""

from tests.notifications.conftest import channel, drain


def test_it_posts_mrkdwn_text(site, receiver, report):
    site.default_lang = "en"
    site.save()
    channel(site, "slack", config={"url": receiver.url + "/slack"})
    issue = report("teh", correction="<!channel> & the")
    drain()
    [text] = [body["text"] for body in receiver.json("/slack")]
    assert text.startswith("*New error reported on News.kz*")
    assert "*[teh]*" in text
    assert "Suggested correction: *&lt;!channel&gt; &amp; the*" in text
    assert "<!channel>" not in text
    assert f"<https://orfo.example/dashboard/issues/{issue.pk}/|Open the issue>" in text


def test_a_410_disables(site, receiver, report):
    slack = channel(site, "slack", config={"url": receiver.url + "/gone"})
    receiver.respond("/gone", 410)
    report()
    drain()
    slack.refresh_from_db()
    assert not slack.is_enabled and "410" in slack.disabled_reason
