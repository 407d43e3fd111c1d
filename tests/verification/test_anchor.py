"""Re-anchoring a reported quote in the live text: present, fixed or gone, and never
fixed or gone while the error is still there."""

import random
import time

import pytest

from orfo.verification.anchor import MAX_HITS, locate
from orfo.verification.fetch import Fetched
from orfo.verification.verify import Anchor, check_page

PAGE = (
    "The city council met on Tuesday to discuss the new budget. "
    "Councillors argued for hours about the libary on Main Street, which has been "
    "closed since the flood of last spring. The mayor said repairs would begin soon. "
    "Residents who attended the meeting were not convinced by the promises made."
)


def report(text: str, quote: str, nth: int = 0):
    """The quote as the widget captures it: 64 characters of context each side."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return quote, text[max(0, start - 64) : start], text[end : end + 64], start


def test_unchanged_page_is_present_with_live_text():
    got = locate(PAGE, *report(PAGE, "libary"))
    assert got.verdict == "present"
    assert PAGE[got.start : got.end] == "libary"
    assert "libary on Main Street" in got.live_text
    assert len(got.live_text) <= 80 + len("libary") + 80


def test_fixed_records_the_new_text():
    issue = report(PAGE, "libary")
    got = locate(PAGE.replace("libary", "library"), *issue)
    assert (got.verdict, got.new_text) == ("fixed", "library")
    assert "the library on Main" in got.live_text


def test_fixed_with_unrelated_changes_around():
    issue = report(PAGE, "libary")
    page = "A new paragraph at the top of the story. " + PAGE
    page = page.replace("libary", "library").replace("for hours", "for three hours")
    page = page.replace("last spring", "last  spring").replace("Tuesday", "Monday")
    got = locate(page, *issue)
    assert (got.verdict, got.new_text) == ("fixed", "library")


def test_fixed_by_a_longer_rewrite():
    issue = report(PAGE, "libary")
    page = PAGE.replace("libary", "public library building")
    assert locate(page, *issue).new_text == "public library building"


def test_removed_paragraph_is_gone():
    issue = report(PAGE, "libary")
    page = PAGE.replace(
        "Councillors argued for hours about the libary on Main Street, which has "
        "been closed since the flood of last spring. ",
        "",
    )
    got = locate(page, *issue)
    assert (got.verdict, got.start, got.live_text) == ("gone", None, "")


def test_still_present_when_context_changed_on_both_sides():
    issue = report(PAGE, "libary")
    page = PAGE.replace("argued for hours", "argued all night").replace(
        "which has been closed", "which stays shut"
    )
    assert locate(page, *issue).verdict == "present"


def test_still_present_when_the_context_is_gone_but_the_quote_is_not():
    # Unsure: the quote is on the page, its context nowhere. Present, never gone.
    issue = report(PAGE, "libary")
    page = "Totally rewritten story, yet it still mentions the libary somewhere."
    assert locate(page, *issue).verdict == "present"


def test_a_short_quote_fixed_while_it_appears_elsewhere():
    page = PAGE.replace("which has", "whch has")
    issue = report(page, "whch")
    fixed = PAGE.replace("The mayor", "The mayor (whch is rare)")
    got = locate(fixed, *issue)
    assert (got.verdict, got.new_text) == ("fixed", "which")


def test_duplicate_quotes_pick_the_one_with_its_context():
    page = "Teh first sentence here. " * 3 + PAGE + " Teh end."
    issue = report(page, "Teh", nth=3)
    got = locate(page, *issue)
    assert got.verdict == "present" and got.start == page.rindex("Teh")
    fixed = page[: got.start] + "The" + page[got.end :]
    got = locate(fixed, *issue)
    assert (got.verdict, got.new_text) == ("fixed", "The")


def test_equal_candidates_are_told_apart_by_position():
    page = ("Same words here and there. " * 5).strip()
    quote, prefix, suffix, _ = "here", "", "", 0
    at = page.index("here", 60)
    got = locate(page, quote, prefix, suffix, at)
    assert got.start == at


def test_container_origin_shifts_the_position():
    article = "Same word again. Same word again."
    page = "Navigation menu with links. " + article
    at_in_article = article.rindex("word")
    got = locate(page, "word", "", "", at_in_article, origins=(0, page.index("Same")))
    assert got.start == page.rindex("word")


def test_quote_at_container_start_and_end():
    text = "Headline with a typo: teh end"
    assert locate(text, "teh end", "Headline with a typo: ", "", 22).verdict == (
        "present"
    )
    got = locate(
        "Headline with a typo: the end", "teh end", "Headline with a typo: ", "", 22
    )
    assert (got.verdict, got.new_text) == ("fixed", "the end")
    got = locate("Teh headline. More.", "Teh", "", " headline. More.", 0)
    assert got.verdict == "present"
    got = locate("The headline. More.", "Teh", "", " headline. More.", 0)
    assert (got.verdict, got.new_text) == ("fixed", "The")


def test_never_fixed_while_the_quote_stands_next_to_the_change():
    issue = report(PAGE, "libary")
    page = PAGE.replace("libary on Main", "libary (new) on Main").replace(
        "about the", "over the"
    )
    assert locate(page, *issue).verdict == "present"


def test_random_edits_elsewhere_never_hide_a_present_error():
    rnd = random.Random(7)
    words = PAGE.split(" ")
    issue = report(PAGE, "libary on Main")
    for _ in range(200):
        changed = list(words)
        for _ in range(rnd.randrange(1, 8)):
            i = rnd.randrange(len(changed))
            if "libary" in changed[i] or changed[i] in ("on", "Main"):
                continue
            changed[i] = rnd.choice(["", "x", changed[i].upper(), changed[i] * 2])
        page = " ".join(w for w in changed if w)
        assert "libary on Main" in page
        assert locate(page, *issue).verdict == "present", page


def test_cost_is_bounded_on_a_huge_page():
    # 2 million characters of near-repeats of the context: every piece of it hits,
    # every place is a candidate.
    issue = report(PAGE, "libary")
    page = (PAGE.replace("libary", "library") + " ") * 6000
    assert len(page) > 1_500_000
    started = time.perf_counter()
    got = locate(page, *issue)
    assert time.perf_counter() - started < 1.0
    assert got.verdict == "fixed"
    # A one-letter quote that occurs everywhere.
    started = time.perf_counter()
    locate(page, "e", "", "", 10)
    assert time.perf_counter() - started < 0.5
    assert MAX_HITS <= 1000


def test_check_page_anchors_every_issue_only_on_an_ok_fetch():
    fetched = Fetched("ok", 200, text=PAGE.replace("libary", "library"))
    issues = [
        Anchor(1, *report(PAGE, "libary")),
        Anchor(2, *report(PAGE, "mayor")),
    ]
    got = check_page(fetched, issues)
    assert {k: v.verdict for k, v in got.items()} == {1: "fixed", 2: "present"}
    assert check_page(Fetched("missing", 404), issues) == {}


@pytest.mark.parametrize("quote", ["", " "])
def test_degenerate_quotes_are_present(quote):
    assert locate(PAGE, quote, "", "", 0).verdict in ("present",)
