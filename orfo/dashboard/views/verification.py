"""The issue page's view of the live page: "Check now", and what the checks found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from orfo.dashboard import queue
from orfo.dashboard.access import issue_or_404
from orfo.issues.models import Status, Verdict
from orfo.sites import api as sites
from orfo.verification import api as verification

# A check's verdict in words, for the editor.
VERDICTS = {
    Verdict.PRESENT: gettext_lazy("The error is still on the live page."),
    Verdict.FIXED: gettext_lazy("Fixed on the live page."),
    Verdict.GONE: gettext_lazy(
        "The sentence with the error is no longer on the live page."
    ),
    Verdict.PAGE_MISSING: gettext_lazy("The page is missing."),
    Verdict.UNREACHABLE: gettext_lazy("The page could not be read."),
}
# Whose correction a fixed error's new text is.
MATCHES = {
    "accepted": gettext_lazy("the accepted fix"),
    "reader": gettext_lazy("a reader's correction"),
}
CHECKED_STATUSES = (Status.OPEN, Status.RESOLVED)
EARLIER_CHECKS = 10


@login_required
@require_POST
def check_now(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(request.user, pk)
    if issue.status in CHECKED_STATUSES and verification.request_check(
        issue, now=True, reason="editor"
    ):
        messages.success(request, _("Check queued."))
    else:
        messages.error(request, _("Only open and resolved issues are checked."))
    return redirect(issue_url(issue, request))


def issue_url(issue, request: HttpRequest) -> str:
    """The issue's page, with the inbox filter the editor came with."""
    filters = queue.filter_query(request.GET)
    url = reverse("dashboard:issue", args=[issue.pk])
    return url + (f"?{filters}" if filters else "")


def panel(issue) -> dict:
    """The issue page's context for the live page: the latest check and the next."""
    checks = verification.checks(issue, limit=EARLIER_CHECKS + 1)
    latest = checks[0] if checks else None
    state = verification.page_state(issue)
    due = state.due_at if state is not None else None
    now = timezone.now()
    return {
        "check": latest,
        "earlier_checks": [
            (check, VERDICTS.get(check.verdict, "")) for check in checks[1:]
        ],
        "verdict": VERDICTS.get(latest.verdict, "") if latest else "",
        "matches": MATCHES.get(latest.matches, "") if latest else "",
        "live_html": live_text_html(latest, issue.quote) if latest else "",
        "checkable": issue.status in CHECKED_STATUSES,
        "queued": due is not None and (due <= now or state.urgent),
        "next_check": due,
        "edit_link": sites.cms_edit_link(issue.site, issue.page.url),
    }


def live_text_html(check, quote: str) -> SafeString:
    """The check's live text, escaped, with what stands where the error was
    marked: the quote while it is there, the new text once fixed."""
    text = check.live_text
    needle = check.new_text if check.verdict == Verdict.FIXED else quote
    if not text:
        return SafeString("")
    start = _nearest(text, needle, len(text) // 2) if needle else -1
    if start < 0:
        return escape(text)
    end = start + len(needle)
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


def _nearest(text: str, needle: str, middle: int) -> int:
    """The start of NEEDLE's occurrence in TEXT nearest MIDDLE, or -1 (the live
    text is at most a few hundred characters: the scan is bounded)."""
    best, at = -1, text.find(needle)
    while at >= 0:
        if best < 0 or abs(at - middle) < abs(best - middle):
            best = at
        at = text.find(needle, at + 1)
    return best
