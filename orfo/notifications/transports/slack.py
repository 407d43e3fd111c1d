import json

from orfo.notifications.transports.base import HttpTransport


class SlackTransport(HttpTransport):
    """Slack's incoming webhooks, and the many chats that accept the same body."""

    service = "Webhook"

    def send(self, message) -> None:
        text = message.render("notifications/slack/message.txt").strip()
        body = json.dumps({"text": text}).encode()
        self.post(self.channel.config["url"], body, {"Idempotency-Key": message.key})
