from django.apps import AppConfig
from django.core import checks


class NotificationsConfig(AppConfig):
    """Channels (email, Telegram, webhooks), and sending to them from the outbox."""

    name = "orfo.notifications"
    label = "orfo_notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from orfo.notifications import delivery, digests, fanout
        from orfo.outbox import dispatch

        dispatch.listen(fanout.on_event)
        dispatch.every_sweep(delivery.deliver_due)
        dispatch.every_sweep(digests.schedule_due)
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from django.conf import settings

    found = []
    if settings.ORFO_NOTIFY_LEASE_SECONDS <= max(
        settings.ORFO_OUTBOUND_TIMEOUT, settings.EMAIL_TIMEOUT
    ):
        found.append(
            checks.Warning(
                "ORFO_NOTIFY_LEASE_SECONDS is not longer than a send's timeout, so "
                "slow sends may be sent twice.",
                hint="Make the lease a few times ORFO_OUTBOUND_TIMEOUT.",
                id="orfo.W101",
            )
        )
    if not settings.ORFO_TELEGRAM_API.startswith(("https://", "http://")):
        found.append(
            checks.Error("ORFO_TELEGRAM_API must be an http(s) URL.", id="orfo.E102")
        )
    elif settings.ORFO_TELEGRAM_API != DEFAULT_TELEGRAM_API:
        found += _check_telegram_address(settings.ORFO_TELEGRAM_API)
    return found


DEFAULT_TELEGRAM_API = "https://api.telegram.org"


def _check_telegram_address(url: str) -> list[checks.CheckMessage]:
    """A Bot API server on a private address needs its network allowed."""
    from urllib.parse import urlsplit

    from orfo.lib import http

    parts = urlsplit(url)
    try:
        http.resolve(parts.hostname or "", parts.port or 443)
    except http.Refused as e:
        return [
            checks.Warning(
                f"ORFO_TELEGRAM_API is on an address outbound requests refuse ({e}): "
                "Telegram messages wait and are retried until it is fixed.",
                hint="List its network in ORFO_OUTBOUND_ALLOW_PRIVATE.",
                id="orfo.W103",
            )
        ]
    except (http.HttpError, ValueError):
        pass  # not resolvable now: the sends will say so, and be retried
    return []
