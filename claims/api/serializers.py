"""Shapes of claims in the API. Serializers shape data; services decide policy."""

from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import extensions, workflow
from claims.models import (
    CLAIM_TEXT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Appearance,
    Claim,
    Claimant,
    ClaimantKind,
    ClaimState,
    Medium,
    NoteKind,
    Rating,
)
from claims.publishing.claimreview import public_url
from claims.selectors import rating_get, rating_list
from factcheck.api.input import IdOrObjectField, MemberRefField, StrictInputSerializer
from factcheck.api.permissions import token_scopes
from factcheck.api.schema import OptionalURLField
from factcheck.languages import LANGUAGE_TAG

# --- Output ---------------------------------------------------------------------


class ClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "title", "kind", "created_at", "updated_at"]
        read_only_fields = fields


class AppearanceSerializer(serializers.ModelSerializer):
    url = OptionalURLField(read_only=True)

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
    submitted_by = serializers.CharField(
        source="submitted_by.username",
        allow_null=True,
        default=None,
        help_text="Who submitted the revision (never its approver); null before the first submission",
    )
    correction_note = serializers.CharField(
        help_text="A correction's note for readers, proposed on submitting it; published with it"
    )
    correction_note_kind = serializers.CharField(help_text="correction or update; empty without a note")
    is_demo = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class DuplicateFactCheckSerializer(serializers.Serializer):
    """The published fact-check that answers a duplicate claim (its original's)."""

    id = serializers.IntegerField(help_text="The fact-check's id (the original claim's id)")
    url = serializers.URLField(help_text="The public page")
    api_url = serializers.URLField(help_text="The fact-check in this API")


class ClaimSerializer(serializers.ModelSerializer):
    claimant = ClaimantSerializer()
    assignee = serializers.SerializerMethodField()
    appearances = AppearanceSerializer(many=True)
    verdict = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    duplicate_of_factcheck = serializers.SerializerMethodField(
        help_text="When this claim is a duplicate and its original is published: that fact-check"
    )

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
            "duplicate_of",
            "duplicate_of_factcheck",
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

    def get_fields(self):
        # What other apps nest in a claim (evidence: its evidence and rebuttals), in the places
        # Meta.fields gives their names (claims.extensions).
        fields = super().get_fields()
        for function in extensions.API_CLAIM_FIELDS:
            fields.update(function())
        return fields

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

    @extend_schema_field(DuplicateFactCheckSerializer(allow_null=True))
    def get_duplicate_of_factcheck(self, claim):
        # Annotated by claims.selectors.claim_list_for_api.
        slug = getattr(claim, "duplicate_of_factcheck_slug", None)
        if claim.duplicate_of_id is None or not slug:
            return None
        path = reverse("v1:factcheck-detail", kwargs={"pk": claim.duplicate_of_id})
        request = self.context.get("request")
        return {
            "id": claim.duplicate_of_id,
            "url": public_url(slug),
            "api_url": request.build_absolute_uri(path) if request else path,
        }

    # One nested serializer for every claim of a page: building one per claim deep-copies its fields
    # each time, which was a good share of a list's time (bench/api_bench.py).
    @cached_property
    def _verdict_shape(self):
        return VerdictSerializer()

    @cached_property
    def _reviews_shape(self):
        return ReviewSerializer(many=True)

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim):
        verdict = workflow.verdict_of(claim)
        return self._verdict_shape.to_representation(verdict) if verdict is not None else None

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim):
        verdict = workflow.verdict_of(claim)
        if verdict is None:
            return []
        return self._reviews_shape.to_representation(verdict.reviews.all())

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=workflow.ACTION_CHOICES))
    )
    def get_available_actions(self, claim):
        request = self.context.get("request")
        if request is None:
            return []
        return workflow.available_actions(claim, request.user, scopes=token_scopes(request))


# --- Input ----------------------------------------------------------------------


class ClaimantInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ClaimantKind.choices, required=False, default=ClaimantKind.PERSON)


class ClaimantUpdateSerializer(StrictInputSerializer):
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
                "additionalProperties": False,
            },
        ]
    }
)
class ClaimantRefField(IdOrObjectField):
    """A claimant by id, or {"name", "title"} to find or create one."""

    default_error_messages = {
        "invalid": 'Give a claimant id, or {{"name": ..., "title": ...}}.',
        "unknown": "No claimant with id {value}.",
    }

    model = Claimant
    input_serializer = ClaimantInputSerializer


class AppearanceInputSerializer(StrictInputSerializer):
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    medium = serializers.ChoiceField(choices=Medium.choices, required=False, default=Medium.OTHER)
    appeared_on = serializers.DateField(required=False, allow_null=True, default=None)
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    is_first = serializers.BooleanField(required=False, default=False)


class ClaimCreateSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=CLAIM_TEXT_MAX_LENGTH)
    summary = serializers.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Short neutral summary (ClaimReview claimReviewed), no verdict in it",
    )
    claimant = ClaimantRefField()
    claimed_on = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.CharField(max_length=12, required=False, default="en", validators=[LANGUAGE_TAG])
    topics = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=30
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    appearances = AppearanceInputSerializer(many=True, required=False, default=list, max_length=50)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClaimUpdateSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=20_000, required=False)
    summary = serializers.CharField(max_length=SUMMARY_MAX_LENGTH, required=False, allow_blank=True)
    claimant = ClaimantRefField(required=False)
    claimed_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=12, required=False, validators=[LANGUAGE_TAG])
    topics = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=30)
    due_on = serializers.DateField(required=False, allow_null=True)
    selection_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


@extend_schema_field({"type": "string", "nullable": True, "example": "Mostly false"})
class RatingField(serializers.Field):
    """A rating of the current scale by its label (case-insensitive) or slug; null for none yet."""

    default_error_messages = {
        "invalid": "Give the rating's label as a string, e.g. “Mostly false”.",
        "unknown": "Unknown rating “{value}”. Use one of: {labels}.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or len(data) > 60 or "\x00" in data:
            self.fail("invalid")
        try:
            return rating_get(label=data)
        except Rating.DoesNotExist:
            self.fail("unknown", value=data, labels=", ".join(r.label for r in rating_list()))

    def to_representation(self, value):  # pragma: no cover - input only
        return value.label


class VerdictInputSerializer(StrictInputSerializer):
    rating = RatingField(allow_null=True)
    headline = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    analysis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200_000)


class TransitionInputSerializer(StrictInputSerializer):
    action = serializers.ChoiceField(choices=workflow.ACTION_CHOICES)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    assignee = MemberRefField(
        required=False, allow_null=True, default=None, help_text="The member's id or username (assign)"
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Correction or update note for readers: publishing again, or an editor submitting a "
        "correction (then the approval publishes it)",
    )
    note_kind = serializers.ChoiceField(choices=NoteKind.choices, required=False, default=NoteKind.UPDATE)
    expected_revision = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=2_147_483_647,
        help_text="approve, request_changes: the verdict revision you reviewed; 409 `stale_revision` if "
        "the verdict has changed since",
    )
    due_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="take: the due date you set yourself (optional; 409 `due_on_past` before today)",
    )


class AvailableActionsSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ClaimState.choices)
    available_actions = serializers.ListField(child=serializers.ChoiceField(choices=workflow.ACTION_CHOICES))


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    verb = serializers.CharField()
    object_id = serializers.IntegerField()
    actor = serializers.CharField(allow_null=True, help_text="The member's username")
    actor_id = serializers.IntegerField(allow_null=True)
    token = serializers.CharField(allow_null=True, help_text="The API token used, as id:name")
    changes = serializers.DictField(help_text="{field: [before, after]} for changes")
    fields = serializers.DictField(help_text="The row as it was after the event")
