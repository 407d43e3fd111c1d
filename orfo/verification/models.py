from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.models import CONTENT_VERDICTS, Issue, Page, Verdict


class Reason(models.TextChoices):
    """Why a page was checked."""

    RESOLVE = "resolve", _("after a resolve")
    PERIODIC = "periodic", _("periodic check")
    EDITOR = "editor", _("asked by an editor")
    CMS = "cms", _("asked by the CMS")
    REPORT = "report", _("reported again while resolved")
    RETRY = "retry", _("retry")


class Match(models.TextChoices):
    """What a fixed error's new text equals."""

    NONE = "", _("neither")
    ACCEPTED = "accepted", _("the accepted fix")
    READER = "reader", _("a reader's correction")


class Check(models.Model):
    """What checks of the live page found for one issue.

    Consecutive checks that found the same (verdict, text, fetch outcome) are one
    row: `times` of them, from `first_checked_at` to `checked_at`, so daily checks
    of an unchanged page add no rows.
    """

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    first_checked_at = models.DateTimeField(default=timezone.now)
    times = models.PositiveIntegerField(default=1)
    reason = models.CharField(
        _("why"), max_length=16, choices=Reason.choices, blank=True
    )
    # The fetch: the HTTP status, and why it failed ("timeout", "HTTP 503", ...).
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    # For "fixed": what now stands where the error was, and whose correction it is.
    new_text = models.CharField(_("new text"), max_length=300, blank=True)
    matches = models.CharField(max_length=8, choices=Match.choices, blank=True)
    live_text = models.CharField(_("live text"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("check of the live page")
        verbose_name_plural = _("checks of the live page")
        indexes = [
            models.Index(fields=["issue", "-checked_at", "-id"], name="check_issue")
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} {self.checked_at:%Y-%m-%d %H:%M}"

    def same_finding(self, other: "Check") -> bool:
        """Whether OTHER found the same: the same verdict on the same text, or the
        same failure (a 304 confirms what the page's text showed)."""
        fields = FINDING_FIELDS
        if self.verdict not in CONTENT_VERDICTS:
            fields += ("http_status", "detail")
        return all(getattr(self, name) == getattr(other, name) for name in fields)


FINDING_FIELDS = ("verdict", "new_text", "matches", "live_text")


class PageState(models.Model):
    """When a page is checked next, and what its last fetch left to reuse.

    Checks go by page: one fetch checks every open and resolved issue on it. The
    worker's sweep queues the pages whose `due_at` has come (`queued_until` stops it
    queueing one twice); a check holds `locked_until` while it fetches.
    """

    page = models.OneToOneField(Page, models.CASCADE, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    # Asked for now ("Check now", the CMS, a report on a resolved issue): no delay.
    urgent = models.BooleanField(default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    request_reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    queued_until = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    # The last fetch.
    fetched_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    # Fetches in a row that failed (unreachable) or were put off (the host's limit).
    failures = models.PositiveSmallIntegerField(default=0)
    # The validators of the last page read (200), and when it was read: a 304 means
    # the verdicts found since then still hold.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(due_at__isnull=False),
                name="pagestate_due",
            )
        ]

    def __str__(self) -> str:
        return f"page {self.page_id} due {self.due_at}"
