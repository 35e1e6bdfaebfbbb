"""Request parsing: JSON only, and only text that the database can store."""

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's strict JSON parser (no NaN or Infinity), also refusing unpaired surrogates and
    nesting deeper than Python can parse (a RecursionError would be a 500).

    JSON allows escapes such as "\\ud800" that are not Unicode text; PostgreSQL
    cannot store them, so they are refused here as a parse error (400), not
    discovered at the database as a server error.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(
                "JSON parse error - the body contains an unpaired surrogate escape (\\ud800-\\udfff), "
                "which is not text."
            ) from None
        return data
