"""Real local receivers: an HTTP server for Telegram and webhooks, an SMTP server."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from orfo.issues.models import Issue
from orfo.notifications import delivery
from orfo.notifications.models import Channel, Notification
from orfo.outbox import dispatch
from tests.conftest import CONTEXT, free_port, make_report

LOOPBACK = ["127.0.0.0/8", "::1/128"]


class Receiver:
    """Records every request; answers 200 unless told otherwise for a path."""

    def __init__(self):
        self.requests: list[dict] = []
        self.plans: dict[str, list[int]] = {}
        self.delay = 0.0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    plan = receiver.plans.get(self.path) or [200]
                    status = plan.pop(0) if len(plan) > 1 else plan[0]
                ok = 200 <= status < 300
                answer = {"ok": ok}
                if not ok:
                    answer["description"] = {401: "Unauthorized", 404: "Not Found"}.get(
                        status, "Internal Server Error"
                    )
                data = json.dumps(answer).encode()
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://169.254.169.254/latest/")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.02,), daemon=True
        )
        self.thread.start()

    def respond(self, path: str, *statuses: int) -> None:
        """Answer PATH with STATUSES in turn; the last one repeats."""
        self.plans[path] = list(statuses)

    def to(self, path: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def json(self, path: str) -> list[dict]:
        return [json.loads(r["body"]) for r in self.to(path)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


class Mailbox:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """An SMTP server on loopback, and Django's SMTP backend pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "orfo@example.org"
    yield mailbox
    controller.stop()


@pytest.fixture(autouse=True)
def outbound(settings, receiver):
    settings.ORFO_OUTBOUND_ALLOW_PRIVATE = LOOPBACK
    settings.ORFO_TELEGRAM_API = f"{receiver.url}/tg"
    settings.SITE_ROOT = "https://orfo.example"


@pytest.fixture
def report(site, send):
    """Post a report and return its issue (with outbox events pending)."""

    readers = iter(range(1, 10000))

    def report(quote="teh", correction="the", text=CONTEXT, **fields):
        payload = make_report(site, quote, text=text, correction=correction, **fields)
        # Each from its own reader: one reader's repeats are not new reports.
        response = send(payload, REMOTE_ADDR=f"203.0.113.{next(readers) % 250}")
        assert response.status_code == 201, response.content
        return Issue.objects.get(pk=response.json()["issue"])

    return report


def channel(site, kind, **fields) -> Channel:
    fields.setdefault("config", {})
    return Channel.objects.create(site=site, kind=kind, **fields)


def drain() -> list[str]:
    """Do what a worker would: dispatch events, then send every due notification."""
    dispatch.dispatch_pending()
    return [
        delivery.deliver(pk)
        for pk in Notification.objects.filter(status="pending")
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
