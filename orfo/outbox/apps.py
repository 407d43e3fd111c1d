from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "orfo.outbox"
    label = "orfo_outbox"
    verbose_name = "Outbox"
