import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.models import Issue
from orfo.sites.models import Site

# Keys made from what caused a notification, so recording it twice records it once.
KEY_NAMESPACE = uuid.UUID("6f0d1c55-4c1e-4a8a-9d38-2f0a3c5e9b11")


def install_namespace() -> uuid.UUID:
    """This installation's namespace for keys, derived from its SECRET_KEY.

    Keys are built from row numbers, which every installation shares: without a
    namespace of its own, two Orfos would send the same key for different events and a
    receiver that remembers keys would drop the second one's. A key is computed once,
    when its notification is recorded, and stored, so a new SECRET_KEY changes only
    the keys of notifications recorded after it.
    """
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, b"orfo notification keys", hashlib.sha256).digest()
    return uuid.uuid5(KEY_NAMESPACE, digest.hex())


def make_key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(install_namespace(), ":".join(str(p) for p in parts))


class Kind(models.TextChoices):
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")
    SLACK = "slack", _("Slack-compatible webhook")
    WEBHOOK = "webhook", _("JSON webhook")


class Digest(models.TextChoices):
    NONE = "", _("no digest")
    HOURLY = "hourly", _("hourly")
    DAILY = "daily", _("daily")


class Channel(models.Model):
    """Somewhere a site's notifications go, and which of them it wants."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    config = models.JSONField(default=dict)
    on_new = models.BooleanField(_("every new issue"), default=True)
    threshold = models.PositiveIntegerField(
        _("issues reaching this many reports"), null=True, blank=True
    )
    on_regression = models.BooleanField(_("regressions"), default=True)
    # Resolved, reopened, regressed, verified live, fix not live: each change of an
    # issue's status and each finding of the checks of the live page (for a CMS or
    # a tracker; "fix not live" also goes to channels that hear regressions).
    on_changes = models.BooleanField(
        _("status changes and checks of the live page"), default=False
    )
    digest = models.CharField(
        _("digest"), max_length=8, choices=Digest.choices, blank=True, default=""
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(
        _("disabled because"), max_length=300, blank=True
    )
    digest_until = models.DateTimeField(null=True, blank=True)
    retry_after = models.DateTimeField(null=True, blank=True)
    last_delivery = models.DateTimeField(_("last delivery"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} #{self.pk}"

    def disable(self, reason: str) -> None:
        """Stop sending to this channel, keeping why for the settings page."""
        self.is_enabled, self.disabled_reason = False, reason[:300]
        Channel.objects.filter(pk=self.pk).update(
            is_enabled=False, disabled_reason=self.disabled_reason
        )


class Notification(models.Model):
    """One message to one channel, recorded before it is sent."""

    class Reason(models.TextChoices):
        NEW = "new", _("new issue")
        THRESHOLD = "threshold", _("issue reached the report threshold")
        REGRESSION = "regression", _("issue reported again after it was resolved")
        RESOLVED = "resolved", _("issue resolved")
        REOPENED = "reopened", _("issue reopened")
        REGRESSED = "regressed", _("issue reopened: the error is back on the page")
        VERIFIED = "verified", _("fix verified on the live page")
        FIX_NOT_LIVE = "fix_not_live", _("fix not live")
        DIGEST = "digest", _("digest")
        TEST = "test", _("test notification")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey(Channel, models.CASCADE, related_name="notifications")
    issue = models.ForeignKey(
        Issue, models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="notification_due",
            ),
            models.Index(fields=["channel", "-created"], name="notification_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} → {self.channel} ({self.status})"
