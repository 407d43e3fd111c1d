"""The words of Django's timesince and timeuntil ("3 minutes ago", "in 19 hours"),
for the dashboard's catalogs: Django's own Kazakh catalog lacks them, so the live-page
panel would say "19 hours" on a Kazakh page. Marked here, as Django marks them in
django.utils.timesince, so that makemessages keeps them; translations of an app's
catalog take precedence over Django's."""

from django.utils.translation import gettext_lazy, ngettext_lazy

TIME_STRINGS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
SEPARATOR = gettext_lazy(", ")
