"""What other apps may ask of sites: lookups, and who may see or manage which site."""

import hashlib
import time
from urllib.parse import quote

from django.core.cache import cache
from django.db.models import QuerySet

from orfo.sites.models import CMS_URL_PLACEHOLDER, Membership, Site

SITE_CACHE_SECONDS = 60
# Each process also keeps what it looked up for a few seconds, so that a flood of
# reports (most of them refused) costs no round trip to a shared cache at all. A
# changed site reaches other processes within this time; this one forgets at once.
LOCAL_SECONDS = 5
_local: dict[str, tuple[float, Site | bool]] = {}


def _cache_key(key: str) -> str:
    return f"orfo:site:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def active_site_by_key(key: str) -> Site | None:
    """The active site with this public key; cached, since every report asks."""
    now = time.monotonic()
    held = _local.get(key)
    if held and held[0] > now:
        return held[1] or None
    site = _shared_lookup(key)
    if len(_local) > 10_000:  # unknown keys sent by a bot must not grow it forever
        _local.clear()
    _local[key] = (now + LOCAL_SECONDS, site or False)
    return site


def _shared_lookup(key: str) -> Site | None:
    try:
        site = cache.get(_cache_key(key))
    except Exception:  # noqa: BLE001 - the database still answers without the cache
        site = None
    if site is None:
        site = Site.objects.filter(key=key, is_active=True).first() or False
        try:
            cache.set(_cache_key(key), site, SITE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            pass
    return site or None


def forget_site_key(key: str) -> None:
    _local.pop(key, None)
    cache.delete(_cache_key(key))


def create_site(name: str, hosts: list[str], default_lang: str = "ru") -> Site:
    site = Site(name=name, hosts=hosts, default_lang=default_lang)
    site.full_clean()
    site.save()
    return site


def site_by_name(name: str) -> Site | None:
    return Site.objects.filter(name=name).order_by("pk").first()


def sites_for(user) -> QuerySet[Site]:
    """Return the sites USER may see: all for superusers, else their memberships."""
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(memberships__user=user)


def role_of(user, site: Site) -> str | None:
    """Return "owner", "editor" or None; superusers are owners everywhere."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Membership.Role.OWNER
    return (
        Membership.objects.filter(user=user, site=site)
        .values_list("role", flat=True)
        .first()
    )


def can_manage(user, site: Site) -> bool:
    return role_of(user, site) == Membership.Role.OWNER


def add_member(site: Site, user, role: str = Membership.Role.EDITOR) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        site=site, user=user, defaults={"role": role}
    )
    return membership


def members(site: Site):
    return (
        Membership.objects.filter(site=site)
        .select_related("user")
        .order_by("user__username")
    )


def site_by_api_token(token: str) -> Site | None:
    if not token.startswith("orfo_"):
        return None
    return Site.objects.filter(api_token=token, is_active=True).first()


def cms_edit_link(site: Site, page_url: str) -> str | None:
    """The site's "edit in CMS" link for the article at PAGE_URL (URL-encoded into
    the site's template), or None when the site has no template."""
    if not site.cms_edit_url or CMS_URL_PLACEHOLDER not in site.cms_edit_url:
        return None
    return site.cms_edit_url.replace(CMS_URL_PLACEHOLDER, quote(page_url, safe=""))
