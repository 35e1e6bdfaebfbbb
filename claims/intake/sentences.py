"""Intake (claims.intake.extraction): the text prepared for reading (quote marks made one, paragraphs),
cut into sentences.
"""

import bisect
import re
from collections.abc import Iterator

from claims.intake.patterns import _SENTENCE_END, ABBREVIATIONS

# --- Text preparation --------------------------------------------------------------

_SAME_LENGTH = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "’": "'",
        "‘": "'",
        "\u00a0": " ",
        "\r": " ",
        "\t": " ",
    }
)


# A stock ticker inside a sentence ("Barry Callebaut ch:000900296 said", "EDC (NASDAQ:EDUC)") stands
# between a company and its verb: read as blank space.
_TICKER = re.compile(
    r"(?<![\w:/])[a-z]{2}:[0-9A-Z]{3,12}\b"
    r"|\((?:NASDAQ|NYSE|NYSE American|AMEX|LSE|TSX|TSXV|ASX|SIX|OTC|OTCQB|OTCQX|HKEX|SGX|NSE|BSE)"
    r"\s*:\s*[A-Z0-9.]{1,8}\)"
)


def _normalise(text: str) -> str:
    """Straight quotes and plain spaces, keeping every offset; quotes in single marks made double;
    stock tickers blanked; a transcript's labels run into one paragraph put back on lines of their own."""
    text = _TICKER.sub(lambda m: " " * len(m.group(0)), text.translate(_SAME_LENGTH))
    text = _inline_labels_as_lines(text)
    return "\n".join(_dash_quotes_as_quotes(_single_marks_as_quotes(line)) for line in text.split("\n"))


# A transcript whose turns a copy ran into one paragraph ("... quite daunting as well. Stephen Twigg: My
# first experience ..."): a label of a person's name (two to four capitalised words, an honorific
# before them) after a sentence's end, the turn opening with a capital, starts a turn, when a line of the
# text opens with such a label. A subheading's words ("Rising costs: materials ...") open no turn.
_NAME_LABEL = (
    r"(?:(?:Sir|Dame|Lord|Baroness|Dr\.?|Mr\.?|Mrs\.?|Ms\.?) )?[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}"
    r": (?=[\"A-Z])"
)
_LABEL_OPENS_LINE = re.compile(rf"(?m)^[^\S\n]*{_NAME_LABEL}")
_LABEL_IN_LINE = re.compile(rf"(?<=[.!?\"]) (?={_NAME_LABEL})")
_WORD_BEFORE_STOP = re.compile(r"(\w+)\.$")


def _inline_labels_as_lines(text: str) -> str:
    if not _LABEL_OPENS_LINE.search(text):
        return text

    def turn(match: re.Match) -> str:
        # "Dr. Ana Ortiz:" is one label: the stop of an abbreviation or an initial ends no sentence.
        word = _WORD_BEFORE_STOP.search(text, max(0, match.start() - 12), match.start())
        if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            return match.group(0)
        return "\n"

    return _LABEL_IN_LINE.sub(turn, text)


# A quote opened by a dash, as Scandinavian and much translated copy prints it ("– Last year we
# measured high price growth. This year ..., says Espen Kristiansen in Statistics Norway."): the
# dash opens it, the comma before the attribution at the paragraph's end closes it.
_DASH_OPENS = re.compile(r"(?:^\s*|(?<=[.!?])\s+)[–—](?=\s+\S)|^\s*-(?=\s+[A-Z])")
_DASH_VERBS = r"(?:says|said|adds|added|explains|explained|notes|noted|continues|continued|stresses|stressed)"
# The attribution that closes the line: "says Espen Kristiansen in Statistics Norway." / "says Dr. Jane
# Doe, the head of the unit." / "Kristiansen says." (the verb last, or before a short time or place).
_DASH_ATTRIBUTION = re.compile(
    rf"(?:{_DASH_VERBS}\s+(?:the\s+)?(?=[A-Z])(?:[^.!?\"]|\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|[A-Z])\.){{2,160}}"
    rf"|(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s+)?(?:[A-Z][\w'-]*\s+){{1,4}}{_DASH_VERBS}(?:\s+(?:on|in|at|to)\s+[^.!?\",]{{1,40}})?)"
    r"[.!?]?\s*$"
)
_DASH_TAIL = 240  # characters: where a closing attribution may begin, so a long line is read once


def _dash_quotes_as_quotes(line: str) -> str:
    """`– Quote, says X.` as `" Quote,"says X.` (the same length): a dash-opened quote made a quote."""
    if '"' in line or not _DASH_OPENS.search(line):
        return line
    dashes = [m.end() - 1 for m in _DASH_OPENS.finditer(line)]
    tail_from = max(len(line) - _DASH_TAIL, 0)
    for comma in [m.start() + tail_from for m in re.finditer(r",\s", line[tail_from:])][::-1]:
        if not _DASH_ATTRIBUTION.match(line, comma + 2):
            continue
        at = bisect.bisect_left(dashes, comma) - 1
        if at >= 0:
            chars = list(line)
            chars[dashes[at]], chars[comma + 1] = '"', '"'
            return "".join(chars)
        return line
    return line


_QUOTE_CLOSERS = frozenset(" .,;:!?)-\u2014")


def _single_marks_as_quotes(line: str) -> str:
    """A paragraph that quotes in single marks (British copy: `said: 'This was ...'`), with double ones.

    Only where the paragraph has no double marks (inside them single marks are quotes within a
    quote), and only in pairs: a mark after a space or the start, before a letter, opens; the next mark
    after a non-space, before a space, punctuation or the end, closes. Apostrophes inside words are
    neither. A doubled mark (`''That means ...,''`, old newspaper archives) is one double mark.
    """
    if '"' in line or "'" not in line:
        return line
    chars = list(line)
    if "''" in line:
        for at in range(len(chars) - 1):
            if chars[at] == chars[at + 1] == "'":
                after = chars[at + 2] if at + 2 < len(chars) else ""
                chars[at], chars[at + 1] = (" ", '"') if after.isalnum() else ('"', " ")
        line = "".join(chars)
        if '"' in line:
            return line
    open_at = None
    for at, char in enumerate(chars):
        if char != "'":
            continue
        before = chars[at - 1] if at else " "
        after = chars[at + 1] if at + 1 < len(chars) else " "
        if open_at is None and before in " ([\u2014-" and after.isalnum():
            open_at = at
        elif open_at is not None and not before.isspace() and after in _QUOTE_CLOSERS:
            chars[open_at] = chars[at] = '"'
            open_at = None
    if open_at is not None and not line[:open_at].strip() and line[open_at + 1 : open_at + 2].isupper():
        # A paragraph of a quote that goes on in the next one opens with a mark and does not close it.
        chars[open_at] = '"'
    return "".join(chars)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for line in text.split("\n"):
        if line.strip():
            yield position, line
        position += len(line) + 1


def _blank_all(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span (start <= end, within it) replaced by as many spaces, in one pass."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        pieces += [text[done:start], " " * (end - start)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


_SENTENCE_OPENERS = frozenset(
    "The He She They It We I But And This That These Those There Its His Her Their Our However "
    "Meanwhile".split()
)


_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")
_FIRST_WORD = re.compile(r"[A-Za-z]+")


_NOT_SPACE = re.compile(r"\S")


def _is_word_or_dot(char: str) -> bool:
    """What `[\\w.]` matches."""
    return char.isalnum() or char in "_."


def _sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, shifted by offset; abbreviations and initials do not end one.

    Linear in the text: each candidate end looks only at the word before it and the character after
    the spaces that follow it, never at the whole sentence so far (a run of "A. A. A." stays cheap).
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        word_start = match.start()
        while word_start > start and _is_word_or_dot(text[word_start - 1]):
            word_start -= 1
        token = text[word_start : match.start()].lower().rstrip(".")
        next_word = _NOT_SPACE.search(text, end)
        following_at = next_word.start() if next_word else len(text)
        first = text[following_at : following_at + 1]
        if match.group(0) == ".":
            if token in ABBREVIATIONS or len(token) == 1:
                continue
            if _ACRONYM.fullmatch(token):
                # "to the U.S. The ministry said": an abbreviation that ends a sentence, before the next.
                opener = _FIRST_WORD.match(text, following_at)
                if not (opener and opener.group(0) in _SENTENCE_OPENERS):
                    continue
            if first.islower() or first.isdigit():
                continue
        if not first or first.isupper() or first in "\"'(":
            if text[start:end].strip():
                spans.append(_trim(text, start, end, offset))
            start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text), offset))
    return spans


def _trim(text: str, start: int, end: int, offset: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start + offset, end + offset
