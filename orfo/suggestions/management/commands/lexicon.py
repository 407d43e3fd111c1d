import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orfo.suggestions import conf, learning, lexicon, sitelexicon, sources
from orfo.suggestions.sitelexicon import MIN_TEXTS, Counts

# The largest file `learn` reads (an archive's export is many files, or split).
MAX_FILE = 256 * 1024 * 1024
# Characters one fold of an archive reads: few large folds, not many small ones
# (each fold rewrites the site's whole tries).
ARCHIVE_FOLD_CHARS = 50_000_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# The site's own words listed after learning.
SHOWN = 10


class Command(BaseCommand):
    help = "Build the spelling lexicons, or teach a site's lexicon its archive."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build",
            help="Build the spelling lexicons into the data dir (once per install "
            "or upgrade of the dictionaries); every Orfo process then maps them.",
        )
        build.add_argument(
            "--lang",
            action="append",
            choices=conf.LANGUAGES,
            help="only this language (repeat for several); default: all",
        )
        learn = sub.add_parser(
            "learn",
            help="Learn a site's published text (plain text or HTML files; - reads "
            "standard input): its word frequencies, names and terms.",
        )
        learn.add_argument("--site", required=True, help="the site's public key")
        learn.add_argument("--lang", required=True, choices=conf.LANGUAGES)
        learn.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, action, **options):
        if action == "build":
            return self.build(options.get("lang"))
        if action == "learn":
            return self.learn(options["site"], options["lang"], options["files"])
        raise CommandError(f"unknown action {action}")  # pragma: no cover

    def build(self, lang=None):
        if conf.cache_dir() is None:
            raise CommandError("no data dir: set ORFO_DATA_DIR")
        langs = tuple(lang or conf.LANGUAGES)
        missing = [code for code in langs if conf.find_dictionary(code) is None]
        for code in missing:
            self.stderr.write(f"{code}: no dictionary installed (`make dictionaries`)")
        langs = tuple(code for code in langs if code not in missing)
        started = time.perf_counter()
        seconds = lexicon.build_all(langs) if langs else {}
        for code, spent in seconds.items():
            self.stdout.write(f"{code}: ready in {spent:.1f} s")
        self.stdout.write(
            f"Lexicons ready in {time.perf_counter() - started:.1f} s "
            f"({conf.cache_dir()})"
        )

    def learn(self, site_key: str, lang: str, files: list[str]):
        from orfo.sites.api import active_site_by_key

        site = active_site_by_key(site_key)
        if site is None:
            raise CommandError(f"no active site has the key {site_key!r}")
        texts, problems = {}, []
        for name in files:
            try:
                texts[name] = read_text(name)
            except ValueError as e:
                problems.append(f"{name}: {e}")
                continue
            found = sources.language_of(texts[name], lang)
            if found is None:
                problems.append(f"{name}: no words in it")
            elif found != lang:
                problems.append(f"{name}: the text is in {found}, not {lang}")
        if problems:  # nothing is learned from a run with a wrong file in it
            raise CommandError("\n".join(problems))
        started = time.perf_counter()
        learned, queued = Counts(), 0
        for text in texts.values():
            # Named by the whole file's content and the part's place: a file
            # learned again counts once, and so does each of its parts.
            name = sitelexicon.text_key(text)
            for n, part in enumerate(sources.parts(text)):
                key = f"archive:{name}:{n}"
                if learning.queue(site.pk, lang, part, sources.Source.ARCHIVE, key):
                    learned.add(part)
                    queued += 1
        while learning.fold_site(site.pk, lang, chars=ARCHIVE_FOLD_CHARS):
            pass
        seconds = time.perf_counter() - started
        if not queued:
            self.stdout.write("Nothing new: this text was learned already.")
            return
        self.stdout.write(
            f"Learned {queued} text{'s' if queued != 1 else ''} for {site.name} "
            f"({lang}) in {seconds:.1f} s: "
            f"{learned.tokens:,} words, {len(learned.words):,} distinct."
        )
        self.report_own_words(site.pk, lang)

    def report_own_words(self, site_id: int, lang: str):
        site_lexicon = sitelexicon.load(site_id, lang)
        if not lexicon.built(lang):
            self.stdout.write(
                "(`orfo lexicon build` first to list the site's own words)"
            )
            return
        dictionary = lexicon.get(lang)
        if site_lexicon is None or dictionary is None:
            return
        own = Counter(
            {
                key: n
                for key, n, texts in site_lexicon.items()
                if texts >= MIN_TEXTS and len(key) > 1 and not dictionary.known(key)
            }
        )
        self.stdout.write(
            f"The site's own words (seen in {MIN_TEXTS}+ texts, not in the "
            f"dictionary): {len(own):,}"
        )
        for key, n in own.most_common(SHOWN):
            self.stdout.write(f"  {site_lexicon.spelling(key)}  {n:,}")


def read_text(name: str) -> str:
    """The text of the file NAME (- for standard input): plain UTF-8 text, or the
    article's text of an HTML page. ValueError says why it cannot be read."""
    from orfo.verification.api import page_text

    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_FILE + 1)
        else:
            with open(name, "rb") as f:
                data = f.read(MAX_FILE + 1)
    except OSError as e:
        raise ValueError(e.strerror or str(e)) from None
    if len(data) > MAX_FILE:
        raise ValueError(f"larger than {MAX_FILE // 2**20} MiB: split it")
    if Path(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(data):
        try:
            return page_text(data)
        except ValueError as e:  # extract.BadEncoding
            raise ValueError(f"not readable as HTML: {e}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in head for tag in (b"<body", b"<article", b"<p>", b"<div")
    )
