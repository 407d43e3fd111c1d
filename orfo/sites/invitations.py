"""Inviting people to a site by email: no owner ever looks an account up.

The owner names an email address and a role; the address gets a link. Whoever opens
it either logs in to an account they have or creates one, and that account joins the
site. Orfo never says whether an address already has an account.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from orfo.sites import audit
from orfo.sites.api import add_member, role_of
from orfo.sites.models import Invitation, Membership, Site

LIFETIME = timedelta(days=7)
# Pending invitations a site may have at once: the site page lists them all.
MAX_PENDING = 50


class TooMany(Exception):
    """The site has MAX_PENDING invitations waiting already."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    site: Site, email: str, role: str, invited_by, deliver=None
) -> tuple[Invitation, str]:
    """Store an invitation of EMAIL to SITE and return it with its secret token.

    Inviting an address again replaces its pending invitation (and its link); raise
    TooMany when MAX_PENDING other addresses are waiting. DELIVER(invitation, token)
    sends the link: if it raises, no invitation is kept and nothing is logged.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    email = email.strip().lower()
    Invitation.objects.filter(expires__lte=now).delete()
    waiting = Invitation.objects.filter(site=site).exclude(email=email)
    if waiting.count() >= MAX_PENDING:
        raise TooMany
    invitation, _ = Invitation.objects.update_or_create(
        site=site,
        email=email,
        defaults={
            "role": role,
            "token_hash": _hash(token),
            "invited_by": invited_by,
            "expires": now + LIFETIME,
        },
    )
    if deliver is not None:
        try:
            deliver(invitation, token)
        except BaseException:
            invitation.delete()
            raise
    audit.record(site, audit.Action.INVITED, invited_by, email, role=role)
    return invitation, token


def pending(site: Site) -> QuerySet[Invitation]:
    return Invitation.objects.filter(site=site, expires__gt=timezone.now())


def find(token: str) -> Invitation | None:
    """The pending invitation whose link holds TOKEN, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("site")
        .filter(token_hash=_hash(token), expires__gt=timezone.now())
        .first()
    )


def accept(invitation: Invitation, user) -> Membership:
    """Make USER a member with the invited role (an owner stays an owner)."""
    with transaction.atomic():
        # Deleting first means two tabs accepting one link make one membership.
        if not Invitation.objects.filter(pk=invitation.pk).delete()[0]:
            raise Invitation.DoesNotExist
        role = invitation.role
        if role_of(user, invitation.site) == Membership.Role.OWNER:
            role = Membership.Role.OWNER
        membership = add_member(invitation.site, user, role)
        audit.record(
            invitation.site,
            audit.Action.JOINED,
            user,
            user.get_username(),
            role=role,
            email=invitation.email,
        )
        return membership


def revoke(site: Site, pk: int, by=None) -> bool:
    """Withdraw a pending invitation of SITE; False if there is none."""
    invitation = Invitation.objects.filter(site=site, pk=pk).first()
    if invitation is None or not invitation.delete()[0]:
        return False
    audit.record(site, audit.Action.REVOKED, by, invitation.email)
    return True
