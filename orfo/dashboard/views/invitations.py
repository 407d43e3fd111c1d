"""Members join a site through an emailed invitation, never by an owner's lookup.

The link's token is moved from the URL into the session at once (as Django's password
reset does), so it does not stay in the address bar, the history or a Referer.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orfo.dashboard.access import site_or_404
from orfo.dashboard.forms import InviteForm, SignupForm
from orfo.sites import invitations
from orfo.sites.models import Invitation

logger = logging.getLogger(__name__)
SESSION_KEY = "orfo_invitation_token"


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dashboard:site", pk=site.pk)

    # SITE_ROOT, as in notifications: the mailed link never depends on a Host header.
    def deliver(invitation: Invitation, token: str) -> None:
        link = settings.SITE_ROOT + reverse("dashboard:invitation", args=[token])
        _mail(invitation, link, request.user)

    try:
        invitation, _token = invitations.invite(
            site,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            request.user,
            deliver=deliver,
        )
    except invitations.TooMany:
        messages.error(
            request,
            _("%(n)d invitations are waiting: revoke some before sending more.")
            % {"n": invitations.MAX_PENDING},
        )
        return redirect("dashboard:site", pk=site.pk)
    except Exception:  # noqa: BLE001 - SMTP and network trouble alike
        logger.exception("invitation to site %s could not be mailed", site.pk)
        messages.error(
            request,
            _("The invitation could not be emailed, so none was made. Try later."),
        )
        return redirect("dashboard:site", pk=site.pk)
    # The same words whether or not the address has an account here.
    messages.success(
        request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
    )
    return redirect("dashboard:site", pk=site.pk)


def _mail(invitation: Invitation, link: str, inviter) -> None:
    values = {
        "site": invitation.site.name,
        "inviter": inviter.get_username(),
        "role": invitation.get_role_display(),
        "link": link,
        "days": invitations.LIFETIME.days,
    }
    send_mail(
        _("Invitation to %(site)s in Orfo") % values,
        _(
            "%(inviter)s invites you to work on the reported errors of %(site)s in "
            "Orfo, as %(role)s.\n\nOpen this link within %(days)d days to accept; you "
            "can log in to your account or create one there:\n\n%(link)s\n\nIf you "
            "did not expect this invitation, ignore this message."
        )
        % values,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    site = site_or_404(request.user, pk, manage=True)
    if invitations.revoke(site, invitation_id, by=request.user):
        messages.success(request, _("Invitation revoked."))
    return redirect("dashboard:site", pk=site.pk)


def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: keep its token in the session and show the page without it."""
    if invitations.find(token) is None:  # no session is made for a made-up link
        return _not_valid(request)
    request.session[SESSION_KEY] = token
    return redirect("dashboard:invitation-accept")


def _not_valid(request: HttpRequest) -> HttpResponse:
    return render(
        request, "dashboard/invitation.html", {"invitation": None}, status=404
    )


def accept(request: HttpRequest) -> HttpResponse:
    invitation = invitations.find(request.session.get(SESSION_KEY, ""))
    if invitation is None:
        return _not_valid(request)
    if request.method != "POST":
        return _page(request, invitation, None)
    form = None if request.user.is_authenticated else SignupForm(request.POST)
    if form is not None and not form.is_valid():
        return _page(request, invitation, form)
    try:
        with transaction.atomic():  # no new account without its membership
            user = request.user if form is None else _new_account(form, invitation)
            invitations.accept(invitation, user)
    except Invitation.DoesNotExist:  # accepted meanwhile, in another tab
        return redirect("dashboard:inbox")
    request.session.pop(SESSION_KEY, None)
    if form is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("You joined %(site)s.") % {"site": invitation.site.name}
    )
    return redirect("dashboard:inbox")


def _new_account(form: SignupForm, invitation: Invitation):
    user = form.save(commit=False)
    user.email = invitation.email
    user.save()
    return user


def _page(request, invitation, form) -> HttpResponse:
    if form is None and not request.user.is_authenticated:
        form = SignupForm()
    return render(
        request,
        "dashboard/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "login_url": reverse("login")
            + "?next="
            + reverse("dashboard:invitation-accept"),
        },
    )
