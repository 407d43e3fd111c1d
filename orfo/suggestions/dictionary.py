"""A site's dictionary ("not an error" words) and the fixes its editors accepted, as
the dashboard and the API list, change and export them.

Every change is written to the site's audit log. What anyone sends is bounded: a
word is one word of at most `learning.MAX_TAUGHT_WORD` characters, a dictionary
holds at most MAX_WORDS words a language (what a process loads of it), an imported
file at most MAX_FILE_BYTES and MAX_FILE_WORDS words.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from orfo.lib.text import clean
from orfo.sites import audit
from orfo.sites.models import LANGUAGES as SITE_LANGUAGES
from orfo.sites.models import Site

from . import conf, learning
from .lexicon import fold
from .models import LearnedFix, LearningText, SiteLexiconData, SiteWord
from .sitelexicon import MAX_TAUGHT
from .text import WORD_RE

PAGE_SIZE = 50
MAX_WORD = learning.MAX_TAUGHT_WORD
MAX_WORDS = MAX_TAUGHT
MAX_FILE_BYTES = 512 * 1024
MAX_FILE_WORDS = 10_000
# Lines of an imported file that were no words, named back to the editor.
REFUSED_SHOWN = 5
# The languages a site may write in, in the order the dashboard shows them.
LANGUAGES = tuple(code for code, _ in SITE_LANGUAGES if code in conf.LANGUAGES)
# Punctuation a quote or a finding may carry around its word ("teh," «Алматы»).
_AROUND = " \t\n.,;:!?…\"'«»„“”‘’()[]{}<>*—–-"


class Refused(ValueError):
    """What was sent is no word (or no file) the dictionary keeps. CODE says why,
    FIELD which field was wrong."""

    MESSAGES = {
        "empty": "must not be empty",
        "too_long": "must be at most {max_word} characters",
        "not_a_word": "must be one word: letters, with - or ' inside, no spaces",
        "language": "must be one of {languages}",
        "full": "the dictionary holds at most {max_words} words a language",
        "not_utf8": "must be UTF-8 text",
        "too_big": "must be at most {max_kib} KiB",
        "too_many": "must have at most {max_file_words} words",
    }

    def __init__(self, code: str, field: str = "word") -> None:
        super().__init__(self.MESSAGES[code].format(**limits()))
        self.code, self.field = code, field


def limits() -> dict:
    """The bounds, for messages that name them."""
    return {
        "max_word": MAX_WORD,
        "max_words": MAX_WORDS,
        "max_kib": MAX_FILE_BYTES // 1024,
        "max_file_words": MAX_FILE_WORDS,
        "languages": ", ".join(LANGUAGES),
    }


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise Refused("language", "lang")
    return lang


def check_word(word: str) -> str:
    """WORD as the dictionary keeps it (control and invisible characters dropped,
    NFC), or Refused."""
    word = clean(word[: MAX_WORD * 4]).strip()
    if not word:
        raise Refused("empty")
    if len(word) > MAX_WORD:
        raise Refused("too_long")
    if not WORD_RE.fullmatch(word) or not any(c.isalpha() for c in word):
        raise Refused("not_a_word")
    return word


def single_word(text: str) -> str | None:
    """The one word of TEXT (an issue's quote, a finding) without the punctuation
    around it; None when it is no single word the dictionary could keep."""
    try:
        return check_word(text.strip(_AROUND)[: MAX_WORD + 1])
    except Refused:
        return None


# Reading


def _query(text: str) -> str:
    return clean(text[: MAX_WORD * 4]).strip()[:MAX_WORD]


def words(site_id: int, lang: str | None, query: str = "") -> QuerySet:
    """The site's words in LANG (every language: None), newest first; with QUERY,
    those containing it."""
    rows = SiteWord.objects.filter(site_id=site_id)
    if lang:
        rows = rows.filter(lang=lang)
    query = fold(_query(query))
    if query:
        rows = rows.filter(word__contains=query)
    return rows.select_related("added_by").order_by("-created", "-id")


def fixes(site_id: int, lang: str | None, query: str = "") -> QuerySet:
    """The site's learned fixes in LANG (every language: None), the most accepted
    first."""
    rows = LearnedFix.objects.filter(site_id=site_id)
    if lang:
        rows = rows.filter(lang=lang)
    query = _query(query)
    if query:
        rows = rows.filter(wrong__contains=fold(query)) | rows.filter(
            right__icontains=query
        )
    return rows.order_by("-count", "-updated", "-id")


def page(rows: QuerySet, number) -> Page:
    """Page NUMBER of ROWS (the last one for a number past it, the first for one
    that is no number)."""
    return Paginator(rows, PAGE_SIZE).get_page(number)


def counts(site_id: int) -> dict[str, tuple[int, int]]:
    """(words, fixes) of the site's dictionary in each language."""
    found = {lang: [0, 0] for lang in LANGUAGES}
    for n, model in enumerate((SiteWord, LearnedFix)):
        for lang, total in _per_language(model.objects.filter(site_id=site_id)):
            if lang in found:
                found[lang][n] = total
    return {lang: (w, f) for lang, (w, f) in found.items()}


@dataclass(frozen=True)
class Learned:
    """What Orfo learned of a site's language from its text."""

    lang: str
    texts: int = 0
    words: int = 0
    waiting: int = 0


def learned(site_id: int) -> list[Learned]:
    """How many texts of the site were learned in each language, how many words of
    text they had, and how many more wait to be learned."""
    rows = SiteLexiconData.objects.filter(site_id=site_id).values_list(
        "lang", "documents", "tokens"
    )  # not the tries themselves
    done = {lang: (texts, tokens) for lang, texts, tokens in rows}
    waiting = dict(
        _per_language(LearningText.objects.filter(site_id=site_id, learned=False))
    )
    return [
        Learned(lang, *done.get(lang, (0, 0)), waiting.get(lang, 0))
        for lang in LANGUAGES
    ]


def _per_language(rows: QuerySet) -> list[tuple[str, int]]:
    return list(rows.values("lang").annotate(n=Count("id")).values_list("lang", "n"))


# Changing


def add(site: Site, lang: str, word: str, by=None, by_name: str = "", **detail):
    """Add WORD to SITE's dictionary; returns (entry, whether it is new). Raises
    Refused for no word, an unknown language or a full dictionary."""
    check_language(lang)
    word = check_word(word)
    rows = SiteWord.objects.filter(site_id=site.pk, lang=lang)
    known = rows.filter(word=fold(word)).first()
    if known is not None:
        return known, False
    if rows.count() >= MAX_WORDS:
        raise Refused("full")
    entry = learning.allow_word(site.pk, lang, word, by)
    audit.record(site, audit.Action.WORD_ADDED, by, word, by_name, lang=lang, **detail)
    return entry, True


def remove(site: Site, lang: str, word: str, by=None, by_name: str = "") -> bool:
    """Take WORD out of SITE's dictionary; False if it was not in it."""
    check_language(lang)
    word = _query(word)
    entry = SiteWord.objects.filter(site_id=site.pk, lang=lang, word=fold(word)).first()
    if entry is None or not learning.remove_word(site.pk, lang, word):
        return False
    audit.record(
        site, audit.Action.WORD_REMOVED, by, entry.spelling, by_name, lang=lang
    )
    return True


def remove_fix(site: Site, lang: str, wrong: str, right: str, by=None) -> bool:
    check_language(lang)
    wrong, right = _query(wrong), _query(right)
    if not learning.remove_fix(site.pk, lang, wrong, right):
        return False
    audit.record(
        site, audit.Action.FIX_REMOVED, by, fold(wrong), lang=lang, right=right
    )
    return True


@dataclass
class Imported:
    added: int = 0
    known: int = 0
    refused: int = 0
    refused_lines: list[str] = field(default_factory=list)


def import_words(site: Site, lang: str, data: bytes, by=None) -> Imported:
    """Add the words of a file, one a line (blank lines and lines starting with #
    are skipped; a line that is no word is counted and a few are named back)."""
    check_language(lang)
    if len(data) > MAX_FILE_BYTES:
        raise Refused("too_big", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("not_utf8", "file") from None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) > MAX_FILE_WORDS:
        raise Refused("too_many", "file")
    result, good = Imported(), {}
    for line in lines:
        try:
            word = check_word(line)
        except Refused:
            result.refused += 1
            if len(result.refused_lines) < REFUSED_SHOWN:
                result.refused_lines.append(line[:MAX_WORD])
            continue
        good.setdefault(fold(word), word)
    # Counted as if every word were new: a file never takes a dictionary past it.
    if SiteWord.objects.filter(site_id=site.pk, lang=lang).count() + len(good) > (
        MAX_WORDS
    ):
        raise Refused("full", "file")
    if good:
        result.added = learning.allow_words(site.pk, lang, list(good.values()), by)
    result.known = len(good) - result.added
    if result.added:
        audit.record(
            site, audit.Action.WORDS_IMPORTED, by, lang=lang, added=result.added
        )
    return result


# Files


def _one_line(value: str) -> str:
    """VALUE on one line of a file: tabs and line breaks read as spaces."""
    return " ".join(value.split())


def export_words(site_id: int, lang: str) -> str:
    """The dictionary as UTF-8 text, one word a line, in alphabetical order."""
    rows = (
        SiteWord.objects.filter(site_id=site_id, lang=lang)
        .order_by("word", "id")
        .values_list("spelling", flat=True)
    )
    return "".join(f"{_one_line(w)}\n" for w in rows.iterator())


def export_fixes(site_id: int, lang: str) -> str:
    """The learned fixes as TSV: a header line, then wrong, right and how many times
    editors accepted it, the most accepted first."""
    rows = (
        LearnedFix.objects.filter(site_id=site_id, lang=lang)
        .order_by("-count", "wrong", "right")
        .values_list("wrong", "right", "count")
    )
    lines = ["wrong\tright\tcount\n"]
    lines += (f"{_one_line(w)}\t{_one_line(r)}\t{n}\n" for w, r, n in rows.iterator())
    return "".join(lines)


def file_name(site: Site, lang: str, kind: str) -> str:
    """`KEY-kk-dictionary.txt`, `KEY-kk-fixes.tsv` (the site's key is URL-safe)."""
    extension = "tsv" if kind == "fixes" else "txt"
    return f"{site.key}-{lang}-{kind}.{extension}"
