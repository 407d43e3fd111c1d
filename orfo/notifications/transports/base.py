import logging

from orfo.lib import http

logger = logging.getLogger(__name__)


class TransportError(Exception):
    """A send that failed; a permanent one disables the channel."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message[:300])
        self.permanent = permanent


class Transport:
    """Sends a built message to one channel; raises TransportError on failure."""

    def __init__(self, channel):
        self.channel = channel

    def send(self, message) -> None:
        raise NotImplementedError


class HttpTransport(Transport):
    """A transport that POSTs JSON through orfo.lib.http and judges the status."""

    service = "server"

    # The setting that chose the server, when the operator did rather than the channel:
    # a refused address is then a configuration error, retried and reported, not the
    # channel's fault (like SMTP trouble for email).
    server_setting = ""

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> http.Response:
        try:
            response = http.post_json(url, body, headers)
        except http.Refused as e:
            if self.server_setting:
                message = (
                    f"{self.server_setting} is refused ({e}): the server's operator "
                    f"must fix it or list its network in ORFO_OUTBOUND_ALLOW_PRIVATE"
                )
                logger.error("channel %s: %s", self.channel.pk, message)
                raise TransportError(message) from e
            raise TransportError(str(e), permanent=True) from e
        except http.HttpError as e:
            raise TransportError(str(e)) from e
        status = response.status
        if 200 <= status < 300:
            return response
        detail = self.describe(response)
        message = f"{self.service} answered {status}{': ' if detail else ''}{detail}"
        # Busy, rate-limited or broken servers may recover; anything else (a bad
        # token, a deleted webhook, a redirect we will not follow) will not.
        temporary = status in (408, 425, 429) or status >= 500
        raise TransportError(message, permanent=not temporary)

    def describe(self, response: http.Response) -> str:
        return ""
