"""What other apps may ask of sites."""

from orfo.sites.models import Site


def active_site_by_key(key: str) -> Site | None:
    return Site.objects.filter(key=key, is_active=True).first()


def create_site(name: str, hosts: list[str], default_lang: str = "ru") -> Site:
    site = Site(name=name, hosts=hosts, default_lang=default_lang)
    site.full_clean()
    site.save()
    return site


def site_by_name(name: str) -> Site | None:
    return Site.objects.filter(name=name).order_by("pk").first()
