"""POST /api/v1/proofread: check an article before it is published (per-site token)."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field, StrictStr

from orfo.lib.text import clean
from orfo.reports.schemas import TOKEN_ERRORS
from orfo.sites.auth import SiteToken
from orfo.suggestions import api as suggestions
from orfo.suggestions.proofread import MAX_TEXT, proofread


class ProofreadIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    text: Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT)]
    lang: Annotated[StrictStr, Field(pattern=r"^(ru|kk|en)?$")] = ""


class FindingOut(Schema):
    start: int
    end: int
    word: str
    error: str = Field(
        description='The kind of error: "typo", "lookalike", "layout", '
        '"doubled_word" (its one suggestion, "", deletes `word`), ...'
    )
    suggestions: list[str]
    lang: str = Field(
        description="The language the finding's paragraph was checked in: the "
        "article's, or another one the paragraph is clearly in."
    )


class ProofreadOut(Schema):
    lang: str | None
    findings: list[FindingOut]
    checked: int = Field(
        description="Characters of `text` checked: all of them, unless its words the "
        "dictionary does not know ran past 12,000 letters or half a second; then the "
        "start of the first word not examined (send `text[checked:]` to check the "
        "rest)."
    )


router = Router(tags=["proofreading"])


@router.post(
    "/proofread",
    auth=SiteToken(),
    response={200: ProofreadOut, **TOKEN_ERRORS},
    summary="Check an article's text for errors",
)
def check_article(request: HttpRequest, payload: ProofreadIn):
    """Return the suspected errors with positions (characters of `text`) and fixes.

    Authenticate with the site's API token (`Authorization: Bearer orfo_…`), shown to
    the site's owners on its settings page.
    """
    lang, findings, checked = proofread(
        clean(payload.text),
        payload.lang or None,
        site=suggestions.site_lexicons(request.site.pk),
    )
    return {"lang": lang, "findings": findings, "checked": checked}
