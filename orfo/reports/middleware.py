"""Refuse bad reports before the rest of Django's stack runs.

A flood of refused requests must cost little. This middleware sits right after the
security middleware and answers oversized, malformed, foreign and rate-limited
reports itself, without sessions, locale, CSRF, authentication or the API
framework; an admitted report goes on to the endpoint, which reuses what was read.
"""

from django.db import InterfaceError, OperationalError

from orfo.reports.admission import Rejected, read_report, refusal

REPORTS_PATH = "/api/v1/reports"
DATABASE_DOWN = Rejected(
    503,
    "database_unavailable",
    "reports cannot be stored right now; try again later",
    retry_after=5,
)


class AdmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == REPORTS_PATH:
            try:
                request.orfo_report = read_report(request)
            except Rejected as exc:
                return refusal(exc)
            except (OperationalError, InterfaceError):
                return refusal(DATABASE_DOWN)  # the site lookup met an outage
        return self.get_response(request)
