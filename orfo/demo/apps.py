from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "orfo.demo"
    label = "orfo_demo"
    verbose_name = "Demo"
