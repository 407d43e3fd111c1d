"""The issues API for a newsroom's tools and CMS (per-site token):
GET /api/v1/issues, GET and PATCH /api/v1/issues/{id}."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from pydantic import AfterValidator, ConfigDict, StrictStr, model_validator

from orfo.issues import api as issues
from orfo.issues import queries
from orfo.issues.links import issue_url
from orfo.issues.models import Issue, Status, Verdict
from orfo.lib import urls
from orfo.lib.cursors import Cursors
from orfo.lib.text import clean_inline
from orfo.reports import api as reports
from orfo.reports.admission import Rejected
from orfo.reports.schemas import TOKEN_ERRORS, ErrorOut
from orfo.sites.auth import TOKEN_HELP, SiteToken

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# GET /api/v1/issues/{id} lists this many of the issue's reports, the newest.
REPORTS_SHOWN = 100
MAX_FIX = 300  # Issue.accepted_fix
CURSORS = Cursors("orfo.issues.endpoints.cursor")
MAX_CURSOR = 200

StatusName = Literal[tuple(Status.values)]
VerificationState = Literal[tuple(value for value, _ in issues.verification_states())]
VerdictName = Literal[tuple(v for v in Verdict.values if v)]


# Answers


class VerificationOut(Schema):
    verdict: VerdictName = Field(
        description="`present`: the error is still on the live page; `fixed`: its "
        "context is there and the quote was replaced; `gone`: the context is no longer "
        "there; `page_missing`: 404 or 410; `unreachable`: the page could not be read "
        "(network error, 5xx, not HTML, too big; retried later)."
    )
    checked_at: datetime = Field(description="When the latest check ran.")
    live_text: str = Field(
        description="The page's text around the error at that check (≤ 400 "
        "characters); empty when the context is gone or the page was not read."
    )


class IssueOut(Schema):
    id: int
    status: StatusName
    url: str = Field(description="The article's URL (without fragment).")
    title: str = Field(description="The article's title once two readers agreed on it.")
    quote: str = Field(description="The reported text.")
    prefix: str = Field(description="The text just before the quote.")
    suffix: str = Field(description="The text just after the quote.")
    position: int = Field(description="Where the quote started in the article's text.")
    lang: str
    reports: int = Field(description="How many reports the issue has.")
    readers: int = Field(description="How many distinct readers reported it.")
    fix: str | None = Field(description="The accepted correction, or null.")
    correction: str | None = Field(
        description="The correction readers suggested most, or null."
    )
    resolution: Literal["fix", "fixed_on_page"] | None = Field(
        description="How a resolved issue was resolved: `fix` (with a fix), "
        "`fixed_on_page` (a check saw the error fixed or gone), or null."
    )
    regressed: bool = Field(
        description="Reopened because the live page showed the error again."
    )
    verification: VerificationOut | None = Field(
        description="The latest check of the live page, or null when never checked."
    )
    verified_at: datetime | None = Field(
        description="When a check saw the resolved issue's error gone from the page."
    )
    fix_not_live: bool = Field(
        description="Resolved, but the error was still on the page when the checks "
        "after the resolve ran out."
    )
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None
    link: str = Field(description="The issue's page in the dashboard.")


class ReportItemOut(Schema):
    id: int
    url: str
    title: str
    lang: str
    quote: str
    prefix: str
    suffix: str
    comment: str
    correction: str
    created: datetime


class IssueDetailOut(IssueOut):
    reports: list[ReportItemOut] = Field(
        description=f"The issue's reports, newest first (at most {REPORTS_SHOWN}; "
        "`report_count` says how many there are). What each reader sent, never who "
        "sent it; reports held from blocked readers are left out."
    )
    report_count: int = Field(description="How many reports the issue has.")


class IssuesOut(Schema):
    items: list[IssueOut]
    next: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


def _item(issue: Issue) -> dict:
    checked = issue.checked_at is not None and issue.verification
    return {
        "id": issue.pk,
        "status": issue.status,
        "url": issue.page.url,
        "title": issue.page.title,
        "quote": issue.quote,
        "prefix": issue.prefix,
        "suffix": issue.suffix,
        "position": issue.position,
        "lang": issue.lang,
        "reports": issue.report_count,
        "readers": issue.reader_count,
        "fix": issue.accepted_fix or None,
        "correction": issue.top_correction or None,
        "resolution": issue.resolution or None,
        "regressed": issue.regressed,
        "verification": {
            "verdict": issue.verification,
            "checked_at": issue.checked_at,
            "live_text": issue.live_text,
        }
        if checked
        else None,
        "verified_at": issue.verified_at,
        "fix_not_live": issue.fix_not_live,
        "first_seen": issue.first_seen,
        "last_seen": issue.last_seen,
        "resolved_at": issue.resolved_at,
        "link": issue_url(issue),
    }


def _detail(issue: Issue) -> dict:
    item = _item(issue)
    item["report_count"] = item["reports"]
    item["reports"] = reports.shown_reports(issue, REPORTS_SHOWN)
    return item


# Requests


def _page_url(value: str) -> str:
    return urls.parse(value.strip()).href


class IssueFilters(Schema):
    status: StatusName | None = Field(None, description="Only issues in this status.")
    url: (
        Annotated[
            StrictStr, Field(max_length=urls.MAX_LENGTH), AfterValidator(_page_url)
        ]
        | None
    ) = Field(
        None,
        description="Only the issues of this article, its URL normalised as reports "
        "are grouped: without fragment, tracking parameters (utm_*, fbclid...) or "
        "`www.`.",
    )
    verification: VerificationState | None = Field(
        None, description="Only issues in this state of the checks of the live page."
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many issues per page."
    )
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR,
        description="The `next` of the previous page, as it was given.",
    )


def _fix(value: str) -> str:
    value = clean_inline(value).strip()
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_FIX:
        raise ValueError(f"must be at most {MAX_FIX} characters")
    return value


class IssuePatch(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    status: Literal["open", "resolved", "ignored"] | None = Field(
        None, description="The new status."
    )
    fix: (
        Annotated[
            StrictStr,
            Field(max_length=MAX_FIX * 4, json_schema_extra={"maxLength": MAX_FIX}),
            AfterValidator(_fix),
        ]
        | None
    ) = Field(
        None,
        description="The correction made: resolves the issue with it (send it alone "
        "or with `status` `resolved`), and checks of the live page follow.",
    )

    @model_validator(mode="after")
    def something_to_do(self):
        if self.status is None and self.fix is None:
            raise ValueError("send status, fix or both")
        if self.fix is not None and self.status not in (None, Status.RESOLVED):
            raise ValueError("a fix resolves the issue: send it with status resolved")
        return self


def _before_id(cursor: str) -> int:
    value = CURSORS.last_id(cursor)
    if value is None:  # a cursor that is not one (`orfo.lib.cursors`): say so
        raise Rejected(422, "invalid_field", "not a cursor this API gave", "cursor")
    return value


IssueId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The issue's id.")]


def _issue(request: HttpRequest, issue_id: int) -> Issue:
    issue = queries.issue_of_site(request.site, issue_id)
    if issue is None:
        raise Rejected(404, "not_found", "no such issue on this site")
    return issue


router = Router(tags=["issues"], auth=SiteToken())


@router.get(
    "/issues",
    response={200: IssuesOut, **TOKEN_ERRORS},
    summary="List the site's issues",
    description="The site's issues, newest first, a page at a time: pass `next` back "
    "as `cursor` until it is null. Every issue that existed when the walk began is "
    "listed exactly once, however issues change meanwhile. " + TOKEN_HELP,
)
def list_issues(request: HttpRequest, filters: Query[IssueFilters]):
    before = _before_id(filters.cursor) if filters.cursor is not None else None
    rows, more = queries.issues_page(
        request.site,
        limit=filters.limit,
        before_id=before,
        status=filters.status or "",
        url=filters.url or "",
        verification=filters.verification or "",
    )
    return {
        "items": [_item(issue) for issue in rows],
        "next": CURSORS.after(rows[-1].pk) if more else None,
    }


@router.get(
    "/issues/{issue_id}",
    response={200: IssueDetailOut, 404: ErrorOut, **TOKEN_ERRORS},
    summary="Read an issue and its reports",
    description="The issue as listed, with `reports`: the list of its reports. "
    + TOKEN_HELP,
)
def read_issue(request: HttpRequest, issue_id: IssueId):
    return _detail(_issue(request, issue_id))


@router.patch(
    "/issues/{issue_id}",
    response={200: IssueDetailOut, 404: ErrorOut, **TOKEN_ERRORS},
    summary="Resolve, reopen or ignore an issue",
    description='`{"status": "resolved", "fix": "…"}` resolves the issue with '
    "the correction made (the live page is then checked); `status` alone changes "
    "the status (`open`, `resolved`, `ignored`). Each change is recorded in the "
    "issue's history and sent to webhooks (`issue.resolved`, `issue.reopened`). "
    "Answers the issue as it is now. " + TOKEN_HELP,
)
def change_issue(request: HttpRequest, issue_id: IssueId, payload: IssuePatch):
    issue = _issue(request, issue_id)
    if payload.fix is not None:
        issues.resolve_with_fix(issue, payload.fix, source="api")
    elif payload.status is not None:
        issues.set_status(issue, payload.status)
    issue = _issue(request, issue_id)  # as it is now, whoever changed it
    return _detail(issue)
