"""Language tags: the one rule for what the product takes as a language (a claim's, or a filter's).

A tag is a primary language subtag of 2 or 3 letters (ISO 639: en, de, fil), then any number of
subtags of 2 to 8 letters or digits (a script such as Hant, a region such as BR or 419, a variant):
"en", "pt-BR", "zh-Hant-TW", "es-419". Case is not checked (BCP 47 tags are case-insensitive).

Stricter than BCP 47's full grammar, on purpose: primary subtags of 4 to 8 letters (reserved, or
registered for no language a claim is made in) and one-character extension or private-use subtags
("de-u-co-phonebk", "en-x-house") are refused. ClaimReview's inLanguage and Fact Check Tools'
languageCode use plain language-region tags, a claim stores at most 12 characters, and a word such
as "english" is a mistake to point out, not a tag. Each field keeps its own length limit.
"""

import re

from django.core.validators import RegexValidator

# As OpenAPI schemas write it (ECMA-262: `$` is the very end).
LANGUAGE_TAG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LANGUAGE_TAG_MESSAGE = "Use a language tag such as en, de or pt-BR."

# Python's `$` also matches before a final newline: `\Z` does not let "pt-BR\n" through.
LANGUAGE_TAG_REGEX = re.compile(LANGUAGE_TAG_PATTERN.removesuffix("$") + r"\Z")

# For form, serializer and filter fields: `validators=[LANGUAGE_TAG]`.
LANGUAGE_TAG = RegexValidator(LANGUAGE_TAG_REGEX, LANGUAGE_TAG_MESSAGE)


def is_language_tag(value: str) -> bool:
    """Whether `value` is a language tag the product accepts (see the module's rule)."""
    return bool(LANGUAGE_TAG_REGEX.match(value))
