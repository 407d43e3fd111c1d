import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from orfo.outbox import dispatch
from orfo.reports import api as reports

logger = logging.getLogger("orfo.worker")

# Reports grouped between two looks at the task queue: grouping emits the events
# whose tasks notify the newsroom, so neither may starve the other. One batch on
# PostgreSQL (orfo.reports.pending.per_transaction), a few tenths of a second.
GROUP_BATCH = 250


class Worker(db_worker.Worker):
    """django-tasks-db's worker, plus a sweep every few seconds.

    Reports left ungrouped by the requests are grouped first, oldest first. Tasks
    do the work as it comes (an outbox event, a notification to send); the
    sweep catches up on whatever a lost task or a killed worker left behind and
    records digests. SIGTERM/SIGINT finish the current task or sweep, then exit.
    """

    def __init__(self, *, sweep_every: float, **kwargs):
        super().__init__(**kwargs)
        self.sweep_every = sweep_every
        self.next_sweep = 0.0

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            if time.monotonic() >= self.next_sweep:
                self.running_task = True  # a signal now waits for the sweep to end
                try:
                    dispatch.sweep()
                except Exception:
                    logger.exception("sweep failed")
                finally:
                    self.running_task = False
                self.next_sweep = time.monotonic() + self.sweep_every
                if not self.running:
                    break
            grouped = self.group_reports()
            ran = self.run_next()
            if ran is None and not grouped and self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and not ran and not grouped:
                time.sleep(min(self.interval, self.sweep_every))

    def group_reports(self) -> int:
        """Group reports the requests left ungrouped (ORFO_GROUP_INLINE=0, failures)."""
        self.running_task = True
        try:
            return reports.group_pending(limit=GROUP_BATCH)
        except Exception:
            logger.exception("grouping failed")
            return 0
        finally:
            self.running_task = False

    def run_next(self) -> bool | None:
        """Run one ready task; return True if one ran, None if none was ready."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        try:
            with exclusive_transaction(tasks.db):
                result = tasks.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
        except OperationalError as e:
            if not is_locked_database_exception(e):
                raise
            return False
        if result is None:
            return None
        self.run_task(result)
        return True


class Command(BaseCommand):
    help = (
        "Run a background worker: grouping of new reports, queued tasks "
        "(notifications, suggestions), the outbox, retries and digests. Run one "
        "or more; see docs/notifications.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Comma-separated queues to serve, or * for all (default).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when no task is ready (default 1).",
        )
        parser.add_argument(
            "--sweep",
            type=float,
            default=None,
            help="Seconds between sweeps (default ORFO_WORKER_SWEEP_SECONDS).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Sweep once, run every ready task, then exit (for cron or tests).",
        )
        parser.add_argument("--worker-id", default=None)

    def handle(self, *, queue_name, interval, sweep, batch, worker_id, **options):
        if options["verbosity"] > 1:
            logging.getLogger("orfo").setLevel(logging.DEBUG)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=max(interval, 0.01),
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
            sweep_every=sweep or settings.ORFO_WORKER_SWEEP_SECONDS,
        )
        worker.configure_signals()
        worker.run()
