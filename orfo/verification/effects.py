"""What a check of the live page does to an issue: the state machine.

`decide` is the whole table, pure, so that tests can try every verdict against
every status; `apply` records the check and carries out what `decide` said through
the issue's own methods (each a conditional update, with its history entry and
outbox event). The hard rule of the checks holds here too: only `fixed` and `gone`
ever resolve or verify, and `page_missing` and `unreachable` never change a status.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from orfo.issues import api as issues
from orfo.issues.models import Issue, Status, Verdict
from orfo.verification.models import Check, Match

GONE_FROM_PAGE = (Verdict.FIXED, Verdict.GONE)

# What decide() may ask for, in the order apply() carries it out.
RESOLVE_FIXED_ON_PAGE = (
    "resolve_fixed_on_page"  # open, error gone: resolve (a site setting)
)
REGRESS = "regress"  # reported again while resolved, and the error is there: reopen
OLD_COPY = "old_copy"  # reported again while resolved, error not there: keep resolved
VERIFY = "verify"  # resolved, error gone from the live page: verified live
UNVERIFY = "unverify"  # resolved and verified, but the error is back: checks resume
FIX_NOT_LIVE = "fix_not_live"  # resolved, error still there when the checks ran out


@dataclass(frozen=True)
class Finding:
    """What one check found for one issue."""

    verdict: str
    live_text: str = ""
    new_text: str = ""
    http_status: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class IssueState:
    """What decide() needs to know of an issue."""

    status: str
    awaiting_check: bool = False  # reports came while resolved
    verified: bool = False
    fix_not_live: bool = False
    checks_over: bool = False  # resolved long enough ago that no retry follows


def state_of(issue: Issue, checked_at: datetime) -> IssueState:
    return IssueState(
        status=issue.status,
        awaiting_check=issue.awaiting_check > 0,
        verified=issue.verified_at is not None,
        fix_not_live=issue.fix_not_live,
        checks_over=checks_over(issue, checked_at),
    )


def checks_over(issue: Issue, when: datetime) -> bool:
    """Whether a check at WHEN is the last after ISSUE's resolve (or later)."""
    if issue.resolved_at is None:
        return False
    return when >= issue.resolved_at + timedelta(seconds=settings.ORFO_VERIFY_WINDOW)


def decide(state: IssueState, verdict: str, resolve_when_fixed: bool) -> tuple:
    """What a check finding VERDICT does to an issue in STATE."""
    gone = verdict in GONE_FROM_PAGE
    if state.status == Status.OPEN:
        return (RESOLVE_FIXED_ON_PAGE,) if gone and resolve_when_fixed else ()
    if state.status != Status.RESOLVED:
        return ()  # ignored and spam issues are not checked, and stay so
    if verdict == Verdict.PRESENT:
        if state.awaiting_check:
            return (REGRESS,)
        actions = (UNVERIFY,) if state.verified else ()
        if state.checks_over and not state.fix_not_live:
            actions += (FIX_NOT_LIVE,)
        return actions
    actions = ()
    if state.awaiting_check and (gone or verdict == Verdict.PAGE_MISSING):
        actions += (OLD_COPY,)
    if gone and not state.verified:
        actions += (VERIFY,)
    return actions


def matches(issue: Issue, new_text: str) -> str:
    """Whose correction a fixed error's new text is: the accepted fix's, a
    reader's, or neither."""
    text = new_text.strip()
    if not text:
        return Match.NONE
    if text == issue.accepted_fix.strip():
        return Match.ACCEPTED
    if text in (c.strip() for c in issues.reader_corrections(issue)):
        return Match.READER
    return Match.NONE


def apply(
    issue: Issue,
    finding: Finding,
    checked_at: datetime,
    *,
    resolve_when_fixed: bool,
    reason: str = "",
) -> tuple:
    """Record FINDING for ISSUE and act on it; return the actions taken.

    Runs in the transaction that holds the page lock (orfo.issues.api.lock_page).
    """
    new_text = finding.new_text if finding.verdict == Verdict.FIXED else ""
    record(issue, finding, new_text, checked_at, reason)
    state = state_of(issue, checked_at)
    issue.record_check(finding.verdict, checked_at, finding.live_text)
    actions = decide(state, finding.verdict, resolve_when_fixed)
    note = _note(finding.verdict, new_text)
    done = []
    for action in actions:
        if action == RESOLVE_FIXED_ON_PAGE:
            ok = issue.resolve_fixed_on_page(checked_at, note)
        elif action == REGRESS:
            ok = issue.reopen_as_regression()
        elif action == OLD_COPY:
            ok = issue.sent_from_old_copy(issue.awaiting_check, checked_at)
        elif action == VERIFY:
            ok = issue.mark_verified(checked_at, note)
        elif action == UNVERIFY:
            ok = issue.mark_unverified()
        else:
            ok = issue.mark_fix_not_live(checked_at)
        if ok:
            done.append(action)
    return tuple(done)


def _note(verdict: str, new_text: str) -> str:
    """The history's note: the new text of a fixed error ("" when gone)."""
    return new_text if verdict == Verdict.FIXED else ""


def record(
    issue: Issue, finding: Finding, new_text: str, checked_at: datetime, reason: str
) -> Check:
    """Add the finding to the issue's checks, or extend the latest row when it
    found the same."""
    check = Check(
        issue=issue,
        verdict=finding.verdict,
        checked_at=checked_at,
        first_checked_at=checked_at,
        reason=reason,
        http_status=finding.http_status,
        detail=finding.detail[:200],
        new_text=new_text[:300],
        matches=matches(issue, new_text),
        live_text=finding.live_text[:400],
    )
    latest = Check.objects.filter(issue=issue).order_by("-checked_at", "-id").first()
    if latest is not None and latest.same_finding(check):
        latest.checked_at, latest.times, latest.reason = (
            checked_at,
            latest.times + 1,
            reason,
        )
        latest.http_status, latest.detail = check.http_status, check.detail
        latest.save(
            update_fields=["checked_at", "times", "reason", "http_status", "detail"]
        )
        return latest
    check.save()
    return check
