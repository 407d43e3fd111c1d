"""Who may send a report at all.

The site and the sending page are checked on the raw JSON, before the fields are
validated: they need only in-process lookups. The rate limits are counted after
validation (check_limits), so that junk never costs a round trip to the cache.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from orfo.reports import limits
from orfo.reports.readers import reader_hash
from orfo.sites.api import active_site_by_key
from orfo.sites.hosts import host_of
from orfo.sites.models import Site


class Rejected(Exception):
    """A request refused with a status, a reason code and, where known, a field."""

    def __init__(
        self,
        status: int,
        reason: str,
        message: str,
        field: str = "",
        retry_after: int | None = None,
    ):
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message
        self.field, self.retry_after = field, retry_after


@dataclass(frozen=True)
class Admitted:
    site: Site
    reader: str


def sender_host(request: HttpRequest) -> str | None:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return host_of(origin)
    return host_of(request.headers.get("Referer", ""))


def admit(request: HttpRequest, data: dict) -> Admitted | None:
    """Check the site and the sending page; raise Rejected if either is wrong.

    Returns None when the site key is malformed: validation then names it.
    """
    key = data.get("site")
    if not isinstance(key, str) or not 0 < len(key) <= 64 or not key.isprintable():
        return None
    site = active_site_by_key(key)
    if site is None:
        raise Rejected(403, "unknown_site", "unknown or inactive site key", "site")
    if not site.allows_host(sender_host(request)):
        raise Rejected(
            403, "foreign_origin", "this page may not send reports for this site"
        )
    # A URL that is not even a URL is left to validation, which names the field.
    url_host = (
        host_of(data["url"].strip()) if isinstance(data.get("url"), str) else None
    )
    if url_host and not site.allows_host(url_host):
        raise Rejected(
            403, "foreign_origin", "the URL is not on this site's hosts", "url"
        )
    reader = reader_hash(request, key)
    wait = limits.remembered(f"r:{reader}")
    if wait:
        raise Rejected(
            429, "rate_limited", "too many reports; try again later", retry_after=wait
        )
    return Admitted(site, reader)


def check_limits(admitted: Admitted) -> None:
    """Count the report against its reader's and its site's limits; raise if over.

    Runs after validation: a malformed request is refused without a round trip to
    the cache, and a reader already over a limit is answered from memory.
    """
    reader, key = admitted.reader, admitted.site.key
    # The site's budget is counted only for readers within theirs: one flooding
    # reader must not use up the limit of every other reader of the site.
    wait = limits.over_limit(
        (f"r:{reader}", settings.ORFO_RATE_LIMIT_READER)
    ) or limits.over_limit((f"s:{key}", settings.ORFO_RATE_LIMIT_SITE))
    if wait:
        raise Rejected(
            429, "rate_limited", "too many reports; try again later", retry_after=wait
        )
