"""What a notification says: a context built from the issue, rendered per channel.

Reader text is untrusted. It is cleaned again here (bidi overrides, zero-width and
control characters), clipped so no unbroken run can stretch a message, and left to
each template's escaping (HTML for email and Telegram, mrkdwn for Slack). Links are
built from the parsed URL, on the site's hosts only (orfo.issues.links).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orfo.issues.links import issue_url, live_url, page_link
from orfo.issues.models import Issue, Status
from orfo.lib.text import clean_inline
from orfo.suggestions import api as suggestions

CONTEXT_CHARS = 60
DIGEST_ITEMS = 10


def clip(text: str, limit: int, strip: bool = True) -> str:
    text = clean_inline(text or "")
    text = text.strip() if strip else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_left(text: str, limit: int) -> str:
    text = clean_inline(text or "")
    return text if len(text) <= limit else "…" + text[len(text) - limit + 1 :]


@dataclass
class Message:
    """Everything a transport needs; TEXT fields are already translated."""

    reason: str
    key: str
    lang: str
    site: str
    headline: str
    subject: str
    context: dict = field(default_factory=dict)

    def render(self, template: str) -> str:
        with translation.override(self.lang):
            return render_to_string(template, {**self.context, "message": self})


# Seconds a message waits for the engine's lexicons (loading them takes most of a
# minute in a fresh process, a cold build longer): past it the message goes without
# a suggestion, and the issue page shows it when the worker has stored it.
SUGGESTION_WAIT = 2.0


def issue_fields(
    issue: Issue, report_count: int | None = None, suggest: bool = False
) -> dict:
    """The message fields of ISSUE; SUGGEST runs the engine if it has not yet and
    its lexicons are ready within SUGGESTION_WAIT seconds."""
    page = issue.page
    return {
        "id": issue.pk,
        "title": clip(page.label, 200),
        "page_url": page_link(page, issue.site),
        "quote": clip(issue.quote, 300),
        "before": clip_left(issue.prefix, CONTEXT_CHARS),
        "after": clip(issue.suffix, CONTEXT_CHARS, strip=False),
        "correction": clip(issue.top_correction, 300),
        "suggestion": clip(
            suggestions.best_text(issue, compute=suggest, within=SUGGESTION_WAIT), 300
        ),
        "report_count": report_count or issue.report_count,
        "status": issue.status,
        "issue_url": issue_url(issue),
        "live_url": live_url(issue),
        "first_seen": issue.first_seen,
        "fix": clip(issue.accepted_fix, 300),
        "resolution": issue.resolution,
        "verification": verification_fields(issue),
    }


def verification_fields(issue: Issue) -> dict | None:
    """What the latest check of the live page found, None if none ran."""
    if issue.checked_at is None:
        return None
    return {
        "verdict": issue.verification,
        "checked_at": issue.checked_at,
        "live_text": clip(issue.live_text, 400, strip=False),
        "verified_at": issue.verified_at,
        "fix_not_live": issue.fix_not_live,
    }


def sample_fields() -> dict:
    """A made-up issue for test notifications, so they look like the real ones."""
    return {
        "id": 0,
        "title": _("Example article"),
        "page_url": "",
        "quote": "teh",
        "before": _("This is how an error reported by a reader will look:") + " ",
        "after": " " + _("library opened on Wednesday."),
        "correction": "the",
        "suggestion": "the",
        "report_count": 1,
        "status": Status.OPEN,
        "issue_url": "",
        "live_url": "",
        "first_seen": None,
        "fix": "",
        "resolution": "",
        "verification": None,
    }


# Headlines of an issue's changes (orfo.notifications.fanout.CHANGES).
CHANGES = {
    "resolved": lambda: _("An error on %(site)s was resolved"),
    "reopened": lambda: _("An error on %(site)s was reopened"),
    "regressed": lambda: _(
        "An error fixed on %(site)s is back on the page: the issue is reopened"
    ),
    "verified": lambda: _("A fix on %(site)s is live: the error is gone from the page"),
    "fix_not_live": lambda: _(
        "A fix on %(site)s is not live: the error is still on the page"
    ),
}


def headline(reason: str, site: str, count: int) -> str:
    if reason == "new":
        return _("New error reported on %(site)s") % {"site": site}
    if reason == "threshold":
        return ngettext(
            "An error on %(site)s has %(count)d report",
            "An error on %(site)s has %(count)d reports",
            count,
        ) % {"site": site, "count": count}
    if reason == "regression":
        return _("An error fixed on %(site)s was reported again") % {"site": site}
    if reason == "digest":
        return _("Errors reported on %(site)s") % {"site": site}
    if reason in CHANGES:
        return CHANGES[reason]() % {"site": site}
    return _("Test notification for %(site)s") % {"site": site}


def build(notification) -> Message:
    """Build the message for NOTIFICATION in its site's language."""
    channel = notification.channel
    site = channel.site
    lang = site.default_lang
    with translation.override(lang):
        site_name = clip(site.name, 100)
        context: dict = {"site": site_name, "reason": notification.reason}
        if notification.reason == "digest":
            context["digest"] = digest_fields(notification)
            count = context["digest"]["new_count"]
        elif notification.issue_id:
            context["issue"] = issue_fields(
                notification.issue, notification.data.get("report_count"), suggest=True
            )
            count = context["issue"]["report_count"]
            if notification.reason in CHANGES:
                context["change"] = change_fields(notification.data)
        else:
            context["issue"] = sample_fields()
            count = 1
        title = headline(notification.reason, site_name, count)
        subject = title
        if "issue" in context:
            subject = f"{title}: «{clip(context['issue']['quote'], 60)}»"
        return Message(
            reason=notification.reason,
            key=str(notification.key),
            lang=lang,
            site=site_name,
            headline=title,
            subject=subject,
            context=context,
        )


def change_fields(data: dict) -> dict:
    """What changed (from the event: docs/notifications.md), reader text clipped."""
    fields = {
        k: data.get(k, "") for k in ("from_status", "resolution", "fix", "by", "note")
    }
    fields["fix"] = clip(fields["fix"], 300)
    fields["note"] = clip(fields["note"], 300)
    return fields


def digest_fields(notification) -> dict:
    since = datetime.fromisoformat(notification.data["since"])
    until = datetime.fromisoformat(notification.data["until"])
    site_id = notification.channel.site_id
    issues = Issue.objects.filter(site_id=site_id).select_related("page", "site")
    new = issues.filter(first_seen__gte=since, first_seen__lt=until)
    still_open = issues.filter(status=Status.OPEN, first_seen__lt=since)
    ordering = ("-reader_count", "-last_seen", "-id")  # as the inbox: readers first
    return {
        "since": since,
        "until": until,
        "new": [issue_fields(i) for i in new.order_by(*ordering)[:DIGEST_ITEMS]],
        "new_count": new.count(),
        "open": [
            issue_fields(i) for i in still_open.order_by(*ordering)[:DIGEST_ITEMS]
        ],
        "open_count": still_open.count(),
        "inbox_url": f"{settings.SITE_ROOT}/dashboard/",
    }
