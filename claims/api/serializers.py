"""Shapes of claims in the API. Serializers shape data; services decide policy."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import workflow
from claims.models import SUMMARY_MAX_LENGTH, Appearance, Claim, Claimant, ClaimantKind, ClaimState, Medium
from evidence.api.serializers import EvidenceSerializer, RebuttalSerializer

# --- Output ---------------------------------------------------------------------


class ClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "title", "kind", "created_at", "updated_at"]
        read_only_fields = fields


class AppearanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appearance
        fields = [
            "id",
            "url",
            "outlet",
            "medium",
            "appeared_on",
            "excerpt",
            "is_first",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MemberField(serializers.Field):
    """A member as the API names them: {"id", "username"}."""

    def to_representation(self, user):
        return {"id": user.pk, "username": user.get_username()}


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField()
    reviewer = serializers.CharField(source="reviewer.username")
    decision = serializers.CharField()
    comment = serializers.CharField()
    is_current = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_is_current(self, review) -> bool:
        return review.revision == review.verdict.revision


class VerdictSerializer(serializers.Serializer):
    rating = serializers.CharField(source="rating.label", allow_null=True, default=None)
    headline = serializers.CharField()
    conclusion = serializers.CharField()
    analysis = serializers.CharField()
    revision = serializers.IntegerField()
    author = serializers.CharField(source="author.username")
    last_edited_by = serializers.CharField(source="last_edited_by.username")
    is_demo = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ClaimSerializer(serializers.ModelSerializer):
    claimant = ClaimantSerializer()
    assignee = serializers.SerializerMethodField()
    appearances = AppearanceSerializer(many=True)
    evidence = EvidenceSerializer(many=True)
    rebuttals = RebuttalSerializer(many=True)
    verdict = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "state",
            "text",
            "summary",
            "claimant",
            "claimed_on",
            "language",
            "topics",
            "assignee",
            "due_on",
            "checkworthiness",
            "selection_reason",
            "external_id",
            "is_demo",
            "created_at",
            "updated_at",
            "appearances",
            "evidence",
            "rebuttals",
            "verdict",
            "reviews",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "username": {"type": "string"}},
        }
    )
    def get_assignee(self, claim):
        if claim.assignee is None:
            return None
        return {"id": claim.assignee.pk, "username": claim.assignee.get_username()}

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim):
        verdict = workflow.verdict_of(claim)
        return VerdictSerializer(verdict).data if verdict is not None else None

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim):
        verdict = workflow.verdict_of(claim)
        if verdict is None:
            return []
        return ReviewSerializer(verdict.reviews.all(), many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=workflow.ACTION_CHOICES))
    )
    def get_available_actions(self, claim):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return []
        return workflow.available_actions(claim, request.user)


# --- Input ----------------------------------------------------------------------


class ClaimantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ClaimantKind.choices, required=False, default=ClaimantKind.PERSON)


class ClaimantUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ClaimantKind.choices, required=False)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer"},
            {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 200},
                    "title": {"type": "string", "maxLength": 200},
                    "kind": {"type": "string", "enum": ClaimantKind.values},
                },
            },
        ]
    }
)
class ClaimantRefField(serializers.Field):
    """A claimant by id, or {"name", "title"} to find or create one."""

    default_error_messages = {
        "invalid": 'Give a claimant id, or {"name": ..., "title": ...}.',
        "unknown": "No claimant with id {value}.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            claimant = Claimant.objects.filter(pk=data).first()
            if claimant is None:
                self.fail("unknown", value=data)
            return claimant
        if isinstance(data, dict):
            inner = ClaimantInputSerializer(data=data)
            inner.is_valid(raise_exception=True)
            return dict(inner.validated_data)
        self.fail("invalid")

    def to_representation(self, value):  # pragma: no cover - input only
        return value.pk


class AppearanceInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    medium = serializers.ChoiceField(choices=Medium.choices, required=False, default=Medium.OTHER)
    appeared_on = serializers.DateField(required=False, allow_null=True, default=None)
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    is_first = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if self.partial:
            return attrs
        if not attrs.get("url") and not attrs.get("outlet"):
            raise serializers.ValidationError(
                {"url": ["Give the URL or the outlet where the claim appeared."]}
            )
        return attrs


class ClaimCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    summary = serializers.CharField(
        max_length=SUMMARY_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    claimant = ClaimantRefField()
    claimed_on = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.CharField(max_length=12, required=False, default="en")
    topics = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=30
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    appearances = AppearanceInputSerializer(many=True, required=False, default=list)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClaimUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False)
    summary = serializers.CharField(max_length=SUMMARY_MAX_LENGTH, required=False, allow_blank=True)
    claimant = ClaimantRefField(required=False)
    claimed_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=12, required=False)
    topics = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=30)
    due_on = serializers.DateField(required=False, allow_null=True)
    selection_reason = serializers.CharField(required=False, allow_blank=True)


class VerdictInputSerializer(serializers.Serializer):
    rating = serializers.CharField(allow_null=True, max_length=60)
    headline = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")
    analysis = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=workflow.ACTION_CHOICES)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.CharField(
        required=False, allow_null=True, default=None, help_text="The member's id or username (assign)"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    note_kind = serializers.ChoiceField(choices=["correction", "update"], required=False, default="update")


class AvailableActionsSerializer(serializers.Serializer):
    available_actions = serializers.ListField(child=serializers.CharField())
    state = serializers.ChoiceField(choices=ClaimState.choices)


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    verb = serializers.CharField()
    object_id = serializers.IntegerField()
    actor = serializers.CharField(allow_null=True)
    token = serializers.CharField(allow_null=True)
    changes = serializers.DictField()
    fields = serializers.DictField()


__all__ = ["OpenApiTypes"]
