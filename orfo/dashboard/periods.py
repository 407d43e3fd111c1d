"""The overview's periods: today, or the last 7, 30 or 90 days (today included),
each compared with the period of equal length just before it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.issues.overview import Window

# The query parameter's values: (days, label).
PERIODS = {
    "today": (1, _("Today")),
    "7d": (7, _("Last 7 days")),
    "30d": (30, _("Last 30 days")),
    "90d": (90, _("Last 90 days")),
}
DEFAULT = "30d"


@dataclass(frozen=True)
class Period:
    key: str
    days: int
    first_day: date  # local date the period starts on
    current: Window  # from the first day's local midnight until now
    previous: Window  # as long, ending as long before now as the period spans

    @property
    def label(self) -> str:
        return str(PERIODS[self.key][1])


def choose(value: str, now: datetime | None = None) -> Period:
    """The period VALUE names (a key of PERIODS); anything else is the default."""
    key = value if value in PERIODS else DEFAULT
    days = PERIODS[key][0]
    now = now or timezone.now()
    first_day = timezone.localdate(now) - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    shift = timedelta(days=days)
    return Period(
        key=key,
        days=days,
        first_day=first_day,
        current=Window(start, now),
        previous=Window(start - shift, now - shift),
    )
