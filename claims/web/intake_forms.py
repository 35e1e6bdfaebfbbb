"""Forms of the intake page: the text (or URL) to read, where it appeared, and the candidates picked."""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from claims.models import ClaimantKind, Medium
from claims.web.forms import HiddenFieldErrorsAbove

# Django refuses posts with more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields: the form shows at most this many.
MAX_CANDIDATES_SHOWN = 100


def submission_key() -> str:
    """A new one-time key for a candidates page (see ArticleForm.submission)."""
    return secrets.token_urlsafe(16)


_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class IntakeForm(forms.Form):
    """An article or transcript, pasted, or the address to fetch it from."""

    # The key its candidates page will have. It is given with the empty form, so when Back makes the
    # browser post the article again, the page it gets has the same key and is not logged twice.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    text = forms.CharField(
        label="Article or transcript",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste the whole text: quotes, reported speech and transcripts (NAME: …) are all read.",
    )
    url = forms.URLField(
        label="Or its address",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="The page is fetched by the worker; this page shows its progress.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A validator, not max_length: the browser would cut a long paste silently at maxlength.
        limit = settings.INTAKE_MAX_TEXT_CHARS
        self.fields["text"].validators.append(
            MaxLengthValidator(
                limit,
                message=f"The text is longer than {limit:,} characters: paste a part of it, "
                "or give its address.",
            )
        )

    def clean(self):
        data = super().clean()
        if not _SUBMISSION_KEY.fullmatch(data.get("submission") or ""):
            data["submission"] = submission_key()  # a form from before keys were given, or an odd one
        text, url = (data.get("text") or "").strip(), data.get("url")
        if "text" in self.errors or "url" in self.errors:
            return data
        if text and url:
            self.add_error("url", "Paste the text or give its address, not both.")
        elif not text and not url:
            self.add_error("text", "Paste an article or transcript, or give its address below.")
        return data


class ArticleForm(HiddenFieldErrorsAbove, forms.Form):
    """Where the article appeared: the appearance every logged claim gets."""

    article = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    job = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The page's one-time key: posting the same page again (Back, then the button) logs nothing twice.
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    url = forms.URLField(label="Article address", required=False, max_length=2000, assume_scheme="https")
    outlet = forms.CharField(
        label="Outlet", required=False, max_length=200, help_text="e.g. Business Channel"
    )
    medium = forms.ChoiceField(label="Medium", choices=Medium.choices, initial=Medium.ARTICLE)
    appeared_on = forms.DateField(
        label="Appeared on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    assign_to_me = forms.BooleanField(
        label="Assign to me",
        required=False,
        help_text="Take the claims you log: they start as researching, in your queue.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CandidateForm(HiddenFieldErrorsAbove, forms.Form):
    """One candidate claim: tick it to log it; the statement and speaker can be corrected first."""

    pick = forms.BooleanField(label="Log this claim", required=False)
    text = forms.CharField(
        label="Statement", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    speaker = forms.CharField(label="Said by", max_length=200, required=False)
    speaker_title = forms.CharField(label="Their title", max_length=200, required=False)
    speaker_kind = forms.ChoiceField(choices=ClaimantKind.choices, widget=forms.HiddenInput)
    score = forms.FloatField(min_value=0, max_value=1, widget=forms.HiddenInput)
    reasons = forms.CharField(required=False, widget=forms.HiddenInput)
    # Shown beside a candidate the desk has logged before (the same statement by the same speaker).
    log_again = forms.BooleanField(label="Log a copy anyway", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("pick"):
            if not (data.get("text") or "").strip():
                self.add_error("text", "The statement is empty.")
            if not (data.get("speaker") or "").strip():
                self.add_error("speaker", "Say who made this claim.")
        return data

    def as_candidate(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "speaker": data["speaker"],
            "speaker_title": data.get("speaker_title") or "",
            "speaker_kind": data["speaker_kind"],
            "score": data["score"],
            "reasons": [r.strip() for r in (data.get("reasons") or "").split(";") if r.strip()],
            "log_again": bool(data.get("log_again")),
        }


class BaseCandidateFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("pick") for form in self.forms):
            raise ValidationError("Tick at least one candidate to log.")


CandidateFormSet = forms.formset_factory(
    CandidateForm,
    formset=BaseCandidateFormSet,
    extra=0,
    max_num=MAX_CANDIDATES_SHOWN,
    absolute_max=MAX_CANDIDATES_SHOWN,
    validate_max=True,
)


def candidate_initial(candidate) -> dict:
    """A candidate from claims.intake.extraction as the form's initial data."""
    return {
        "pick": False,
        "text": candidate["text"],
        "speaker": candidate["speaker"] or "",
        "speaker_title": candidate.get("speaker_title") or "",
        "speaker_kind": candidate.get("speaker_kind") or ClaimantKind.PERSON,
        "score": candidate["score"],
        "reasons": "; ".join(candidate.get("reasons") or []),
    }


class DuplicateLinkForm(forms.Form):
    """Which claim this one states again: its number, typed or sent by a "Mark as duplicate" button."""

    duplicate_of = forms.ModelChoiceField(
        label="Number of the claim it repeats",
        queryset=None,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}),
        help_text="The claim whose fact-check answers this one (the number in its address).",
        error_messages={
            "required": "Give the number of the claim this one repeats.",
            "invalid_choice": "There is no claim with this number.",
        },
    )

    def __init__(self, *args, claims, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of"].queryset = claims
