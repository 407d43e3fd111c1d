"""Changing a site and its team, each change written to the audit log.

The dashboard calls these; each change and its audit event are one transaction.
Role changes and removals lock the site's memberships first, so two owners who
demote each other at the same moment cannot leave a site without an owner.
"""

from django.db import transaction

from orfo.sites import api, audit
from orfo.sites.models import Membership, Site

Action = audit.Action
# What save_settings compares and logs: the fields the settings page edits.
SETTINGS = [
    "name",
    "hosts",
    "default_lang",
    "is_active",
    "resolve_when_fixed",
    "cms_edit_url",
]


class LastOwner(Exception):
    """The change would leave the site without an owner."""


def can_create_sites(user) -> bool:
    """Whether USER may add sites from the dashboard.

    Staff and people who already own a site may; an editor someone invited to
    triage may not: an account made from an invitation must not be able to put
    new sites, and their reports and page fetches, on whoever runs Orfo.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.OWNER).exists()


def create_site(name: str, hosts: list[str], default_lang: str, by) -> Site:
    """Create a site whose owner is BY; raise ValidationError for bad values."""
    with transaction.atomic():
        site = api.create_site(name, hosts, default_lang)
        api.add_member(site, by, Membership.Role.OWNER)
        audit.record(site, Action.CREATED, by, hosts=site.hosts)
    return site


def save_settings(site: Site, by) -> list[str]:
    """Save SITE's edited settings and log what changed; return the fields."""
    with transaction.atomic():
        stored = Site.objects.select_for_update().get(pk=site.pk)
        site.save()
        changed = [f for f in SETTINGS if getattr(stored, f) != getattr(site, f)]
        if changed:
            added = sorted(set(site.hosts) - set(stored.hosts))
            removed = sorted(set(stored.hosts) - set(site.hosts))
            audit.record(
                site, Action.SETTINGS, by, fields=changed, added=added, removed=removed
            )
    return changed


def rotate_key(site: Site, by) -> str:
    with transaction.atomic():
        key = site.rotate_key()
        audit.record(site, Action.KEY, by)
    return key


def rotate_api_token(site: Site, by) -> str:
    with transaction.atomic():
        token = site.rotate_api_token()
        audit.record(site, Action.TOKEN, by)
    return token


def member(site: Site, membership_id: int) -> Membership | None:
    if not 0 < membership_id < 2**63:
        return None
    return api.members(site).filter(pk=membership_id).first()


def _locked(site: Site, membership_id: int) -> tuple[Membership | None, int]:
    """The membership (or None) and the site's number of owners, both locked."""
    rows = list(Membership.objects.select_for_update().filter(site=site))
    owners = sum(1 for m in rows if m.role == Membership.Role.OWNER)
    found = next((m for m in rows if m.pk == membership_id), None)
    return found, owners


def change_role(site: Site, membership_id: int, role: str, by) -> Membership | None:
    """Give the member ROLE; None if there is no such member of SITE. Raise
    LastOwner if they are the site's only owner and ROLE is not owner."""
    if role not in Membership.Role.values:
        raise ValueError(f"unknown role {role!r}")
    with transaction.atomic():
        membership, owners = _locked(site, membership_id)
        if membership is None or membership.role == role:
            return membership
        if membership.role == Membership.Role.OWNER and owners <= 1:
            raise LastOwner
        old, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        audit.record(
            site,
            Action.ROLE,
            by,
            membership.user.get_username(),
            old=old,
            new=role,
        )
    return membership


def remove_member(site: Site, membership_id: int, by) -> Membership | None:
    """Remove the member from SITE; None if there is no such member. Raise
    LastOwner if they are its only owner."""
    with transaction.atomic():
        membership, owners = _locked(site, membership_id)
        if membership is None:
            return None
        if membership.role == Membership.Role.OWNER and owners <= 1:
            raise LastOwner
        membership.delete()
        audit.record(
            site,
            Action.REMOVED,
            by,
            membership.user.get_username(),
            role=membership.role,
        )
    return membership


def reader_unblocked(site: Site, by, reader_hash: str, released: int) -> None:
    audit.record(site, Action.UNBLOCKED, by, reader_hash, released=released)
