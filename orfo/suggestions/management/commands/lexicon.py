import time

from django.core.management.base import BaseCommand, CommandError

from orfo.suggestions import conf, lexicon


class Command(BaseCommand):
    help = (
        "Build the spelling lexicons into the data dir (once per install or "
        "upgrade of the dictionaries); every Orfo process then maps them."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help=self.help)
        build.add_argument(
            "--lang",
            action="append",
            choices=conf.LANGUAGES,
            help="only this language (repeat for several); default: all",
        )

    def handle(self, *args, action, lang=None, **options):
        if action != "build":  # pragma: no cover - argparse allows only build
            raise CommandError(f"unknown action {action}")
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
