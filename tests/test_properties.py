"""Property-based tests (hypothesis) of hostile input: validation, cleaning, grouping.

Invariants, whatever the body: the API never answers 5xx; a refusal names what it
refuses; stored text is NFC and free of control, bidi and surrogate code points;
grouping is symmetric and reflexive. Examples are few and the deadline is off, so the
module runs in seconds on SQLite and on PostgreSQL.
"""

import json
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from orfo.issues import grouping
from orfo.lib.text import clean, clean_inline, clean_multiline
from orfo.reports.models import Report
from orfo.reports.schemas import ReportIn
from tests.conftest import make_report

FAST = settings(
    # ORFO_HYPOTHESIS_EXAMPLES=2000 for a longer hunt than CI's.
    max_examples=int(os.environ.get("ORFO_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Code points the cleaners promise to remove.
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = set("\u200b\u2060\u00ad\ufeff")
NASTY = sorted(
    BIDI
    | INVISIBLE
    | set("\x00\x07\x1b\x7f\x85\x9f\u2028\u2029\r\n\t\ufffe\uffff\ufdd0\U0001fffe")
    | set("\u0301\u0308\u200d\u200c e\u00e9\u1100\u1161\u11a8")  # combining, Hangul
)

# Any Unicode, lone surrogates included, with the troublesome code points made common.
characters = st.one_of(
    st.characters(codec=None, categories=None),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from(NASTY),
)
any_text = st.text(characters, max_size=80)
huge_text = st.builds(
    lambda s, n: s * n,
    st.text(characters, min_size=1, max_size=8),
    st.integers(0, 5000),
)


def assert_clean(value: str, multiline: bool = False, keep: str = "") -> None:
    keep = keep or ("\n" if multiline else "")
    for ch in value:
        code = ord(ch)
        assert not 0xD800 <= code <= 0xDFFF, repr(value)
        assert ch not in BIDI and ch not in INVISIBLE, repr(value)
        assert unicodedata.category(ch) != "Cc" or ch in keep, repr(value)
        assert (code & 0xFFFE) != 0xFFFE and not 0xFDD0 <= code <= 0xFDEF, repr(value)
    assert unicodedata.is_normalized("NFC", value), repr(value)


# --- normalisation (orfo/lib/text.py) -------------------------------------------------


@FAST
@given(any_text)
@example("e\U0001fffe\u0301")  # a noncharacter between a letter and its accent
@example("\ud83d")  # half of an emoji
def test_clean_leaves_nfc_text_without_forbidden_code_points(value):
    # clean() keeps tabs and line breaks: clean_inline/clean_multiline decide on them.
    assert_clean(clean(value), keep="\t\n\r")


@FAST
@given(any_text)
def test_clean_inline_is_one_line_without_runs_of_space(value):
    cleaned = clean_inline(value)
    assert_clean(cleaned)
    assert "\n" not in cleaned and "\r" not in cleaned and "\t" not in cleaned
    assert "  " not in cleaned
    assert clean_inline(cleaned) == cleaned  # idempotent


@FAST
@given(any_text)
def test_clean_multiline_keeps_lines_but_not_blank_runs(value):
    cleaned = clean_multiline(value)
    assert_clean(cleaned, multiline=True)
    assert "\n\n\n" not in cleaned and cleaned == cleaned.strip()
    assert clean_multiline(cleaned) == cleaned


@FAST
@given(st.text(st.characters(codec="utf-8", categories=["L", "N", "P"]), max_size=50))
def test_clean_does_not_touch_ordinary_nfc_text(value):
    value = unicodedata.normalize("NFC", value)
    assume(all((ord(ch) & 0xFFFE) != 0xFFFE for ch in value))
    assert clean(value) == value


# --- validation (orfo/reports/schemas.py), no database ------------------------------

TEXT_FIELDS = ["quote", "prefix", "suffix", "title", "comment", "correction"]


@FAST
@given(field=st.sampled_from(TEXT_FIELDS), value=st.one_of(any_text, huge_text))
def test_a_validated_report_is_clean_and_within_its_limits(field, value):
    payload = make_report(type("S", (), {"key": "k"}))
    payload[field] = value
    try:
        report = ReportIn.model_validate(payload)
    except Exception as e:  # pydantic's ValidationError: refused, which is fine
        assert type(e).__name__ == "ValidationError", e
        return
    for name in TEXT_FIELDS:
        assert_clean(getattr(report, name), multiline=name == "comment")
    assert 1 <= len(report.quote) <= 300 and report.quote == report.quote.strip()
    assert len(report.prefix) <= 256 and len(report.suffix) <= 256
    assert len(report.comment) <= 2000 and len(report.title) <= 300
    assert 0 <= report.position.start <= report.position.end


# --- grouping (orfo/issues/grouping.py) -----------------------------------------------

words = st.text(st.sampled_from("abc teh\u00e9 .,"), max_size=40)


@st.composite
def two_selections(draw):
    """Two selections cut from one page text (often overlapping), or from two."""
    page = draw(st.text(st.sampled_from("abcdeteh \u00e9,."), min_size=1, max_size=120))
    other = draw(st.one_of(st.just(page), words))

    def cut(text):
        if not text:
            return "", "x", ""
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i + 1, len(text)))
        context = draw(st.integers(0, 40))
        return text[max(0, i - context) : i], text[i:j], text[j : j + context]

    return grouping.Anchor.of(*cut(page)), grouping.Anchor.of(*cut(other))


@FAST
@given(two_selections())
def test_overlap_is_symmetric(pair):
    a, b = pair
    assert bool(grouping.overlap(a, b)) == bool(grouping.overlap(b, a))


@FAST
@given(words, st.text(st.sampled_from("abc teh\u00e9"), min_size=1, max_size=20), words)
def test_a_selection_overlaps_itself_when_it_has_a_letter(prefix, quote, suffix):
    anchor = grouping.Anchor.of(prefix, quote, suffix)
    letters = sum(ch.isalnum() for ch in anchor.quote)
    assert grouping.overlap(anchor, anchor) == letters


@FAST
@given(two_selections())
def test_overlap_never_exceeds_either_quote(pair):
    a, b = pair
    shared = grouping.overlap(a, b)
    assert (
        0
        <= shared
        <= min(sum(ch.isalnum() for ch in a.quote), sum(ch.isalnum() for ch in b.quote))
    )


@FAST
@given(words, words, words, st.sampled_from(["", "   ", "\t"]))
def test_fingerprints_ignore_case_and_spacing(prefix, quote, suffix, pad):
    page = grouping.page_hash("http://news.kz/a")
    assert grouping.selection_hash(page, prefix, quote, suffix) == (
        grouping.selection_hash(
            page, prefix.upper(), pad + quote.upper() + pad, suffix.upper()
        )
    )


url_parts = st.text(st.sampled_from("abc/=&%._-~AZ09"), max_size=30)


@FAST
@given(url_parts, st.sampled_from(["", "utm_source=x", "fbclid=1&b=2", "a=1&b=2"]))
def test_normalize_url_is_idempotent_and_drops_tracking(path, query):
    url = f"https://www.news.kz/{path}?{query}#frag"
    try:
        once = grouping.normalize_url(url)
    except ValueError:  # urlsplit refuses e.g. a bad port; the schema did already
        return
    assert grouping.normalize_url(once) == once
    assert "utm_" not in once and "fbclid" not in once and "#" not in once


# --- the endpoint: never a 5xx, refusals name fields ----------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)
FIELDS = [
    "site",
    "url",
    "quote",
    "prefix",
    "suffix",
    "position",
    "title",
    "lang",
    "comment",
    "correction",
    "client_id",
    "hp",
    "elapsed",
]
KNOWN_FIELDS = set(FIELDS) | {"body"}


def _changes(draw, site):
    """A genuine report with some fields replaced, removed or made hostile."""
    payload = make_report(site)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        action = draw(st.sampled_from(["value", "text", "huge", "drop", "position"]))
        if action == "drop":
            payload.pop(name, None)
        elif action == "value":
            payload[name] = draw(json_values)
        elif action == "huge":
            payload[name] = draw(huge_text)
        elif action == "position":
            payload[name] = {
                "start": draw(json_scalars),
                "end": draw(st.integers(-5, 10**8)),
            }
        else:
            payload[name] = draw(any_text)
    return payload


def _dumps(payload) -> str:
    # ensure_ascii writes lone surrogates as \\udXXX, as a browser's JSON.stringify may.
    return json.dumps(payload, ensure_ascii=True, allow_nan=True)


@st.composite
def bodies(draw, site):
    kind = draw(
        st.sampled_from(["fields", "fields", "fields", "raw", "duplicate", "nested"])
    )
    if kind == "raw":
        return draw(
            st.one_of(
                st.binary(max_size=200),
                any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
            )
        )
    if kind == "nested":
        depth = draw(st.integers(1, 3000))
        return ('{"quote": ' + "[" * depth + "]" * depth + "}").encode()
    payload = _changes(draw, site)
    body = _dumps(payload)
    if kind == "duplicate":
        key = draw(st.sampled_from(FIELDS + ["x", "\\ud800"]))
        body = body[:-1] + f', "{key}": {_dumps(draw(json_scalars))}}}'
    return body.encode("utf-8", "surrogatepass")


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_api_never_fails_and_refusals_name_fields(site, client, data, settings):
    settings.ORFO_MAX_REPORT_BYTES = 64 * 1024
    body = data.draw(bodies(site), label="body")
    content_type = data.draw(st.sampled_from(["text/plain", "application/json"]))
    response = client.post(
        "/api/v1/reports",
        data=body,
        content_type=content_type,
        HTTP_ORIGIN="https://news.kz",
    )
    assert response.status_code in (200, 201, 202, 400, 403, 413, 422), (
        response.status_code,
        response.content[:500],
    )
    answer = response.json()
    if response.status_code >= 400:
        assert set(answer) == {"error", "message", "errors"}
        assert answer["error"] in {
            "invalid_json",
            "invalid_field",
            "unknown_site",
            "foreign_origin",
            "too_large",
        }
        if response.status_code == 422:
            assert answer["errors"], answer
            for error in answer["errors"]:
                # An unknown key inside position is named too: "position.<key>".
                assert error["field"].split(".")[0] in KNOWN_FIELDS, answer
                assert error["field"] in answer["message"]
    elif response.status_code in (200, 201):
        report = Report.objects.get(pk=answer["report"])
        assert report.issue_id == answer["issue"]
        for name in TEXT_FIELDS:
            assert_clean(getattr(report, name), multiline=name == "comment")
        assert_clean(report.url) and assert_clean(report.lang)


@pytest.mark.django_db
@FAST
@given(
    field=st.sampled_from(["site", "url", "lang", "title", "quote", "comment"]),
    value=any_text,
)
@example(field="url", value="https://news.kz/a\x00b")
@example(field="site", value="key\x00")
@example(field="lang", value="en-abcdefgh-abcdefgh")
def test_any_text_in_any_field_is_stored_or_refused_never_a_500(
    site, send, field, value
):
    payload = make_report(site)
    payload[field] = value
    response = send(payload)
    assert response.status_code in (200, 201, 403, 422), response.content[:500]
    if response.status_code >= 400:
        body = response.json()
        named = {e["field"] for e in body["errors"]}
        assert field in named or body["error"] in ("unknown_site", "foreign_origin")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("url", "https://news.kz/a\x00b"),  # was a 500 on PostgreSQL (NUL)
        ("url", "https://news.kz/a\x1bb"),
        ("site", "key\x00"),  # was a 500 on PostgreSQL (NUL in the site lookup)
        ("lang", "en-abcdefgh-abcd"),  # 16 characters: fits the column
        ("lang", "en-abcdefgh-abcde"),  # 17: was a 500 on PostgreSQL (varchar(16))
    ],
)
def test_values_the_database_cannot_store_are_refused_not_a_500(
    site, send, field, value
):
    payload = make_report(site)
    payload[field] = value
    response = send(payload)
    if field == "lang" and len(value) <= 16:
        assert response.status_code == 201
        assert Report.objects.get().lang == value
    else:
        assert response.status_code == 422, response.content
        assert field in {e["field"] for e in response.json()["errors"]}
        assert not Report.objects.exists()
