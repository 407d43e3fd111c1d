"""What other apps may ask of suggestions."""

import hashlib
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from orfo.issues.models import Issue, Status
from orfo.outbox.models import Event
from orfo.suggestions import conf, engine, lexicon, sitelexicon, sources
from orfo.suggestions.models import IssueSuggestion, SuggestionCheck

logger = logging.getLogger(__name__)

KEPT = 3
# Events after which an issue's suggestions are (re)computed.
TRIGGERS = {Event.Kind.ISSUE_CREATED, Event.Kind.ISSUE_REGRESSED}


def prepare() -> dict[str, bool]:
    """Build every lexicon now (the missing ones, in parallel), so that no issue
    waits for one; return which languages have one."""
    lexicon.build_all(tuple(lang for lang in conf.LANGUAGES if not lexicon.built(lang)))
    return {lang: lexicon.get(lang) is not None for lang in conf.LANGUAGES}


def lexicons_built() -> bool:
    """Whether every installed language's lexicon is built (`orfo lexicon build`)."""
    return all(lexicon.built(lang) for lang in conf.LANGUAGES)


def for_issue(issue) -> list[IssueSuggestion]:
    return list(issue.suggestions.all())


def best_text(issue: Issue, compute: bool = False, within: float | None = None) -> str:
    """Orfo's best correction of ISSUE ("" if none); COMPUTE it if not done yet
    (once: "nothing found" is stored too). With WITHIN, wait at most that many
    seconds for the lexicons the engine needs: "" if they are not ready by then (the
    worker's task stores the suggestion once they are)."""
    best = issue.suggestions.order_by("rank").first()
    if best is None and compute and not checked(issue):
        if within is None or lexicon.ready(engine_languages(issue.lang), within):
            best = next(iter(suggest_for(issue)), None)
    return best.text if best else ""


def engine_languages(lang: str) -> tuple[str, ...]:
    """The lexicons the engine may consult for text in LANG: its own, and Russian
    and English for the keyboard-layout check (every language when LANG is unknown,
    as the engine then detects it)."""
    own = engine.normalise_lang(lang)
    return tuple(dict.fromkeys([own, "en", "ru"])) if own else conf.LANGUAGES


def site_lexicons(site_id: int) -> sitelexicon.SiteLexicons:
    """The site's own lexicons by language (`.get(lang)`), for the engine's `site=`."""
    return sitelexicon.SiteLexicons(site_id)


def learn_page(site, lang: str | None, url: str, text: str) -> bool:
    """Queue a page of SITE's (a site or its id) to be learned, once per URL, in the
    language its text is in (LANG, the declared one, decides only where the letters
    cannot). Returns whether it was new."""
    return sources.page(_site_id(site), lang, url, text)


def learn_text(site, lang: str, text: str, source: str, key: str = "") -> bool:
    """Queue TEXT of SITE's in LANG to be learned, once per KEY (default: the
    text); SOURCE is a `LearningText.Source`. Returns whether it was new."""
    return sources.learn(_site_id(site), lang, text, source, key)


def learning_language(text: str, declared: str | None = None) -> str | None:
    """The language TEXT is learned in (`sources.language_of`)."""
    return sources.language_of(text, declared)


def _site_id(site) -> int:
    return site if isinstance(site, int) else site.pk


def text_key(issue: Issue) -> str:
    """Name what the engine's answer for ISSUE depends on: its text and language,
    and which dictionaries are installed (a missing one makes it abstain).

    Not the site's lexicon: it moves with every fold (each page checked, each issue
    resolved), and each change shifts a few frequencies, rarely an answer; were its
    version part of the key, every issue shown or notified after a fold would be
    computed again. An issue's suggestions are computed with the lexicon of when it
    came (new issues, and the sweep's catch-up, use the current one)."""
    found = [str(conf.find_dictionary(lang)) for lang in conf.LANGUAGES]
    parts = [issue.lang, issue.quote, issue.prefix, issue.suffix, *found]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def checked(issue: Issue) -> bool:
    """Whether the engine has already run on ISSUE's text as it is now."""
    return SuggestionCheck.objects.filter(issue=issue, key=text_key(issue)).exists()


def on_event(event: Event) -> None:
    """Outbox listener: queue the engine for new and regressed issues; a resolved
    issue teaches the site's lexicon its context and accepted fix."""
    if event.kind in TRIGGERS:
        transaction.on_commit(
            lambda: compute_suggestions.enqueue(event.issue_id), robust=True
        )
    elif event.kind == Event.Kind.ISSUE_RESOLVED:
        data = event.data if isinstance(event.data, dict) else {}
        try:
            with transaction.atomic():
                sources.resolved_issue(
                    event.issue,
                    str(data.get("resolution") or ""),
                    str(data.get("fix") or ""),
                    event.site.default_lang,
                )
        except Exception:
            # Learning is a bonus: the event's other listeners (notifications)
            # must not be rolled back and retried for it.
            logger.exception(
                "learning from the resolve of issue %s failed", event.issue_id
            )


def suggest_for(issue: Issue) -> list[IssueSuggestion]:
    """Run the engine on ISSUE's quote in context and store its best corrections,
    and that it ran (so that an empty answer is not sought again)."""
    key = text_key(issue)
    found = engine.suggest(
        issue.quote,
        issue.prefix,
        issue.suffix,
        issue.lang or None,
        site=site_lexicons(issue.site_id),
    )
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
        SuggestionCheck.objects.update_or_create(
            issue=issue,
            defaults={"key": key, "found": len(rows), "computed": timezone.now()},
        )
    return rows


# Seconds the worker's task waits for the lexicons it needs. Missing ones are built by
# a child process (half a minute, once per install): the task does not hold the
# worker, and the notifications queued behind it, for that long; `catch_up` computes
# the suggestion once they are ready.
TASK_WAIT = 5.0
# Recent open issues without suggestions that one sweep of the worker computes.
CATCH_UP_BATCH = 50
CATCH_UP_WINDOW = timedelta(days=7)


@task()
def compute_suggestions(issue_id: int) -> int:
    """Suggest for a new or regressed issue, unless its text was already done;
    -1 when the lexicons are not ready yet (the sweep comes back to it)."""
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0
    if checked(issue):
        return issue.suggestions.count()
    if not lexicon.ready(engine_languages(issue.lang), TASK_WAIT):
        return -1
    return len(suggest_for(issue))


def catch_up() -> int:
    """The worker's sweep: compute the suggestions of recent open issues that have
    none, whose task was deferred while the lexicons were built or lost with a
    killed worker. Returns how many it computed."""
    since = timezone.now() - CATCH_UP_WINDOW
    waiting = Issue.objects.filter(
        status=Status.OPEN, first_seen__gte=since, suggestion_check__isnull=True
    ).order_by("-id")[:CATCH_UP_BATCH]
    done = 0
    for issue in waiting:
        if not lexicon.ready(engine_languages(issue.lang), 0):
            break  # being loaded: the next sweep
        suggest_for(issue)
        done += 1
    return done
