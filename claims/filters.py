"""The claim list's filters: one FilterSet for the desk's list page and the API's `GET /api/v1/claims/`.

Rules, the same for both (the page shows a bad value beside its field and lists with the others;
the API answers 400 naming it):
- q: full-text search (web-search syntax) over statement, summary and claimant, the verdict, the
  outlets and the evidence, best match first; word forms and one typo match (claims.search).
- state: one of the workflow's states.
- claimant: a claimant's id.
- assignee: a member's id (a whole number that fits an id) or username.
- topic: one topic, case-insensitive.
- rating: a rating of the current scale, by label (any case) or slug.
- language: a language tag (`factcheck.languages`), matched exactly.
- created_after / updated_after (inclusive), created_before / updated_before (exclusive):
  ISO 8601 dates or date-times, in UTC before they reach the database.
An unknown id or username is no error: it matches no claim. Sorting is not a filter: the desk's
list sorts in `selectors.claim_list`, the API pages by id (or rank when searching).
"""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from claims.lookups import claim_search, rating_get, rating_list
from claims.models import Claim, ClaimState, Rating
from factcheck.languages import LANGUAGE_TAG
from factcheck.numbers import is_whole_number

MAX_ID = 2_147_483_647  # ids are PostgreSQL integers


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number (the default NumberFilter would take 1.5 and round it)."""

    field_class = forms.IntegerField


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned to UTC before it reaches the database.

    ISO 8601 (and Python) allow UTC offsets up to ±23:59; PostgreSQL refuses a
    literal with one beyond ±15:59, which was a 500 (found by schemathesis).
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("This date-time is out of range.", code="out_of_range") from None


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ClaimFilterForm(forms.Form):
    """The FilterSet's form: labels without a colon (the desk shows it), and the checks of two fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_assignee(self):
        value = (self.cleaned_data.get("assignee") or "").strip()
        if is_whole_number(value) and int(value) > MAX_ID:
            raise forms.ValidationError("No member has this id.", code="invalid_id")
        return value

    def clean_rating(self):
        label = self.cleaned_data.get("rating")
        if not label:
            return label
        try:
            return rating_get(label=label).label
        except Rating.DoesNotExist:
            labels = ", ".join(r.label for r in rating_list())
            # Parameters, not an f-string: the message is %-formatted later, and the label is the caller's.
            raise forms.ValidationError(
                "Unknown rating “%(label)s”. Use one of: %(labels)s.",
                params={"label": label, "labels": labels},
            ) from None


class ClaimFilter(django_filters.FilterSet):
    """Filters of the claims list; unknown values are refused with the field named."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=500,
        help_text="Full-text search (web-search syntax; word forms and one typo match), best match first",
    )
    state = django_filters.ChoiceFilter(
        label="State", choices=ClaimState.choices, empty_label="Any state", help_text="A workflow state"
    )
    claimant = IdFilter(
        label="Claimant", field_name="claimant_id", min_value=1, max_value=MAX_ID, help_text="A claimant's id"
    )
    assignee = django_filters.CharFilter(
        label="Assignee", method="filter_assignee", max_length=150, help_text="A member's id or username"
    )
    topic = django_filters.CharFilter(
        label="Topic", method="filter_topic", max_length=60, help_text="One topic, in any case"
    )
    rating = django_filters.CharFilter(
        label="Rating",
        field_name="verdict__rating__label",
        lookup_expr="iexact",
        max_length=60,
        help_text="A rating label of the current scale, e.g. Mostly false",
    )
    language = django_filters.CharFilter(
        label="Language", max_length=12, validators=[LANGUAGE_TAG], help_text="e.g. en"
    )
    created_after = DateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="ISO 8601 date or date-time, inclusive"
    )
    created_before = DateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="ISO 8601 date or date-time, exclusive"
    )
    updated_after = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="ISO 8601 date or date-time, inclusive"
    )
    updated_before = DateTimeFilter(
        field_name="updated_at", lookup_expr="lt", help_text="ISO 8601 date or date-time, exclusive"
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return claim_search(query=value, claims=queryset) if value else queryset

    def filter_assignee(self, queryset, name, value):
        value = value.strip()
        if is_whole_number(value):
            return queryset.filter(assignee_id=int(value))
        return queryset.filter(assignee__username=value)

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__contains=[value.strip().lower()])

    def given(self) -> dict:
        """The filters given with a valid value (an invalid one is named in the form's errors instead)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
