"""The public ingestion API: POST /api/v1/reports."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from orfo.issues.endpoints import router as issues_router
from orfo.reports import stats
from orfo.reports.admission import (
    Rejected,
    check_limits,
    error_response,
    json_answer,
    parse_json,
    public,
    read_report,
    refusal,
)
from orfo.reports.ingest import Sender, store_report
from orfo.reports.middleware import DATABASE_DOWN
from orfo.reports.pending import group_one
from orfo.reports.readers import browser_family, device_type
from orfo.reports.schemas import ErrorOut, IgnoredOut, ReportIn, ReportOut
from orfo.reports.spam import is_blocked
from orfo.suggestions.dictionary_endpoints import router as dictionary_router
from orfo.suggestions.endpoints import router as proofread_router
from orfo.suggestions.lexicon_endpoints import router as lexicon_router
from orfo.verification.endpoints import router as recheck_router

# Bodies of the endpoints for a site's own tools (a whole article to proofread).
TOKEN_API_MAX_BYTES = 1024 * 1024


class ReportParser(Parser):
    """Parse the body as JSON whatever its content type (text/plain skips preflight).

    A report was read and admitted by AdmissionMiddleware already; the other bodies
    (whole articles for proofreading, the issues API's) come only with a site's
    token and may be larger.
    """

    def parse_body(self, request: HttpRequest):
        read = getattr(request, "orfo_report", None)
        if read is not None:
            return read.data
        if not request.path.endswith("/reports"):
            return parse_json(request, TOKEN_API_MAX_BYTES)
        # Without the middleware (a custom stack), the same checks here.
        request.orfo_report = read_report(request)
        return request.orfo_report.data


class ReportsAPI(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        return public(response)


api = ReportsAPI(
    title="Orfo API",
    version="1",
    description="Reader error reports for news sites.",
    parser=ReportParser(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


def _ignored(request, reason: str) -> HttpResponse:
    """Accept and drop: a bot is not told which trap it fell into."""
    stats.count_rejection(reason)
    return api.create_response(request, {"report": None, "issue": None}, status=202)


@api.exception_handler(Rejected)
def _rejected(request, exc: Rejected):
    return refusal(exc)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # ReportParser's exceptions reach here wrapped by ninja as a 400.
    if isinstance(exc.__cause__, Rejected):
        return _rejected(request, exc.__cause__)
    if isinstance(exc.__cause__, (OperationalError, InterfaceError)):
        return _database_down(request, exc.__cause__)  # admission's site lookup
    return error_response(exc.status_code, "invalid", str(exc))


# Where ninja says a field came from; the field is named without it.
_SOURCES = ("body", "payload", "query", "filters", "path")


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    about_body = any(item.get("loc", ("body",))[:1] == ("body",) for item in exc.errors)
    if about_body and not request.body:
        return error_response(400, "invalid_json", "the body is empty")
    errors = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ()) if part not in _SOURCES]
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append({"field": ".".join(loc) or "body", "message": message})
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return error_response(422, "invalid_field", f"invalid fields: {fields}", errors)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_down(request, exc):
    return refusal(DATABASE_DOWN)


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
    """Store a report; group it into an issue now or in the worker.

    The body may be sent as `text/plain` so that browsers skip the CORS preflight.
    Repeating a `client_id` answers 200 with the first report's ids. `issue` is
    null while the report waits for the worker (`ORFO_GROUP_INLINE=0`).
    """
    if payload.hp or (
        payload.elapsed is not None and payload.elapsed < settings.ORFO_MIN_COMPOSE_MS
    ):
        return _ignored(request, "spam_trap")
    # The sender was admitted already (site and page); now the limits.
    admitted = request.orfo_report.admitted
    if admitted is None:
        raise Rejected(403, "unknown_site", "unknown or inactive site key", "site")
    check_limits(admitted)
    site, reader = admitted.site, admitted.reader
    # A reader blocked by a spam verdict is answered as anyone else; the report is
    # kept, held out of the inbox until an editor unblocks the reader.
    held = is_blocked(site, reader)
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    sender = Sender(reader, browser_family(agent), device_type(agent), held)
    stored = store_report(site, payload, sender)
    issue = stored.issue
    if issue is None and settings.ORFO_GROUP_INLINE and not held:
        # Stored already: should grouping fail now, the worker groups it later.
        issue = group_one(stored.report)
    # A ReportOut, written directly: two integers need no output validation.
    body = {"report": stored.report, "issue": issue}
    return json_answer(201 if stored.new else 200, body)


api.add_router("", proofread_router)
api.add_router("", issues_router)
api.add_router("", recheck_router)
api.add_router("", lexicon_router)
api.add_router("", dictionary_router)


@api.api_operation(["OPTIONS"], "/reports", include_in_schema=False)
def report_preflight(request: HttpRequest):
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    return public(response)
