import django_filters

from claims.models import Claim, ClaimState
from claims.selectors import claim_search


class ClaimFilter(django_filters.FilterSet):
    """Filters of the claims list; unknown values are refused with the field named."""

    q = django_filters.CharFilter(method="search", max_length=500, help_text="Full-text search, ranked")
    state = django_filters.ChoiceFilter(choices=ClaimState.choices)
    claimant = django_filters.NumberFilter(field_name="claimant_id")
    assignee = django_filters.CharFilter(method="filter_assignee", help_text="A member's id or username")
    topic = django_filters.CharFilter(method="filter_topic", max_length=60)
    rating = django_filters.CharFilter(
        field_name="verdict__rating__label", lookup_expr="iexact", max_length=60
    )
    language = django_filters.CharFilter(max_length=12)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return claim_search(query=value, claims=queryset) if value else queryset

    def filter_assignee(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset.filter(assignee__username=value)

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__contains=[value.strip().lower()])
