from django.apps import AppConfig


class VerificationConfig(AppConfig):
    """Checks of the live page: fetch, extraction, re-anchoring, and acting on
    the verdicts."""

    name = "orfo.verification"
    label = "verification"
    verbose_name = "Verification"

    def ready(self) -> None:
        from orfo.outbox import dispatch
        from orfo.verification import api, schedule

        dispatch.listen(api.on_event)
        dispatch.every_sweep(schedule.queue_due)
