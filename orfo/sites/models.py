import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.sites.hosts import host_allowed, normalize_host

LANGUAGES = [("ru", "Русский"), ("kk", "Қазақша"), ("en", "English")]


def new_site_key() -> str:
    """A random public key that never starts with "-": a command line would read
    such a key (`orfo sitetoken -x…`) as an option."""
    while (key := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return key


def new_api_token() -> str:
    return "orfo_" + secrets.token_urlsafe(32)


def validate_hosts(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise ValidationError(_("Hosts must be a list of host names."))
    for host in value:
        try:
            normalize_host(host)
        except ValueError as e:
            raise ValidationError(str(e)) from None


CMS_URL_PLACEHOLDER = "{url}"


def validate_cms_edit_url(value: str) -> None:
    """An http(s) address with {url} where the page's address goes."""
    if not value:
        return
    if value.count(CMS_URL_PLACEHOLDER) != 1:
        raise ValidationError(_("Put {url} once where the page's address goes."))
    parts = urlsplit(value.replace(CMS_URL_PLACEHOLDER, "x"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http:// or https:// address."))
    if parts.username or parts.password or any(c.isspace() for c in value):
        raise ValidationError(_("Enter an http:// or https:// address."))


class Site(models.Model):
    """A newsroom's website; its public key lets its pages send reports."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(
        _("site key"), max_length=64, unique=True, default=new_site_key, editable=False
    )
    hosts = models.JSONField(
        _("allowed hosts"),
        default=list,
        validators=[validate_hosts],
        help_text=_(
            'Host names the widget may report from, e.g. "news.kz" or "*.news.kz".'
        ),
    )
    # Secret, unlike the key: lets the newsroom's own tools call the API.
    api_token = models.CharField(
        _("API token"),
        max_length=64,
        unique=True,
        default=new_api_token,
        editable=False,
    )
    default_lang = models.CharField(
        _("default language"), max_length=2, choices=LANGUAGES, default="ru"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Checks of the live page (orfo.verification): an open issue whose error is no
    # longer on the page is resolved as "fixed on the page".
    resolve_when_fixed = models.BooleanField(
        _("resolve issues fixed on the page"),
        default=True,
        help_text=_(
            "When a check of the live page finds an open issue's error fixed or "
            "gone, resolve the issue."
        ),
    )
    cms_edit_url = models.CharField(
        _("edit in CMS link"),
        max_length=500,
        blank=True,
        validators=[validate_cms_edit_url],
        help_text=_(
            "Where the article is edited, with {url} for its address, e.g. "
            "https://cms.example/edit?url={url}"
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        site = super().from_db(db, field_names, values)
        site._saved_key = site.key
        return site

    def save(self, *args, **kwargs):
        self.hosts = sorted({normalize_host(h) for h in self.hosts})
        super().save(*args, **kwargs)
        # Cached lookups by key must see new hosts, deactivation and rotation at once.
        from orfo.sites.api import forget_site_key

        for key in {self.key, getattr(self, "_saved_key", self.key)}:
            forget_site_key(key)
        self._saved_key = self.key

    def allows_host(self, host: str | None) -> bool:
        return host_allowed(host, self.hosts)

    def rotate_api_token(self) -> str:
        self.api_token = new_api_token()
        self.save(update_fields=["api_token"])
        return self.api_token

    def rotate_key(self) -> str:
        self.key = new_site_key()
        self.save(update_fields=["key"])
        return self.key


class Membership(models.Model):
    """A user's role on a site: owners manage the site, editors triage its issues."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")

    site = models.ForeignKey(Site, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="site_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.EDITOR
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) @ {self.site}"


class Invitation(models.Model):
    """An email address asked to join a site with a role.

    The link mailed to it holds a random token; only the token's SHA-256 is kept, so
    the database cannot be read for working links. Accepting the link (logged in, or
    by creating an account) makes a membership and deletes the invitation.
    """

    site = models.ForeignKey(Site, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Membership.Role.choices,
        default=Membership.Role.EDITOR,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "email"], name="invitation_unique_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}) @ {self.site}"


class AuditEvent(models.Model):
    """Who did what to a site: its creation, settings, keys, members and readers.

    The issues' own history (orfo.issues Activity) records what editors did to
    issues; the site's audit log shows both. The actor's and the target's names are
    kept as text too, so the log still reads right after an account is deleted.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("site created")
        SETTINGS = "settings", _("settings changed")
        KEY = "key", _("site key replaced")
        TOKEN = "token", _("API token replaced")
        INVITED = "invited", _("invitation sent")
        REVOKED = "revoked", _("invitation revoked")
        JOINED = "joined", _("member joined")
        ROLE = "role", _("role changed")
        REMOVED = "removed", _("member removed")
        UNBLOCKED = "unblocked", _("reader unblocked")
        # The site's dictionary ("not an error" words) and learned fixes.
        WORD_ADDED = "word_added", _("word added to the dictionary")
        WORD_REMOVED = "word_removed", _("word removed from the dictionary")
        WORDS_IMPORTED = "words_imported", _("words imported into the dictionary")
        FIX_REMOVED = "fix_removed", _("learned fix removed")

    site = models.ForeignKey(Site, models.CASCADE, related_name="audit_events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # Whom or what it was done to: a member's user name, an invited address.
    target = models.CharField(max_length=254, blank=True)
    # What changed, per action: roles, the settings' field names, hosts, counts.
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["site", "-created", "-id"], name="audit_site"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created:%Y-%m-%d %H:%M}"
