import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from orfo.notifications.transports.base import Transport, TransportError


class EmailTransport(Transport):
    """One message per address, so that recipients do not see each other."""

    def send(self, message) -> None:
        template = "digest" if message.reason == "digest" else "issue"
        subject = " ".join(
            message.render(f"notifications/email/{template}-subject.txt").split()
        )
        text = message.render(f"notifications/email/{template}.txt")
        html = message.render(f"notifications/email/{template}.html")
        addresses = self.channel.config["to"]
        refused: dict = {}
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        try:
            with connection:  # one SMTP session for all the addresses
                for address in addresses:
                    email = EmailMultiAlternatives(
                        subject=subject,
                        body=text,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[address],
                        headers={"X-Orfo-Notification": message.key},
                        connection=connection,
                    )
                    email.attach_alternative(html, "text/html")
                    try:
                        email.send()
                    except smtplib.SMTPRecipientsRefused as e:
                        refused.update(e.recipients)
        except (smtplib.SMTPException, OSError) as e:
            # Server, login and network trouble is the operator's to fix, not the
            # channel's: retry rather than disable.
            raise TransportError(f"SMTP: {e}") from e
        # As when one message went to all: the channel fails when nobody got it.
        if refused and len(refused) == len(addresses):
            codes = [code for code, _ in refused.values()]
            raise TransportError(
                f"recipients refused: {', '.join(refused)}",
                permanent=all(code >= 500 for code in codes),
            )
