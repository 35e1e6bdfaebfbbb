"""Cursor pagination: `results` and `next`, `page_size` up to 100."""

import base64
import binascii
import json

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from factcheck.numbers import is_whole_number

MAX_PAGE_SIZE = 100
# Ranked results are a search, not an export: deeper pages than this are refused.
MAX_RANKED_OFFSET = 10_000
INVALID_CURSOR = "The cursor is not valid: use the `next` link from the previous page."


# The paging query parameters as the schema documents them (page_size with its bounds).
CURSOR_PARAMETER = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "From the previous page's `next` link.",
    "schema": {"type": "string"},
}
PAGE_SIZE_PARAMETER = {
    "name": "page_size",
    "in": "query",
    "required": False,
    "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default {settings.API_PAGE_SIZE}).",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
}


def invalid_cursor() -> ValidationError:
    return ValidationError({"cursor": [INVALID_CURSOR]})


def page_size_from(request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]}) from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
    return size


class IdCursorPagination(pagination.CursorPagination):
    """Pages over a unique, indexed key (newest first by default)."""

    ordering = "-id"
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = INVALID_CURSOR

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def decode_cursor(self, request):
        """A cursor that does not decode, lacks a position or has one that is not an id: 400 naming `cursor`.

        Our `next` links always carry a position (the ordering is a unique id), so a cursor without
        one was not ours: DRF would quietly serve the first page again. An empty cursor is no cursor.
        """
        if request.query_params.get(self.cursor_query_param) == "":
            return None
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise invalid_cursor() from None
        if cursor is not None:
            if cursor.position is None or not is_whole_number(cursor.position) or len(cursor.position) > 19:
                raise invalid_cursor()
        return cursor

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_schema_operation_parameters(self, view):
        return [CURSOR_PARAMETER, PAGE_SIZE_PARAMETER]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class RankedCursorPagination(pagination.BasePagination):
    """For ranked search results, whose order is not a column: an opaque cursor over positions."""

    page_size = settings.API_PAGE_SIZE
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = page_size_from(request, self.page_size)
        offset = self._decode(request.query_params.get(self.cursor_query_param))
        rows = list(queryset[offset : offset + size + 1])
        self.next_offset = offset + size if len(rows) > size else None
        return rows[:size]

    def _decode(self, raw):
        if not raw:
            return 0
        try:
            offset = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())["o"]
            if (
                isinstance(offset, bool)
                or not isinstance(offset, int)
                or not 0 <= offset <= MAX_RANKED_OFFSET
            ):
                raise ValueError
            return offset
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
            raise invalid_cursor() from None

    def get_next_link(self):
        if self.next_offset is None:
            return None
        token = base64.urlsafe_b64encode(json.dumps({"o": self.next_offset}).encode()).decode()
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return IdCursorPagination().get_paginated_response_schema(schema)
