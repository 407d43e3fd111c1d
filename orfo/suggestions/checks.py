from django.core.checks import Warning, register

from . import conf


@register()
def dictionaries_installed(app_configs, **kwargs):
    """Warn about each language whose Hunspell dictionary is missing."""
    folders = ", ".join(str(p) for p in conf.dict_dirs())
    return [
        Warning(
            f"No Hunspell dictionary for {lang!r} in {folders}: Orfo will not "
            f"suggest corrections in this language.",
            hint=f"Install Debian's hunspell-{'en-us' if lang == 'en' else lang}, "
            "or set ORFO_SUGGESTIONS_DICT_DIRS.",
            id="orfo.W060",
        )
        for lang in conf.LANGUAGES
        if conf.find_dictionary(lang) is None
    ]


@register()
def word_lists_installed(app_configs, **kwargs):
    """Warn when Kazakh lacks the word list that tells which forms real text uses."""
    if conf.find_word_list("kk") is not None:
        return []
    folders = ", ".join(str(p) for p in conf.tessdata_dirs())
    return [
        Warning(
            f"No Tesseract data for Kazakh (kaz.traineddata) in {folders}: Kazakh "
            "suggestions are ranked without knowing which forms real text uses.",
            hint="Install Debian's tesseract-ocr-kaz, "
            "or set ORFO_SUGGESTIONS_TESSDATA_DIRS.",
            id="orfo.W061",
        )
    ]
