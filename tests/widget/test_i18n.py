"""Languages: data-lang, then <html lang>, then the browser's, else English."""

import pytest

from .conftest import Site

pytestmark = pytest.mark.browser

HEADING = {
    "ru": "Сообщить об ошибке",
    "kk": "Қатені хабарлау",
    "en": "Report a mistake",
}
NOTICE = {
    "ru": "Нашли ошибку? Выделите её и нажмите Ctrl+Enter",
    "kk": "Қате таптыңыз ба? Оны белгілеп, Ctrl+Enter басыңыз",
    "en": "Found a mistake? Select it and press Ctrl+Enter",
}
SEND = {"ru": "Отправить", "kk": "Жіберу", "en": "Send"}
TOO_LONG = {
    "ru": "Слишком длинно",
    "kk": "Тым ұзын",
    "en": "Too long",
}


@pytest.mark.parametrize(
    "data_lang, html_lang, locale, expected",
    [
        ("ru", "en", "en-US", "ru"),
        ("kk", "ru", "en-US", "kk"),
        ("kz", "", "en-US", "kk"),
        ("EN-gb", "kk", "ru-RU", "en"),
        (None, "ru-RU", "en-US", "ru"),
        (None, "kk", "en-US", "kk"),
        (None, "de", "ru-RU", "en"),
        (None, "", "ru-RU", "ru"),
        (None, "", "kk-KZ", "kk"),
        (None, "", "fr-FR", "en"),
    ],
)
def test_language(browser, data_lang, html_lang, locale, expected):
    context = browser.new_context(locale=locale)
    try:
        site = Site(context.new_page())
        page = site.open(html_lang=html_lang, lang=data_lang)
        assert page.locator("[data-orfo-notice]").text_content() == NOTICE[expected]
        site.select("postponed")
        page.keyboard.press("Control+Enter")
        assert page.locator("orfo-dialog h2").inner_text() == HEADING[expected]
        assert page.locator("orfo-dialog button.p").inner_text() == SEND[expected]
        assert site.send()["lang"] == expected
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_too_long_message(site, lang):
    page = site.open(lang=lang)
    site.select("The committee published", "last year.")
    page.keyboard.press("Control+Enter")
    assert TOO_LONG[lang] in site.dialog().inner_text()
