"""Intake (claims.intake.extraction): datelines, blanked before anything else reads the text.

A dateline opens a story with the place it was filed from, then the date and/or the agency, then a
colon or a dash: "AIZAWL, Aug 12 (PTI): ", "Shillong, May 24: ", "LAGOS (XNA) - ",
"RICHMOND, Va. — ". It is never a speaker nor part of a statement, but written "AIZAWL: " it looks
like a transcript label. Rules:

- a place (in capitals or in Title case, with a region after a comma or in brackets) followed by a
  date (and maybe an agency in parentheses), then ":" or a dash, is a dateline at the start of any
  of the text's first paragraphs; so is a place and an agency, or a place in capitals, then a dash;
- a place followed only by an agency and ":" ("Aizawl (PTI): "), or a place in capitals and ":"
  ("AIZAWL: "), has the form of a transcript label: it is a dateline only at the start of the first
  paragraph that is not a headline, when it holds no title or honorific ("HON. SPEAKER: ",
  "MR. VANCE: ") and no other paragraph of the text opens with a transcript label (a transcript has
  more than one turn).

The dateline is replaced by spaces, so every offset into the text stays the same. Only the first few
paragraphs are looked at, each with a pattern of bounded length: linear in the text.
"""

import re

from claims.intake.patterns import _TRANSCRIPT_LABEL, HONORIFICS, INTERVIEWER_LABELS, TITLE_NOUNS

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]{0,6}\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTH})(?:,?\s+\d{{4}})?|{_WEEKDAY}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2}"
# ", Va.", ", Kenya", " [India]": the region or country after the place.
_REGION = r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}(?=\s*[,(:—–-])|\s+\[[A-Z][\w .]{1,30}\])"
_AGENCY = r"\s*\([A-Za-z][\w .&/-]{1,30}\)"
_DASH = r"\s+[—–-]{1,2}\s+"
_SEPARATOR = rf"(?:\s*:\s+|{_DASH})"
# Words that open a sentence about time, not a place ("Last Monday: ...", "On Friday - ...").
_NOT_A_PLACE = (
    r"(?!(?:On|Last|This|Next|Since|By|Until|From|Earlier|Later|Before|After|Speaking|Early|Late)\b)"
)
_PLACE = rf"{_NOT_A_PLACE}(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_REGION}?"
# A place, then a date (and maybe an agency), then the separator; a place and an agency, then a dash;
# a place in capitals, then a dash. No transcript label has these forms.
_DATED = re.compile(
    rf"^\s*{_PLACE},?\s+{_DATE}(?:{_AGENCY})?{_SEPARATOR}(?=\S)"
    rf"|^\s*{_PLACE}{_AGENCY}{_DASH}(?=\S)"
    rf"|^\s*{_NOT_A_PLACE}{_CAPS_PLACE}{_REGION}?{_DASH}(?=\S)"
)
# "AIZAWL: ", "Aizawl (PTI): ": a transcript's label has this form too ("VANCE: ", "SMITH (R-TX): ").
_PLACE_COLON = re.compile(rf"^\s*(?:{_CAPS_PLACE}{_REGION}?(?:{_AGENCY})?|{_PLACE}{_AGENCY})\s*:\s+(?=\S)")
# Datelines open a story: a headline, a byline or two may come before.
_FIRST_PARAGRAPHS = 4


def blank_datelines(text: str) -> str:
    """`text` with its opening dateline (see the module's docstring) replaced by spaces."""
    opening = []  # (start, paragraph) of the first non-empty paragraphs
    at = 0
    while len(opening) < _FIRST_PARAGRAPHS and at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if text[at:end].strip():
            opening.append((at, text[at:end]))
        at = end + 1
    first_body = next((i for i, (_, par) in enumerate(opening) if re.search(r"[.!?\"]\s*$", par)), None)
    for index, (start, paragraph) in enumerate(opening):
        found = _DATED.match(paragraph)
        if found is None and index == first_body:
            found = _PLACE_COLON.match(paragraph)
            if found and (_names_a_role(found.group(0)) or _has_other_label(text, start)):
                found = None
        if found is not None:
            return text[:start] + " " * found.end() + text[start + found.end() :]
    return text


_ROLE_WORDS = TITLE_NOUNS | INTERVIEWER_LABELS | {w.rstrip(".") for w in HONORIFICS} | {"hon", "the", "shri"}


def _names_a_role(label: str) -> bool:
    """ "HON. SPEAKER: ", "MINISTER: ", "MR. VANCE: ": a label of a role or a person, not a place."""
    words = re.findall(r"[A-Za-z'’-]+", re.sub(r"\([^)]*\)", " ", label))
    return any(w.lower() in _ROLE_WORDS or w.lower() + "." in TITLE_NOUNS for w in words)


def _has_other_label(text: str, skip: int) -> bool:
    """Whether a paragraph other than the one at `skip` opens with a transcript label."""
    at = 0
    while at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if at != skip and _TRANSCRIPT_LABEL.match(text[at:end]):
            return True
        at = end + 1
    return False
