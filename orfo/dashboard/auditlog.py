"""The site's audit log page: the sites app's events and what people did to the
site's issues (the issues' own history, not a copy of it), merged newest first.

Pages are cut by a cursor, as the inbox's are: the time, source and id of the
last entry shown. Both sources are read from it in the same order (time, then
source, then id, all descending), so no entry is shown twice or skipped.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext

from orfo.issues import api as issues
from orfo.issues.models import Activity, Status
from orfo.sites import audit
from orfo.sites.models import Site

PAGE_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Source ranks: at the same moment, the site's own events come first.
SITE, ISSUE = "s", "i"
RANK = {SITE: 1, ISSUE: 0}
_CURSOR = re.compile(r"(\d{1,19})\.([si])(\d{1,19})")


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    created: datetime
    source: str
    pk: int
    who: str
    what: str
    issue_id: int | None = None

    @property
    def cursor(self) -> str:
        micros = (self.created - EPOCH) // timedelta(microseconds=1)
        return f"{micros}.{self.source}{self.pk}"

    @property
    def link(self) -> str:
        return reverse("dashboard:issue", args=[self.issue_id]) if self.issue_id else ""


def parse_cursor(value: str) -> tuple[datetime, str, int]:
    match = _CURSOR.fullmatch(value)
    if not match or int(match.group(3)) >= 2**63:
        raise BadCursor(value)
    micros, source, pk = int(match.group(1)), match.group(2), int(match.group(3))
    try:
        created = EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        raise BadCursor(value) from None
    return created, source, pk


def _before(cursor, source: str) -> tuple[datetime, int] | None:
    """The (time, id) bound for SOURCE's rows after CURSOR."""
    if cursor is None:
        return None
    created, cursor_source, pk = cursor
    if RANK[source] == RANK[cursor_source]:
        return created, pk
    # A lower-ranked source comes after the cursor's at the same moment (all of
    # its rows then); a higher-ranked one came before it (none of them).
    return created, 2**63 - 1 if RANK[source] < RANK[cursor_source] else 0


def page(site: Site, cursor: str = "") -> tuple[list[Entry], str]:
    """A page of SITE's log after CURSOR, and the cursor of the next ("" if last);
    raise BadCursor for a cursor this never made."""
    bound = parse_cursor(cursor) if cursor else None
    events = audit.events(site, _before(bound, SITE))[: PAGE_SIZE + 1]
    activity = issues.site_history(site.pk, _before(bound, ISSUE))[: PAGE_SIZE + 1]
    entries = [_site_entry(e) for e in events] + [_issue_entry(a) for a in activity]
    entries.sort(key=lambda e: (e.created, RANK[e.source], e.pk), reverse=True)
    shown = entries[:PAGE_SIZE]
    more = len(entries) > PAGE_SIZE
    return shown, shown[-1].cursor if more else ""


def _site_entry(event) -> Entry:
    who = event.actor.get_username() if event.actor else event.actor_name
    return Entry(event.created, SITE, event.pk, who, audit.describe(event))


def _issue_entry(activity: Activity) -> Entry:
    return Entry(
        activity.created,
        ISSUE,
        activity.pk,
        activity.user.get_username(),
        _issue_change(activity),
        activity.issue_id,
    )


def _status(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _issue_change(activity: Activity) -> str:
    values = {"quote": activity.issue.quote}
    if activity.kind == Activity.Kind.FIX:
        _, _, fix = activity.note.partition(": ")
        return gettext("Fix “%(fix)s” accepted for “%(quote)s”") % {
            **values,
            "fix": fix,
        }
    if activity.kind == Activity.Kind.ASSIGNED:
        if not activity.note:
            return gettext("“%(quote)s” no longer assigned") % values
        return gettext("“%(quote)s” assigned to %(user)s") % {
            **values,
            "user": activity.note,
        }
    if activity.to_status == Status.SPAM:
        return gettext("“%(quote)s” marked as spam; its readers blocked") % values
    return gettext("“%(quote)s”: %(old)s → %(new)s") % {
        **values,
        "old": _status(activity.from_status),
        "new": _status(activity.to_status),
    }
