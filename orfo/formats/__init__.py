"""Date and time formats per language, over Django's own (FORMAT_MODULE_PATH).

Django has no Kazakh formats (it falls back to the US "04/12/2026 8:12 a.m.") and
its English ones are American; Kazakhstan writes 12.04.2026 08:12, and the
dashboard's English follows the day-month order and 24-hour clock of its users.
A format not set here comes from Django's module for the language.
"""
