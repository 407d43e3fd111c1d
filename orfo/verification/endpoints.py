"""POST /api/v1/pages/recheck: a CMS asks for its pages to be checked now (per-site
token), typically from its publish hook."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator, ConfigDict, StrictStr

from orfo.lib import urls
from orfo.reports.admission import Rejected
from orfo.reports.schemas import TOKEN_ERRORS
from orfo.sites.auth import TOKEN_HELP, SiteToken
from orfo.verification import api as verification
from orfo.verification.models import Reason


def _url(value: str) -> str:
    return urls.parse(value.strip()).href


PageUrl = Annotated[
    StrictStr,
    Field(max_length=urls.MAX_LENGTH, json_schema_extra={"pattern": r"^\s*https?://"}),
    AfterValidator(_url),
]


class RecheckIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    urls: list[PageUrl] = Field(
        min_length=1,
        max_length=verification.MAX_URLS,
        description=f"1–{verification.MAX_URLS} article URLs on the site's hosts.",
    )


class RecheckOut(Schema):
    queued: int = Field(
        description="How many pages will be checked: those of the URLs with open or "
        "resolved issues (a URL no reader reported on, or whose issues are all "
        "ignored, needs no check)."
    )


router = Router(tags=["verification"], auth=SiteToken())


@router.post(
    "/pages/recheck",
    response={202: RecheckOut, **TOKEN_ERRORS},
    summary="Check pages now",
    description="Queue a check of the live pages at `urls` now: no delay for CDN "
    "caches, no debounce. Each check covers every open and resolved issue of the "
    "page (verified ones too) and updates their `verification`. URLs are matched to "
    "articles as reports are grouped (no fragment, no tracking parameters). "
    + TOKEN_HELP,
)
def recheck_pages(request: HttpRequest, payload: RecheckIn):
    site = request.site
    for n, url in enumerate(payload.urls):
        if not site.allows_host(urls.parse(url).host):
            raise Rejected(
                422, "invalid_field", "the URL is not on this site's hosts", f"urls.{n}"
            )
    queued = verification.request_check_urls(site, payload.urls, reason=Reason.CMS)
    return Status(202, {"queued": queued})
