"""Forms of the claim desk: they parse what was typed and say what is missing.

Whether something may happen, and what it does, is for the services to decide;
a refusal they raise is put back beside the field it concerns (`add_refusal`).
"""

from django import forms
from django.core.exceptions import ValidationError

from claims.models import (
    CLAIM_TEXT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    ClaimantKind,
    Medium,
    NoteKind,
)
from factcheck.languages import LANGUAGE_TAG
from factcheck.roles import Role

DATE = {"type": "date"}


HIDDEN_FIELD_ERROR = (
    "This form was opened from a version we cannot read (the page may be old or altered): "
    "reload it and make your change again."
)


class HiddenFieldErrorsAbove:
    """A form mixin: an error on a hidden field (the version an editor started from, a candidate's
    score) has no place beside a field nobody sees; it is said once above the form, where the
    template shows the form's non-field errors."""

    def add_error(self, field, error):
        if field is not None and field in self.fields and self.fields[field].widget.is_hidden:
            if HIDDEN_FIELD_ERROR in self.non_field_errors():
                return
            field, error = None, HIDDEN_FIELD_ERROR
        super().add_error(field, error)


class DeskForm(HiddenFieldErrorsAbove, forms.Form):
    """A form of the desk: labels without a trailing colon; hidden-field errors above the form; text
    with the line endings a browser sends (CRLF) stored with plain newlines, so saving a form again
    unchanged changes nothing (and the history shows no change that is not one)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and "\r" in value:
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return data


def topics_from_text(text: str) -> list[str]:
    return [topic.strip() for topic in (text or "").split(",") if topic.strip()]


def add_service_errors(form: forms.Form, error: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError beside the form fields it names (the rest above the form)."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = field_map.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


class SummaryField(forms.CharField):
    """The ClaimReview summary: a hard limit the browser enforces too (maxlength)."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Short neutral summary",
            max_length=SUMMARY_MAX_LENGTH,
            required=False,
            help_text=f"At most {SUMMARY_MAX_LENGTH} characters, and no verdict in it: "
            "search engines show it as the claim reviewed.",
            **kwargs,
        )


def assign_to_me_initially(user) -> bool:
    """The "Assign to me" box starts ticked for fact-checkers, who log what they will research themselves;
    editors log for the desk. (The log form and intake's both.)"""
    return getattr(user, "role", None) == Role.FACT_CHECKER


class ClaimFieldsForm(DeskForm):
    """Fields a claim is logged and edited with."""

    text = forms.CharField(
        label="Statement, verbatim",
        max_length=CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    summary = SummaryField()
    claimed_on = forms.DateField(label="Said on", required=False, widget=forms.DateInput(attrs=DATE))
    language = forms.CharField(
        label="Language",
        max_length=12,
        initial="en",
        validators=[LANGUAGE_TAG],
        help_text="A language code: en, ko, de, …",
    )
    topics = forms.CharField(label="Topics", required=False, max_length=600, help_text="Separated by commas")

    def clean_topics(self):
        return topics_from_text(self.cleaned_data.get("topics", ""))


class ClaimCreateForm(ClaimFieldsForm):
    """Log a claim: who said it (an existing claimant or a new one) and where it first appeared."""

    claimant = forms.ModelChoiceField(
        label="Claimant", queryset=None, required=False, empty_label="— a new claimant (name below) —"
    )
    claimant_name = forms.CharField(label="New claimant's name", max_length=200, required=False)
    claimant_title = forms.CharField(label="Their role or title at the time", max_length=200, required=False)
    claimant_kind = forms.ChoiceField(label="Kind", choices=ClaimantKind.choices, initial=ClaimantKind.PERSON)
    appearance_url = forms.URLField(
        label="First appearance: URL", max_length=2000, required=False, assume_scheme="https"
    )
    appearance_outlet = forms.CharField(label="Outlet", max_length=200, required=False)
    appearance_medium = forms.ChoiceField(label="Medium", choices=Medium.choices, initial=Medium.OTHER)
    appearance_on = forms.DateField(label="Appeared on", required=False, widget=forms.DateInput(attrs=DATE))
    assign_to_me = forms.BooleanField(
        label="Assign to me",
        required=False,
        help_text="Take the claim you log: it starts as researching, in your queue.",
    )

    def __init__(self, *args, claimants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].queryset = claimants

    def clean(self):
        data = super().clean()
        if not data.get("claimant") and not (data.get("claimant_name") or "").strip():
            self.add_error("claimant", "Pick a claimant, or give a new claimant's name below.")
        return data

    def new_claimant(self) -> dict:
        """The claimant named below the list, for the service to find or create."""
        data = self.cleaned_data
        return {"name": data["claimant_name"], "title": data["claimant_title"], "kind": data["claimant_kind"]}

    def appearances(self) -> list[dict]:
        data = self.cleaned_data
        # An appearance's fields left empty: none. Given in part: the service says what is missing.
        if not (
            data.get("appearance_url")
            or data.get("appearance_outlet", "").strip()
            or data.get("appearance_on")
        ):
            return []
        return [
            {
                "url": data.get("appearance_url") or "",
                "outlet": data.get("appearance_outlet", ""),
                "medium": data.get("appearance_medium") or Medium.OTHER,
                "appeared_on": data.get("appearance_on"),
                "is_first": True,
            }
        ]


# Service field names that the create form calls differently.
CREATE_FIELD_MAP = {
    "url": "appearance_url",
    "outlet": "appearance_outlet",
    "medium": "appearance_medium",
    "appeared_on": "appearance_on",
    "appearances": "appearance_url",
    "name": "claimant_name",
    "title": "claimant_title",
    "kind": "claimant_kind",
}


class ClaimEditForm(ClaimFieldsForm):
    """Edit a claim. `updated_at` is the version the editor started from (conflicts)."""

    claimant = forms.ModelChoiceField(label="Claimant", queryset=None)
    due_on = forms.DateField(label="Due on", required=False, widget=forms.DateInput(attrs=DATE))
    selection_reason = forms.CharField(
        label="Why this claim was selected",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    updated_at = forms.DateTimeField(widget=forms.HiddenInput)

    field_order = ["text", "summary", "claimant", "claimed_on", "language", "topics", "due_on"]

    def __init__(self, *args, claimants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].queryset = claimants

    @staticmethod
    def initial_for(claim) -> dict:
        return {
            "text": claim.text,
            "summary": claim.summary,
            "claimant": claim.claimant_id,
            "claimed_on": claim.claimed_on,
            "language": claim.language,
            "topics": ", ".join(claim.topics),
            "due_on": claim.due_on,
            "selection_reason": claim.selection_reason,
            "updated_at": claim.updated_at.isoformat(),
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("updated_at")
        return data


class VerdictForm(DeskForm):
    """The verdict editor. `expected_revision` is the revision the writer started from (0: none yet)."""

    rating = forms.ModelChoiceField(label="Rating", queryset=None, required=False, widget=forms.RadioSelect)
    headline = forms.CharField(label="Headline", max_length=200, required=False)
    conclusion = forms.CharField(
        label="Conclusion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences: what the evidence shows.",
    )
    analysis = forms.CharField(
        label="Analysis",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown: **bold**, *italic*, [links](https://…), lists, ## headings.",
    )
    expected_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = ratings

    @staticmethod
    def initial_for(verdict) -> dict:
        if verdict is None:
            return {"expected_revision": 0}
        return {
            "rating": verdict.rating_id,
            "headline": verdict.headline,
            "conclusion": verdict.conclusion,
            "analysis": verdict.analysis,
            "expected_revision": verdict.revision,
        }


class ActionForm(DeskForm):
    """What a workflow action may need: a comment, an assignee, a note for readers.

    Which of them an action requires is the workflow's business; a refusal
    naming one (by its code) comes back beside that field.
    """

    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.ModelChoiceField(label="Assign to", queryset=None, required=False)
    note_kind = forms.ChoiceField(
        label="Kind of note", choices=NoteKind.choices, initial=NoteKind.CORRECTION, required=False
    )
    note = forms.CharField(
        label="Note for readers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown with the fact-check: what changed and why.",
    )

    due_on = forms.DateField(label="Due on (optional)", required=False, widget=forms.DateInput(attrs=DATE))

    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    FIELD_FOR_CODE = {
        "due_on_past": "due_on",
        "comment_required": "comment",
        "assignee_required": "assignee",
        "assignee_invalid": "assignee",
        "note_required": "note",
        "note_kind_invalid": "note_kind",
        "note_unexpected": "note",
    }

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "comment": data.get("comment", ""),
            "assignee": data.get("assignee"),
            "note": data.get("note", ""),
            "note_kind": data.get("note_kind") or NoteKind.UPDATE,
            "expected_revision": data.get("revision"),
            "due_on": data.get("due_on"),
        }


class TakeForm(DeskForm):
    """Taking a new claim from the desk's lists: an optional due date."""

    due_on = forms.DateField(label="Due on (optional)", required=False, widget=forms.DateInput(attrs=DATE))


class AppearanceForm(DeskForm):
    """Where a claim was seen."""

    url = forms.URLField(label="URL", max_length=2000, required=False, assume_scheme="https")
    outlet = forms.CharField(label="Outlet", max_length=200, required=False)
    medium = forms.ChoiceField(label="Medium", choices=Medium.choices, initial=Medium.OTHER)
    appeared_on = forms.DateField(label="Appeared on", required=False, widget=forms.DateInput(attrs=DATE))
    excerpt = forms.CharField(label="Excerpt", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_first = forms.BooleanField(label="This is where it first appeared", required=False)


SORT_CHOICES = [
    ("", "Newest (best match when searching)"),
    ("oldest", "Oldest first"),
    ("due", "Due soonest"),
    ("updated", "Recently changed"),
    ("demand", "Most asked by readers"),
]


class ClaimSortForm(DeskForm):
    """The claim list's sort (the filters are `claims.filters.ClaimFilter`'s form)."""

    sort = forms.ChoiceField(label="Sort", required=False, choices=SORT_CHOICES)

    def sort_key(self) -> str:
        return self.cleaned_data.get("sort", "") if self.is_valid() else ""


def claim_filter_for_desk(form: forms.Form, *, claimants, assignees, ratings) -> forms.Form:
    """The claim list's filter form as the desk shows it: lists to choose from instead of ids.

    Presentation only: the values sent are the ids and labels the FilterSet checks.
    """
    choose = {
        "claimant": [("", "Anyone"), *((c.pk, str(c)) for c in claimants)],
        "assignee": [("", "Anyone"), *((m.pk, str(m)) for m in assignees)],
        "rating": [("", "Any rating"), *((r.label, r.label) for r in ratings)],
    }
    for name, choices in choose.items():
        form.fields[name].widget = forms.Select(choices=choices)
    return form
