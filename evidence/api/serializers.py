"""Shapes of evidence, rebuttals and sources in the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.models import Evidence, EvidenceKind, Rebuttal, RebuttalKind, Source, SourceKind, Stance


class SourceSerializer(serializers.ModelSerializer):
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
    added_by = serializers.CharField(source="added_by.username")

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RebuttalSerializer(serializers.ModelSerializer):
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


class SourceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False, default=SourceKind.OTHER)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")


class SourceUpdateSerializer(serializers.Serializer):
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
                },
            },
        ],
        "nullable": True,
    }
)
class SourceRefField(serializers.Field):
    """A source by id, or {"name", "kind"} to find or create one."""

    default_error_messages = {
        "invalid": 'Give a source id, or {"name": ..., "kind": ...}.',
        "unknown": "No source with id {value}.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            source = Source.objects.filter(pk=data).first()
            if source is None:
                self.fail("unknown", value=data)
            return source
        if isinstance(data, dict):
            inner = SourceInputSerializer(data=data)
            inner.is_valid(raise_exception=True)
            return dict(inner.validated_data)
        self.fail("invalid")

    def to_representation(self, value):  # pragma: no cover - input only
        return value.pk


class EvidenceInputSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Stance.choices)
    kind = serializers.ChoiceField(
        choices=EvidenceKind.choices, required=False, default=EvidenceKind.DOCUMENT
    )
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    offline_reference = serializers.CharField(required=False, allow_blank=True, default="")
    source = SourceRefField(required=False, allow_null=True, default=None)
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_withheld = serializers.BooleanField(required=False, default=False)


class RebuttalInputSerializer(serializers.Serializer):
    party = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=RebuttalKind.choices, required=False, default=RebuttalKind.DENIAL)
    statement = serializers.CharField()
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    stated_on = serializers.DateField(required=False, allow_null=True, default=None)
