from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "orfo.suggestions"
    label = "orfo_suggestions"
    verbose_name = "Suggestions"

    def ready(self) -> None:
        from orfo.outbox import dispatch

        from . import api, checks, learning  # noqa: F401  (checks: system checks)

        dispatch.listen(api.on_event)
        dispatch.every_sweep(api.catch_up)
        # Texts queued for the sites' lexicons (pages, resolved issues, the API).
        dispatch.every_sweep(learning.sweep)
