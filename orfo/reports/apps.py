from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orfo.reports"
    label = "orfo_reports"
    verbose_name = "Reports"
