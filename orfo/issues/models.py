from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.signals import status_changed
from orfo.lib.urls import readable_path
from orfo.sites.models import Site


class Page(models.Model):
    """An article on a site, identified by the hash of its normalised URL."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    url = models.URLField(_("URL"), max_length=2048)
    url_hash = models.CharField(max_length=64)
    # Empty until two distinct readers sent the same title (one report cannot name
    # an article for the editors); until then the page is shown by its URL's path.
    title = models.CharField(_("title"), max_length=300, blank=True)
    # Titles readers sent that no other reader confirmed yet: [[title, reader], ...],
    # one per reader, at most TITLE_CANDIDATES (orfo.issues.api).
    title_candidates = models.JSONField(default=list, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["site", "url_hash"], name="page_unique_url")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What editors see for the page: its agreed title, else its URL's path."""
        return self.title or readable_path(self.url)


SEARCH_TEXT_MAX = 4000


def extend_search_text(current: str, *texts: str) -> str:
    """Add the TEXTS not already in CURRENT, case-folded, up to SEARCH_TEXT_MAX."""
    for text in texts:
        folded = text.casefold().strip()
        if folded and folded not in current and len(current) < SEARCH_TEXT_MAX:
            current = f"{current}\n{folded}"[:SEARCH_TEXT_MAX] if current else folded
    return current


class Status(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")
    IGNORED = "ignored", _("ignored (not an error)")
    SPAM = "spam", _("spam")


class Issue(models.Model):
    """One error on one page, however many readers reported it."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    page = models.ForeignKey(Page, models.CASCADE, related_name="issues")
    quote = models.CharField(_("quote"), max_length=300)
    prefix = models.CharField(_("text before"), max_length=256, blank=True)
    suffix = models.CharField(_("text after"), max_length=256, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    lang = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    regressed = models.BooleanField(_("regressed"), default=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    # Distinct readers (daily reader hashes) among the reports: the inbox ranks by
    # this, so that one person sending many reports cannot push an issue up.
    reader_count = models.PositiveIntegerField(_("readers"), default=0)
    top_correction = models.CharField(
        _("most suggested correction"), max_length=300, blank=True
    )
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    accepted_fix = models.CharField(_("accepted fix"), max_length=300, blank=True)
    # What the inbox search looks in, case-folded: the quote, the page URL, readers'
    # corrections and comments (the first ones, up to SEARCH_TEXT_MAX characters).
    search_text = models.TextField(blank=True, default="", editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [
            models.Index(
                fields=["site", "status", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox",
            ),
            # The inbox of a user with many sites walks this one and filters sites.
            models.Index(
                fields=["status", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox_all",
            ),
            # "Any status": the same orders without the status column.
            models.Index(
                fields=["site", "-reader_count", "-last_seen", "-id"],
                name="issue_inbox_any",
            ),
            models.Index(
                fields=["-reader_count", "-last_seen", "-id"],
                name="issue_inbox_any_all",
            ),
            models.Index(fields=["page", "-last_seen"], name="issue_page"),
        ]

    def __str__(self) -> str:
        return self.quote

    def set_status(self, status: str, user=None, note: str = "") -> bool:
        """Change the status and record who did it; the one way statuses change."""
        if status not in Status.values:
            raise ValueError(f"unknown status {status!r}")
        previous = self.status
        if previous == status:
            return False
        fields = {"status": status, "regressed": False}
        fields["resolved_at"] = timezone.now() if status == Status.RESOLVED else None
        if not Issue.objects.filter(pk=self.pk, status=previous).update(**fields):
            return False  # someone else changed it first
        for name, value in fields.items():
            setattr(self, name, value)
        Activity.objects.create(
            issue=self,
            kind=Activity.Kind.STATUS,
            user=user,
            from_status=previous,
            to_status=status,
            note=note,
        )
        status_changed.send(
            sender=Issue, issue=self, from_status=previous, to_status=status, user=user
        )
        return True

    def assign(self, assignee, user=None) -> bool:
        """Assign the issue to ASSIGNEE (None: nobody) and record who did it."""
        if self.assignee_id == (assignee.pk if assignee else None):
            return False
        Issue.objects.filter(pk=self.pk).update(assignee=assignee)
        self.assignee = assignee
        note = assignee.get_username() if assignee else ""
        Activity.objects.create(
            issue=self, kind=Activity.Kind.ASSIGNED, user=user, note=note
        )
        return True

    def accept_fix(self, text: str, source: str, user=None) -> bool:
        """Record TEXT as the correction the editors will apply, and who chose it."""
        if text == self.accepted_fix:
            return False
        Issue.objects.filter(pk=self.pk).update(accepted_fix=text)
        self.accepted_fix = text
        Activity.objects.create(
            issue=self, kind=Activity.Kind.FIX, user=user, note=f"{source}: {text}"
        )
        return True

    def add_note(self, text: str, user=None) -> "Activity":
        return Activity.objects.create(
            issue=self, kind=Activity.Kind.NOTE, user=user, note=text
        )

    def reopen_as_regression(self) -> bool:
        """Reopen a resolved issue that was reported again."""
        if not Issue.objects.filter(pk=self.pk, status=Status.RESOLVED).update(
            status=Status.OPEN, regressed=True, resolved_at=None
        ):
            return False
        Activity.objects.create(
            issue=self,
            kind=Activity.Kind.REGRESSED,
            from_status=Status.RESOLVED,
            to_status=Status.OPEN,
        )
        self.status, self.regressed, self.resolved_at = Status.OPEN, True, None
        return True

    def count_report(
        self, seen, correction: str = "", comment: str = "", new_reader: bool = True
    ) -> None:
        """Count one more report, and its reader if NEW_READER (the reader sent no
        earlier report on this issue); callers hold the page lock (grouping does)."""
        fields = {"report_count": F("report_count") + 1, "last_seen": seen}
        if new_reader:
            fields["reader_count"] = F("reader_count") + 1
        if correction:
            IssueCorrection.objects.bulk_create(
                [IssueCorrection(issue=self, text=correction, count=0)],
                ignore_conflicts=True,
            )
            IssueCorrection.objects.filter(issue=self, text=correction).update(
                count=F("count") + 1
            )
            fields["top_correction"] = (
                self.corrections.order_by("-count", "id")
                .values_list("text", flat=True)
                .first()
            )
        searchable = extend_search_text(self.search_text, correction, comment)
        if searchable != self.search_text:
            fields["search_text"] = searchable
        Issue.objects.filter(pk=self.pk).update(**fields)
        self.report_count += 1
        self.reader_count += new_reader
        self.last_seen = seen
        self.top_correction = fields.get("top_correction", self.top_correction)
        self.search_text = searchable


class Fingerprint(models.Model):
    """A selection hash that points at the issue it was grouped into."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="+")
    hash = models.CharField(max_length=64)
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="fingerprints")
    grouping_version = models.PositiveSmallIntegerField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "hash"], name="fingerprint_unique")
        ]


class IssueCorrection(models.Model):
    """How many readers suggested one correction for an issue."""

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="corrections")
    text = models.CharField(max_length=300)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "text"], name="correction_unique")
        ]


class Activity(models.Model):
    """The history of an issue: who changed what, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STATUS = "status", _("status changed")
        REGRESSED = "regressed", _("reported again after it was resolved")
        ASSIGNED = "assigned", _("assigned")
        NOTE = "note", _("note")
        FIX = "fix", _("fix accepted")

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        indexes = [models.Index(fields=["issue", "created"], name="activity_issue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created:%Y-%m-%d %H:%M}"
