from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.dashboard import queue
from orfo.dashboard.access import issue_or_404
from orfo.dashboard.counts import reports_from_readers
from orfo.dashboard.forms import AcceptFixForm, AssignForm, NoteForm, StatusForm
from orfo.dashboard.suggested import suggested
from orfo.dashboard.views import verification
from orfo.dashboard.views.spam import confirm_spam
from orfo.dashboard.views.verification import issue_url
from orfo.issues import api as issues
from orfo.issues.links import live_url, page_link
from orfo.issues.models import Status
from orfo.reports import api as reports
from orfo.sites import api as sites
from orfo.suggestions import api as suggestions

REPORTS_SHOWN = 100


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(request.user, pk)
    members = sites.members(issue.site)
    report_list = list(reports.for_issue(issue)[: REPORTS_SHOWN + 1])
    corrections, more_corrections = issues.corrections(issue)
    filters = queue.filter_query(request.GET)
    return render(
        request,
        "dashboard/issue.html",
        {
            "issue": issue,
            "counts": reports_from_readers(issue.report_count, issue.reader_count),
            "live_url": live_url(issue),
            "page_url": page_link(issue.page, issue.site),
            "suggested": suggested(issue, suggestions.for_issue(issue), corrections),
            "more_corrections": more_corrections,
            "reports": report_list[:REPORTS_SHOWN],
            "more_reports": len(report_list) > REPORTS_SHOWN,
            "history": issues.history(issue),
            "assign_form": AssignForm(
                initial={"assignee": issue.assignee_id}, members=members
            ),
            "note_form": NoteForm(),
            # The inbox list the editor came from: links and forms keep it.
            "filters": f"?{filters}" if filters else "",
            **verification.panel(issue),
        },
    )


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == Status.SPAM != issue.status and not request.POST.get("confirm"):
            return confirm_spam(
                request,
                [issue],
                reverse("dashboard:issue-status", args=[issue.pk]),
                [("status", status)],
                reverse("dashboard:issue", args=[issue.pk]),
            )
        if issues.set_status(issue, status, request.user):
            messages.success(
                request,
                _("Status changed to %(status)s.")
                % {"status": issue.get_status_display()},
            )
        if request.POST.get("then") == "next" and issue.status == Status.RESOLVED:
            return next_issue(request, issue)
    return redirect(issue_url(issue, request))


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(request.user, pk)
    members = sites.members(issue.site)
    form = AssignForm(request.POST, members=members)
    if not form.is_valid():
        raise Http404  # only members of the issue's site can be chosen
    chosen = form.cleaned_data["assignee"]
    user = next((m.user for m in members if m.user.pk == chosen), None)
    issues.assign(issue, user, request.user)
    return redirect(issue_url(issue, request))


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        issue.add_note(form.cleaned_data["note"], user=request.user)
    return redirect(issue_url(issue, request))


@login_required
@require_POST
def accept_fix(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a correction: the issue is resolved with it, and the next issue of the
    editor's inbox list opens."""
    issue = issue_or_404(request.user, pk)
    form = AcceptFixForm(request.POST)
    if not form.is_valid():
        return redirect(issue_url(issue, request))
    fix = form.cleaned_data["text"]
    issues.resolve_with_fix(issue, fix, form.cleaned_data["source"], request.user)
    messages.success(request, _("Resolved with “%(fix)s”.") % {"fix": fix})
    return next_issue(request, issue)


def next_issue(request: HttpRequest, issue) -> HttpResponse:
    """The issue after ISSUE in the inbox list the editor came from, or that list
    with a word that it is done."""
    filtered = queue.inbox_filter(request.GET, request.user)
    after = queue.issue_after(filtered, issue)
    if after is not None:
        return redirect(issue_url(after, request))
    messages.info(request, _("That was the last issue of this list."))
    filters = queue.filter_query(request.GET)
    return redirect(reverse("dashboard:inbox") + (f"?{filters}" if filters else ""))
