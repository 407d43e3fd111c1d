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
        # Reopened: a report came on a resolved issue and the live page shows the
        # error (orfo.verification checked).
        ISSUE_REGRESSED = "issue.regressed"
        REPORT_ADDED = "report.added"
        ISSUE_RESOLVED = "issue.resolved"
        ISSUE_REOPENED = "issue.reopened"  # by an editor or a tool
        ISSUE_VERIFIED = "issue.verified"  # the live page no longer has the error
        ISSUE_FIX_NOT_LIVE = "issue.fix_not_live"

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
