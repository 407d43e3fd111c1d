"""A newsroom sets itself up in a real browser: adds its site, copies the tag,
invites a colleague, changes their role, removes them, and reads it all back in
the site's audit log."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from orfo.sites.models import Site
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newsroom_sets_itself_up(live_server, browser, context, page):
    base = live_server.url
    get_user_model().objects.create_user(
        "chief", password="chief-pass-1", is_staff=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    log_in(page, base, "chief", "chief-pass-1")

    # Add the site.
    page.goto(f"{base}/dashboard/sites/")
    page.get_by_role("link", name="Add a site").click()
    page.get_by_label("Name").fill("Steppe Daily")
    page.get_by_label("Allowed hosts").fill("https://steppe.kz/")
    page.get_by_role("button", name="Create the site").click()
    assert page.locator(".errorlist").inner_text().startswith("“https://steppe.kz/”")
    page.get_by_label("Allowed hosts").fill("Steppe.KZ\n*.steppe.kz")
    page.get_by_label("Language of the site").select_option("kk")
    page.get_by_role("button", name="Create the site").click()
    site = Site.objects.get(name="Steppe Daily")
    page.wait_for_url(f"{base}/dashboard/sites/{site.pk}/")
    assert site.hosts == ["*.steppe.kz", "steppe.kz"] and site.default_lang == "kk"

    # The tag to paste, and a button that copies it.
    tag = f'<script src="{base}/widget.js" data-site="{site.key}" defer></script>'
    assert page.locator("#embed-snippet").inner_text() == tag
    page.get_by_role("button", name="Copy the tag").click()
    status = page.locator("#embed-snippet-status")
    status.filter(has_text="Copied to the clipboard.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == tag

    # Invite a colleague, who makes an account from the mailed link.
    page.get_by_label("Email").fill("aigerim@steppe.kz")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invitation sent to aigerim@steppe.kz.").wait_for()
    [message] = mail.outbox
    link = re.search(r"\S+/dashboard/invitation/\S+/", message.body).group(0)
    colleague = browser.new_context()
    try:
        other = colleague.new_page()
        other.goto(link.replace(settings.SITE_ROOT, base))
        other.fill("#id_username", "aigerim")
        other.fill("#id_password1", "long-pass-42x")
        other.fill("#id_password2", "long-pass-42x")
        other.get_by_role("button", name="Create the account and join").click()
        other.wait_for_url(f"{base}/dashboard/")
    finally:
        colleague.close()

    # Make her an owner, then remove her (asked first).
    page.reload()
    row = page.locator("tr", has_text="aigerim@steppe.kz")
    row.get_by_label("Role").select_option("owner")
    row.get_by_role("button", name="Change role").click()
    page.get_by_text("aigerim is now owner.").wait_for()
    page.locator("tr", has_text="aigerim@steppe.kz").get_by_role(
        "link", name="Remove…"
    ).click()
    page.get_by_role("heading", name="Remove a member?").wait_for()
    page.get_by_role("button", name="Remove aigerim").click()
    page.get_by_text("aigerim was removed from Steppe Daily.").wait_for()
    assert page.locator("tr", has_text="aigerim@steppe.kz").count() == 0

    # Everything, newest first, in the audit log.
    page.get_by_role("link", name="Audit log").click()
    page.wait_for_url(f"{base}/dashboard/sites/{site.pk}/audit/")
    rows = page.locator("table.audit tbody tr")
    assert [
        rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())
    ] == [
        "aigerim removed from the site (was owner)",
        "Role of aigerim changed from editor to owner",
        "aigerim joined as editor",
        "aigerim@steppe.kz invited as editor",
        "Site created for *.steppe.kz, steppe.kz",
    ]
    who = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(5)]
    assert who == ["chief", "chief", "aigerim", "chief", "chief"]
