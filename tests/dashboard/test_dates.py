"""Dates in the dashboard in each language's own format (orfo/formats), and
relative times ("3 minutes ago") with the exact time on hover."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from orfo.dashboard.charts import daily_bars
from orfo.issues.models import Issue
from tests.notifications.conftest import channel

MOMENT = datetime(2026, 4, 12, 8, 12, tzinfo=UTC)
EXACT = {
    "en": "12 April 2026, 08:12",
    "ru": "12 апреля 2026 г. 8:12",
    "kk": "12.04.2026, 08:12",
}
AGO = {"en": " ago", "ru": " назад", "kk": " бұрын"}
US_STYLE = ("04/12/2026", "a.m.", "Т.Ж.")


@pytest.mark.parametrize("lang", EXACT)
def test_the_inbox_and_issue_page_say_how_long_ago_with_the_date_on_hover(
    client, issue, editor, lang, settings
):
    settings.TIME_ZONE = "UTC"
    Issue.objects.filter(pk=issue.pk).update(first_seen=MOMENT, last_seen=MOMENT)
    client.force_login(editor)
    client.cookies["django_language"] = lang
    for page in ("/dashboard/", f"/dashboard/issues/{issue.pk}/"):
        html = client.get(page).content.decode()
        assert f'title="{EXACT[lang]}">' in html, page
        shown = html.split(f'title="{EXACT[lang]}">', 1)[1].split("</time>")[0]
        assert shown.endswith(AGO[lang]), (page, shown)
        assert not any(us in html for us in US_STYLE), page


def test_the_charts_name_days_the_languages_way():
    ticks = {"en": ">12 Apr<", "ru": ">12.04<", "kk": ">12.04<"}
    for lang, tick in ticks.items():
        with translation.override(lang):
            svg = daily_bars({}, 7, date(2026, 4, 14), "Reports")
        assert tick in svg, lang
        assert "2026-04-12" not in svg


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", "12 Apr 2026, 08:12"), ("kk", "12.04.2026 08:12")]
)
def test_the_channels_page_dates_are_not_iso(client, site, owner, lang, shown):
    hook = channel(site, "webhook", config={"url": "https://x.example/", "secret": "s"})
    type(hook).objects.filter(pk=hook.pk).update(last_delivery=MOMENT)
    client.force_login(owner)
    client.cookies["django_language"] = lang
    html = client.get(f"/dashboard/sites/{site.pk}/channels/").content.decode()
    assert shown in html
    assert "2026-04-12 08:12" not in html
