"""Strict input: JSON types as declared, no unknown fields, no unknown query parameters.

DRF is lenient by default: 5 is accepted as the string "5", "yes" as true, and
a misspelt field is silently ignored. An integration that sends `sumary` or
`state` in a PATCH deserves to hear that nothing of the kind happened.
"""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from factcheck.numbers import is_whole_number

# Query parameters any endpoint accepts (the browsable API's format switch).
GENERAL_QUERY_PARAMETERS = frozenset({"format"})


def _type_error(field, value):
    """The message for a value of the wrong JSON type, or None when the type is right."""
    if value is None:
        return None  # null is judged by the field itself (allow_null)
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
        return "Must be true or false."
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return "Must be a string."
    if isinstance(field, serializers.IntegerField) and (
        isinstance(value, bool) or not isinstance(value, int)
    ):
        return "Must be a whole number (a JSON integer)."
    if isinstance(field, serializers.FloatField) and (
        isinstance(value, bool) or not isinstance(value, (int, float))
    ):
        return "Must be a number."
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        child = field.child
        if isinstance(child, serializers.CharField) and any(not isinstance(item, str) for item in value):
            return "Must be a list of strings."
    return None


class StrictInputSerializer(serializers.Serializer):
    """An input serializer that refuses unknown fields and values of the wrong JSON type."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            writable = {name for name, field in self.fields.items() if not field.read_only}
            for name in data:
                if name not in writable:
                    errors[name] = [f"Unknown field. Known fields: {', '.join(sorted(writable))}."]
            for name, field in self.fields.items():
                if name in data:
                    message = _type_error(field, data[name])
                    if message:
                        errors[name] = [message]
            if errors:
                raise ValidationError(errors)
        return super().to_internal_value(data)


class StrictInputSchema(OpenApiSerializerExtension):
    """Document what StrictInputSerializer enforces: a request body with an unknown field is refused."""

    target_class = StrictInputSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 150}], "nullable": True})
class MemberRefField(serializers.Field):
    """A member by id (a number, or digits) or by username."""

    default_error_messages = {
        "invalid": "Give a member's id or username.",
        "unknown": "No member “{value}”.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid")
        raw = str(data).strip()
        if not raw or len(raw) > 150 or "\x00" in raw:
            self.fail("invalid")
        lookup = {"pk": int(raw)} if is_whole_number(raw) else {"username": raw}
        member = get_user_model().objects.filter(**lookup).first()
        if member is None:
            self.fail("unknown", value=raw)
        return member

    def to_representation(self, value):  # pragma: no cover - input only
        return value.pk


def refuse_unknown_query_parameters(request, known) -> None:
    """400 naming any query parameter this endpoint does not know (a misspelt filter filters nothing)."""
    allowed = set(known) | GENERAL_QUERY_PARAMETERS
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ValidationError(
            {name: [f"Unknown query parameter. Known: {', '.join(sorted(allowed))}."] for name in unknown}
        )


def text_query_parameter(request, name: str, *, max_length: int = 200) -> str:
    """A free-text query parameter, trimmed; 400 naming it when too long or not text."""
    value = request.query_params.get(name, "")
    if len(value) > max_length:
        raise ValidationError({name: [f"Use at most {max_length} characters."]})
    if "\x00" in value:
        raise ValidationError({name: ["Null characters are not allowed."]})
    return value.strip()


class IdOrObjectField(serializers.Field):
    """A row by id, or an object to find or create one (validated by `input_serializer`).

    Subclasses set `model`, `input_serializer` and the two error messages.
    """

    model = None
    input_serializer = None

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            row = self.model.objects.filter(pk=data).first()
            if row is None:
                self.fail("unknown", value=data)
            return row
        if isinstance(data, dict):
            inner = self.input_serializer(data=data)
            inner.is_valid(raise_exception=True)
            return dict(inner.validated_data)
        self.fail("invalid")

    def to_representation(self, value):  # pragma: no cover - input only
        return value.pk
