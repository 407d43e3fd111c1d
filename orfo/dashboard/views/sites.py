from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.dashboard.access import site_or_404
from orfo.dashboard.forms import InviteForm, SiteForm
from orfo.dashboard.views import dictionary
from orfo.sites import api as sites
from orfo.sites import invitations, team
from orfo.sites.embed import NOTICES, snippet


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (site, sites.role_of(request.user, site))
        for site in sites.sites_for(request.user)
    ]
    return render(
        request,
        "dashboard/sites.html",
        {"rows": rows, "can_create": team.can_create_sites(request.user)},
    )


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
            team.save_settings(form.instance, by=request.user)
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
            **dictionary.summary(site),
        },
    )


@login_required
@require_POST
def rotate_key(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    team.rotate_key(site, by=request.user)
    messages.success(
        request, _("A new site key was made; the old one no longer works.")
    )
    return redirect("dashboard:site", pk=site.pk)


@login_required
@require_POST
def rotate_token(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    team.rotate_api_token(site, by=request.user)
    messages.success(
        request, _("A new API token was made; the old one no longer works.")
    )
    return redirect("dashboard:site", pk=site.pk)
