from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "orfo.sites"
    label = "orfo_sites"
    verbose_name = "Sites"
