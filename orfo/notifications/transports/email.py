import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from orfo.notifications.transports.base import Transport, TransportError


class EmailTransport(Transport):
    def send(self, message) -> None:
        template = "digest" if message.reason == "digest" else "issue"
        subject = " ".join(
            message.render(f"notifications/email/{template}-subject.txt").split()
        )
        email = EmailMultiAlternatives(
            subject=subject,
            body=message.render(f"notifications/email/{template}.txt"),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=self.channel.config["to"],
            headers={"X-Orfo-Notification": message.key},
            connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
        )
        email.attach_alternative(
            message.render(f"notifications/email/{template}.html"), "text/html"
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            raise TransportError(
                f"recipients refused: {', '.join(e.recipients)}",
                permanent=all(code >= 500 for code in codes),
            ) from e
        except (smtplib.SMTPException, OSError) as e:
            # Server, login and network trouble is the operator's to fix, not the
            # channel's: retry rather than disable.
            raise TransportError(f"SMTP: {e}") from e
