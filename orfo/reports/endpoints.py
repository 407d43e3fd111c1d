"""The public ingestion API: POST /api/v1/reports."""

import json
import re

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Status
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from orfo.reports import stats
from orfo.reports.admission import Rejected, admit, check_limits
from orfo.reports.ingest import Sender, store_report
from orfo.reports.readers import browser_family, device_type
from orfo.reports.schemas import ErrorOut, IgnoredOut, ReportIn, ReportOut
from orfo.reports.spam import is_blocked
from orfo.suggestions.endpoints import router as proofread_router

PROOFREAD_MAX_BYTES = 1024 * 1024


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unique_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Rejected(400, "invalid_json", "duplicate key in JSON object", key)
        # JavaScript strings may hold half of a surrogate pair (a context cut next to
        # an emoji); such text cannot be stored, so the halves are dropped here.
        if isinstance(value, str):
            value = _SURROGATE.sub("", value)
        obj[key] = value
    return obj


class ReportParser(Parser):
    """Parse the body as JSON whatever its content type (text/plain skips preflight)."""

    def parse_body(self, request: HttpRequest):
        length = request.META.get("CONTENT_LENGTH") or "0"
        # Reports are small and public; whole articles come only with a site's token.
        limit = (
            PROOFREAD_MAX_BYTES
            if request.path.endswith("/proofread")
            else settings.ORFO_MAX_REPORT_BYTES
        )
        if not length.isdigit() or int(length) > limit or len(request.body) > limit:
            raise Rejected(413, "too_large", f"the body must be at most {limit} bytes")
        try:
            data = json.loads(request.body, object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError):
            raise Rejected(400, "invalid_json", "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise Rejected(400, "invalid_json", "the body must be a JSON object")
        if request.path.endswith("/reports"):
            request.orfo_admitted = admit(request, data)
        return data


class ReportsAPI(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        return _public(response)


def _public(response: HttpResponse) -> HttpResponse:
    # The site key is public and no cookie is used, so any origin may read answers;
    # which origins may *send* is checked per site below.
    response["Access-Control-Allow-Origin"] = "*"
    # The widget waits as long as a 429 or 503 asks; cross-origin it must be exposed.
    response["Access-Control-Expose-Headers"] = "Retry-After"
    response["Cache-Control"] = "no-store"
    return response


api = ReportsAPI(
    title="Orfo API",
    version="1",
    description="Reader error reports for news sites.",
    parser=ReportParser(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


def _error(request, status: int, reason: str, message: str, errors=()) -> HttpResponse:
    stats.count_rejection(reason)
    body = {"error": reason, "message": message, "errors": list(errors)}
    return api.create_response(request, body, status=status)


def _ignored(request, reason: str) -> HttpResponse:
    """Accept and drop: a bot is not told which trap it fell into."""
    stats.count_rejection(reason)
    return api.create_response(request, {"report": None, "issue": None}, status=202)


@api.exception_handler(Rejected)
def _rejected(request, exc: Rejected):
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    response = _error(request, exc.status, exc.reason, exc.message, errors)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # ReportParser's exceptions reach here wrapped by ninja as a 400.
    if isinstance(exc.__cause__, Rejected):
        return _rejected(request, exc.__cause__)
    if isinstance(exc.__cause__, (OperationalError, InterfaceError)):
        return _database_down(request, exc.__cause__)  # admission's site lookup
    return _error(request, exc.status_code, "invalid", str(exc))


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    if not request.body:
        return _error(request, 400, "invalid_json", "the body is empty")
    errors = []
    for item in exc.errors:
        loc = [
            str(part) for part in item.get("loc", ()) if part not in ("body", "payload")
        ]
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append({"field": ".".join(loc) or "body", "message": message})
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return _error(request, 422, "invalid_field", f"invalid fields: {fields}", errors)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_down(request, exc):
    response = _error(
        request,
        503,
        "database_unavailable",
        "reports cannot be stored right now; try again later",
    )
    response["Retry-After"] = "5"
    return response


@api.post(
    "/reports",
    response={
        202: IgnoredOut,
        429: ErrorOut,
        200: ReportOut,
        201: ReportOut,
        400: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        503: ErrorOut,
    },
    summary="Send a reader's error report",
    openapi_extra={
        "requestBody": {
            "content": {
                "text/plain": {"schema": {"$ref": "#/components/schemas/ReportIn"}}
            }
        }
    },
)
def create_report(request: HttpRequest, payload: ReportIn):
    """Store a report and group it into an issue.

    The body may be sent as `text/plain` so that browsers skip the CORS preflight.
    Repeating a `client_id` answers 200 with the first report's ids.
    """
    if payload.hp or (
        payload.elapsed is not None and payload.elapsed < settings.ORFO_MIN_COMPOSE_MS
    ):
        return _ignored(request, "spam_trap")
    # The parser admitted the sender already (site and page); now the limits.
    admitted = getattr(request, "orfo_admitted", None)
    if admitted is None:
        raise Rejected(403, "unknown_site", "unknown or inactive site key", "site")
    check_limits(admitted)
    site, reader = admitted.site, admitted.reader
    if is_blocked(site, reader):
        return _ignored(request, "blocked_reader")
    agent = request.headers.get("User-Agent", "")[:512]
    sender = Sender(reader, browser_family(agent), device_type(agent))
    report, created = store_report(site, payload, sender)
    return Status(
        201 if created else 200, {"report": report.pk, "issue": report.issue_id}
    )


api.add_router("", proofread_router)


@api.api_operation(["OPTIONS"], "/reports", include_in_schema=False)
def report_preflight(request: HttpRequest):
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    return _public(response)
