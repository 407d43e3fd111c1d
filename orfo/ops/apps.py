from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Commands that run Orfo: serve (and later the worker and retention)."""

    name = "orfo.ops"
    label = "orfo_ops"
    verbose_name = "Operations"

    def ready(self):
        from orfo.ops import checks  # noqa: F401 - registers the system checks
