"""How Orfo runs gunicorn: one command line for `orfo serve`, the benchmarks and tests.

Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel spreads new
connections over them. With one shared socket, whichever worker wakes first accepts a
whole burst of connections; kept alive, they all stay on that process, whose one
interpreter lock then caps the throughput while the other workers idle (seen in
bench/load.py: 32 connections on one worker of two, ingestion rate swinging 700 ↔
1,100 reports/s between runs).
"""

import errno
import re
import socket
import sys
from pathlib import Path

from gunicorn import glogging

# The access log of `orfo serve`: time, method, path without its query, status, size
# and duration. Never the client's address, user agent or referring page, which
# docs/privacy.md promises are not kept (gunicorn's default format has all three).
PRIVATE_ACCESS_LOG = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# A password-reset link's path holds a live token that sets the password.
_RESET_LINK = re.compile(r"^(/accounts/reset/)[^/]+/[^/]+/")
_PUBLIC_ATOMS = ("t", "m", "U", "s", "b", "B", "T", "D", "M", "L", "p", "H")


class PrivateAccessLogger(glogging.Logger):
    """gunicorn's logger, whose access lines cannot hold what identifies a client.

    Whatever a format asks for, only the atoms above exist: no address, user agent,
    referrer, query string, header or environ value; and a reset link's token is cut
    out of the path.
    """

    def info(self, msg, *args, **kwargs):
        # With --reuse-port each worker binds its own socket and the master none:
        # gunicorn's "Listening at: %s (%s)" would name no address.
        if msg.startswith("Listening at:") and args and not args[0]:
            args = (listening(self.cfg.address), *args[1:])
        super().info(msg, *args, **kwargs)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = _RESET_LINK.sub(r"\1-/-/", atoms["U"] or "")
        return {name: atoms[name] for name in _PUBLIC_ATOMS}


def listening(addresses) -> str:
    """The addresses gunicorn binds, as URLs to open (host, port) or socket paths."""
    shown = []
    for address in addresses:
        if isinstance(address, tuple):
            host, port = address[0], address[1]
            host = f"[{host}]" if ":" in host else host
            shown.append(f"http://{host}:{port}/")
        else:
            shown.append(str(address))
    return ", ".join(shown)


def command(
    bind: str, workers: int, threads: int, *extra: str, control: Path | None = None
) -> list[str]:
    """The argv that starts gunicorn serving Orfo (threads: the gthread worker).

    CONTROL is where gunicorn's control socket (for `gunicornc`) goes; without it,
    there is none. gunicorn's own default is one path per user account
    (~/.gunicorn/gunicorn.ctl): every server started there would take it over from
    the last, and the first to stop would remove the other's.
    """
    return [
        sys.executable, "-m", "gunicorn", "orfo.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--reuse-port",
        "--forwarded-allow-ips", "127.0.0.1",
        *(["--control-socket", str(control)] if control else ["--no-control-socket"]),
        *extra,
    ]  # fmt: skip


def port_in_use(bind: str) -> bool:
    """Whether something listens on BIND (host:port) already.

    SO_REUSEPORT would let a second `orfo serve` share the port with a running one
    (an old version left running, say) and quietly take half its connections; a
    plain bind, as tried here, still fails while any socket holds the port.
    """
    host, _, port = bind.rpartition(":")
    if not port.isdigit():
        return False  # a unix socket or a name gunicorn reports on itself
    host = host.strip("[]") or "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn does: connections of a stopped server (TIME_WAIT) do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False
