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
    return found
