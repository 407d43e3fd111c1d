from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.signals import status_changed
from orfo.lib.urls import SECTION_MAX, readable_path
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
    # The site section the page is in, from its URL (orfo.lib.urls.section_of):
    # "/sport/", or "/" for the top of the site. The overview counts by it and the
    # inbox filters by it.
    section = models.CharField(
        _("section"), max_length=SECTION_MAX, default="/", editable=False
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["site", "url_hash"], name="page_unique_url")
        ]
        indexes = [models.Index(fields=["site", "section"], name="page_section")]

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


class Verdict(models.TextChoices):
    """What the latest check of the live page found (orfo.verification)."""

    NONE = "", _("not checked")
    PRESENT = "present", _("still on the page")
    FIXED = "fixed", _("fixed on the page")
    GONE = "gone", _("no longer on the page")
    PAGE_MISSING = "page_missing", _("page missing")
    UNREACHABLE = "unreachable", _("page unreachable")


# Verdicts read from the page's text; the others say the text could not be read.
CONTENT_VERDICTS = (Verdict.PRESENT, Verdict.FIXED, Verdict.GONE)


class Resolution(models.TextChoices):
    """How a resolved issue was resolved."""

    NONE = "", _("resolved")
    FIX = "fix", _("resolved with a fix")
    FIXED_ON_PAGE = "fixed_on_page", _("fixed on the page")


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
    resolution = models.CharField(
        _("resolution"),
        max_length=16,
        choices=Resolution.choices,
        blank=True,
        default=Resolution.NONE,
    )
    # The latest check of the live page (orfo.verification): its verdict, when it
    # ran, and the page's text around the anchor then.
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verdict.choices,
        blank=True,
        default=Verdict.NONE,
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    live_text = models.CharField(_("live text"), max_length=400, blank=True)
    # Set when a check saw a resolved issue's error gone from the live page.
    verified_at = models.DateTimeField(_("verified live at"), null=True, blank=True)
    # Resolved, but the error was still on the live page when the checks after the
    # resolve ran out.
    fix_not_live = models.BooleanField(_("fix not live"), default=False)
    # Reports that came while the issue was resolved and wait for a check of the
    # live page: it reopens as regressed only if the page still shows the error.
    awaiting_check = models.PositiveIntegerField(default=0, editable=False)
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
            # The issues API walks a site's issues by id (orfo.issues.queries).
            models.Index(fields=["site", "-id"], name="issue_api"),
            models.Index(fields=["site", "status", "-id"], name="issue_api_status"),
        ]

    def __str__(self) -> str:
        return self.quote

    def set_status(self, status: str, user=None, note: str = "") -> bool:
        """Change the status and record who did it; the one way statuses change."""
        return self._change_status(status, user=user, note=note)

    def _change_status(
        self,
        status: str,
        user=None,
        note: str = "",
        kind: str = "",
        resolution: str = "",
        fix: str = "",
        verified_at=None,
    ) -> bool:
        """Change the status if nobody changed it first, record it in the history
        and the outbox (issue.resolved, issue.reopened), in one transaction."""
        if status not in Status.values:
            raise ValueError(f"unknown status {status!r}")
        previous = self.status
        if previous == status:
            return False
        resolved = status == Status.RESOLVED
        fields = {
            "status": status,
            "regressed": False,
            "resolved_at": timezone.now() if resolved else None,
            "resolution": resolution if resolved else Resolution.NONE,
            # A new resolve starts the checks of the live page afresh.
            "verified_at": verified_at if resolved else None,
            "fix_not_live": False,
            "awaiting_check": 0,
        }
        with transaction.atomic():
            if not Issue.objects.filter(pk=self.pk, status=previous).update(**fields):
                return False  # someone else changed it first
            for name, value in fields.items():
                setattr(self, name, value)
            Activity.objects.create(
                issue=self,
                kind=kind or Activity.Kind.STATUS,
                user=user,
                from_status=previous,
                to_status=status,
                note=note,
            )
            if resolved:
                self._emit(
                    "issue.resolved",
                    from_status=previous,
                    resolution=resolution,
                    fix=fix,
                    by=_username(user),
                )
            elif status == Status.OPEN:
                self._emit("issue.reopened", from_status=previous, by=_username(user))
            status_changed.send(
                sender=Issue,
                issue=self,
                from_status=previous,
                to_status=status,
                user=user,
            )
        return True

    def _emit(self, kind: str, **data) -> None:
        from orfo.outbox import api as outbox  # the outbox's models import this one

        outbox.emit(kind, self, **data)

    def resolve_with_fix(self, fix: str, source: str, user=None) -> bool:
        """Accept FIX (from SOURCE: "suggestion", "reader", ...) and resolve with it:
        a history entry for each, and one issue.resolved event naming the fix.

        On an issue resolved already, a different fix is recorded and its checks of
        the live page start again."""
        with transaction.atomic():
            new_fix = self._record_fix(fix, source, user)
            if self.status != Status.RESOLVED:
                return (
                    self._change_status(
                        Status.RESOLVED,
                        user=user,
                        resolution=Resolution.FIX,
                        fix=self.accepted_fix,
                    )
                    or new_fix
                )
            if not new_fix and self.resolution == Resolution.FIX:
                return False
            fields = {
                "resolution": Resolution.FIX,
                "resolved_at": timezone.now(),
                "verified_at": None,
                "fix_not_live": False,
            }
            if not Issue.objects.filter(pk=self.pk, status=Status.RESOLVED).update(
                **fields
            ):
                return new_fix
            for name, value in fields.items():
                setattr(self, name, value)
            self._emit(
                "issue.resolved",
                from_status=Status.RESOLVED,
                resolution=Resolution.FIX,
                fix=self.accepted_fix,
                by=_username(user),
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
        """Accept TEXT as the correction: the issue is resolved with it (as
        resolve_with_fix), and its checks of the live page begin."""
        return self.resolve_with_fix(text, source, user=user)

    def _record_fix(self, text: str, source: str, user=None) -> bool:
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

    # What checks of the live page do (orfo.verification decides which applies).
    # Each is a conditional update, so a check never undoes an editor's change made
    # while it fetched; callers hold the page lock, as grouping does.

    def record_check(self, verdict: str, checked_at, live_text: str = "") -> None:
        """The latest check's verdict, time and text around the anchor."""
        fields = {
            "verification": verdict,
            "checked_at": checked_at,
            "live_text": live_text[: Issue.live_text.field.max_length],
        }
        Issue.objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def mark_verified(self, checked_at, note: str = "") -> bool:
        """A resolved issue's error is gone from the live page."""
        if not Issue.objects.filter(
            pk=self.pk, status=Status.RESOLVED, verified_at__isnull=True
        ).update(verified_at=checked_at, fix_not_live=False):
            return False
        self.verified_at, self.fix_not_live = checked_at, False
        Activity.objects.create(
            issue=self, kind=Activity.Kind.VERIFIED, note=note, created=checked_at
        )
        self._emit("issue.verified", verdict=self.verification, note=note)
        return True

    def mark_unverified(self) -> bool:
        """A resolved issue's error is on the live page again: checks resume."""
        if not Issue.objects.filter(
            pk=self.pk, status=Status.RESOLVED, verified_at__isnull=False
        ).update(verified_at=None):
            return False
        self.verified_at = None
        return True

    def mark_fix_not_live(self, checked_at) -> bool:
        """A resolved issue's error was still on the live page when the checks
        after the resolve ran out."""
        if not Issue.objects.filter(
            pk=self.pk, status=Status.RESOLVED, fix_not_live=False
        ).update(fix_not_live=True, verified_at=None):
            return False
        self.fix_not_live, self.verified_at = True, None
        Activity.objects.create(
            issue=self, kind=Activity.Kind.FIX_NOT_LIVE, created=checked_at
        )
        self._emit("issue.fix_not_live")
        return True

    def resolve_fixed_on_page(self, checked_at, new_text: str = "") -> bool:
        """An open issue whose error is no longer on the live page: resolved, and
        verified by that very check."""
        if not self._change_status(
            Status.RESOLVED,
            kind=Activity.Kind.FIXED_ON_PAGE,
            note=new_text,
            resolution=Resolution.FIXED_ON_PAGE,
            fix=new_text,
            verified_at=checked_at,
        ):
            return False
        self._emit("issue.verified", verdict=self.verification, note=new_text)
        return True

    def await_check(self) -> None:
        """A report came while resolved: it waits for a check of the live page
        (grouping calls this under the page lock)."""
        Issue.objects.filter(pk=self.pk).update(awaiting_check=F("awaiting_check") + 1)
        self.awaiting_check += 1

    def reopen_as_regression(self) -> bool:
        """Reopen a resolved issue reported again whose error the live page shows."""
        fields = {
            "status": Status.OPEN,
            "regressed": True,
            "resolved_at": None,
            "resolution": Resolution.NONE,
            "verified_at": None,
            "fix_not_live": False,
            "awaiting_check": 0,
        }
        with transaction.atomic():
            if not Issue.objects.filter(pk=self.pk, status=Status.RESOLVED).update(
                **fields
            ):
                return False
            for name, value in fields.items():
                setattr(self, name, value)
            Activity.objects.create(
                issue=self,
                kind=Activity.Kind.REGRESSED,
                from_status=Status.RESOLVED,
                to_status=Status.OPEN,
            )
            self._emit("issue.regressed")
        return True

    def sent_from_old_copy(self, count: int, checked_at) -> bool:
        """COUNT reports that came while resolved were sent from a copy of the page
        older than the fix: they stay with the issue, which stays resolved."""
        if count < 1 or not Issue.objects.filter(
            pk=self.pk, awaiting_check__gte=count
        ).update(awaiting_check=F("awaiting_check") - count):
            return False
        self.awaiting_check -= count
        Activity.objects.create(
            issue=self, kind=Activity.Kind.OLD_COPY, note=str(count), created=checked_at
        )
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


def _username(user) -> str:
    return user.get_username() if user is not None else ""


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
        VERIFIED = "verified", _("verified on the live page")
        FIX_NOT_LIVE = "fix_not_live", _("fix not live")
        FIXED_ON_PAGE = "fixed_on_page", _("fixed on the page")
        OLD_COPY = "old_copy", _("reported again from an old copy of the page")
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
        indexes = [
            models.Index(fields=["issue", "created"], name="activity_issue"),
            # The overview counts a period's status changes (orfo.issues.overview).
            models.Index(fields=["created"], name="activity_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created:%Y-%m-%d %H:%M}"
