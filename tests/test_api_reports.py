"""POST /api/v1/reports: every answer the widget can get."""

import json
from unittest import mock

import pytest
from django.db import OperationalError

from orfo.issues.models import Issue, Page
from orfo.reports import stats
from orfo.reports.models import Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


def field_errors(response):
    body = response.json()
    return {e["field"]: e["message"] for e in body["errors"]}


def assert_nothing_stored():
    assert Report.objects.count() == 0
    assert Issue.objects.count() == 0
    assert Page.objects.count() == 0


def test_it_stores_a_report_and_answers_ids(site, send):
    response = send(make_report(site, comment="typo", correction="the"))
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert body == {"report": report.pk, "issue": report.issue_id}
    assert report.quote == "teh"
    assert report.comment == "typo"
    assert report.issue.top_correction == "the"
    assert report.issue.report_count == 1


def test_it_accepts_application_json_too(site, client):
    response = client.post(
        "/api/v1/reports",
        data=make_report(site),
        content_type="application/json",
        HTTP_ORIGIN="https://news.kz",
    )
    assert response.status_code == 201


def test_a_repeated_client_id_answers_200_and_creates_nothing(site, send):
    payload = make_report(site)
    first = send(payload).json()
    again = send(payload)
    assert again.status_code == 200
    assert again.json() == first
    assert Report.objects.count() == 1
    assert Issue.objects.get().report_count == 1


def test_the_same_client_id_on_two_sites_is_two_reports(site, other_site, send):
    payload = make_report(site)
    other = make_report(
        other_site, url="https://other.example/a", client_id=payload["client_id"]
    )
    assert send(payload).status_code == 201
    assert send(other, origin="https://other.example").status_code == 201


@pytest.mark.parametrize(
    "origin,referer,status",
    [
        ("https://news.kz", None, 201),
        ("https://www.news.kz", None, 201),  # *.news.kz
        ("http://news.kz:8080", None, 201),  # ports are not part of the check
        (None, "https://news.kz/some/page", 201),
        ("null", "https://news.kz/some/page", 201),
        ("https://evil.example", None, 403),
        ("https://news.kz.evil.example", None, 403),
        ("https://evilnews.kz", None, 403),
        (None, None, 403),
        (None, "not a url", 403),
    ],
)
def test_it_checks_the_sending_page(site, send, origin, referer, status):
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = send(make_report(site), origin=origin, **headers)
    assert response.status_code == status
    if status == 403:
        assert response.json()["error"] == "foreign_origin"
        assert_nothing_stored()


def test_a_url_outside_the_sites_hosts_is_refused(site, send):
    response = send(make_report(site, url="https://evil.example/news.kz"))
    assert response.status_code == 403
    assert field_errors(response) == {"url": "the URL is not on this site's hosts"}
    assert_nothing_stored()


def test_an_unknown_site_key_is_refused(site, send):
    response = send(make_report(site, site="no-such-key"))
    assert response.status_code == 403
    assert response.json()["error"] == "unknown_site"
    assert "site" in field_errors(response)


def test_an_inactive_site_is_refused(site, send):
    site.is_active = False
    site.save()
    assert send(make_report(site)).status_code == 403
    assert_nothing_stored()


def test_a_report_for_another_sites_key_from_my_page_is_refused(site, other_site, send):
    response = send(make_report(other_site))  # news.kz page, other site's key
    assert response.status_code == 403
    assert_nothing_stored()


def test_a_body_over_the_cap_is_413(site, send, settings):
    settings.ORFO_MAX_REPORT_BYTES = 2048
    response = send(make_report(site, comment="x" * 1900, title="y" * 200))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert_nothing_stored()


@pytest.mark.parametrize(
    "raw,field",
    [
        ("", None),
        ("{", None),
        ("not json", None),
        ("[1, 2]", None),
        ('"a string"', None),
        ("null", None),
        ('{"site": "a", "site": "b"}', "site"),
        ("[" * 100_00 + "]" * 100_00, None),
    ],
)
def test_a_body_that_is_not_a_json_object_is_400(site, send, raw, field, settings):
    settings.ORFO_MAX_REPORT_BYTES = 64 * 1024
    response = send(None, raw=raw)
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid_json"
    if field:
        assert field in field_errors(response)
    assert_nothing_stored()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"quote": 5}, "quote"),
        ({"quote": ["teh"]}, "quote"),
        ({"quote": {"text": "teh"}}, "quote"),
        ({"quote": ""}, "quote"),
        ({"quote": "   \u200b\u202e "}, "quote"),
        ({"quote": "a" * 301}, "quote"),
        ({"prefix": "p" * 257}, "prefix"),
        ({"suffix": None}, "suffix"),
        ({"comment": "c" * 2001}, "comment"),
        ({"comment": {"nested": {"json": [1]}}}, "comment"),
        ({"correction": "c" * 301}, "correction"),
        ({"title": 1.5}, "title"),
        ({"lang": "<script>"}, "lang"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "news.kz/page"}, "url"),
        ({"url": "https://news.kz/a b"}, "url"),
        ({"url": "https://" + "a" * 2050}, "url"),
        ({"client_id": "short"}, "client_id"),
        ({"client_id": "../../../etc/passwd"}, "client_id"),
        ({"client_id": 12345678}, "client_id"),
        ({"position": {"start": 5, "end": 2}}, "position"),
        ({"position": {"start": "1", "end": 4}}, "position.start"),
        ({"position": {"start": True, "end": 4}}, "position.start"),
        ({"position": {"start": -1, "end": 4}}, "position.start"),
        ({"position": {"start": 0, "end": 10**12}}, "position.end"),
        ({"position": [0, 3]}, "position"),
        ({"site": 7}, "site"),
    ],
)
def test_a_bad_field_is_422_naming_it(site, send, changes, field):
    payload = make_report(site)
    payload.update(changes)
    response = send(payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == "invalid_field"
    assert field in field_errors(response), body
    assert_nothing_stored()


@pytest.mark.parametrize("missing", ["site", "url", "quote", "position", "client_id"])
def test_a_missing_required_field_is_422(site, send, missing):
    payload = make_report(site)
    del payload[missing]
    response = send(payload)
    assert response.status_code == 422
    assert missing in field_errors(response)


def test_optional_fields_may_be_left_out(site, send):
    payload = make_report(site)
    for name in ("title", "lang", "comment", "correction", "prefix", "suffix"):
        del payload[name]
    assert send(payload).status_code == 201


def test_unknown_fields_are_ignored(site, send):
    assert send(make_report(site, future_field={"x": 1})).status_code == 201


def test_text_is_nfc_normalised_and_stripped_of_control_characters(site, send):
    text = "В Алматы обьявили об открытии новой библиотеки"
    payload = make_report(
        site,
        quote="обьявили",
        text=text,
        lang="ru",
        comment="e\u0301\x00 ok\u202e\r\nnext line\x1b",
        correction="объявили\u200f",
    )
    payload["quote"] = "обь\u200eявили"
    assert send(payload).status_code == 201
    report = Report.objects.get()
    assert report.quote == "обьявили"
    assert report.comment == "\u00e9 ok\nnext line"
    assert report.correction == "объявили"


def test_lone_surrogates_never_reach_the_database(site, send):
    raw = json.dumps(
        make_report(site, comment="A\ud800B")
    )  # ensure_ascii keeps \\ud800
    assert "\\ud800" in raw
    assert send(None, raw=raw).status_code == 201
    assert Report.objects.get().comment == "AB"


def test_spaces_around_the_quote_move_into_the_context(site, send):
    payload = make_report(site)
    payload["quote"] = " teh "
    payload["prefix"] = payload["prefix"].rstrip()
    payload["suffix"] = payload["suffix"].lstrip()
    payload["position"] = {"start": 26, "end": 31}
    assert send(payload).status_code == 201
    report = Report.objects.get()
    assert (report.quote, report.position_start, report.position_end) == ("teh", 27, 30)
    assert report.prefix.endswith("opened ")
    assert report.suffix.startswith(" doors")


def test_answers_carry_cors_headers_and_are_not_cached(site, send):
    for response in (send(make_report(site)), send(None, raw="{")):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Expose-Headers"] == "Retry-After"
        assert response["Cache-Control"] == "no-store"


def test_the_preflight_is_answered(client):
    response = client.options(
        "/api/v1/reports",
        HTTP_ORIGIN="https://news.kz",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_other_methods_are_refused(client):
    assert client.get("/api/v1/reports").status_code == 405


def test_the_database_being_down_is_503_not_500(site, send):
    with mock.patch(
        "orfo.reports.endpoints.store_report",
        side_effect=OperationalError("connection refused"),
    ):
        response = send(make_report(site))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["error"] == "database_unavailable"


def test_a_failure_while_grouping_keeps_the_report_and_the_retry_groups_it(site, send):
    report = make_report(site)
    with mock.patch(
        "orfo.reports.pending.group_reports",
        side_effect=OperationalError("disk I/O error"),
    ):
        assert send(report).status_code == 503
    # Stored whole, waiting to be grouped; the grouping left nothing behind.
    stored = Report.objects.get()
    assert stored.issue_id is None and stored.quote == report["quote"]
    assert not Issue.objects.exists()
    retry = send(report)
    assert retry.status_code == 200
    assert retry.json() == {"report": stored.pk, "issue": Issue.objects.get().pk}
    assert Report.objects.get().issue_id == Issue.objects.get().pk


def test_rejections_are_counted_by_reason(site, send):
    before = stats.rejections()
    send(None, raw="{")
    send(make_report(site), origin="https://evil.example")
    after = stats.rejections()
    assert after["invalid_json"] == before["invalid_json"] + 1
    assert after["foreign_origin"] == before["foreign_origin"] + 1


def test_the_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports"]["post"]
    assert set(operation["requestBody"]["content"]) == {
        "application/json",
        "text/plain",
    }
    props = schema["components"]["schemas"]["ReportIn"]["properties"]
    assert props["quote"]["maxLength"] == 300
    assert {"201", "200", "403", "413", "422"} <= set(operation["responses"])


def test_the_database_down_during_admission_is_503_too(site, send):
    from orfo.sites import api as sites

    sites._local.clear()
    with (
        mock.patch("orfo.sites.api.cache.get", return_value=None),
        mock.patch(
            "orfo.sites.models.Site.objects.filter",
            side_effect=OperationalError("connection refused"),
        ),
    ):
        response = send(make_report(site))
    assert response.status_code == 503
    assert response["Retry-After"]
