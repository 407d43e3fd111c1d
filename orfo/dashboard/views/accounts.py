"""Password reset, throttled, and refused where its mail would only reach the log."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from orfo.lib.clients import client_address
from orfo.reports import limits

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def mail_reaches_only_the_log() -> bool:
    """Without EMAIL_HOST, mail is printed to the server log: fine for the demo, but
    a live reset link there lets whoever reads the log take over the account."""
    return settings.EMAIL_BACKEND == CONSOLE_BACKEND and not (
        settings.DEBUG or settings.ORFO_DEMO
    )


def _keyed_hash(text: str) -> str:
    """TEXT as a cache key part that cannot be reversed by trying emails."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:32]


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if mail_reaches_only_the_log():
            form.add_error(
                "email",
                _(
                    "Password reset by email is not available: this Orfo has no mail "
                    "server. Ask whoever runs it to set your password."
                ),
            )
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        wait = limits.over_limit(
            (
                f"reset-client:{client_address(self.request)}",
                settings.ORFO_RATE_LIMIT_PASSWORD_RESET_CLIENT,
            ),
            (
                f"reset-email:{_keyed_hash(email)}",
                settings.ORFO_RATE_LIMIT_PASSWORD_RESET_EMAIL,
            ),
        )
        if wait:
            form.add_error(
                "email", _("Too many password reset requests; try again later.")
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().form_valid(form)
