from django.db import models
from django.db.models import Q
from django.utils import timezone

from orfo.issues.models import Issue
from orfo.sites.models import Site


class Event(models.Model):
    """Something that happened to an issue, written in the transaction that caused it.

    The worker hands each event to whoever listens (notifications, suggestions) and
    marks it dispatched; an event is never lost because it commits with its cause.
    """

    class Kind(models.TextChoices):
        ISSUE_CREATED = "issue.created"
        ISSUE_REGRESSED = "issue.regressed"
        REPORT_ADDED = "report.added"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created", "id"],
                condition=Q(dispatched_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.issue_id}"
