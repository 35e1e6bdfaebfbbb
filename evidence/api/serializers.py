"""Shapes of evidence, rebuttals and sources in the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.api.archive import ArchiveSerializer
from evidence.models import Evidence, EvidenceKind, Rebuttal, RebuttalKind, Source, SourceKind, Stance
from factcheck.api.input import IdOrObjectField, StrictInputSerializer
from factcheck.api.schema import OptionalURLField


class SourceSerializer(serializers.ModelSerializer):
    url = OptionalURLField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "url", "created_at", "updated_at"]
        read_only_fields = fields


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(allow_null=True)
    url = OptionalURLField(read_only=True)
    added_by = serializers.CharField(source="added_by.username")
    archive = ArchiveSerializer(source="*", read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "stance",
            "kind",
            "title",
            "url",
            "offline_reference",
            "source",
            "excerpt",
            "published_on",
            "is_withheld",
            "is_demo",
            "added_by",
            "archive",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RebuttalSerializer(serializers.ModelSerializer):
    url = OptionalURLField(read_only=True)
    added_by = serializers.CharField(source="added_by.username")

    class Meta:
        model = Rebuttal
        fields = [
            "id",
            "party",
            "kind",
            "statement",
            "url",
            "stated_on",
            "is_demo",
            "added_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False, default=SourceKind.OTHER)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")


class SourceUpdateSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer"},
            {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 200},
                    "kind": {"type": "string", "enum": SourceKind.values},
                    "url": {"type": "string", "format": "uri", "maxLength": 2000},
                },
                "additionalProperties": False,
            },
        ],
        "nullable": True,
    }
)
class SourceRefField(IdOrObjectField):
    """A source by id, or {"name", "kind"} to find or create one."""

    default_error_messages = {
        "invalid": 'Give a source id, or {{"name": ..., "kind": ...}}.',
        "unknown": "No source with id {value}.",
    }

    model = Source
    input_serializer = SourceInputSerializer


class EvidenceInputSerializer(StrictInputSerializer):
    stance = serializers.ChoiceField(choices=Stance.choices)
    kind = serializers.ChoiceField(
        choices=EvidenceKind.choices, required=False, default=EvidenceKind.DOCUMENT
    )
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    offline_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    source = SourceRefField(required=False, allow_null=True, default=None)
    excerpt = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_withheld = serializers.BooleanField(required=False, default=False)


class RebuttalInputSerializer(StrictInputSerializer):
    party = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=RebuttalKind.choices, required=False, default=RebuttalKind.DENIAL)
    statement = serializers.CharField(max_length=20_000)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    stated_on = serializers.DateField(required=False, allow_null=True, default=None)
