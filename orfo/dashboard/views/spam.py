"""Spam verdicts: confirmed before they block anyone, listed per site, reversible.

Marking issues as spam first shows what it affects (reports, readers, who will be
blocked) on a page of its own, a plain form: it works without the script, and the
keyboard shortcut lands on it too. The site's blocked readers and the reports held
from them have pages of their own, reached from the site's settings.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from orfo.dashboard.access import site_or_404
from orfo.dashboard.counts import reports_from_readers
from orfo.reports import api as reports
from orfo.sites import team

# Issues named on the confirmation page; the rest are counted ("and N more").
ISSUES_SHOWN = 20
# Held reports shown on one page: a flood of them must not make a huge page.
HELD_SHOWN = 100
BLOCKED_SHOWN = 200


def confirm_spam(
    request: HttpRequest, chosen, action: str, fields, cancel: str
) -> HttpResponse:
    """The page that asks before CHOSEN issues are marked as spam: it posts FIELDS
    and confirm=1 back to ACTION."""
    impact = reports.spam_impact([issue.pk for issue in chosen])
    return render(
        request,
        "dashboard/spam_confirm.html",
        {
            "issues": chosen[:ISSUES_SHOWN],
            "more": max(0, len(chosen) - ISSUES_SHOWN),
            "count": len(chosen),
            "counts": reports_from_readers(impact.reports, impact.readers),
            "impact": impact,
            "action": action,
            "fields": fields,
            "cancel": cancel,
        },
    )


@login_required
def blocked_readers(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    blocked = reports.blocked_readers(site.pk, BLOCKED_SHOWN + 1)
    return render(
        request,
        "dashboard/blocked.html",
        {
            "site": site,
            "blocked": blocked[:BLOCKED_SHOWN],
            "more": len(blocked) > BLOCKED_SHOWN,
            "shown": BLOCKED_SHOWN,
        },
    )


@login_required
@require_POST
def unblock(request: HttpRequest, pk: int, block_id: int) -> HttpResponse:
    # Editors give spam verdicts, so editors may take them back.
    site = site_or_404(request.user, pk)
    with transaction.atomic():
        found = reports.blocked_readers_of(site.pk, [block_id])
        if not found:
            raise Http404
        released = reports.unblock(site.pk, [block_id])
        team.reader_unblocked(site, request.user, found[0].reader_hash, released)
    messages.success(
        request,
        ngettext(
            "Reader unblocked; %(n)d held report goes to the inbox.",
            "Reader unblocked; %(n)d held reports go to the inbox.",
            released,
        )
        % {"n": released},
    )
    return redirect("dashboard:site-blocked", pk=site.pk)


@login_required
def held_reports(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    block = None
    reader = request.GET.get("reader", "")
    if reader:
        ids = [int(reader)] if reader.isascii() and reader.isdigit() else []
        found = reports.blocked_readers_of(site.pk, ids)
        if not found:
            raise Http404
        block = found[0]
    held = reports.held_reports(site.pk, block)
    rows = list(held[: HELD_SHOWN + 1])
    return render(
        request,
        "dashboard/held.html",
        {
            "site": site,
            "reader": block,  # not "block": templates hold their {% block %} there
            "reports": rows[:HELD_SHOWN],
            "total": held.count() if len(rows) > HELD_SHOWN else len(rows),
            "more": len(rows) > HELD_SHOWN,
        },
    )
