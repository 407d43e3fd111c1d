from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orfo.issues.api import verification_states
from orfo.issues.models import Status
from orfo.lib.urls import SECTION_MAX
from orfo.sites.hosts import normalize_host
from orfo.sites.models import LANGUAGES, Membership, Site

BULK_ACTIONS = {
    "resolve": Status.RESOLVED,
    "ignore": Status.IGNORED,
    "spam": Status.SPAM,
    "reopen": Status.OPEN,
}


# The inbox turns a day into the moments that bound it, in the server's time zone: near
# years 1 and 9999 that overflows Python's dates, so such a date is bad input.
INBOX_DATES = [
    MinValueValidator(date(1900, 1, 1)),
    MaxValueValidator(date(9000, 12, 31)),
]


class InboxFilterForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("any status")), *Status.choices],
        required=False,
        initial=Status.OPEN,
    )
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("any language")), *LANGUAGES],
        required=False,
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=INBOX_DATES,
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=INBOX_DATES,
    )
    verification = forms.ChoiceField(
        label=_("Live page"),
        choices=[("", _("any check")), *verification_states()],
        required=False,
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # Set by the overview's breakdowns: one article's or one section's issues.
    page = forms.IntegerField(
        label=_("Article"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
    )
    section = forms.CharField(
        label=pgettext_lazy("site section", "Section"),
        required=False,
        max_length=SECTION_MAX,
        strip=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, data, sites, **kwargs):
        # Without a status in the query (the first visit, a "next page" link built
        # from it), the inbox shows open issues; "?status=" means any status.
        if "status" not in data:
            data = data.copy()
            data["status"] = Status.OPEN
        super().__init__(data, **kwargs)
        self.fields["site"].choices = [("", _("all my sites"))] + [
            (s.pk, s.name) for s in sites
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


class AcceptFixForm(forms.Form):
    text = forms.CharField(max_length=300)
    source = forms.ChoiceField(choices=[("orfo", "orfo"), ("readers", "readers")])


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Assigned to"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("nobody"))] + [
            (m.user.pk, m.user.get_username()) for m in members
        ]


# A site's hosts: enough for a newsroom's domains, few enough for one page to list.
MAX_HOSTS = 100


class SiteForm(forms.ModelForm):
    hosts = forms.CharField(
        label=_("Allowed hosts"),
        max_length=MAX_HOSTS * 256,
        widget=forms.Textarea(
            attrs={"rows": 4, "spellcheck": "false", "autocapitalize": "none"}
        ),
        help_text=_('One per line, e.g. "news.kz" or "*.news.kz" for subdomains.'),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "hosts",
            "default_lang",
            "is_active",
            "resolve_when_fixed",
            "cms_edit_url",
        ]
        labels = {
            "resolve_when_fixed": _("Resolve issues fixed on the live page"),
            "cms_edit_url": _("“Edit in CMS” link"),
        }
        help_texts = {
            "resolve_when_fixed": _(
                "When Orfo's check of the live page finds an open issue's error "
                "fixed or gone, the issue is resolved as “fixed on the page”."
            ),
            "cms_edit_url": _(
                "The address where your CMS edits an article, with {url} where the "
                "article's address goes, e.g. https://cms.example/edit?url={url}. "
                "Issue pages then link to it. Leave empty for no link."
            ),
        }
        widgets = {
            "cms_edit_url": forms.TextInput(
                attrs={"inputmode": "url", "spellcheck": "false", "dir": "ltr"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["hosts"] = "\n".join(self.instance.hosts)

    def clean_hosts(self):
        hosts, errors = [], []
        for line in self.cleaned_data["hosts"].splitlines():
            if line.strip():
                try:
                    hosts.append(normalize_host(line))
                except ValueError as e:
                    errors.append(ValidationError(str(e)))
        if errors:
            raise ValidationError(errors[:5])
        if not hosts:
            raise ValidationError(_("Give at least one host."))
        if len(set(hosts)) > MAX_HOSTS:
            raise ValidationError(_("Give at most %(n)d hosts.") % {"n": MAX_HOSTS})
        return sorted(set(hosts))


class NewSiteForm(SiteForm):
    """A new site: what the widget needs; the rest waits on its settings page."""

    class Meta(SiteForm.Meta):
        fields = ["name", "hosts", "default_lang"]
        labels = {"default_lang": _("Language of the site")}
        help_texts = {
            "default_lang": _(
                "The language of the site's articles; its notifications are "
                "written in it."
            )
        }


class InviteForm(forms.Form):
    """Whom to invite: an email address, never a lookup of existing accounts."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    # Editor first and by default: owners can change the site and its members.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.EDITOR, Membership.Role.EDITOR.label),
            (Membership.Role.OWNER, Membership.Role.OWNER.label),
        ],
        initial=Membership.Role.EDITOR,
        required=False,
    )

    def clean_role(self):
        return self.cleaned_data["role"] or Membership.Role.EDITOR


class SignupForm(UserCreationForm):
    """An account made from an invitation: the invited address becomes its email."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
    # Set by the page that asks before owners demote themselves.
    confirm = forms.BooleanField(required=False)
