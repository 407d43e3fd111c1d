from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from orfo.lib.text import clean
from orfo.sites.models import LANGUAGES
from orfo.suggestions.proofread import MAX_TEXT, marked, proofread


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


@login_required
def proofread_page(request: HttpRequest) -> HttpResponse:
    form = ProofreadForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = clean(form.cleaned_data["text"])
        lang, findings, checked = proofread(text, form.cleaned_data["lang"] or None)
        context.update(lang=lang, findings=findings, pieces=marked(text, findings))
        if checked < len(text):
            context["checked"] = checked
    return render(request, "dashboard/proofread.html", context)
