import hashlib
import hmac
import json

from django.utils import timezone

from orfo.notifications.transports.base import HttpTransport

EVENTS = {
    "new": "issue.new",
    "threshold": "issue.threshold",
    "regression": "issue.regression",
    "resolved": "issue.resolved",
    "reopened": "issue.reopened",
    "regressed": "issue.regressed",
    "verified": "issue.verified",
    "fix_not_live": "issue.fix_not_live",
    "digest": "digest",
    "test": "test",
}


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def payload(message) -> dict:
    data = {
        "id": message.key,
        "event": EVENTS[message.reason],
        "sent_at": timezone.now().isoformat(),
        "lang": message.lang,
        "site": message.site,
        "text": message.headline,
    }
    if "issue" in message.context:
        data["issue"] = {k: _json(v) for k, v in message.context["issue"].items()}
        verification = data["issue"].get("verification")
        if verification:
            data["issue"]["verification"] = {
                k: _json(v) for k, v in verification.items()
            }
    if "change" in message.context:
        data["change"] = dict(message.context["change"])
    if "digest" in message.context:
        digest = message.context["digest"]
        data["digest"] = {
            "since": digest["since"].isoformat(),
            "until": digest["until"].isoformat(),
            "new_count": digest["new_count"],
            "open_count": digest["open_count"],
            "new": [{k: _json(v) for k, v in i.items()} for i in digest["new"]],
            "open": [{k: _json(v) for k, v in i.items()} for i in digest["open"]],
        }
    return data


class WebhookTransport(HttpTransport):
    """POST JSON signed with HMAC-SHA256 over the exact body (docs/notifications.md)."""

    service = "Webhook"

    def send(self, message) -> None:
        body = json.dumps(payload(message), ensure_ascii=False).encode()
        headers = {
            "Idempotency-Key": message.key,
            "X-Orfo-Event": EVENTS[message.reason],
            "X-Orfo-Signature": sign(self.channel.config["secret"], body),
        }
        self.post(self.channel.config["url"], body, headers)
