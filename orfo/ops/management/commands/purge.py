import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from orfo.issues import api as issues
from orfo.ops import logins
from orfo.outbox import retention as outbox
from orfo.reports import api as reports
from orfo.sites import audit

_AGE = re.compile(r"^(\d+)d$")


class Command(BaseCommand):
    help = "Delete reader data older than an age: --older-than 365d (docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", required=True, help="an age in days: 365d")

    def handle(self, *args, older_than, **options):
        match = _AGE.match(older_than.strip())
        if not match or int(match.group(1)) < 1:
            raise CommandError("--older-than takes a number of days, e.g. 365d")
        cutoff = timezone.now() - timedelta(days=int(match.group(1)))
        with transaction.atomic():
            counts = {
                "reports": reports.purge_before(cutoff),
                "issues": issues.purge_before(cutoff),
                "events": outbox.purge_before(cutoff),
                "login records": logins.purge_before(cutoff),
                "audit log entries": audit.purge_before(cutoff),
            }
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"Deleted data from before {cutoff:%Y-%m-%d}: {summary}.")
