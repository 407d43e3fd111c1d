from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.notifications import delivery
from orfo.notifications.forms import FORMS
from orfo.notifications.models import Channel, Kind
from orfo.sites import api as sites
from orfo.sites.models import Site


def _site(user, site_id: int) -> Site:
    # Only owners manage channels; everyone else gets the 404 a missing site gets.
    site = sites.sites_for(user).filter(pk=site_id).first()
    if site is None or not sites.can_manage(user, site):
        raise Http404
    return site


def _channel(site: Site, pk: int) -> Channel:
    channel = Channel.objects.filter(site=site, pk=pk).first()
    if channel is None:
        raise Http404
    return channel


@login_required
def channel_list(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request.user, site_id)
    channels = Channel.objects.filter(site=site)
    return render(
        request,
        "notifications/channels.html",
        {"site": site, "channels": channels, "kinds": Kind.choices},
    )


@login_required
def add_channel(request: HttpRequest, site_id: int, kind: str) -> HttpResponse:
    site = _site(request.user, site_id)
    if kind not in FORMS:
        raise Http404
    channel = Channel(site=site, kind=kind)
    form = FORMS[kind](request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Channel added."))
        return redirect("notifications:channels", site_id=site.pk)
    return render(
        request,
        "notifications/channel_form.html",
        {"site": site, "channel": channel, "form": form},
    )


@login_required
def edit_channel(request: HttpRequest, site_id: int, pk: int) -> HttpResponse:
    site = _site(request.user, site_id)
    channel = _channel(site, pk)
    form = FORMS[channel.kind](request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Channel saved."))
        return redirect("notifications:channels", site_id=site.pk)
    return render(
        request,
        "notifications/channel_form.html",
        {"site": site, "channel": channel, "form": form},
    )


@login_required
@require_POST
def delete_channel(request: HttpRequest, site_id: int, pk: int) -> HttpResponse:
    site = _site(request.user, site_id)
    _channel(site, pk).delete()
    messages.success(request, _("Channel deleted."))
    return redirect("notifications:channels", site_id=site.pk)


@login_required
@require_POST
def test_channel(request: HttpRequest, site_id: int, pk: int) -> HttpResponse:
    site = _site(request.user, site_id)
    delivery.send_test(_channel(site, pk))
    messages.success(
        request,
        _("A test notification is on its way; reload this page to see how it went."),
    )
    return redirect("notifications:channels", site_id=site.pk)
