"""The ru and kk catalogs: complete, not fuzzy, placeholders intact, .mo up to date.

Every ``orfo/*/locale/{ru,kk}/LC_MESSAGES/django.po`` is checked, so a catalog
that makemessages adds later is held to the same rules. The .po files are read
with a small parser of our own (polib is not a dependency); the committed .mo
is compared with a fresh ``msgfmt`` build when Debian's gettext tools are there.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "kk")
CATALOGS = sorted(
    path
    for lang in LANGS
    for path in ROOT.glob(f"orfo/*/locale/{lang}/LC_MESSAGES/django.po")
)
MSGFMT = shutil.which("msgfmt")

# %(name)s-style and bare %s/%d conversions, and {{ var }} left in a msgid.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|\{\{\s*[\w.]+\s*\}\}"
)

KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") first; obsolete #~ skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key: tuple[str, int] | None = None
    flags: set[str] = set()

    def start(lineno: int) -> Entry:
        nonlocal entry, flags
        if entry is None:
            entry = Entry(line=lineno, flags=flags)
            flags = set()
            entries.append(entry)
        return entry

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry, key = None, None
            continue
        if line.startswith("#,"):
            entry, key = None, None
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            entry, key = None, None
            continue
        if line.startswith('"'):
            assert entry is not None and key is not None, f"{path}:{lineno}: stray"
            text = ast.literal_eval(line)
            kind, index = key
            if kind == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, kind, getattr(entry, kind) + text)
            continue
        match = KEYWORD.match(line)
        assert match, f"{path}:{lineno}: cannot parse {raw!r}"
        kind, index = match.group(1), match.group(2)
        text = ast.literal_eval(match.group(3))
        if kind in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
            entry = None  # a new entry without a blank line before it
        current = start(lineno)
        if kind == "msgstr":
            current.msgstr[int(index or 0)] = text
            key = ("msgstr", int(index or 0))
        else:
            setattr(current, kind, text)
            key = (kind, 0)
    return entries


def header(entries: list[Entry]) -> dict[str, str]:
    head = entries[0]
    assert head.msgid == "" and head.msgctxt is None, "the header must come first"
    fields = {}
    for line in head.msgstr[0].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return fields


def nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    assert match, f"no nplurals in {plural_forms!r}"
    return int(match.group(1))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def lang_of(path: Path) -> str:
    return path.parent.parent.name


def catalog_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_catalogs_exist():
    apps = {path.parts[-5] for path in CATALOGS}
    assert {"dashboard", "issues", "sites", "reports"} <= apps
    for path in CATALOGS:
        assert path.with_suffix(".mo").exists(), f"{catalog_id(path)} is not compiled"


@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_header(po):
    entries = parse_po(po)
    head = header(entries)
    assert "fuzzy" not in entries[0].flags, "a fuzzy header is dropped by msgfmt"
    assert head.get("language") == lang_of(po)
    assert head.get("content-type") == "text/plain; charset=UTF-8"
    # Russian may be written with gettext's three forms or with the four of
    # Django's own catalog (the fourth is for fractions); Django keeps catalogs
    # with different formulas apart, so either works, as long as every whole
    # number gets the same form as in Django's catalog for the language.
    django_mo = (
        Path(django.__file__).parent
        / "conf/locale"
        / lang_of(po)
        / "LC_MESSAGES/django.mo"
    )
    with django_mo.open("rb") as f:
        djangos = gettext.GNUTranslations(f)
    plural_forms = head["plural-forms"]
    count = nplurals(plural_forms)
    match = re.search(r"plural\s*=\s*(.+?);?\s*$", plural_forms.split(";", 1)[1])
    assert match, f"no plural= in {plural_forms!r}"
    ours = gettext.c2py(match.group(1))
    for n in range(1000):
        assert 0 <= ours(n) < count, f"plural form {ours(n)} for {n}"
        assert ours(n) == djangos.plural(n), f"plural form for {n}"
    if lang_of(po) == "kk":
        assert re.sub(r"\s", "", head["plural-forms"]) == "nplurals=2;plural=(n!=1);"


@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_every_entry_is_translated(po):
    entries = parse_po(po)
    count = nplurals(header(entries)["plural-forms"])
    problems = []
    for entry in entries[1:]:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.name} is fuzzy")
        if entry.msgid_plural is None:
            if list(entry.msgstr) != [0] or not entry.msgstr[0].strip():
                problems.append(f"{entry.name} is not translated")
        else:
            if sorted(entry.msgstr) != list(range(count)):
                problems.append(
                    f"{entry.name} has forms {sorted(entry.msgstr)}, needs {count}"
                )
            problems += [
                f"{entry.name} msgstr[{i}] is empty"
                for i, text in entry.msgstr.items()
                if not text.strip()
            ]
    assert len(entries) > 1, "an empty catalog"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_placeholders_match(po):
    problems = []
    for entry in parse_po(po)[1:]:
        wanted = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            assert placeholders(entry.msgid_plural) == wanted, entry.name
        for i, text in entry.msgstr.items():
            if placeholders(text) != wanted:
                problems.append(
                    f"{entry.name} msgstr[{i}] has {placeholders(text)}, wants {wanted}"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGS, ids=catalog_id)
def test_compiled_catalog_is_up_to_date(po, tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [MSGFMT, "--check", "-o", str(fresh), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)
    with po.with_suffix(".mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)
    assert committed._catalog == expected._catalog, (
        f"{catalog_id(po.with_suffix('.mo'))} is stale: run compilemessages"
    )
    assert committed.info() == expected.info()


def test_django_loads_the_catalogs():
    from orfo.issues.models import Issue, Status
    from orfo.sites.models import Site

    with translation.override("ru"):
        assert translation.gettext("Inbox") == "Входящие"
        assert translation.gettext("Ignore (not an error)") == "Не ошибка"
        assert str(Issue._meta.verbose_name) == "ошибка"
        assert str(Status.RESOLVED.label) == "исправлена"
        assert str(Site._meta.verbose_name) == "сайт"
        days = [
            translation.ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
            for n in (1, 3, 5, 11, 21, 22)
        ]
        assert days == ["1 день", "3 дня", "5 дней", "11 дней", "21 день", "22 дня"]
    with translation.override("kk"):
        assert translation.gettext("Inbox") == "Кіріс"
        assert translation.gettext("Resolve") == "Түзетілді"
        assert str(Issue._meta.verbose_name) == "қате"
        assert (
            translation.ngettext("%(n)d issue changed.", "%(n)d issues changed.", 5)
            % {"n": 5}
            == "5 қате өзгертілді."
        )
    with translation.override("en"):
        assert translation.gettext("Inbox") == "Inbox"


@pytest.mark.parametrize("lang", LANGS)
def test_one_message_one_translation(lang):
    """Django merges the apps' catalogs into one per language, so a msgid that
    two catalogs translate differently shows whichever app comes first in
    INSTALLED_APPS, on pages of the other app too. Words that mean different
    things in different places need a context (pgettext) instead."""
    seen: dict[tuple, dict[str, tuple]] = {}
    for po in CATALOGS:
        if lang_of(po) != lang:
            continue
        for entry in parse_po(po)[1:]:
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            seen.setdefault(key, {})[catalog_id(po)] = tuple(
                sorted(entry.msgstr.items())
            )
    problems = [
        f"{msgid!r} (context {msgctxt!r}): {found}"
        for (msgctxt, msgid, _), found in seen.items()
        if len(set(found.values())) > 1
    ]
    assert not problems, "\n".join(problems)


def test_reports_heading_and_report_count_are_different_messages():
    # The dashboard's "Reports" is a column header and a section heading; the
    # notifications' "Reports: 3" is a count and reads differently in ru and kk.
    expected = {
        "ru": ("Сообщения", "Сообщений"),
        "kk": ("Хабарламалар", "Хабарлама саны"),
        "en": ("Reports", "Reports"),
    }
    for lang, (heading, count) in expected.items():
        with translation.override(lang):
            assert translation.gettext("Reports") == heading
            assert translation.pgettext("number of reports", "Reports") == count
