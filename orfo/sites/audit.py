"""The site's audit log: who did what to the site, its members and its readers.

Other apps and the dashboard record through record(); the log reads newest first,
a page at a time from a cursor (created, id), as the issues' history does, so the
dashboard can merge the two.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext

from orfo.sites.models import LANGUAGES, AuditEvent, Membership, Site

Action = AuditEvent.Action


def record(
    site: Site, action: str, actor=None, target: str = "", by_name: str = "", **detail
):
    """Log ACTION on SITE by ACTOR (a user), or by BY_NAME when no user did it
    (a command)."""
    return AuditEvent.objects.create(
        site=site,
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None else by_name,
        target=target[:254],
        detail=detail,
    )


def events(site: Site, before: tuple[datetime, int] | None = None) -> QuerySet:
    """SITE's events newest first; with BEFORE, only those older than it (by
    creation time, then id)."""
    rows = AuditEvent.objects.filter(site=site)
    if before is not None:
        created, pk = before
        rows = rows.filter(Q(created__lt=created) | Q(created=created, id__lt=pk))
    return rows.select_related("actor").order_by("-created", "-id")


def purge_before(cutoff: datetime) -> int:
    """Delete the entries made before CUTOFF (orfo purge): they name people, invited
    addresses and readers' hashes, so they are kept no longer than the reports."""
    return AuditEvent.objects.filter(created__lt=cutoff).delete()[0]


def _role(value: str) -> str:
    try:
        return str(Membership.Role(value).label)
    except ValueError:
        return value


def _field(name: str) -> str:
    try:
        return str(Site._meta.get_field(name).verbose_name)
    except LookupError:
        return name


def describe(event: AuditEvent) -> str:
    """What EVENT did, in the current language."""
    d = event.detail or {}
    who = {"user": event.target, "email": event.target}
    match event.action:
        case Action.CREATED:
            return gettext("Site created for %(hosts)s") % {
                "hosts": ", ".join(d.get("hosts", []))
            }
        case Action.SETTINGS:
            return _settings(d)
        case Action.KEY:
            return gettext("Site key replaced; the old one stopped working")
        case Action.TOKEN:
            return gettext("API token replaced; the old one stopped working")
        case Action.INVITED:
            return gettext("%(email)s invited as %(role)s") % {
                **who,
                "role": _role(d.get("role", "")),
            }
        case Action.REVOKED:
            return gettext("Invitation of %(email)s revoked") % who
        case Action.JOINED:
            return gettext("%(user)s joined as %(role)s") % {
                **who,
                "role": _role(d.get("role", "")),
            }
        case Action.ROLE:
            return gettext("Role of %(user)s changed from %(old)s to %(new)s") % {
                **who,
                "old": _role(d.get("old", "")),
                "new": _role(d.get("new", "")),
            }
        case Action.REMOVED:
            return gettext("%(user)s removed from the site (was %(role)s)") % {
                **who,
                "role": _role(d.get("role", "")),
            }
        case Action.UNBLOCKED:
            released = int(d.get("released", 0))
            return ngettext(
                "Reader %(reader)s unblocked; %(n)d held report released",
                "Reader %(reader)s unblocked; %(n)d held reports released",
                released,
            ) % {"reader": event.target[:8], "n": released}
        case Action.WORD_ADDED | Action.WORD_REMOVED | Action.WORDS_IMPORTED:
            return _dictionary(event.action, event.target, d)
        case Action.FIX_REMOVED:
            return gettext("Learned fix “%(wrong)s → %(right)s” removed (%(lang)s)") % {
                "wrong": event.target,
                "right": d.get("right", ""),
                "lang": _language(d.get("lang", "")),
            }
    return event.get_action_display()


def _language(code: str) -> str:
    return dict(LANGUAGES).get(code, code)


def _dictionary(action: str, word: str, d: dict) -> str:
    values = {"word": word, "lang": _language(d.get("lang", ""))}
    if action == Action.WORD_ADDED:
        return gettext("“%(word)s” added to the dictionary (%(lang)s)") % values
    if action == Action.WORD_REMOVED:
        return gettext("“%(word)s” removed from the dictionary (%(lang)s)") % values
    added = int(d.get("added", 0))
    return ngettext(
        "%(n)d word imported into the dictionary (%(lang)s)",
        "%(n)d words imported into the dictionary (%(lang)s)",
        added,
    ) % {**values, "n": added}


def _settings(d: dict) -> str:
    parts = []
    fields = [f for f in d.get("fields", []) if f != "hosts"]
    if fields:
        parts.append(
            gettext("Settings changed: %(fields)s")
            % {"fields": ", ".join(_field(f) for f in fields)}
        )
    if d.get("added"):
        parts.append(
            gettext("hosts added: %(hosts)s") % {"hosts": ", ".join(d["added"])}
        )
    if d.get("removed"):
        parts.append(
            gettext("hosts removed: %(hosts)s") % {"hosts": ", ".join(d["removed"])}
        )
    return "; ".join(parts) or str(Action.SETTINGS.label)
