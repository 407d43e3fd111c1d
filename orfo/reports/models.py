from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.models import Issue
from orfo.sites.models import Site


class Report(models.Model):
    """One reader's report of an error, as received (after cleaning)."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    # Null until grouped: the request stores the report, grouping may follow in the
    # worker (ORFO_GROUP_INLINE=0), which finds ungrouped reports by this column.
    issue = models.ForeignKey(
        Issue, models.CASCADE, related_name="reports", null=True, blank=True
    )
    client_id = models.CharField(_("client id"), max_length=64)
    url = models.URLField(_("URL"), max_length=2048)
    title = models.CharField(_("title"), max_length=300, blank=True)
    lang = models.CharField(_("language"), max_length=16, blank=True)
    quote = models.CharField(_("quote"), max_length=300)
    prefix = models.CharField(_("text before"), max_length=256, blank=True)
    suffix = models.CharField(_("text after"), max_length=256, blank=True)
    position_start = models.PositiveIntegerField(_("start"))
    position_end = models.PositiveIntegerField(_("end"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    correction = models.CharField(_("suggested correction"), max_length=300, blank=True)
    grouping_version = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(_("received"), default=timezone.now)
    # Privacy: a daily-rotated salted hash instead of the IP, the browser family and
    # device type instead of the user agent (see docs/privacy.md).
    reader_hash = models.CharField(max_length=32, blank=True)
    browser = models.CharField(_("browser"), max_length=16, blank=True)
    device = models.CharField(_("device"), max_length=8, blank=True)
    # A hash of the reader and what they sent: the same report from the same reader
    # on the same day (the reader hash changes daily) is stored once. Empty when the
    # reader is unknown.
    repeat_key = models.CharField(max_length=32, blank=True)
    # Sent by a reader blocked by a spam verdict: kept, but out of the inbox (not
    # grouped) until the reader is unblocked or the retention purge removes it.
    held = models.BooleanField(_("held"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "client_id"], name="report_idempotent"
            ),
            models.UniqueConstraint(
                fields=["site", "repeat_key"],
                condition=~models.Q(repeat_key=""),
                name="report_collapse",
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "-created"], name="report_issue"),
            models.Index(fields=["site", "created"], name="report_site_created"),
            # The held view and the blocked readers' counts; few rows, so it costs
            # ordinary reports nothing.
            models.Index(
                fields=["site", "reader_hash"],
                condition=models.Q(held=True),
                name="report_held",
            ),
            # Which readers of an issue are new to it (Issue.reader_count).
            models.Index(fields=["issue", "reader_hash"], name="report_issue_reader"),
            # The reports waiting to be grouped, oldest first: a worker claims the
            # next batch by walking this instead of sorting the whole backlog. Rows
            # leave it once grouped, so it stays as small as the backlog.
            models.Index(
                fields=["id"],
                condition=models.Q(issue__isnull=True, held=False),
                name="report_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.quote


class BlockedReader(models.Model):
    """A reader hash whose reports a site's editors marked as spam.

    Its later reports are held (Report.held) until it is unblocked: by hand, or by
    taking the issue out of spam.
    """

    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    reader_hash = models.CharField(max_length=32)
    # The spam issue whose verdict blocked the reader (null once that issue is gone).
    issue = models.ForeignKey(
        Issue, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("blocked since"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "reader_hash"], name="blocked_reader_unique"
            )
        ]
