from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from orfo.lib.text import clean
from orfo.sites import api as sites
from orfo.sites.models import LANGUAGES
from orfo.suggestions import api as suggestions
from orfo.suggestions.proofread import MAX_TEXT, corrected, marked, proofread

LANGUAGE_NAMES = dict(LANGUAGES)


class ProofreadForm(forms.Form):
    text = forms.CharField(
        label=_("Article text"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 14}),
        strip=False,
    )
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("detect")), *LANGUAGES],
        required=False,
    )
    # Whose dictionary and learned language to check with (the editor's sites; the
    # first by default): "Not an error" on a finding adds its word there.
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False)

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {site.pk: site for site in sites}
        self.fields["site"].choices = [(pk, s.name) for pk, s in self.sites.items()]
        if not self.sites:
            del self.fields["site"]
        elif not self.is_bound:
            self.initial["site"] = next(iter(self.sites))

    def chosen_site(self):
        return self.sites.get(self.cleaned_data.get("site"))


@login_required
def proofread_page(request: HttpRequest) -> HttpResponse:
    form = ProofreadForm(request.POST or None, sites=sites.sites_for(request.user))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = clean(form.cleaned_data["text"])
        site = context["site"] = form.chosen_site()
        lang, findings, checked = proofread(
            text,
            form.cleaned_data["lang"] or None,
            site=suggestions.site_lexicons(site.pk) if site else None,
        )
        pieces = marked(text, findings)
        # The findings shown in the text (an overlapping one is not), numbered so
        # that each one's mark in the text and its row of fixes name each other.
        shown = [finding for _piece, finding in pieces if finding]
        for n, finding in enumerate(shown, 1):
            finding["n"] = n
            finding["repeated"] = finding["word"].strip()
            if finding["lang"] != lang:
                finding["lang_name"] = LANGUAGE_NAMES.get(finding["lang"], "")
        context.update(
            lang=lang,
            findings=shown,
            pieces=pieces,
            # Without JavaScript, the text with every first suggestion applied.
            corrected=corrected(text, shown),
        )
        if checked < len(text):
            context["checked"] = checked
    return render(request, "dashboard/proofread.html", context)
