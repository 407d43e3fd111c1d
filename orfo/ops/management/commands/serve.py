import os
import sys

from django.core.management.base import BaseCommand


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

    def handle(self, *args, bind, workers, threads, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "orfo.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        self.stdout.write(f"Serving Orfo at http://{bind}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
