from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.models import Issue


class IssueSuggestion(models.Model):
    """A correction of an issue's quote proposed by Orfo's engine, best first."""

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="suggestions")
    rank = models.PositiveSmallIntegerField()
    text = models.CharField(_("suggestion"), max_length=600)
    score = models.FloatField()
    error = models.CharField(_("kind of error"), max_length=32)
    lang = models.CharField(_("language"), max_length=8)
    computed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issue", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "rank"], name="suggestion_rank")
        ]

    def __str__(self) -> str:
        return self.text


class SuggestionCheck(models.Model):
    """That the engine has run on an issue's text: its result, even "nothing found",
    is stored once, never recomputed per notification attempt or channel. KEY
    names the text and the dictionaries installed then; when either changes, the
    engine runs again."""

    issue = models.OneToOneField(
        Issue, models.CASCADE, primary_key=True, related_name="suggestion_check"
    )
    key = models.CharField(max_length=64)
    found = models.PositiveSmallIntegerField(default=0)
    computed = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.found}"


class SiteLexiconData(models.Model):
    """What Orfo learned of a site's language from its published text: word and
    neighbour-pair counts as compressed MARISA tries (`sitelexicon.Counts`).
    VERSION moves with every change to them, to the site's dictionary or to its
    learned fixes: processes reload their copy when it does."""

    site = models.ForeignKey("orfo_sites.Site", models.CASCADE, related_name="+")
    lang = models.CharField(_("language"), max_length=8)
    words = models.BinaryField(default=b"")
    pairs = models.BinaryField(default=b"")
    # The attested words the dictionaries lack (`sitelexicon.own_words`).
    own = models.BinaryField(default=b"")
    tokens = models.PositiveBigIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "lang"], name="site_lexicon_lang")
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.lang}: {self.tokens} words"


class LearningText(models.Model):
    """A text of the site's waiting to be learned, or (TEXT emptied) learned. KEY
    names it (a page's address, a file's content): each is learned once."""

    class Source(models.TextChoices):
        PAGE = "page", _("checked page")
        READERS = "readers", _("readers' context")
        ARCHIVE = "archive", _("archive")
        API = "api", _("API")

    site = models.ForeignKey("orfo_sites.Site", models.CASCADE, related_name="+")
    lang = models.CharField(_("language"), max_length=8)
    key = models.CharField(max_length=64)
    source = models.CharField(max_length=16, choices=Source.choices)
    text = models.TextField(blank=True)
    learned = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "lang", "key"], name="learning_text_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["site", "lang"],
                condition=models.Q(learned=False),
                name="learning_text_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.lang} {self.source} {self.key[:12]}"


class SiteWord(models.Model):
    """A word the site's editors say is right ("not an error"): never flagged on
    the site, and offered as a correction of words near it."""

    site = models.ForeignKey("orfo_sites.Site", models.CASCADE, related_name="+")
    lang = models.CharField(_("language"), max_length=8)
    word = models.CharField(_("word"), max_length=64)  # folded: lexicon.fold
    spelling = models.CharField(_("spelling"), max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["lang", "word"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "lang", "word"], name="site_word_once"
            )
        ]

    def __str__(self) -> str:
        return self.spelling


class LearnedFix(models.Model):
    """A correction the site's editors accepted: WRONG (folded) → RIGHT, which later
    suggestions prefer. COUNT is how many times it was accepted."""

    site = models.ForeignKey("orfo_sites.Site", models.CASCADE, related_name="+")
    lang = models.CharField(_("language"), max_length=8)
    wrong = models.CharField(max_length=64)
    right = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["lang", "wrong"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "lang", "wrong", "right"], name="learned_fix_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"
