"""Status changes and checks of the live page, delivered like every notification."""

from datetime import timedelta

from django.utils import timezone

from orfo.issues import api as issues
from orfo.issues.models import Issue, Status
from orfo.notifications.models import Notification
from orfo.verification import api as verification
from orfo.verification.tasks import run_check
from tests.notifications.conftest import channel, drain
from tests.verification.fakes import fake_page


def hook(site, receiver, path="/h", **fields):
    fields.setdefault("on_new", False)
    fields.setdefault("on_regression", False)
    return channel(
        site, "webhook", config={"url": receiver.url + path, "secret": "s"}, **fields
    )


def check(issue):
    verification.request_check(issue, now=True, reason="editor")
    run_check(issue.page_id)


def events(receiver, path="/h"):
    return [
        (body["event"], request["headers"]["X-Orfo-Event"])
        for body, request in zip(receiver.json(path), receiver.to(path), strict=True)
    ]


def test_a_webhook_hears_the_whole_loop(site, receiver, report, editor, monkeypatch):
    hook(site, receiver, on_changes=True)
    issue = report()
    drain()
    issues.resolve_with_fix(issue, "the", "suggestion", user=editor)
    drain()
    [resolved] = receiver.json("/h")
    assert resolved["event"] == "issue.resolved"
    assert resolved["change"] == {
        "from_status": "open",
        "resolution": "fix",
        "fix": "the",
        "by": "editor",
        "note": "",
    }
    assert resolved["issue"]["fix"] == "the"
    assert resolved["issue"]["status"] == "resolved"
    assert resolved["issue"]["verification"] is None
    fake_page(monkeypatch, verdicts={"teh": "fixed"}, new_text="the")
    check(issue)
    drain()
    verified = receiver.json("/h")[-1]
    assert verified["event"] == "issue.verified"
    assert verified["change"]["note"] == "the"
    assert verified["issue"]["verification"]["verdict"] == "fixed"
    assert verified["issue"]["verification"]["verified_at"]
    assert "the" in verified["issue"]["verification"]["live_text"]
    issues.set_status(Issue.objects.get(), Status.OPEN, user=editor)
    drain()
    assert events(receiver) == [
        ("issue.resolved", "issue.resolved"),
        ("issue.verified", "issue.verified"),
        ("issue.reopened", "issue.reopened"),
    ]


def test_fix_not_live_goes_to_the_channels_that_hear_regressions(
    site, receiver, report, monkeypatch, settings, smtp
):
    hook(site, receiver, "/changes", on_changes=True)
    hook(site, receiver, "/regressions", on_regression=True)
    hook(site, receiver, "/new-only", on_new=True)
    channel(
        site,
        "email",
        config={"to": ["desk@news.kz"]},
        on_new=False,
        on_regression=True,
    )
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    Issue.objects.filter(pk=issue.pk).update(
        resolved_at=timezone.now() - timedelta(seconds=settings.ORFO_VERIFY_WINDOW)
    )
    fake_page(monkeypatch)  # the error is still on the page
    check(issue)
    drain()
    assert [b["event"] for b in receiver.json("/changes")] == [
        "issue.resolved",
        "issue.fix_not_live",
    ]
    assert [b["event"] for b in receiver.json("/regressions")] == ["issue.fix_not_live"]
    assert [b["event"] for b in receiver.json("/new-only")] == ["issue.new"]
    [(to, mail)] = smtp.messages
    from django.utils import translation

    from orfo.notifications.messages import headline

    with translation.override(site.default_lang):
        assert headline("fix_not_live", site.name, 1) in mail["Subject"]


def test_a_regression_is_one_message_to_people_and_two_events_to_a_webhook(
    site, receiver, report, monkeypatch, smtp
):
    hook(site, receiver, "/both", on_changes=True, on_regression=True)
    hook(site, receiver, "/changes", on_changes=True)
    channel(
        site,
        "email",
        config={"to": ["desk@news.kz"]},
        on_new=False,
        on_regression=True,
        on_changes=True,
    )
    issue = report()
    issues.resolve_with_fix(issue, "the", "suggestion")
    report()  # from a reader whose page still shows it
    fake_page(monkeypatch)
    check(issue)
    drain()
    assert [b["event"] for b in receiver.json("/both")] == [
        "issue.resolved",
        "issue.regression",
        "issue.regressed",
    ]
    assert [b["event"] for b in receiver.json("/changes")] == [
        "issue.resolved",
        "issue.regressed",
    ]
    reasons = Notification.objects.filter(channel__kind="email").values_list(
        "reason", flat=True
    )
    assert sorted(reasons) == ["regression", "resolved"]
    assert len(smtp.messages) == 2
