"""Channel kinds: each kind's transport, by dotted path (like Healthchecks')."""

from django.utils.module_loading import import_string

TRANSPORTS = {
    "email": "orfo.notifications.transports.email.EmailTransport",
    "telegram": "orfo.notifications.transports.telegram.TelegramTransport",
    "slack": "orfo.notifications.transports.slack.SlackTransport",
    "webhook": "orfo.notifications.transports.webhook.WebhookTransport",
}


def transport_for(channel):
    return import_string(TRANSPORTS[channel.kind])(channel)
