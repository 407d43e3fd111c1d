"""Grouping: the pure functions, then reports through the API into issues."""

import pytest

from orfo.issues.grouping import Anchor, normalize_url, overlap, selection_hash
from orfo.issues.models import Activity, Issue, Status
from tests.conftest import NEWS_PAGE, make_report

ARTICLE = (
    "On Wednesday Almaty opened the teh quick reading room of its new city library. "
    "Schoolchildren and students attended the opening. The director said the the new "
    "building has a separate room for children and a computer class that recieved its "
    "first visitors the same day. It is teh third library built in Kazakhstan "
    "this year."
)
# Which "the" is the second word of the doubled "the the".
SECOND_THE = ARTICLE[: ARTICLE.index("the the") + 4].count("the")


def nth(text: str, quote: str, n: int) -> int:
    start = -1
    for _ in range(n + 1):
        start = text.index(quote, start + 1)
    return start


def anchor(quote: str, n: int = 0, width: int = 64) -> Anchor:
    start = nth(ARTICLE, quote, n)
    end = start + len(quote)
    return Anchor.of(
        ARTICLE[max(0, start - width) : start], quote, ARTICLE[end : end + width]
    )


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://news.kz/a/b", "https://news.kz/a/b"),
        ("https://NEWS.kz/a/b/", "https://news.kz/a/b"),
        ("https://www.news.kz/a/b#comments", "https://news.kz/a/b"),
        (
            "https://news.kz:443/a//b?utm_source=tg&utm_medium=x&fbclid=1",
            "https://news.kz/a/b",
        ),
        ("https://news.kz/a?page=2&id=7&gclid=z", "https://news.kz/a?id=7&page=2"),
        ("http://news.kz:8000/", "http://news.kz:8000/"),
        ("https://news.kz", "https://news.kz/"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "a,b,same",
    [
        (("teh", 0), ("teh", 0), True),
        (("teh", 0), ("teh quick", 0), True),
        (("teh", 0), ("the teh", 0), True),
        (("the teh quick", 0), ("teh", 0), True),
        (("teh", 0), ("quick", 0), False),  # neighbours, not the same error
        (("teh", 0), ("teh", 1), False),  # same typo, another sentence
        (("the the", 0), ("the", SECOND_THE), True),  # one word of the doubled pair
        (("recieved", 0), ("class that recieved its", 0), True),
        (("recieved", 0), ("teh", 1), False),
    ],
)
def test_overlap_decides_same_error(a, b, same):
    assert bool(overlap(anchor(*a), anchor(*b))) is same
    assert bool(overlap(anchor(*b), anchor(*a))) is same


def test_overlap_tolerates_short_contexts_and_a_nearby_edit():
    full = anchor("recieved", width=64)
    short = anchor("recieved", width=5)
    assert overlap(full, short)
    edited = Anchor.of(
        full.text[: full.start].replace("children", "kids"),
        "recieved",
        full.text[full.end :],
    )
    assert overlap(full, edited)


def test_overlap_needs_a_letter_in_common():
    text = "alpha beta gamma"
    assert not overlap(Anchor(text, 0, 6), Anchor(text, 5, 10))  # only the space


def test_selection_hash_ignores_case_and_spacing_but_not_the_page():
    assert selection_hash("p", "opened  the ", "Teh", " quick") == selection_hash(
        "p", "opened the ", "teh", " quick"
    )
    assert selection_hash("p", "a ", "teh", " b") != selection_hash(
        "q", "a ", "teh", " b"
    )


def sel(quote, n=0, url=NEWS_PAGE, **fields):
    return quote, n, url, fields


# Snapshot: reports in the order they arrive, each with the group it must land in.
CASES = [
    (sel("teh"), "teh-1"),
    (sel("teh quick"), "teh-1"),
    (sel("the teh"), "teh-1"),
    (sel("opened the teh quick reading"), "teh-1"),
    (sel("teh", url=NEWS_PAGE + "?utm_source=telegram#top"), "teh-1"),
    (sel("teh", url=NEWS_PAGE.replace("news.kz", "www.news.kz")), "teh-1"),
    (sel("quick"), "quick"),
    (sel("teh", 1), "teh-2"),
    (sel("is teh third"), "teh-2"),
    (sel("the the"), "doubled"),
    (sel("the", SECOND_THE), "doubled"),
    (sel("recieved"), "recieved"),
    (sel("recieved its first"), "recieved"),
    (sel("teh", url="https://news.kz/another-article"), "other-page"),
    (sel("recieved", url="https://sport.news.kz/library"), "other-subdomain"),
]


@pytest.mark.django_db
def test_reports_group_into_the_expected_issues(site, send):
    issue_of_group: dict[str, int] = {}
    for (quote, n, url, fields), group in CASES:
        start = nth(ARTICLE, quote, n)
        end = start + len(quote)
        payload = make_report(site, url=url, **fields)
        payload.update(
            quote=quote,
            prefix=ARTICLE[max(0, start - 64) : start],
            suffix=ARTICLE[end : end + 64],
            position={"start": start, "end": end},
        )
        response = send(payload)
        assert response.status_code == 201, response.content
        issue = response.json()["issue"]
        expected = issue_of_group.setdefault(group, issue)
        assert issue == expected, f"{quote!r} ({group}) landed in the wrong issue"
    assert len(set(issue_of_group.values())) == len(issue_of_group)
    counts = {
        g: Issue.objects.get(pk=i).report_count for g, i in issue_of_group.items()
    }
    assert counts["teh-1"] == 6 and counts["teh-2"] == 2 and counts["quick"] == 1


@pytest.mark.django_db
def test_an_issue_keeps_counts_times_and_the_most_suggested_correction(site, send):
    for correction in ["the", "then", "the", "", "the", "then"]:
        send(make_report(site, correction=correction))
    issue = Issue.objects.get()
    assert issue.report_count == 6
    assert issue.top_correction == "the"
    assert issue.first_seen <= issue.last_seen
    assert dict(issue.corrections.values_list("text", "count")) == {"the": 3, "then": 2}
    assert issue.status == Status.OPEN
    assert list(issue.activity.values_list("kind", flat=True)) == ["created"]


@pytest.mark.django_db
def test_a_new_report_on_a_resolved_issue_waits_for_a_check_of_the_live_page(
    site, send, admin_user
):
    # The reader may have an old copy of the page: only a check of the live page
    # reopens it (tests/verification/test_flow.py).
    first = send(make_report(site))
    issue = Issue.objects.get()
    assert issue.set_status(Status.RESOLVED, user=admin_user)
    assert Issue.objects.get().resolved_at is not None
    again = send(make_report(site))
    assert again.json()["issue"] == first.json()["issue"] == issue.pk
    issue.refresh_from_db()
    assert (issue.status, issue.regressed, issue.report_count) == (
        Status.RESOLVED,
        False,
        2,
    )
    assert issue.awaiting_check == 1 and issue.resolved_at is not None
    kinds = list(issue.activity.values_list("kind", "from_status", "to_status", "user"))
    assert kinds == [
        ("created", "", "open", None),
        ("status", "open", "resolved", admin_user.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.IGNORED, Status.SPAM])
def test_ignored_and_spam_issues_stay_so_but_keep_counting(site, send, status):
    send(make_report(site))
    Issue.objects.get().set_status(status)
    send(make_report(site))
    issue = Issue.objects.get()
    assert (issue.status, issue.regressed, issue.report_count) == (status, False, 2)


@pytest.mark.django_db
def test_status_changes_go_through_one_method_and_are_recorded(site, send):
    send(make_report(site))
    issue = Issue.objects.get()
    assert not issue.set_status(Status.OPEN)  # no change, no history
    with pytest.raises(ValueError):
        issue.set_status("deleted")
    assert issue.set_status(Status.SPAM, note="bot")
    assert Activity.objects.filter(issue=issue, kind="status", note="bot").exists()


@pytest.mark.django_db
def test_grouping_leaves_events_for_the_worker(site, send):
    from orfo.outbox.models import Event

    send(make_report(site))
    send(make_report(site))
    Issue.objects.get().set_status(Status.RESOLVED)
    send(make_report(site))
    kinds = list(Event.objects.order_by("id").values_list("kind", "data"))
    assert kinds == [
        ("issue.created", {}),
        ("report.added", {"report_count": 1}),
        ("report.added", {"report_count": 2}),
        (
            "issue.resolved",
            {"from_status": "open", "resolution": "", "fix": "", "by": ""},
        ),
        ("report.added", {"report_count": 3, "check": True}),
    ]
    assert not Event.objects.filter(dispatched_at__isnull=False).exists()


def test_context_is_compared_no_further_than_it_counts():
    from orfo.issues import grouping

    run = "a" * 10_000
    assert grouping._common_suffix(run, run) == grouping.CONTEXT_COMPARED
    assert grouping._common_prefix(run, run) == grouping.CONTEXT_COMPARED
    assert grouping._common_prefix("abc", "abd") == 2


def test_a_crafted_selection_costs_a_bounded_number_of_comparisons(monkeypatch):
    """One letter inside 812 of the same letter: every position is a placement,
    but only MAX_PLACEMENTS per direction are compared (issue 13: 17 ms each)."""
    from orfo.issues import grouping

    compared = []
    original = grouping._common_suffix

    def counting(a, b, *args):
        compared.append((len(a), len(b)))
        return original(a, b, *args)

    monkeypatch.setattr(grouping, "_common_suffix", counting)
    host = Anchor.of("a" * 256, "a" * 300, "a" * 256)
    for guest in (
        Anchor.of("a" * 256, "a", "a" * 256),
        Anchor.of("a" * 256, "a" * 150 + "b", "a" * 256),
        Anchor.of("ab" * 128, "ab" * 150, "ab" * 128),
    ):
        overlap(host, guest)
        overlap(guest, host)
    assert len(compared) <= 6 * 2 * grouping.MAX_PLACEMENTS
    assert all(a <= grouping.CONTEXT_COMPARED for a, _ in compared)


def test_a_word_selected_at_the_end_of_a_long_selection_still_groups():
    start = ARTICLE.index("The director")
    end = ARTICLE.index("same day.") + len("same day.")
    sentence = Anchor.of(ARTICLE[:start], ARTICLE[start:end], ARTICLE[end:])
    i = ARTICLE.index("the same day")
    word = Anchor.of(ARTICLE[i - 64 : i], "the", ARTICLE[i + 3 : i + 67])
    assert overlap(sentence, word) == 3 == overlap(word, sentence)
