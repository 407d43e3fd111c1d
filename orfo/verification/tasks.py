"""Checking one page: fetch it once, re-anchor each of its issues, act on them.

The fetch runs outside any transaction; what it found is then recorded in one
transaction holding the page lock (as grouping does), so a report grouped on the
page meanwhile is either before the check or after it, never half-way.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from orfo.issues import api as issues
from orfo.issues.models import CONTENT_VERDICTS, Issue, Status, Verdict
from orfo.verification import effects, schedule
from orfo.verification.effects import Finding
from orfo.verification.models import Check, PageState, Reason

logger = logging.getLogger(__name__)


def fetch_page(url: str, hosts: list[str], etag: str = "", last_modified: str = ""):
    from orfo.verification import fetch

    return fetch.fetch_page(url, hosts, etag=etag, last_modified=last_modified)


def locate(fetched, issue: Issue):
    """Where ISSUE's quote is in the page FETCHED ("ok") now."""
    from orfo.verification import anchor

    return anchor.locate(
        fetched.text,
        issue.quote,
        issue.prefix,
        issue.suffix,
        issue.position,
        origins=fetched.containers,
    )


@task()
def check_page(page_id: int) -> str:
    return run_check(page_id)


def run_check(page_id: int) -> str:
    """Check the page if it is due and no one else is; return what happened."""
    started = timezone.now()
    state = PageState.objects.filter(page_id=page_id).first()
    if state is None:
        return "unknown page"
    if state.due_at is None or state.due_at > started:
        PageState.objects.filter(pk=state.pk).update(queued_until=None)
        return "not due"
    locked = PageState.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=started), pk=state.pk
    ).update(locked_until=started + schedule.LEASE)
    if not locked:
        return "busy"  # the check running now sees the request when it ends
    try:
        return _check(state, started)
    except Exception:
        # Tried again later, an asked-for check included; never lost.
        PageState.objects.filter(pk=state.pk).update(
            locked_until=None,
            queued_until=None,
            due_at=started + schedule.RETRY_FIRST,
        )
        raise


def _reason(state: PageState, targets: list[Issue]) -> str:
    if state.urgent and state.request_reason:
        return state.request_reason
    if state.failures:
        return Reason.RETRY
    pending = any(
        i.status == Status.RESOLVED and i.verified_at is None and not i.fix_not_live
        for i in targets
    )
    return Reason.RESOLVE if pending else Reason.PERIODIC


def _check(state: PageState, started: datetime) -> str:
    page = issues.page(state.page_id)
    targets = issues.checkable_issues(state.page_id)
    if page is None or not targets:
        _finish(state, started, {"due_at": None})
        return "nothing to check"
    reason = _reason(state, targets)
    hosts = page.site.hosts
    reusable = _reusable(state, targets)
    if reusable is not None:
        fetched = fetch_page(page.url, hosts, state.etag, state.last_modified)
    else:
        fetched = fetch_page(page.url, hosts)
    if fetched.outcome == "not_modified" and reusable is None:
        fetched = _unexpected_304(fetched)
    if fetched.outcome == "deferred":
        # Over the host's fetch limit: tried again shortly, still as asked.
        _finish(
            state, started, {"due_at": timezone.now() + schedule.DEFERRED}, keep=True
        )
        return "deferred"
    findings = _findings(fetched, targets, reusable)
    checked_at = timezone.now()
    with transaction.atomic():
        issues.lock_page(page.pk)
        current = issues.checkable_issues(page.pk)
        for issue in current:
            if issue.pk in findings:  # one reported during the fetch waits its turn
                effects.apply(
                    issue,
                    findings[issue.pk],
                    checked_at,
                    resolve_when_fixed=page.site.resolve_when_fixed,
                    reason=reason,
                )
        fields = _fetch_fields(fetched, checked_at)
        state.refresh_from_db()
        for name, value in fields.items():
            if not hasattr(value, "resolve_expression"):
                setattr(state, name, value)
        if fetched.outcome == "unreachable":
            state.failures += 1
        fields["due_at"] = schedule.next_due(
            state, issues.checkable_issues(page.pk), checked_at
        )
        _finish(state, started, fields)
    if fetched.outcome == "ok":
        _learn(page, fetched, targets)
    return fetched.outcome


def _learn(page, fetched, targets: list[Issue]) -> None:
    """Hand the article's text to the site's lexicon (learned once per page, in
    the language its letters say; the issues' or the site's decides between Russian
    and Kazakh in a short one). Never fails the check."""
    from orfo.suggestions import api as suggestions
    from orfo.verification.api import article_text

    declared = next((i.lang for i in targets if i.lang), "") or page.site.default_lang
    try:
        with transaction.atomic():
            suggestions.learn_page(
                page.site,
                declared,
                page.url,
                article_text(fetched.text, fetched.containers),
            )
    except Exception:
        logger.exception("learning the text of page %s failed", page.pk)


def _unexpected_304(fetched):
    """A 304 to a request without validators: the server is confused."""
    from dataclasses import replace

    return replace(fetched, outcome="unreachable", reason="HTTP 304 without validators")


def _fetch_fields(fetched, checked_at: datetime) -> dict:
    fields = {
        "fetched_at": checked_at,
        "outcome": fetched.outcome,
        "http_status": fetched.status,
        "detail": (fetched.reason or "")[:200],
        "failures": 0,
    }
    if fetched.outcome == "ok":
        fields.update(
            etag=(fetched.etag or "")[:300],
            last_modified=(fetched.last_modified or "")[:100],
            content_at=checked_at,
        )
    elif fetched.outcome == "missing":
        fields.update(etag="", last_modified="", content_at=None)
    elif fetched.outcome == "unreachable":
        fields["failures"] = F("failures") + 1
    return fields


def _finish(state: PageState, started: datetime, fields: dict, keep: bool = False):
    """Release the page, and end a request for a check now made before STARTED;
    one made while this check ran is checked next, at once."""
    fields = {**fields, "locked_until": None, "queued_until": None}
    PageState.objects.filter(pk=state.pk).update(**fields)
    if keep:
        return
    ended = PageState.objects.filter(
        pk=state.pk, urgent=True, requested_at__lte=started
    ).update(urgent=False, request_reason="")
    still = PageState.objects.filter(pk=state.pk, urgent=True).exists()
    if not ended and still:
        now = timezone.now()
        PageState.objects.filter(pk=state.pk).update(
            due_at=now, queued_until=now + schedule.LEASE
        )
        schedule.enqueue(state.page_id, urgent=True)


def _reusable(state: PageState, targets: list[Issue]) -> dict | None:
    """The findings a 304 would confirm: each target's latest finding from the
    page's text since it was last read. None (fetch it whole) unless every target
    has one."""
    if not (state.etag or state.last_modified) or state.content_at is None:
        return None
    ids = [issue.pk for issue in targets]
    rows = Check.objects.filter(
        issue_id__in=ids, verdict__in=CONTENT_VERDICTS, checked_at__gte=state.content_at
    ).order_by("issue_id", "-checked_at", "-id")
    found = {}
    for row in rows:
        found.setdefault(
            row.issue_id,
            Finding(
                verdict=row.verdict, live_text=row.live_text, new_text=row.new_text
            ),
        )
    return found if len(found) == len(ids) else None


def _findings(fetched, targets: list[Issue], reusable: dict | None) -> dict:
    status, detail = fetched.status, (fetched.reason or "")[:200]
    if fetched.outcome == "not_modified":
        return {
            pk: Finding(f.verdict, f.live_text, f.new_text, status, detail)
            for pk, f in reusable.items()
        }
    if fetched.outcome == "ok":
        found = {}
        for issue in targets:
            located = locate(fetched, issue)
            found[issue.pk] = Finding(
                verdict=located.verdict,
                live_text=located.live_text or "",
                new_text=located.new_text or "",
                http_status=status,
                detail=detail,
            )
        return found
    verdict = (
        Verdict.PAGE_MISSING if fetched.outcome == "missing" else Verdict.UNREACHABLE
    )
    return {issue.pk: Finding(verdict, "", "", status, detail) for issue in targets}
