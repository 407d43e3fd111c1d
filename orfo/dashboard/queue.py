"""The inbox as the editor filtered it: its pages, and the issue after a given one.

The issue page carries the inbox's filter in its query string, so that "resolve and
next" opens the next issue of the very list the editor came from.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext

from orfo.dashboard.forms import InboxFilterForm
from orfo.issues import api as issues
from orfo.issues import inbox
from orfo.issues.models import Issue
from orfo.sites.api import sites_for

# What a link to an issue keeps of the inbox's query string (not its page cursor).
FILTER_FIELDS = "site status lang since until mine q verification page section".split()


@dataclass
class Filtered:
    form: InboxFilterForm
    sites: list
    query: inbox.InboxQuery | None  # None when the filter is not valid


def inbox_filter(params: QueryDict, user) -> Filtered:
    """The inbox's filter from PARAMS (a GET query), limited to USER's sites."""
    sites = list(sites_for(user))
    form = InboxFilterForm(params, sites=sites)
    if not form.is_valid():
        return Filtered(form, sites, None)
    data = form.cleaned_data
    mine = [s.pk for s in sites]
    query = inbox.InboxQuery(
        site_ids=[data["site"]] if data["site"] in mine else mine,
        status=data["status"],
        lang=data["lang"],
        since=data["since"],
        until=data["until"],
        assignee_id=user.pk if data["mine"] else None,
        text=data["q"].strip(),
        verification=data["verification"],
        page_id=data["page"],
        section=data["section"],
    )
    return Filtered(form, sites, query)


def filter_query(params: QueryDict) -> str:
    """PARAMS' filter fields as a query string ("" when none), for links that
    should remember the inbox the editor came from."""
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if name in params:
            kept.setlist(name, params.getlist(name)[:1])
    return kept.urlencode()


def scope(filtered: Filtered, params: QueryDict) -> list[tuple[str, str]]:
    """What the overview's links narrowed the inbox to, as (what, the query string
    without it): one article, one section."""
    if filtered.query is None:
        return []
    narrowed = []
    query = filtered.query
    if query.page_id:
        found = issues.page(query.page_id)
        mine = found is not None and found.site_id in query.site_ids
        label = found.label if mine else str(query.page_id)
        narrowed.append(("page", gettext("Article: %(page)s") % {"page": label}))
    if query.section:
        narrowed.append(
            ("section", gettext("Section: %(section)s") % {"section": query.section})
        )
    return [(text, _without(params, name)) for name, text in narrowed]


def _without(params: QueryDict, name: str) -> str:
    kept = params.copy()
    kept.pop(name, None)
    kept.pop("after", None)
    return kept.urlencode()


def page(filtered: Filtered, cursor: str = "", size: int = inbox.PAGE_SIZE):
    """Return (issues, next cursor or "") for one page of the filtered inbox."""
    if filtered.query is None:
        return [], ""
    return inbox.page(filtered.query, cursor, size)


def issue_after(filtered: Filtered, issue: Issue) -> Issue | None:
    """The issue that follows ISSUE in the filtered inbox's order, if any (ISSUE
    itself may have left the list, e.g. by being resolved: its place is kept)."""
    rows, _ = page(filtered, inbox.encode_cursor(issue), size=1)
    return rows[0] if rows else None
