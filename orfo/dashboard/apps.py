from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "orfo.dashboard"
    label = "orfo_dashboard"
    verbose_name = "Dashboard"
