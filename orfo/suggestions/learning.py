"""Writing a site's lexicon: text queued to be learned and folded in, words its
editors allow, fixes they accepted (`sitelexicon` reads them)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Length
from django.utils import timezone

from . import lexicon, sitelexicon
from .lexicon import fold as fold_word
from .models import LearnedFix, LearningText, SiteLexiconData, SiteWord
from .sitelexicon import MAX_TEXT, Counts, own_words, text_key

# Texts one fold reads into a site's counts (each up to MAX_TEXT characters).
FOLD_BATCH = 200
# Sites (and languages) one call of fold_waiting folds.
FOLD_SITES = 10
# Characters one fold of a site reads at most (at least one text).
FOLD_CHARS = 2_000_000
# The worker's sweep (`sweep`), which also sends the notifications, folds one site
# a sweep, and only once enough of its text waits, or its oldest text has waited
# long enough: each fold rewrites the site's whole tries (seconds for a large
# site: BENCHMARKS.md, "Learning"), so few large folds, not one per page checked.
SWEEP_CHARS = 1_000_000
SWEEP_TEXTS = 50
SWEEP_DELAY = timedelta(minutes=10)
# The longest word the dictionary and the fixes keep.
MAX_TAUGHT_WORD = 64


def queue(site_id: int, lang: str, text: str, source: str, key: str = "") -> bool:
    """Queue TEXT to be learned for the site, once per KEY (a page's address; by
    default the text itself). Returns whether it was new."""
    text = text[:MAX_TEXT]
    name = text_key(key or text)
    if (
        not text.strip()
        or LearningText.objects.filter(site_id=site_id, lang=lang, key=name).exists()
    ):
        return False
    LearningText.objects.bulk_create(
        [LearningText(site_id=site_id, lang=lang, key=name, source=source, text=text)],
        ignore_conflicts=True,  # queued by another process meanwhile: once is enough
    )
    return True


def fold_waiting(
    batch: int = FOLD_BATCH,
    sites: int = FOLD_SITES,
    chars: int = FOLD_CHARS,
    ready: bool = False,
) -> int:
    """Fold waiting texts into their sites' counts: up to BATCH texts (and CHARS
    characters) for each of up to SITES (site, language) pairs, those waiting
    longest first; READY: only those with SWEEP_TEXTS texts waiting, or one that
    waited SWEEP_DELAY. Returns how many texts were learned."""
    waiting = (
        LearningText.objects.filter(learned=False)
        .values("site_id", "lang")
        .annotate(oldest=Min("created"), texts=Count("id"))
        .order_by("oldest", "site_id", "lang")
    )
    if ready:
        cutoff = timezone.now() - SWEEP_DELAY
        waiting = waiting.filter(Q(oldest__lte=cutoff) | Q(texts__gte=SWEEP_TEXTS))
    return sum(
        fold_site(row["site_id"], row["lang"], batch, chars)
        for row in list(waiting[:sites])
    )


def sweep() -> int:
    """The worker's sweep: fold one site's waiting text, once ready (SWEEP_*)."""
    return fold_waiting(sites=1, chars=SWEEP_CHARS, ready=True)


def fold_site(
    site_id: int, lang: str, batch: int = FOLD_BATCH, chars: int = FOLD_CHARS
) -> int:
    """Fold up to BATCH of one site's waiting texts in LANG (oldest first, up to
    CHARS characters but at least one) into its counts; the row lock makes
    concurrent folds of one site take turns."""
    with transaction.atomic():
        row = _data_row(site_id, lang, lock=True)
        sizes = (
            LearningText.objects.filter(site_id=site_id, lang=lang, learned=False)
            .order_by("id")
            .annotate(size=Length("text"))
            .values_list("id", "size")[:batch]
        )
        ids, total = [], 0
        for pk, size in sizes:
            if ids and total + size > chars:
                break
            ids.append(pk)
            total += size
        if not ids:
            return 0
        texts = list(
            LearningText.objects.filter(pk__in=ids).order_by("id").only("id", "text")
        )
        counts = Counts.decode(
            bytes(row.words), bytes(row.pairs), row.tokens, row.documents
        )
        attested = set()
        for text in texts:
            attested |= counts.add(text.text)
        counts.prune()
        row.words, row.pairs = counts.encode()
        row.own = own_words(bytes(row.own), counts, attested, _known(lang))
        row.tokens, row.documents = counts.tokens, counts.documents
        row.version = F("version") + 1
        row.save()
        LearningText.objects.filter(pk__in=[t.pk for t in texts]).update(
            text="", learned=True
        )
    sitelexicon.forget(site_id, lang)
    return len(texts)


def _known(lang: str):
    """The dictionary's test of a word in LANG when its lexicon is built (a map, not
    a build); None: the engine asks it of the few words it offers."""
    lex = lexicon.get(lang) if lexicon.built(lang) else None
    return lex.known if lex is not None else None


def _data_row(site_id: int, lang: str, lock: bool = False) -> SiteLexiconData:
    SiteLexiconData.objects.bulk_create(
        [SiteLexiconData(site_id=site_id, lang=lang)], ignore_conflicts=True
    )
    rows = SiteLexiconData.objects.filter(site_id=site_id, lang=lang)
    return (rows.select_for_update() if lock else rows).get()


def _changed(site_id: int, lang: str) -> None:
    """The site's dictionary or fixes changed: processes reload its lexicon."""
    _data_row(site_id, lang)
    SiteLexiconData.objects.filter(site_id=site_id, lang=lang).update(
        version=F("version") + 1
    )
    sitelexicon.forget(site_id, lang)


def allow_word(site_id: int, lang: str, word: str, user=None) -> SiteWord | None:
    """Add WORD to the site's dictionary (editors say it is right); None if it is
    no word (empty, too long)."""
    spelling = word.strip()
    if (
        not spelling
        or len(spelling) > MAX_TAUGHT_WORD
        or any(c.isspace() for c in spelling)
    ):
        return None
    with transaction.atomic():
        entry, created = SiteWord.objects.get_or_create(
            site_id=site_id,
            lang=lang,
            word=fold_word(spelling),
            defaults={"spelling": spelling, "added_by": user},
        )
        if created:
            _changed(site_id, lang)
    return entry


def allow_words(site_id: int, lang: str, words: list[str], user=None) -> int:
    """Add many checked words (an imported file) at once, one reload for all of
    them; returns how many were new."""
    rows = {
        fold_word(w): SiteWord(
            site_id=site_id, lang=lang, word=fold_word(w), spelling=w, added_by=user
        )
        for w in words
    }
    with transaction.atomic():
        existing = SiteWord.objects.filter(site_id=site_id, lang=lang)
        before = existing.count()
        SiteWord.objects.bulk_create(list(rows.values()), ignore_conflicts=True)
        added = existing.count() - before
        if added:
            _changed(site_id, lang)
    return added


def remove_word(site_id: int, lang: str, word: str) -> bool:
    with transaction.atomic():
        deleted, _ = SiteWord.objects.filter(
            site_id=site_id, lang=lang, word=fold_word(word.strip())
        ).delete()
        if deleted:
            _changed(site_id, lang)
    return bool(deleted)


def add_fix(site_id: int, lang: str, wrong: str, right: str) -> LearnedFix | None:
    """Keep an accepted correction WRONG → RIGHT (single words or short phrases;
    None when it is no such pair)."""
    wrong, right = fold_word(wrong.strip()), right.strip()
    if (
        not wrong
        or not right
        or wrong == fold_word(right)
        or max(len(wrong), len(right)) > MAX_TAUGHT_WORD
    ):
        return None
    with transaction.atomic():
        fix, created = LearnedFix.objects.get_or_create(
            site_id=site_id, lang=lang, wrong=wrong, right=right
        )
        if not created:
            LearnedFix.objects.filter(pk=fix.pk).update(
                count=F("count") + 1, updated=timezone.now()
            )
        _changed(site_id, lang)
    return fix


def remove_fix(site_id: int, lang: str, wrong: str, right: str) -> bool:
    with transaction.atomic():
        deleted, _ = LearnedFix.objects.filter(
            site_id=site_id,
            lang=lang,
            wrong=fold_word(wrong.strip()),
            right=right.strip(),
        ).delete()
        if deleted:
            _changed(site_id, lang)
    return bool(deleted)
