from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.dashboard.access import site_or_404
from orfo.dashboard.forms import InviteForm, RoleForm, SiteForm
from orfo.sites import api as sites
from orfo.sites import invitations
from orfo.sites.embed import NOTICES, snippet


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (site, sites.role_of(request.user, site))
        for site in sites.sites_for(request.user)
    ]
    return render(request, "dashboard/sites.html", {"rows": rows})


@login_required
def site_settings(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    manage = sites.can_manage(request.user, site)
    form = SiteForm(instance=site)
    if request.method == "POST":
        if not manage:
            raise Http404
        form = SiteForm(request.POST, instance=site)
        if form.is_valid():
            form.save()
            messages.success(request, _("Site settings saved."))
            return redirect("dashboard:site", pk=site.pk)
    return render(
        request,
        "dashboard/site.html",
        {
            "site": site,
            "manage": manage,
            "form": form,
            "snippet": snippet(request.build_absolute_uri("/widget.js"), site.key),
            "notices": [(lang, NOTICES[lang]) for lang in ("ru", "kk", "en")],
            "members": sites.members(site),
            "invite_form": InviteForm(),
            "invitations": invitations.pending(site) if manage else [],
            "invitation_days": invitations.LIFETIME.days,
        },
    )


@login_required
@require_POST
def rotate_key(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    site.rotate_key()
    messages.success(
        request, _("A new site key was made; the old one no longer works.")
    )
    return redirect("dashboard:site", pk=site.pk)


@login_required
@require_POST
def change_member(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    membership = sites.members(site).filter(pk=membership_id).first()
    form = RoleForm(request.POST)
    if membership is None or not form.is_valid():
        raise Http404
    role = form.cleaned_data["role"]
    owners = sites.members(site).filter(role="owner").count()
    if membership.role == "owner" and role != "owner" and owners == 1:
        messages.error(request, _("A site needs at least one owner."))
    elif role == "remove":
        membership.delete()
        messages.success(request, _("Member removed."))
    else:
        sites.add_member(site, membership.user, role)
        messages.success(request, _("Member saved."))
    return redirect("dashboard:site", pk=site.pk)


@login_required
@require_POST
def rotate_token(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    site.rotate_api_token()
    messages.success(
        request, _("A new API token was made; the old one no longer works.")
    )
    return redirect("dashboard:site", pk=site.pk)
