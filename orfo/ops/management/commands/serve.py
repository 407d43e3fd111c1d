import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from orfo.lib.files import make_private_dir
from orfo.ops import gunicorn
from orfo.suggestions import api as suggestions


def start_line(bind: str) -> str:
    """What `orfo serve` says once: where to go (and, for the demo, how to log in)."""
    root = f"http://{bind}" if ":" in bind and "/" not in bind else bind
    if not settings.ORFO_DEMO:
        return f"Serving Orfo at {root}/ (Ctrl+C to stop)"
    from orfo.demo.management.commands.demo import EDITOR, PASSWORD

    return (
        f"Orfo demo running: open {root}/demo/ and the dashboard {root}/dashboard/ "
        f"(log in as {EDITOR} / {PASSWORD}); Ctrl+C stops it."
    )


class Command(BaseCommand):
    help = "Serve Orfo with gunicorn (the production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=os.environ.get("ORFO_BIND", "127.0.0.1:8000")
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("ORFO_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("ORFO_THREADS", "4"))
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one `orfo worker` (notifications, suggestions) beside it",
        )

    def handle(self, *args, bind, workers, threads, with_worker, **options):
        if gunicorn.port_in_use(bind):
            raise CommandError(
                f"{bind} is in use: is Orfo (or another server) running?"
            )
        make_private_dir(settings.DATA_DIR)  # where the control socket goes
        if not suggestions.lexicons_built():
            # Once per install or dictionary upgrade (`orfo lexicon build` does it
            # ahead): built here, the workers map them instead of each waiting.
            self.stdout.write("Building the spelling lexicons (once, ~30 s)…")
            sys.stdout.flush()
            call_command("lexicon", "build", stdout=self.stdout)
        # The demo's start-up is its one line above, not gunicorn's boot messages
        # (its warnings and errors, and the access log, still show).
        quiet = ["--log-level", "warning"] if settings.ORFO_DEMO else []
        argv = gunicorn.command(
            bind,
            workers,
            threads,
            *quiet,
            "--access-logfile",
            "-",
            "--access-logformat",
            gunicorn.PRIVATE_ACCESS_LOG,
            "--logger-class",
            "orfo.ops.gunicorn.PrivateAccessLogger",
            control=settings.DATA_DIR / "gunicorn.ctl",
        )
        self.stdout.write(self.style.SUCCESS(start_line(bind)))
        sys.stdout.flush()
        if not with_worker:
            os.execv(sys.executable, argv)
        # Stopped by Ctrl+C or SIGTERM, this process stops both children with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = subprocess.Popen([sys.executable, "-m", "orfo", "worker"])
        server = subprocess.Popen(argv)
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in (server, worker):
                if child.poll() is None:
                    child.terminate()
            for child in (server, worker):
                child.wait()
