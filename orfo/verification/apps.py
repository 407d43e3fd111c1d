from django.apps import AppConfig


class VerificationConfig(AppConfig):
    """Checks of the live page: fetch, extraction, re-anchoring, and acting on
    the verdicts."""

    name = "orfo.verification"
    label = "verification"
    verbose_name = "Verification"
