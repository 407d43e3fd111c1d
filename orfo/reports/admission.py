"""Who may send a report at all.

The body's size and JSON, the site and the sending page are checked on the raw
request, before the fields are validated: they need only in-process lookups, and
AdmissionMiddleware runs them before most of Django's stack. The rate limits are
counted after validation (check_limits), so that junk never costs a round trip to
the cache.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from orfo.reports import limits, stats
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


@dataclass(frozen=True)
class Read:
    """A report request's JSON body and, once its site key was readable, its sender."""

    data: dict
    admitted: Admitted | None


_SURROGATE = re.compile("[\ud800-\udfff]")
# A lone surrogate reaches Python only through a \uD800–\uDFFF escape or through
# raw bytes that the decoding lets pass; only then do strings need cleaning.
_MAY_HOLD_SURROGATES = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _unique_keys(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise Rejected(400, "invalid_json", "duplicate key in JSON object", key)
            seen.add(key)
    return obj


def _unique_keys_without_surrogates(pairs):
    # JavaScript strings may hold half of a surrogate pair (a context cut next to an
    # emoji); such text cannot be stored, so the halves are dropped here.
    return _unique_keys(
        [
            (key, _SURROGATE.sub("", value) if isinstance(value, str) else value)
            for key, value in pairs
        ]
    )


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)
_CLEANING_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys_without_surrogates)


def parse_json(request: HttpRequest, limit: int) -> dict:
    """The body as a JSON object whatever its content type (text/plain skips the
    CORS preflight); raise Rejected if it is too large or not one."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > limit or len(request.body) > limit:
        raise Rejected(413, "too_large", f"the body must be at most {limit} bytes")
    try:
        body = request.body
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        decoder = _CLEANING_DECODER if _MAY_HOLD_SURROGATES.search(text) else _DECODER
        data = decoder.decode(text)
    except (ValueError, RecursionError):
        raise Rejected(400, "invalid_json", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Rejected(400, "invalid_json", "the body must be a JSON object")
    return data


def read_report(request: HttpRequest) -> Read:
    """Parse a report request and admit its sender; raise Rejected if refused."""
    data = parse_json(request, settings.ORFO_MAX_REPORT_BYTES)
    return Read(data, admit(request, data))


def refusal(exc: Rejected) -> HttpResponse:
    """The answer to a refused report: a fixed code, a message, the field if known."""
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    response = error_response(exc.status, exc.reason, exc.message, errors)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


def error_response(status: int, reason: str, message: str, errors=()) -> HttpResponse:
    """Every error body of the reports API: `error`, `message`, `errors` (per field)."""
    stats.count_rejection(reason)
    body = {"error": reason, "message": message, "errors": list(errors)}
    return json_answer(status, body)


def json_answer(status: int, body: dict) -> HttpResponse:
    """An answer of the reports API, written directly (no response schema to run)."""
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/json; charset=utf-8"
    )
    return public(response)


def public(response: HttpResponse) -> HttpResponse:
    # The site key is public and no cookie is used, so any origin may read answers;
    # which origins may *send* is checked per site.
    response["Access-Control-Allow-Origin"] = "*"
    # The widget waits as long as a 429 or 503 asks; cross-origin it must be exposed.
    response["Access-Control-Expose-Headers"] = "Retry-After"
    response["Cache-Control"] = "no-store"
    return response


def sender_host(request: HttpRequest) -> str | None:
    # META, not request.headers: building the latter costs more than all of this.
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != "null":
        return host_of(origin)
    return host_of(request.META.get("HTTP_REFERER", ""))


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
    reader, site = f"r:{admitted.reader}", f"s:{admitted.site.key}"
    wait = limits.over_limit(
        (reader, settings.ORFO_RATE_LIMIT_READER),
        (site, settings.ORFO_RATE_LIMIT_SITE),
    )
    if wait and limits.remembered(reader):
        # Both were counted in one round trip, but one flooding reader must not use
        # up the site's budget: its hit is taken back, once, for from now on this
        # process refuses the reader from memory (in admit()).
        limits.uncount(site, settings.ORFO_RATE_LIMIT_SITE)
    if wait:
        raise Rejected(
            429, "rate_limited", "too many reports; try again later", retry_after=wait
        )
