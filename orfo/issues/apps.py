from django.apps import AppConfig


class IssuesConfig(AppConfig):
    name = "orfo.issues"
    label = "orfo_issues"
    verbose_name = "Issues"
