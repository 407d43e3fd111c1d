"""The report a widget sends, validated field by field."""

import re
from typing import Annotated

from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    model_validator,
)

from orfo.lib import urls
from orfo.lib.text import clean_inline, clean_multiline

MAX_QUOTE = 300
MAX_CONTEXT = 256
MAX_POSITION = 10_000_000
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _text(max_length: int, min_length: int = 0, multiline: bool = False):
    def check(value: str) -> str:
        value = clean_multiline(value) if multiline else clean_inline(value)
        if len(value) > max_length:
            raise ValueError(f"must be at most {max_length} characters")
        if len(value.strip()) < min_length:
            raise ValueError("must not be empty")
        return value

    return Annotated[
        StrictStr,
        # A cheap cap on the raw value before cleaning; cleaning only ever shortens.
        Field(
            max_length=max_length * 4,
            json_schema_extra={"maxLength": max_length, "minLength": min_length},
        ),
        AfterValidator(check),
    ]


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _url(value: str) -> str:
    # Read as a browser reads it (a backslash, a user name or a tab must not let the
    # host a browser opens differ from the one checked); stored as the parser writes
    # it, so that what is stored is what every link built from it opens.
    return urls.parse(value.strip()).href


def _site_key(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must be a site key")
    return value


def _lang(value: str) -> str:
    value = value.strip()
    if value and not _LANG.match(value):
        raise ValueError("must be a language tag such as ru, kk or en-GB")
    return value.lower()


def _client_id(value: str) -> str:
    if not _CLIENT_ID.match(value):
        raise ValueError("must be 8-64 characters of A-Z, a-z, 0-9, _ and -")
    return value


class Position(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    start: StrictInt = Field(ge=0, le=MAX_POSITION)
    end: StrictInt = Field(ge=0, le=MAX_POSITION)

    @model_validator(mode="after")
    def ordered(self):
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class ReportIn(BaseModel):
    # A plain pydantic model: ninja's Schema adds a validator that reads attributes off
    # Django objects, which a JSON body never is, at a cost on every report.
    # Unknown keys are ignored so that a newer widget can talk to an older server.
    model_config = ConfigDict(strict=True, extra="ignore")

    site: Annotated[
        StrictStr, Field(min_length=1, max_length=64), AfterValidator(_site_key)
    ]
    url: Annotated[
        StrictStr,
        Field(
            max_length=2048, json_schema_extra={"pattern": r"^\s*https?://[^\s\\]+$"}
        ),
        AfterValidator(_url),
    ]
    quote: _text(MAX_QUOTE, min_length=1)
    prefix: _text(MAX_CONTEXT) = ""
    suffix: _text(MAX_CONTEXT) = ""
    position: Position
    title: _text(300) = ""
    # As long as the column (Report.lang, Issue.lang): longer tags were a 500 on
    # PostgreSQL.
    lang: Annotated[StrictStr, Field(max_length=16), AfterValidator(_lang)] = ""
    comment: _text(2000, multiline=True) = ""
    correction: _text(MAX_QUOTE) = ""
    client_id: Annotated[
        StrictStr,
        Field(max_length=64, json_schema_extra={"pattern": _CLIENT_ID.pattern}),
        AfterValidator(_client_id),
    ]
    # Spam traps: a field hidden from people that bots fill in, and the milliseconds
    # between the dialog opening and Send.
    hp: Annotated[StrictStr, Field(max_length=1000)] = ""
    elapsed: Annotated[StrictInt, Field(ge=0, le=10**9)] | None = None

    @model_validator(mode="after")
    def quote_without_outer_spaces(self):
        """Move spaces around the quote into its context, keeping the text intact."""
        lead = len(self.quote) - len(self.quote.lstrip())
        trail = len(self.quote) - len(self.quote.rstrip())
        if lead or trail:
            self.prefix = (self.prefix + self.quote[:lead])[-MAX_CONTEXT:]
            self.suffix = (self.quote[len(self.quote) - trail :] + self.suffix)[
                :MAX_CONTEXT
            ]
            self.quote = self.quote.strip()
            self.position.start += lead
            self.position.end = max(self.position.start, self.position.end - trail)
        self.correction = self.correction.strip()
        return self


class ReportOut(Schema):
    report: int
    # null while the report waits for the worker to group it (ORFO_GROUP_INLINE=0)
    issue: int | None


class IgnoredOut(Schema):
    report: None = None
    issue: None = None


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    error: str
    message: str
    errors: list[FieldError] = []


# The errors every endpoint that takes the site's token may answer.
TOKEN_ERRORS = {400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut}
