"""Using the dialog: keyboard only, cancel, long selections, answers from the server."""

import pytest

pytestmark = pytest.mark.browser


def active(page):
    """The focused control inside the dialog's shadow root, as 'tag.class#id'."""
    return page.evaluate(
        """() => {
            const a = document.querySelector('orfo-dialog').shadowRoot.activeElement
            return a ? a.localName + '#' + a.id + '.' + a.className : null }"""
    )


def open_on(site, words="postponed"):
    page = site.open()
    page.focus("#link")
    site.select(words)
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    return page


def test_dialog_is_an_accessible_modal(site):
    page = open_on(site)
    dialog = site.dialog()
    assert dialog.evaluate("e => e.localName") == "dialog"  # role=dialog, implicitly
    assert dialog.get_attribute("aria-modal") == "true"
    heading = page.locator("orfo-dialog h2")
    assert heading.get_attribute("id") == dialog.get_attribute("aria-labelledby")
    assert page.get_by_role("dialog", name="Report a mistake").is_visible()
    assert active(page) == "textarea#c."


@pytest.mark.parametrize("activate", ["Enter", "Space"])
def test_keyboard_only_report(site, activate):
    page = open_on(site)
    page.keyboard.type("Wrong word here")
    page.keyboard.press("Tab")
    assert active(page) == "input#f."
    page.keyboard.type("delayed")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active(page) == "button#.p"
    with page.expect_request("http://orfo.test/api/v1/reports"):
        page.keyboard.press(activate)
    page.locator("orfo-dialog >> text=Thank you!").wait_for()
    report = site.reports[-1]
    assert (report["comment"], report["correction"]) == ("Wrong word here", "delayed")
    assert report["quote"] == "postponed"
    # It closes by itself (or at once on Esc) and gives focus back.
    if activate == "Space":
        page.keyboard.press("Escape")
    page.locator("orfo-dialog").wait_for(state="detached", timeout=3000)
    assert page.evaluate("document.activeElement.id") == "link"


def test_focus_is_trapped(site):
    page = open_on(site)
    seen = []
    for _ in range(5):
        page.keyboard.press("Tab")
        seen.append(active(page))
    assert seen == ["input#f.", "button#.", "button#.p", "textarea#c.", "input#f."]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert active(page) == "button#.p"


def test_escape_closes_and_returns_focus(site):
    page = open_on(site)
    page.keyboard.press("Escape")
    page.locator("orfo-dialog").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "link"
    assert site.nothing_sent()


def test_cancel_sends_nothing(site):
    page = open_on(site)
    page.keyboard.type("never sent")
    page.locator("orfo-dialog button", has_text="Cancel").click()
    page.locator("orfo-dialog").wait_for(state="detached")
    assert site.nothing_sent()


def test_long_selection_is_refused(site):
    page = site.open()
    chosen = site.select("The committee published", "last year.")
    assert len(chosen) > 300
    page.keyboard.press("Control+Enter")
    site.dialog().wait_for()
    assert (
        "Too long — please select just the word or phrase."
        in site.dialog().inner_text()
    )
    assert page.locator("orfo-dialog textarea, orfo-dialog button.p").count() == 0
    page.locator("orfo-dialog button", has_text="Close").click()
    page.locator("orfo-dialog").wait_for(state="detached")
    assert site.nothing_sent()


def test_selection_of_exactly_300_characters_is_accepted(site):
    page = site.open()
    site.select("The committee published")
    page.evaluate(
        """() => { const s = getSelection(), r = s.getRangeAt(0)
                   const text = r.startContainer.data
                   // Grow the range until the normalised selection is 300 characters.
                   for (let e = r.startOffset; e <= text.length; e++) {
                     r.setEnd(r.startContainer, e)
                     if (s.toString().replace(/\\s+/g, ' ').trim().length == 300) break
                   } }"""
    )
    assert len(site.selection()) == 300
    page.keyboard.press("Control+Enter")
    assert len(site.send()["quote"]) == 300


# 429, 5xx and no answer: test_offline.py.
@pytest.mark.parametrize("status", [400, 403, 422])
def test_refusal_is_shown_and_send_can_be_retried(site, status):
    page = open_on(site)
    site.status = status
    first = site.send()
    error = page.locator("orfo-dialog .e")
    error.wait_for()
    page.wait_for_function(
        "document.querySelector('orfo-dialog').shadowRoot.querySelector('.e').textContent"
    )
    assert error.inner_text() == "Could not send"
    assert (
        page.locator("orfo-dialog b").count() == 0
    )  # the server's HTML is not rendered
    assert page.locator("orfo-dialog button.p").is_enabled()
    site.status = 201
    second = site.send()
    # The same report: a retry reuses the client_id, so the server can deduplicate.
    assert second["client_id"] == first["client_id"]
    page.locator("orfo-dialog >> text=Thank you!").wait_for()


def test_send_is_disabled_while_sending(site):
    page = site.open()
    held = []
    page.route("http://orfo.test/api/v1/reports", lambda route: held.append(route))
    site.select("postponed")
    page.keyboard.press("Control+Enter")
    send = page.locator("orfo-dialog button.p")
    send.click()
    page.wait_for_function("() => true")
    assert send.is_disabled()
    send.click(force=True)
    page.wait_for_timeout(100)
    assert len(held) == 1
    held[0].fulfill(status=201, body='{"report": 1, "issue": 1}')
    page.locator("orfo-dialog >> text=Thank you!").wait_for()


def test_network_failure_is_shown(site):
    page = open_on(site)
    page.route("http://orfo.test/api/v1/reports", lambda route: route.abort())
    page.locator("orfo-dialog button.p").click()
    page.locator(
        "orfo-dialog >> text=Could not send — we'll send this one a bit later."
    ).wait_for()
