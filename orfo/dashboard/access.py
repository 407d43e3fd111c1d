"""Tenant isolation: every dashboard lookup goes through these, and misses are 404.

A 404 rather than a 403 keeps another newsroom's issues, sites and users from even
being confirmed to exist.
"""

from django.http import Http404

from orfo.issues import api as issues
from orfo.sites import api as sites
from orfo.sites.models import Site


def site_ids(user) -> list[int]:
    return list(sites.sites_for(user).values_list("pk", flat=True))


def issue_or_404(user, pk: int):
    issue = issues.issue_in_sites(pk, site_ids(user))
    if issue is None:
        raise Http404
    return issue


def site_or_404(user, pk: int, manage: bool = False) -> Site:
    site = sites.sites_for(user).filter(pk=pk).first()
    if site is None or (manage and not sites.can_manage(user, site)):
        raise Http404
    return site
