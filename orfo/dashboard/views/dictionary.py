"""A site's dictionary page: the words its editors say are right ("not an error")
and the fixes they accepted, per language; listed, searched, added, removed,
imported and exported. Editorial work: every member of the site may do it (the
rest of the site's settings stay its owners'). The "not an error" actions of the
issue and proofreading pages add words here too."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from orfo.dashboard.access import issue_or_404, site_or_404
from orfo.dashboard.views import proofread
from orfo.dashboard.views.issue import next_issue
from orfo.dashboard.views.verification import issue_url
from orfo.issues import api as issues
from orfo.issues.models import Status
from orfo.sites.models import LANGUAGES as SITE_LANGUAGES
from orfo.suggestions import dictionary
from orfo.suggestions.dictionary import Refused

LANGUAGE_NAMES = dict(SITE_LANGUAGES)
LANGUAGES = [(code, LANGUAGE_NAMES[code]) for code in dictionary.LANGUAGES]


def refusal(error: Refused) -> str:
    """What was wrong, in the page's language."""
    limits = dictionary.limits()
    match error.code:
        case "empty":
            return _("Enter a word.")
        case "too_long":
            return _("At most %(n)d characters.") % {"n": limits["max_word"]}
        case "not_a_word":
            return _(
                "One word only: letters, a hyphen or an apostrophe inside, no spaces."
            )
        case "full":
            return _("The dictionary is full: at most %(n)d words a language.") % {
                "n": limits["max_words"]
            }
        case "not_utf8":
            return _("The file is not UTF-8 text.")
        case "too_big":
            return _("The file is larger than %(n)d KiB.") % {"n": limits["max_kib"]}
        case "too_many":
            return _("The file has more than %(n)d words.") % {
                "n": limits["max_file_words"]
            }
    return _("Choose a language.")


class WordForm(forms.Form):
    word = forms.CharField(
        label=gettext_lazy("Word"),
        max_length=dictionary.MAX_WORD * 4,  # the length is checked after stripping
        strip=False,
        required=False,
    )
    lang = forms.ChoiceField(choices=LANGUAGES, widget=forms.HiddenInput)

    def clean_word(self) -> str:
        try:
            return dictionary.check_word(self.cleaned_data["word"])
        except Refused as error:
            raise forms.ValidationError(refusal(error)) from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Word list"),
        help_text=gettext_lazy(
            "A UTF-8 text file, one word a line (lines starting with # are skipped)."
        ),
    )
    lang = forms.ChoiceField(choices=LANGUAGES, widget=forms.HiddenInput)


def summary(site) -> dict:
    """The site settings page's dictionary card: words and fixes per language, and
    what Orfo learned from the site's text."""
    counts = dictionary.counts(site.pk)
    return {
        "dictionary": [(name, *counts[code]) for code, name in LANGUAGES],
        "learned": [
            (LANGUAGE_NAMES[row.lang], row) for row in dictionary.learned(site.pk)
        ],
    }


def _lang(request: HttpRequest, site) -> str:
    lang = request.POST.get("lang") or request.GET.get("lang") or site.default_lang
    return (
        lang
        if lang in LANGUAGE_NAMES and lang in dictionary.LANGUAGES
        else (dictionary.LANGUAGES[0])
    )


def page_url(site, lang: str, **query) -> str:
    query = {"lang": lang, **{k: v for k, v in query.items() if v}}
    return f"{reverse('dashboard:site-dictionary', args=[site.pk])}?{urlencode(query)}"


def _page(request: HttpRequest, site, lang: str, add_form=None, import_form=None):
    query = request.GET.get("q", "")[: dictionary.MAX_WORD]
    words = dictionary.page(
        dictionary.words(site.pk, lang, query), request.GET.get("page")
    )
    fixes = dictionary.page(
        dictionary.fixes(site.pk, lang, query), request.GET.get("fixes")
    )
    counts = dictionary.counts(site.pk)
    return render(
        request,
        "dashboard/dictionary.html",
        {
            "site": site,
            "lang": lang,
            "lang_name": LANGUAGE_NAMES[lang],
            "tabs": [
                (code, name, counts[code][0], page_url(site, code))
                for code, name in LANGUAGES
            ],
            "query": query,
            "words": words,
            "fixes": fixes,
            "word_pages": _pages(site, lang, query, words, "page", fixes.number),
            "fix_pages": _pages(site, lang, query, fixes, "fixes", words.number),
            "add_form": add_form or WordForm(initial={"lang": lang}),
            "import_form": import_form or ImportForm(initial={"lang": lang}),
            "learned": summary(site)["learned"],
            "back": page_url(
                site, lang, q=query, page=words.number, fixes=fixes.number
            ),
        },
    )


def _pages(site, lang: str, query: str, shown, name: str, other: int) -> dict:
    """Links to the previous and next page of SHOWN (the words or the fixes); the
    other list stays on its page."""
    keep = {"q": query, "fixes" if name == "page" else "page": other}
    links = {}
    if shown.has_previous():
        links["previous"] = page_url(
            site, lang, **keep, **{name: shown.previous_page_number()}
        )
    if shown.has_next():
        links["next"] = page_url(site, lang, **keep, **{name: shown.next_page_number()})
    return links


def _back(request: HttpRequest, site, lang: str) -> str:
    """Where a change returns to: the page it was made on (its list, its page)."""
    back = request.POST.get("back", "")
    prefix = reverse("dashboard:site-dictionary", args=[site.pk]) + "?"
    return back if back.startswith(prefix) and len(back) < 500 else page_url(site, lang)


@login_required
def site_dictionary(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    lang = _lang(request, site)
    if request.method != "POST":
        return _page(request, site, lang)
    form = WordForm(request.POST)
    if form.is_valid():
        lang = form.cleaned_data["lang"]
        try:
            entry, new = dictionary.add(
                site, lang, form.cleaned_data["word"], request.user
            )
        except Refused as error:
            form.add_error("word", refusal(error))
        else:
            say = messages.success if new else messages.info
            text = (
                _("“%(word)s” added to the dictionary.")
                if new
                else _("“%(word)s” is in the dictionary already.")
            )
            say(request, text % {"word": entry.spelling})
            return redirect(page_url(site, lang))
    return _page(request, site, lang, add_form=form)


@login_required
@require_POST
def remove_word(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    lang = _lang(request, site)
    word = request.POST.get("word", "")
    if dictionary.remove(site, lang, word, request.user):
        messages.success(
            request,
            _("“%(word)s” removed from the dictionary.")
            % {"word": word[: dictionary.MAX_WORD]},
        )
    return redirect(_back(request, site, lang))


@login_required
@require_POST
def remove_fix(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    lang = _lang(request, site)
    wrong, right = request.POST.get("wrong", ""), request.POST.get("right", "")
    if dictionary.remove_fix(site, lang, wrong, right, request.user):
        messages.success(
            request,
            _("The fix “%(wrong)s → %(right)s” is forgotten.")
            % {
                "wrong": wrong[: dictionary.MAX_WORD],
                "right": right[: dictionary.MAX_WORD],
            },
        )
    return redirect(_back(request, site, lang))


@login_required
@require_POST
def import_words(request: HttpRequest, pk: int) -> HttpResponse:
    site = site_or_404(request.user, pk)
    lang = _lang(request, site)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > dictionary.MAX_FILE_BYTES:
                raise Refused("too_big", "file")
            result = dictionary.import_words(
                site, form.cleaned_data["lang"], upload.read(), request.user
            )
        except Refused as error:
            form.add_error("file", refusal(error))
        else:
            _say_imported(request, result)
            return redirect(page_url(site, form.cleaned_data["lang"]))
    return _page(request, site, lang, import_form=form)


def _say_imported(request: HttpRequest, result: dictionary.Imported) -> None:
    text = ngettext(
        "%(added)d word added to the dictionary",
        "%(added)d words added to the dictionary",
        result.added,
    ) % {"added": result.added}
    if result.known:
        text += "; " + ngettext(
            "%(known)d was in it already",
            "%(known)d were in it already",
            result.known,
        ) % {"known": result.known}
    messages.success(request, text + ".")
    if result.refused:
        messages.warning(
            request,
            ngettext(
                "%(n)d line is no single word and was skipped: %(lines)s",
                "%(n)d lines are no single words and were skipped: %(lines)s",
                result.refused,
            )
            % {
                "n": result.refused,
                "lines": ", ".join(f"“{line}”" for line in result.refused_lines),
            },
        )


EXPORTS = {
    "dictionary": (dictionary.export_words, "text/plain; charset=utf-8"),
    "fixes": (dictionary.export_fixes, "text/tab-separated-values; charset=utf-8"),
}


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The dictionary (one word a line) or the learned fixes (TSV) as a file."""
    site = site_or_404(request.user, pk)
    lang, kind = request.GET.get("lang", ""), request.GET.get("kind", "")
    if lang not in dictionary.LANGUAGES or kind not in EXPORTS:
        raise Http404
    make, content_type = EXPORTS[kind]
    response = HttpResponse(make(site.pk, lang), content_type=content_type)
    name = dictionary.file_name(site, lang, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# "Not an error": a word editors say is right goes into the site's dictionary.


def issue_language(issue) -> str:
    """The dictionary an issue's word goes to: the report's language, else the one
    Orfo's suggestion was made in, else the site's."""
    for lang in (issue.lang[:2].lower(), *(s.lang for s in issue.suggestions.all())):
        if lang in dictionary.LANGUAGES:
            return lang
    return _lang_or_first(issue.site.default_lang)


def _lang_or_first(lang: str) -> str:
    return lang if lang in dictionary.LANGUAGES else dictionary.LANGUAGES[0]


@login_required
@require_POST
def issue_not_an_error(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's word is right: add it to the site's dictionary and ignore the
    issue; then the next issue of the editor's list, as after accepting a fix."""
    issue = issue_or_404(request.user, pk)
    word = dictionary.single_word(issue.quote)
    if word is None:
        messages.error(request, _("Only a single word can go into the dictionary."))
        return redirect(issue_url(issue, request))
    try:
        dictionary.add(
            issue.site, issue_language(issue), word, request.user, issue=issue.pk
        )
    except Refused as error:
        messages.error(request, refusal(error))
        return redirect(issue_url(issue, request))
    issues.set_status(issue, Status.IGNORED, request.user)
    messages.success(
        request,
        _("“%(word)s” added to the dictionary; the issue is ignored (not an error).")
        % {"word": word},
    )
    return next_issue(request, issue)


@login_required
@require_POST
def proofread_allow(request: HttpRequest) -> HttpResponse:
    """A proofreading finding is right: its word (ALLOW: "lang word") goes into the
    dictionary of the site chosen on the form, and the text is checked again."""
    lang, _sep, word = request.POST.get("allow", "").partition(" ")
    site_id = request.POST.get("site", "")
    if not (site_id.isascii() and site_id.isdigit() and 0 < int(site_id) < 2**63):
        raise Http404
    site = site_or_404(request.user, int(site_id))
    try:
        lang = lang if lang in dictionary.LANGUAGES else site.default_lang
        entry, new = dictionary.add(site, _lang_or_first(lang), word, request.user)
    except Refused as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request,
            _("“%(word)s” added to the dictionary of %(site)s.")
            % {"word": entry.spelling, "site": site.name},
        )
    return proofread.proofread_page(request)
