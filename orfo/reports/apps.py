from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orfo.reports"
    label = "orfo_reports"
    verbose_name = "Reports"

    def ready(self):
        from orfo.reports import spam  # noqa: F401 - connects the spam-verdict receiver
