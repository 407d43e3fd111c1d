"""POST /api/v1/lexicon/learn: a CMS sends the articles it publishes, so that the
site's lexicon learns the newsroom's language (per-site token)."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator, ConfigDict, StrictStr

from orfo.lib import urls
from orfo.lib.text import clean
from orfo.reports.admission import Rejected
from orfo.reports.schemas import TOKEN_ERRORS, ErrorOut
from orfo.sites.auth import TOKEN_HELP, SiteToken
from orfo.suggestions import api as suggestions
from orfo.suggestions.models import LearningText
from orfo.suggestions.sitelexicon import MAX_TEXT

# Texts of one site waiting to be learned past which the API asks the CMS to wait
# (the worker folds them within minutes; a loop in a CMS must not fill the table).
MAX_WAITING = 2_000


def _url(value: str) -> str:
    return urls.parse(value.strip()).href


class LearnIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    text: Annotated[
        StrictStr,
        Field(
            min_length=1,
            max_length=MAX_TEXT,
            description="The article's text as published (plain text).",
        ),
    ]
    lang: Annotated[
        StrictStr,
        Field(
            pattern=r"^(ru|kk|en)?$",
            description="Its language; detected when left out.",
        ),
    ] = ""
    url: Annotated[
        StrictStr,
        Field(
            max_length=urls.MAX_LENGTH,
            json_schema_extra={"pattern": r"^\s*https?://"},
            description="The article's address on the site's hosts: an article is "
            "learned once (sent again, even edited, it is not counted twice). "
            "Without it, the same text is learned once.",
        ),
        AfterValidator(_url),
    ] = ""


class LearnOut(Schema):
    new: bool = Field(
        description="Whether the text was new: false when this article (or this "
        "text) was sent before."
    )
    lang: str = Field(description="The language it is learned in.")


router = Router(tags=["lexicon"], auth=SiteToken())


@router.post(
    "/lexicon/learn",
    response={202: LearnOut, 429: ErrorOut, **TOKEN_ERRORS},
    summary="Teach the site's lexicon a published article",
    description="Queue an article's text to be learned: its words' frequencies, and "
    "the names and terms of the newsroom, which proofreading and suggestions for "
    "the site then know. The worker learns it within minutes. A word the "
    "dictionaries lack counts as the site's own only once it is in three different "
    "texts. " + TOKEN_HELP,
)
def learn_article(request: HttpRequest, payload: LearnIn):
    site = request.site
    if payload.url and not site.allows_host(urls.parse(payload.url).host):
        raise Rejected(
            422, "invalid_field", "the URL is not on this site's hosts", "url"
        )
    text = clean(payload.text)
    lang = suggestions.learning_language(text, payload.lang or site.default_lang)
    if lang is None:
        raise Rejected(422, "invalid_field", "the text has no words", "text")
    if payload.lang and lang != payload.lang:
        raise Rejected(
            422, "invalid_field", f"the text is in {lang}, not {payload.lang}", "lang"
        )
    waiting = LearningText.objects.filter(site=site, learned=False)
    if waiting[MAX_WAITING - 1 : MAX_WAITING].exists():
        raise Rejected(
            429, "too_many", "too many texts wait to be learned", retry_after=60
        )
    new = suggestions.learn_text(
        site, lang, text, LearningText.Source.API, key=payload.url
    )
    return Status(202, {"new": new, "lang": lang})
