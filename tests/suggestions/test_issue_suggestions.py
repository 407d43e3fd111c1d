"""Suggestions on issues: computed by the worker from outbox events, shown, accepted."""

import pytest
from django.test import override_settings

from orfo.demo.articles import ARTICLES
from orfo.issues.models import Activity, Issue
from orfo.outbox.dispatch import dispatch_pending
from orfo.suggestions import engine, lexicon
from orfo.suggestions.api import prepare, suggest_for
from orfo.suggestions.models import IssueSuggestion
from tests.conftest import make_report

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def demo_payload(site, lang, wrong):
    text = " ".join(ARTICLES[lang].paragraphs)
    return make_report(
        site, wrong, text=text, lang=lang, url=f"https://news.kz/demo/{lang}/"
    )


def test_the_worker_suggests_a_fix_for_a_new_issue(
    site, send, django_capture_on_commit_callbacks
):
    prepare()  # built: a task does not wait out a cold build (the sweep catches up)
    send(demo_payload(site, "ru", "обьявили"))
    issue = Issue.objects.get()
    assert not IssueSuggestion.objects.exists()  # never in the ingestion request
    with (
        override_settings(TASKS=IMMEDIATE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dispatch_pending()
    assert [s.text for s in issue.suggestions.all()][:1] == ["объявили"]


@pytest.mark.parametrize(
    "lang,wrong,right",
    [
        (lang, wrong, right)
        for lang, article in ARTICLES.items()
        for wrong, right in article.errors
    ],
)
def test_the_demo_articles_errors_get_their_fix(lang, wrong, right):
    """Every deliberate error of the demo gets the right fix first."""
    text = " ".join(ARTICLES[lang].paragraphs)
    start = text.index(wrong)
    end = start + len(wrong)
    found = engine.suggest(
        wrong, text[max(0, start - 64) : start], text[end : end + 64], lang
    )
    assert found and found[0].text == right, found


def test_an_editor_accepts_a_suggestion_with_one_click(client, site, send, admin_user):
    send(demo_payload(site, "en", "recieved"))
    issue = Issue.objects.get()
    suggest_for(issue)
    client.force_login(admin_user)
    html = client.get(f"/dashboard/issues/{issue.pk}/").content.decode()
    assert "received" in html and "Orfo" in html
    client.post(
        f"/dashboard/issues/{issue.pk}/accept/", {"text": "received", "source": "orfo"}
    )
    issue.refresh_from_db()
    assert issue.accepted_fix == "received"
    assert Activity.objects.filter(
        issue=issue, kind="fix", user=admin_user, note="orfo: received"
    ).exists()


def test_notifications_carry_orfos_suggestion(site, send):
    from django.template.loader import render_to_string

    from orfo.notifications.messages import issue_fields

    send(demo_payload(site, "kk", "окушылары"))
    issue = Issue.objects.get()
    prepare()  # the lexicons are ready (else the message would go without)
    fields = issue_fields(issue, suggest=True)  # computed on the spot if not yet
    assert fields["suggestion"] == "оқушылары"
    text = render_to_string(
        "notifications/email/issue.txt", {"issue": fields, "message": {"headline": "x"}}
    )
    assert "Orfo suggests: оқушылары" in text


@pytest.fixture
def engine_calls(monkeypatch):
    """Count the engine's runs on issues."""
    from orfo.suggestions import api

    calls = []
    original = api.engine.suggest

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(api.engine, "suggest", counting)
    return calls


def test_nothing_found_is_stored_and_never_sought_again(site, send, engine_calls):
    """A quote and context that make one 812-letter word: no suggestion, and the
    engine is not run again for each notification attempt on each channel."""
    from orfo.notifications.messages import issue_fields
    from orfo.suggestions.api import compute_suggestions

    word = "abcdefghij" * 82
    text = f"The {word} opened."
    send(
        make_report(
            site,
            word[256:556],
            text=text,
            prefix=f"The {word[:256]}"[-256:],
            suffix=word[556:812],
        )
    )
    issue = Issue.objects.get()
    for _attempt in range(3):  # e.g. an email retried, a Telegram channel, a webhook
        assert issue_fields(issue, suggest=True)["suggestion"] == ""
    compute_suggestions.call(issue.pk)  # the worker's task for the same text
    assert len(engine_calls) == 1
    assert issue.suggestion_check.found == 0


def test_a_found_suggestion_is_not_recomputed_either(site, send, engine_calls):
    from orfo.suggestions.api import compute_suggestions

    send(demo_payload(site, "en", "recieved"))
    issue = Issue.objects.get()
    assert compute_suggestions.call(issue.pk) >= 1
    assert compute_suggestions.call(issue.pk) >= 1  # the issue regressed
    assert len(engine_calls) == 1


def test_installing_a_dictionary_lets_the_engine_run_again(
    site, send, engine_calls, no_dictionaries
):
    from django.conf import settings

    from orfo.notifications.messages import issue_fields

    send(demo_payload(site, "en", "recieved"))
    issue = Issue.objects.get()
    assert issue_fields(issue, suggest=True)["suggestion"] == ""  # no dictionary
    del settings.ORFO_SUGGESTIONS_DICT_DIRS  # the system's dictionaries again
    del settings.ORFO_SUGGESTIONS_CACHE_DIR
    lexicon.reset()
    prepare()
    assert issue_fields(issue, suggest=True)["suggestion"] == "received"
    assert len(engine_calls) == 2


def test_a_message_does_not_wait_for_the_lexicons(
    site, send, client, admin_user, monkeypatch
):
    """A fresh process still loading its lexicons sends the message without a
    suggestion; the worker's task stores it, and the issue page shows it."""
    import time

    from orfo.notifications import messages
    from orfo.suggestions.api import catch_up, compute_suggestions

    loads = lexicon.load

    def slow(lang):
        time.sleep(3)  # a cold build takes most of a minute
        return loads(lang)

    send(demo_payload(site, "en", "recieved"))
    issue = Issue.objects.get()
    monkeypatch.setattr(lexicon, "load", slow)
    monkeypatch.setattr(messages, "SUGGESTION_WAIT", 0.2)
    lexicon.reset()
    try:
        began = time.monotonic()
        assert messages.issue_fields(issue, suggest=True)["suggestion"] == ""
        assert time.monotonic() - began < 2.5  # the load takes 3 s
        # The next message does not wait again for the load already under way.
        monkeypatch.setattr(messages, "SUGGESTION_WAIT", 2.0)
        began = time.monotonic()
        assert messages.issue_fields(issue, suggest=True)["suggestion"] == ""
        assert time.monotonic() - began < 1.0
        assert not issue.suggestions.exists()  # not given up on: not checked yet
        assert compute_suggestions.call(issue.pk) == -1  # the worker's task gives way
    finally:
        prepare()  # waits for the loading thread (it holds the lexicons' lock)
    assert catch_up() == 1  # the worker's next sweep
    assert messages.issue_fields(issue, suggest=True)["suggestion"] == "received"
    client.force_login(admin_user)
    assert "received" in client.get(f"/dashboard/issues/{issue.pk}/").content.decode()


def test_the_worker_does_not_wait_out_a_lexicon_build(site, send, monkeypatch):
    """A task whose lexicons are still being built gives way after TASK_WAIT (the
    notifications queued behind it go on), and the sweep computes the suggestion
    once they are ready; it also catches up on a task lost with a killed worker."""
    import threading

    from orfo.suggestions import api

    send(demo_payload(site, "en", "recieved"))
    issue = Issue.objects.get()
    loads, gate = lexicon.load, threading.Event()

    def building(lang):
        gate.wait(30)  # a cold build, in a child process
        return loads(lang)

    monkeypatch.setattr(lexicon, "load", building)
    monkeypatch.setattr(api, "TASK_WAIT", 0.2)
    lexicon.reset()
    try:
        assert api.compute_suggestions.call(issue.pk) == -1
        assert api.catch_up() == 0  # still building: nothing computed, no wait
        assert not issue.suggestions.exists()
    finally:
        gate.set()
        prepare()
    assert api.catch_up() == 1
    assert [s.text for s in issue.suggestions.all()][:1] == ["received"]
    assert api.catch_up() == 0  # computed once: "nothing found" would be stored too
    api.SuggestionCheck.objects.all().delete()  # as if the worker died mid-task
    issue.suggestions.all().delete()
    assert api.catch_up() == 1 and issue.suggestions.exists()
