"""What other apps may ask of suggestions."""

from django.db import transaction
from django_tasks import task

from orfo.issues.models import Issue
from orfo.outbox.models import Event
from orfo.suggestions import conf, engine, lexicon
from orfo.suggestions.models import IssueSuggestion

KEPT = 3
# Events after which an issue's suggestions are (re)computed.
TRIGGERS = {Event.Kind.ISSUE_CREATED, Event.Kind.ISSUE_REGRESSED}


def prepare() -> dict[str, bool]:
    """Build or load every lexicon now, so that no issue waits for one."""
    return {lang: lexicon.get(lang) is not None for lang in conf.LANGUAGES}


def for_issue(issue) -> list[IssueSuggestion]:
    return list(issue.suggestions.all())


def best_text(issue: Issue, compute: bool = False) -> str:
    """Orfo's best correction of ISSUE ("" if none); COMPUTE it if not done yet."""
    best = issue.suggestions.order_by("rank").first()
    if best is None and compute:
        best = next(iter(suggest_for(issue)), None)
    return best.text if best else ""


def on_event(event: Event) -> None:
    """Outbox listener: queue the engine for new and regressed issues."""
    if event.kind in TRIGGERS:
        transaction.on_commit(
            lambda: compute_suggestions.enqueue(event.issue_id), robust=True
        )


def suggest_for(issue: Issue) -> list[IssueSuggestion]:
    """Run the engine on ISSUE's quote in context and store its best corrections."""
    found = engine.suggest(issue.quote, issue.prefix, issue.suffix, issue.lang or None)
    rows = [
        IssueSuggestion(
            issue=issue,
            rank=rank,
            text=s.text[:600],
            score=s.score,
            error=s.error,
            lang=s.lang,
        )
        for rank, s in enumerate(found[:KEPT])
    ]
    with transaction.atomic():
        IssueSuggestion.objects.filter(issue=issue).delete()
        IssueSuggestion.objects.bulk_create(rows)
    return rows


@task()
def compute_suggestions(issue_id: int) -> int:
    issue = Issue.objects.filter(pk=issue_id).first()
    return len(suggest_for(issue)) if issue else 0
