import re
import secrets
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orfo.notifications import digests
from orfo.notifications.models import Channel, Kind

MAX_RECIPIENTS = 10
TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")
CHAT = re.compile(r"^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$")


def validate_http_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http:// or https:// address."))
    if parts.username or parts.password:
        raise ValidationError(_("Put no user name or password in the address."))


class ChannelForm(forms.ModelForm):
    """What every channel chooses: its name and which notifications it hears."""

    class Meta:
        model = Channel
        fields = [
            "name",
            "on_new",
            "threshold",
            "on_regression",
            "on_changes",
            "digest",
            "is_enabled",
        ]
        help_texts = {
            "threshold": _("Leave empty for none; 2 or more."),
            "on_regression": _(
                "An error reported again after its issue was resolved, and back on "
                "the live page; and a fix still not live a day after the resolve."
            ),
            "on_changes": _(
                "Resolved, reopened, verified on the live page, fix not live: for "
                "a CMS or a tracker."
            ),
            "is_enabled": _("Saving an enabled channel clears why it was disabled."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold"].widget.attrs["min"] = 2
        if self.instance.pk is None:
            del self.fields["is_enabled"]

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value is not None and value < 2:
            raise ValidationError(
                _("Use 2 or more: every new issue covers one report.")
            )
        return value

    def clean(self):
        data = super().clean()
        hears = (
            data.get("on_new")
            or data.get("on_regression")
            or data.get("on_changes")
            or data.get("threshold")
            or data.get("digest")
        )
        if not hears:
            raise ValidationError(_("Choose at least one thing to be notified about."))
        return data

    def config(self) -> dict:
        return {}

    def save(self, commit=True):
        channel = super().save(commit=False)
        channel.config = {**channel.config, **self.config()}
        if channel.pk is None or "digest" in self.changed_data:
            # A new digest starts with the period under way: the first one sums up
            # a period the channel saw, not one that ended before it was made.
            channel.digest_until = (
                digests.period_end(channel.digest, timezone.now())
                if channel.digest
                else None
            )
        if channel.is_enabled:
            channel.disabled_reason = ""
            channel.retry_after = None
        if commit:
            channel.save()
        return channel


class EmailForm(ChannelForm):
    to = forms.CharField(
        label=_("Send to"),
        max_length=1000,
        help_text=_("Email addresses, separated by commas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].initial = ", ".join(self.instance.config.get("to", []))

    def clean_to(self):
        addresses = [a.strip() for a in self.cleaned_data["to"].split(",") if a.strip()]
        if not addresses:
            raise ValidationError(_("Enter at least one address."))
        if len(addresses) > MAX_RECIPIENTS:
            raise ValidationError(_("Enter at most 10 addresses."))
        for address in addresses:
            validate_email(address)
        return addresses

    def config(self) -> dict:
        return {"to": self.cleaned_data["to"]}


class TelegramForm(ChannelForm):
    token = forms.CharField(
        label=_("Bot token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("From @BotFather. Leave empty to keep the current token."),
    )
    chat_id = forms.CharField(
        label=_("Chat ID"),
        max_length=70,
        help_text=_("A number like -1001234567890, or @channelname."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chat_id"].initial = self.instance.config.get("chat_id", "")
        if self.instance.pk is None:
            self.fields["token"].required = True

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token:
            return self.instance.config.get("token", "")
        if not TOKEN.match(token):
            raise ValidationError(_("This does not look like a bot token."))
        return token

    def clean_chat_id(self):
        chat = self.cleaned_data["chat_id"].strip()
        if not CHAT.match(chat):
            raise ValidationError(_("Enter a chat number or an @channel name."))
        return chat

    def config(self) -> dict:
        return {
            "token": self.cleaned_data["token"],
            "chat_id": self.cleaned_data["chat_id"],
        }


class SlackForm(ChannelForm):
    url = forms.CharField(
        label=_("Webhook URL"),
        max_length=1000,
        validators=[validate_http_url],
        help_text=_("An incoming-webhook address (Slack, Mattermost, Rocket.Chat...)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].initial = self.instance.config.get("url", "")

    def config(self) -> dict:
        return {"url": self.cleaned_data["url"]}


class WebhookForm(SlackForm):
    new_secret = forms.BooleanField(
        label=_("Make a new signing secret"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = _("Orfo POSTs signed JSON to this address.")
        if self.instance.pk is None:
            del self.fields["new_secret"]

    def config(self) -> dict:
        config = super().config()
        if "secret" not in self.instance.config or self.cleaned_data.get("new_secret"):
            config["secret"] = secrets.token_urlsafe(32)
        return config


FORMS = {
    Kind.EMAIL: EmailForm,
    Kind.TELEGRAM: TelegramForm,
    Kind.SLACK: SlackForm,
    Kind.WEBHOOK: WebhookForm,
}
