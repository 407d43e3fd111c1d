"""The word an issue's quote is, for the issue page's "Not an error: add «X» to the
dictionary" (none for a quote of several words)."""

from django import template

from orfo.suggestions import dictionary

register = template.Library()


@register.filter
def dictionary_word(quote: str) -> str:
    return dictionary.single_word(quote or "") or ""
