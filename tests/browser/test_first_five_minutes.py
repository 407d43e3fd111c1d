"""A newcomer's first five minutes: demo article → Ctrl+Enter → send → dashboard."""

import pytest

from orfo.issues.models import Issue
from orfo.reports.models import Report
from tests.browser.conftest import log_in, select_text

THANKS = {"en": "Thank you!", "ru": "Спасибо!", "kk": "Рақмет!"}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "lang,wrong,fix,heading",
    [
        ("en", "recieved", "received", "Report a mistake"),
        ("ru", "учавствовали", "участвовали", "Сообщить об ошибке"),
        ("kk", "окушылары", "оқушылары", "Қатені хабарлау"),
    ],
)
def test_a_report_from_the_demo_page_reaches_the_dashboard(
    demo, page, lang, wrong, fix, heading
):
    page.goto(f"{demo.url}/demo/{lang}/")
    select_text(page, wrong)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert heading in dialog.inner_text()
    assert wrong in dialog.locator("mark").inner_text()
    dialog.locator("#f").fill(fix)
    dialog.locator("#c").fill("<b>comment</b>")
    with page.expect_response(f"{demo.url}/api/v1/reports") as answer:
        dialog.locator("button.p").click()
    assert answer.value.status == 201
    dialog.get_by_text(THANKS[lang]).wait_for()
    report = Report.objects.get(quote=wrong)
    assert (report.correction, report.comment, report.lang) == (
        fix,
        "<b>comment</b>",
        lang,
    )
    assert report.url == f"{demo.url}/demo/{lang}/"
    issue = Issue.objects.get(pk=report.issue_id)

    log_in(page, demo.url)
    row = page.locator("tr.issue-row", has_text=wrong)
    assert row.count() == 1
    row.locator("a.issue-link").click()
    page.wait_for_url(f"{demo.url}/dashboard/issues/{issue.pk}/")
    assert fix in page.locator(".corrections").inner_text()
    assert "<b>comment</b>" in page.locator(".reports").inner_text()
