from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from orfo.dashboard import queue
from orfo.dashboard.access import site_ids
from orfo.dashboard.forms import BULK_ACTIONS
from orfo.dashboard.rows import inbox_rows
from orfo.dashboard.views.spam import confirm_spam
from orfo.issues import api as issues
from orfo.issues.links import live_url


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    filtered = queue.inbox_filter(request.GET, request.user)
    rows, cursor = queue.page(filtered, request.GET.get("after", ""))
    for issue in rows:
        issue.live_url = live_url(issue)
    issue_base = reverse("dashboard:inbox") + "issues/"
    next_query = request.GET.copy()
    next_query["after"] = cursor
    many_sites = len(filtered.sites) > 1
    return render(
        request,
        "dashboard/inbox.html",
        {
            "form": filtered.form,
            "issues": rows,
            "next_url": f"?{next_query.urlencode()}" if cursor else "",
            "rows": inbox_rows(
                rows, issue_base, many_sites, queue.filter_query(request.GET)
            ),
            "many_sites": many_sites,
            "no_sites": not filtered.sites,
            "scope": queue.scope(filtered, request.GET),
        },
    )


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("issue") if i.isdigit()][:500]
    chosen = issues.issues_in_sites(ids, site_ids(request.user))
    if action == "spam" and chosen and not request.POST.get("confirm"):
        back = _back(request, "/dashboard/")["Location"]
        fields = [("action", action), ("next", back)]
        return confirm_spam(
            request,
            chosen,
            request.path,
            fields + [("issue", i.pk) for i in chosen],
            back,
        )
    changed = 0
    if action in BULK_ACTIONS:
        for issue in chosen:
            changed += issues.set_status(issue, BULK_ACTIONS[action], request.user)
    elif action == "assign_me":
        for issue in chosen:
            changed += issues.assign(issue, request.user, request.user)
    else:
        messages.error(request, _("Choose an action."))
    if changed:
        messages.success(
            request,
            ngettext("%(n)d issue changed.", "%(n)d issues changed.", changed)
            % {"n": changed},
        )
    return _back(request, "/dashboard/")


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)
