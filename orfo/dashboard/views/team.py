"""Newsrooms manage themselves: adding a site, changing and removing members, and
the site's audit log. The sites app makes every change (orfo.sites.team) and logs
it; these views check who asks, confirm what cannot be undone, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.dashboard import auditlog
from orfo.dashboard.access import site_or_404
from orfo.dashboard.forms import NewSiteForm, RoleForm
from orfo.sites import team
from orfo.sites.models import Membership


@login_required
def new_site(request: HttpRequest) -> HttpResponse:
    if not team.can_create_sites(request.user):
        raise PermissionDenied
    form = NewSiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = team.create_site(
            data["name"], data["hosts"], data["default_lang"], by=request.user
        )
        messages.success(
            request,
            _("%(site)s was created. Put the tag below into your article template.")
            % {"site": site.name},
        )
        return redirect("dashboard:site", pk=site.pk)
    return render(request, "dashboard/site_new.html", {"form": form})


def _member_or_404(site, membership_id: int) -> Membership:
    membership = team.member(site, membership_id)
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def change_role(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    membership = _member_or_404(site, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a role."))
    role = form.cleaned_data["role"]
    demoting_self = membership.user == request.user and role != Membership.Role.OWNER
    if demoting_self and not form.cleaned_data["confirm"]:
        return render(
            request,
            "dashboard/member_confirm.html",
            {"site": site, "member": membership, "action": "demote", "role": role},
        )
    try:
        team.change_role(site, membership.pk, role, by=request.user)
    except team.LastOwner:
        messages.error(request, _("A site needs at least one owner."))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {
                "user": membership.user.get_username(),
                "role": Membership.Role(role).label,
            },
        )
    return redirect("dashboard:site", pk=site.pk)


@login_required
def remove_member(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    """GET asks to confirm; POST removes."""
    site = site_or_404(request.user, pk, manage=True)
    membership = _member_or_404(site, membership_id)
    if request.method != "POST":
        return render(
            request,
            "dashboard/member_confirm.html",
            {"site": site, "member": membership, "action": "remove"},
        )
    try:
        team.remove_member(site, membership.pk, by=request.user)
    except team.LastOwner:
        messages.error(request, _("A site needs at least one owner."))
        return redirect("dashboard:site", pk=site.pk)
    messages.success(
        request,
        _("%(user)s was removed from %(site)s.")
        % {"user": membership.user.get_username(), "site": site.name},
    )
    if membership.user == request.user and not request.user.is_superuser:
        return redirect("dashboard:sites")  # the site is no longer theirs to see
    return redirect("dashboard:site", pk=site.pk)


@login_required
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    cursor = request.GET.get("before", "")
    try:
        entries, older = auditlog.page(site, cursor)
    except auditlog.BadCursor:
        return HttpResponseBadRequest(_("This page of the log does not exist."))
    return render(
        request,
        "dashboard/audit.html",
        {"site": site, "entries": entries, "older": older, "first": not cursor},
    )
