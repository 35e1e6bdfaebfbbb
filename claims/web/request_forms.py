"""Forms of the reader-request pages: the public "Send us a claim" form and the desk's triage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import REQUEST_TEXT_MAX_LENGTH, REQUEST_URL_MAX_LENGTH
from claims.web.forms import DeskForm

HONEYPOT = "website"


class RequestForm(DeskForm):
    """The public form: the API's field names (text, url, language, email, consent), and a honeypot."""

    text = forms.CharField(
        label=_("What did you see or hear?"),
        max_length=REQUEST_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Quote it as exactly as you can, and say who said it."),
        error_messages={"required": _("Tell us what you saw or heard.")},
    )
    url = forms.CharField(
        label=_("Where? (a link)"),
        required=False,
        max_length=REQUEST_URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    language = forms.CharField(
        label=_("Your language"),
        required=False,
        max_length=12,
        help_text=_("A language tag, e.g. en or pt-BR"),
    )
    email = forms.CharField(
        label=_("Your email (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Only to tell you the outcome. Never shown to anyone."),
    )
    consent = forms.BooleanField(
        label=_("Email me when the fact-check is published, and if it is corrected"), required=False
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("consent") and not (data.get("email") or "").strip():
            self.add_error("email", _("Give your email address to be told the outcome."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class AttachForm(DeskForm):
    claim = forms.IntegerField(label=_("Claim number"), min_value=1, max_value=2**62)


class NewClaimForm(DeskForm):
    text = forms.CharField(label=_("Claim text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    claimant = forms.CharField(label=_("Claimant (who said it)"), max_length=200)
    appearance_url = forms.CharField(label=_("Where it appeared (link)"), required=False, max_length=2000)
