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
