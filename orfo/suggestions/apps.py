from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "orfo.suggestions"
    label = "orfo_suggestions"
    verbose_name = "Suggestions"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
