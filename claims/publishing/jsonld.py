"""JSON-LD in a page: the ClaimReview markup as a <script> block no published text can break out of."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# The characters that could end a <script> element or open a comment inside it,
# written as JSON escapes: the text still parses to the same JSON.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def escape_json_for_script(text: str) -> str:
    """JSON text with "<", ">" and "&" written as \\u escapes: the same JSON, safe inside a <script>.

    These characters only occur inside JSON strings, where the escapes mean the same text, so
    "</script>" or "<!--" in a claim can neither close nor confuse the block it is pasted into.
    """
    return text.translate(_SCRIPT_ESCAPES)


def json_ld_script(data) -> SafeString:
    """A <script type="application/ld+json"> element holding `data`, safe to put in a page.

    Like Django's json_script, with the JSON-LD type and no id: "<", ">" and
    "&" are written as \\u escapes, so "</script>" or "<!--" in a claim can
    neither close nor confuse the block, and JSON.parse of its text gives `data` back.
    """
    body = escape_json_for_script(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))
    return mark_safe(f'<script type="application/ld+json">{body}</script>')  # noqa: S308 (escaped above)
