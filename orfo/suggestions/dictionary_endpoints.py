"""The site's dictionary through the API (per-site token): GET and POST
/api/v1/dictionary, DELETE /api/v1/dictionary/{lang}/{word}, GET
/api/v1/dictionary/fixes. The same words and fixes the dashboard's dictionary page
shows (`dictionary`); changes are logged in the site's audit log as made by "API"."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictStr

from orfo.lib.cursors import Cursors
from orfo.reports.admission import Rejected
from orfo.reports.schemas import TOKEN_ERRORS, ErrorOut
from orfo.sites.auth import TOKEN_HELP, SiteToken
from orfo.suggestions import dictionary
from orfo.suggestions.dictionary import Refused

Lang = Literal[dictionary.LANGUAGES]
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_CURSOR = 200
# A word is sent with what may surround it (spaces); longer is refused unread.
MAX_SENT = dictionary.MAX_WORD * 4
CURSORS = Cursors("orfo.suggestions.dictionary_endpoints.cursor")
BY = "API"


class WordOut(Schema):
    word: str = Field(description="The word as editors spell it.")
    lang: Lang
    added_by: str | None = Field(
        description="The user name of who added it; null when added through the API."
    )
    created: datetime


class WordsOut(Schema):
    items: list[WordOut]
    next: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class FixOut(Schema):
    wrong: str = Field(description="The misspelling, lower-cased (ё read as е).")
    right: str = Field(description="The correction editors accepted for it.")
    count: int = Field(description="How many times editors accepted it.")
    lang: Lang
    updated: datetime = Field(description="When it was last accepted.")


class FixesOut(Schema):
    items: list[FixOut]
    next: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class Filters(Schema):
    lang: Lang | None = Field(None, description="Only this language's.")
    q: str | None = Field(
        None,
        max_length=MAX_SENT,
        description="Only those containing this text (case does not matter).",
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many a page."
    )
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR,
        description="The `next` of the previous page, as it was given.",
    )


class WordIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    word: Annotated[
        StrictStr,
        Field(
            max_length=MAX_SENT,
            description=f"One word (letters, with - or ' inside), at most "
            f"{dictionary.MAX_WORD} characters.",
        ),
    ]
    lang: Lang


def _before_id(cursor: str) -> int:
    value = CURSORS.last_id(cursor)
    if value is None:
        raise Rejected(422, "invalid_field", "not a cursor this API gave", "cursor")
    return value


def _once(request: HttpRequest) -> None:
    """Each filter is given once: a repeated one (?q=a&q=b) is refused, not read
    as its last value."""
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise Rejected(422, "invalid_field", "given more than once", name[:64])


def _page(rows, filters: Filters) -> tuple[list, str | None]:
    """A page of ROWS, newest first, after the filters' cursor."""
    rows = rows.order_by("-id")
    if filters.cursor is not None:
        rows = rows.filter(id__lt=_before_id(filters.cursor))
    found = list(rows[: filters.limit + 1])
    shown = found[: filters.limit]
    return shown, CURSORS.after(shown[-1].pk) if len(found) > filters.limit else None


def _word(entry) -> dict:
    return {
        "word": entry.spelling,
        "lang": entry.lang,
        "added_by": entry.added_by.get_username() if entry.added_by else None,
        "created": entry.created,
    }


def _refused(error: Refused) -> Rejected:
    return Rejected(422, "invalid_field", str(error), error.field)


router = Router(tags=["dictionary"], auth=SiteToken())


@router.get(
    "/dictionary",
    response={200: WordsOut, **TOKEN_ERRORS},
    summary="List the site's dictionary",
    description='Words the site\'s editors say are right ("not an error"): Orfo '
    "never flags them on the site and offers them as corrections. Newest first, a "
    "page at a time: pass `next` back as `cursor` until it is null. " + TOKEN_HELP,
)
def list_words(request: HttpRequest, filters: Query[Filters]):
    _once(request)
    rows = dictionary.words(request.site.pk, filters.lang, filters.q or "")
    shown, after = _page(rows, filters)
    return {"items": [_word(entry) for entry in shown], "next": after}


@router.post(
    "/dictionary",
    response={200: WordOut, 201: WordOut, **TOKEN_ERRORS},
    summary="Add a word to the site's dictionary",
    description="201 with the word when it is new, 200 when the dictionary had it "
    "already (in any case: the spelling kept is the first one). A dictionary holds "
    f"at most {dictionary.MAX_WORDS} words a language. " + TOKEN_HELP,
)
def add_word(request: HttpRequest, payload: WordIn):
    try:
        entry, new = dictionary.add(
            request.site, payload.lang, payload.word, by_name=BY
        )
    except Refused as error:
        raise _refused(error) from None
    return Status(201 if new else 200, _word(entry))


@router.delete(
    "/dictionary/{lang}/{word}",
    response={204: None, 404: ErrorOut, **TOKEN_ERRORS},
    summary="Remove a word from the site's dictionary",
    description="The word URL-encoded in the path; its case does not matter. "
    + TOKEN_HELP,
)
def remove_word(
    request: HttpRequest,
    lang: Annotated[Lang, Path(description="The dictionary's language.")],
    word: Annotated[str, Path(max_length=MAX_SENT, description="The word.")],
):
    if not dictionary.remove(request.site, lang, word, by_name=BY):
        raise Rejected(404, "not_found", "no such word in the dictionary", "word")
    return HttpResponse(status=204)


@router.get(
    "/dictionary/fixes",
    response={200: FixesOut, **TOKEN_ERRORS},
    summary="List the fixes learned on the site",
    description="Corrections the site's editors accepted (misspelling → "
    "correction), which Orfo's suggestions prefer; the newest first, a page at a "
    "time as the dictionary is. " + TOKEN_HELP,
)
def list_fixes(request: HttpRequest, filters: Query[Filters]):
    _once(request)
    rows = dictionary.fixes(request.site.pk, filters.lang, filters.q or "")
    shown, after = _page(rows, filters)
    return {
        "items": [
            {
                "wrong": fix.wrong,
                "right": fix.right,
                "count": fix.count,
                "lang": fix.lang,
                "updated": fix.updated,
            }
            for fix in shown
        ],
        "next": after,
    }
