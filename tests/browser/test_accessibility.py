"""axe-core on every dashboard page and the widget's dialog: no serious or critical
violation, in light and dark colour schemes, on a desktop and on a phone.

axe-core comes from npm (tests/a11y/package-lock.json; `make test` runs `npm ci`
there) and is injected from disk: nothing is downloaded while the tests run.
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from orfo.issues.api import set_status
from orfo.issues.models import Issue, Status
from orfo.notifications.models import Channel
from orfo.sites import invitations
from orfo.sites.api import site_by_name
from orfo.sites.models import Membership
from orfo.suggestions import learning
from tests.browser.conftest import log_in, loopback_only, select_text
from tests.conftest import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "a11y/node_modules/axe-core/axe.min.js"
SCHEMES = ("light", "dark")
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
        "device_scale_factor": 2,
    },
}
TEXT = "Almaty opened teh doors of its new city library on Wendesday. Its collection"
RESET_PASSWORD = "a-new-password-7431"

# Views that only answer a POST (and redirect): no page of their own to check.
ACTIONS = {
    "dashboard:bulk",
    "dashboard:issue-status",
    "dashboard:issue-assign",
    "dashboard:issue-note",
    "dashboard:issue-accept",
    "dashboard:issue-check",
    "dashboard:issue-not-an-error",
    "dashboard:site-dictionary-remove",
    "dashboard:site-fix-remove",
    "dashboard:site-rotate-key",
    "dashboard:site-rotate-token",
    "dashboard:site-unblock",
    "dashboard:site-invite",
    "dashboard:site-invitation-revoke",
    "dashboard:site-member",
    "dashboard:invitation",  # moves the token into the session, then redirects
    "notifications:delete",
    "notifications:test",
    "logout",
}
# Views that answer a file to download, not a page.
FILES = {"dashboard:site-dictionary-export"}


@pytest.fixture
def axe_file():
    assert AXE.is_file(), f"{AXE} is missing: run `make test` (npm ci in tests/a11y)"
    return AXE


def violations(page, axe_file) -> list[dict]:
    """The serious and critical axe-core violations on PAGE as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_file))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:8],
            "summary": v["nodes"][0].get("failureSummary", "")[:300],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Audit:
    """Check each page as the test walks through the dashboard; keep what fails."""

    def __init__(self, page, axe_file, base):
        self.page, self.axe_file, self.base = page, axe_file, base
        self.found: dict[str, list[dict]] = {}
        self.visited: set[str] = set()

    def check(self, name: str) -> None:
        self.page.wait_for_load_state()
        path = self.page.url.removeprefix(self.base).split("?")[0]
        match = resolve(path)
        self.visited.add(
            f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        )
        found = violations(self.page, self.axe_file)
        if found:
            self.found[name] = found

    def visit(self, name: str, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path}: {response.status}"
        self.check(name)

    def report(self) -> str:
        return json.dumps(self.found, indent=1, ensure_ascii=False)


def page_names(resolver=None, namespace="") -> set[str]:
    """Every named URL of the dashboard, its notifications and the accounts pages."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner.split(":")[0] in ("dashboard", "notifications") or (
                not entry.namespace and str(entry.pattern) == "accounts/"
            ):
                names |= page_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and resolver:
            names.add(namespace + entry.name)
    if resolver is None:  # the top level: accounts/password_reset/ is named there
        names.add("password_reset")
    return names


def post(base, payload, reader="192.0.2.10"):
    response = Client().post(
        "/api/v1/reports",
        data=json.dumps(payload),
        content_type="text/plain",
        HTTP_ORIGIN=base,
        REMOTE_ADDR=reader,
    )
    assert response.status_code == 201, response.content


def newsroom(base):
    """The demo site with an owner (the demo's editor), issues with readers'
    corrections and comments, a spammer blocked with a report held, channels and an
    invitation waiting. Returns the site and the invitation's link."""
    site = site_by_name("Orfo demo newsroom")
    editor = get_user_model().objects.get(username="editor")
    editor.email = "editor@example.com"
    editor.save()
    Membership.objects.filter(site=site, user=editor).update(role="owner")
    colleague = get_user_model().objects.create_user(
        "colleague", email="colleague@example.com", password="colleague-pass-1"
    )
    Membership.objects.create(site=site, user=colleague, role="editor")
    url = f"{base}/demo/en/"
    for n, (word, fix) in enumerate((("teh", "the"), ("Wendesday", "Wednesday"))):
        for reader in range(3 - n):
            post(
                base,
                make_report(
                    site, word, text=TEXT, url=url, correction=fix, comment="typo"
                ),
                f"192.0.2.{20 + reader}",
            )
    post(base, make_report(site, "library", text=TEXT, url=url, comment="buy"))
    set_status(Issue.objects.get(quote="library"), Status.SPAM)
    post(base, make_report(site, "city", text=TEXT, url=url, comment="cheap"))
    assert Issue.objects.filter(quote="city").count() == 0  # held
    Channel.objects.create(site=site, kind="email", config={"to": ["n@example.com"]})
    Channel.objects.create(
        site=site,
        kind="webhook",
        name="CMS",
        config={"url": "https://cms.example/hook", "secret": "s" * 32},
        last_error="HTTP 500",
    )
    _, token = invitations.invite(site, "new@example.com", "editor", editor)
    return site, f"/dashboard/invitation/{token}/"


def submit(button) -> None:
    """Click a form's BUTTON and wait for the page it leads to."""
    with button.page.expect_navigation():
        button.click()


def reset_link(username: str) -> str:
    user = get_user_model().objects.get(username=username)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"


def walk_logged_out(audit, invitation_link):
    page = audit.page
    audit.visit("login", "/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "wrong")
    submit(page.locator("button.primary"))
    audit.check("login, wrong password")
    audit.visit("password reset", "/accounts/password_reset/")
    page.fill("#id_email", "colleague@example.com")
    submit(page.locator("button.primary"))
    audit.check("password reset: email sent")
    audit.visit("password reset: new password", reset_link("colleague"))
    page.fill("#id_new_password1", RESET_PASSWORD)
    page.fill("#id_new_password2", RESET_PASSWORD)
    submit(page.locator("button.primary"))
    audit.check("password reset: done")
    audit.visit("password reset: expired link", "/accounts/reset/MQ/expired-token/")
    audit.visit("invitation: sign up", invitation_link)
    audit.visit("invitation: link used", "/dashboard/invitation/no-such-token/", 404)
    for _ in range(10):  # axes locks the name after a few failures
        audit.page.goto(audit.base + "/accounts/login/")
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong")
        submit(page.locator("button.primary"))
        if page.locator("h1", has_text="Too many").count():
            break
    audit.check("locked out")


def walk_dictionary(audit, site):
    """The site's dictionary: words, learned fixes, an invalid word, a bad file."""
    page = audit.page
    learning.add_fix(site.pk, "en", "wendesday", "Wednesday")
    audit.visit("dictionary", f"/dashboard/sites/{site.pk}/dictionary/?lang=en")
    page.fill("[name=word]", "two words")
    submit(page.get_by_role("button", name="Add", exact=True))
    audit.check("dictionary, invalid word")
    page.set_input_files(
        "[name=file]",
        {"name": "words.txt", "mimeType": "text/plain", "buffer": b"\xff\xfe"},
    )
    submit(page.get_by_role("button", name="Import the words"))
    audit.check("dictionary, a file that is no word list")


def walk_logged_in(audit, site, invitation_link):
    page = audit.page
    log_in(page, audit.base)
    audit.check("inbox")
    page.keyboard.press("?")
    page.locator("#shortcuts").wait_for()
    audit.check("inbox, shortcuts help open")
    page.keyboard.press("Escape")
    submit(page.locator("#bulk button"))  # no action chosen
    assert page.locator(".messages li.error").is_visible()
    audit.check("inbox, with an error message")
    audit.visit("inbox, nothing found", "/dashboard/?q=nothing-like-this")
    audit.visit("inbox, invalid filter", "/dashboard/?since=never")
    issue = Issue.objects.get(quote="teh")
    page.goto(audit.base + "/dashboard/")
    page.locator(f'tr.issue-row[data-id="{issue.pk}"] input').check()
    page.select_option("#bulk select[name=action]", "spam")
    submit(page.locator("#bulk button"))
    audit.check("mark as spam?")
    audit.visit("issue", f"/dashboard/issues/{issue.pk}/")
    page.fill("textarea[name=note]", "Asked the author")
    submit(page.get_by_role("button", name="Add note"))
    audit.check("issue, with a note")
    submit(page.get_by_role("button", name="Check now"))
    assert page.locator(".messages").inner_text() == "Check queued."
    audit.check("issue, with a flash message")
    audit.visit("overview", "/dashboard/overview/")
    audit.visit("proofread", "/dashboard/proofread/")
    page.fill("textarea[name=text]", "Teh library opend on Wendesday.")
    submit(page.get_by_role("button", name="Check"))
    page.locator("mark.finding").first.wait_for()
    audit.check("proofread, with findings")
    page.locator("li.finding-row button.fix").first.click()
    page.locator("mark.finding.applied").wait_for()
    audit.check("proofread, a fix applied")
    page.get_by_role("button", name="Copy corrected text").click()
    page.locator("#copy-corrected-status:not(:empty)").wait_for()
    audit.check("proofread, corrected text copied")
    submit(page.locator("li.finding-row button.allow").first)
    assert "added to the dictionary" in page.locator(".messages").inner_text()
    audit.check("proofread, a word said right")
    walk_dictionary(audit, site)
    audit.visit("sites", "/dashboard/sites/")
    audit.visit("site settings", f"/dashboard/sites/{site.pk}/")
    page.fill("[name=hosts]", "not a host!")
    submit(page.locator("form.stack button.primary"))
    audit.check("site settings, invalid")
    own_row = page.locator("tr", has_text="editor@example.com")
    own_row.locator("select[name=role]").select_option("editor")
    submit(own_row.get_by_role("button", name="Change role"))
    audit.check("give up your ownership?")
    colleague = Membership.objects.get(site=site, user__username="colleague")
    audit.visit(
        "remove a member?", f"/dashboard/sites/{site.pk}/members/{colleague.pk}/remove/"
    )
    audit.visit("audit log", f"/dashboard/sites/{site.pk}/audit/")
    audit.visit("add a site", "/dashboard/sites/new/")
    submit(page.locator("form.stack button.primary"))
    audit.check("add a site, invalid")
    audit.visit("blocked readers", f"/dashboard/sites/{site.pk}/blocked/")
    audit.visit("held reports", f"/dashboard/sites/{site.pk}/held/")
    audit.visit("channels", f"/dashboard/sites/{site.pk}/channels/")
    for kind in ("email", "telegram", "slack", "webhook"):
        audit.visit(
            f"new {kind} channel", f"/dashboard/sites/{site.pk}/channels/add/{kind}/"
        )
    webhook = Channel.objects.get(kind="webhook")
    audit.visit("webhook channel", f"/dashboard/sites/{site.pk}/channels/{webhook.pk}/")
    audit.visit("invitation: join", invitation_link)
    audit.visit("password change", "/accounts/password_change/")
    page.fill("#id_old_password", "orfo-demo")
    page.fill("#id_new_password1", RESET_PASSWORD)
    page.fill("#id_new_password2", RESET_PASSWORD)
    submit(page.locator("form.stack button.primary"))
    audit.check("password change: done")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_dashboard_page(browser, demo, axe_file, scheme, size):
    site, invitation_link = newsroom(demo.url)
    context = browser.new_context(
        color_scheme=scheme, bypass_csp=True, locale="en-US", **SIZES[size]
    )
    loopback_only(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    audit = Audit(page, axe_file, demo.url)
    walk_logged_out(audit, invitation_link)
    walk_logged_in(audit, site, invitation_link)
    context.close()
    assert not audit.found, f"{scheme}, {size}: {audit.report()}"
    unchecked = page_names() - audit.visited - ACTIONS - FILES
    assert not unchecked, f"pages no axe check visits: {sorted(unchecked)}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_widget_dialog(browser, demo, axe_file, scheme, size):
    context = browser.new_context(
        color_scheme=scheme, bypass_csp=True, locale="en-US", **SIZES[size]
    )
    loopback_only(context)
    page = context.new_page()
    page.goto(f"{demo.url}/demo/en/")
    audit = Audit(page, axe_file, demo.url)
    found = violations(page, axe_file)
    if found:
        audit.found["demo article"] = found
    select_text(page, "recieved")
    if size == "phone":
        page.locator("orfo-button button").wait_for()
        found = violations(page, axe_file)
        if found:
            audit.found["demo article, touch button"] = found
    page.keyboard.press("Control+Enter")
    page.get_by_role("dialog").wait_for()
    found = violations(page, axe_file)
    if found:
        audit.found["widget dialog"] = found
    context.close()
    assert not audit.found, f"{scheme}, {size}: {audit.report()}"


FOCUSED = """() => {
    const e = document.activeElement
    const style = getComputedStyle(e)
    return {
        tag: e.tagName, id: e.id,
        text: (e.innerText || e.value || '').trim().slice(0, 40),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        inDialog: !!e.closest('dialog'),
    }
}"""


def test_keyboard_alone(browser, demo):
    """Skip link first, a visible focus ring on every stop of the inbox and the issue
    page, and the shortcuts help: opened by ?, closed by Esc, focus back on its link."""
    newsroom(demo.url)
    context = browser.new_context(locale="en-US", **SIZES["desktop"])
    page = context.new_page()
    log_in(page, demo.url)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "content"

    for path in ("/dashboard/", f"/dashboard/issues/{Issue.objects.first().pk}/"):
        page.goto(demo.url + path)
        stops = []
        for _ in range(80):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED)
            if stop["tag"] == "BODY" or stop in stops[:1]:
                break  # past the last stop
            stops.append(stop)
            assert stop["ring"], f"{path}: no visible focus on {stop}"
        assert [s["text"] for s in stops[:3]] == ["Skip to content", "Orfo", "Inbox"]
        assert len(stops) > 10, stops

    page.goto(demo.url + "/dashboard/")
    link = page.locator("a.issue-link").first
    link.focus()
    page.keyboard.press("?")
    help_dialog = page.locator("#shortcuts")
    assert help_dialog.is_visible()
    assert page.evaluate(FOCUSED)["inDialog"], "focus stays behind the open dialog"
    page.keyboard.press("Escape")
    assert not help_dialog.is_visible()
    assert page.evaluate(
        "() => document.activeElement.classList.contains('issue-link')"
    )
    context.close()
