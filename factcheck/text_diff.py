"""Word-level differences between two texts, for people reading them (the history, the review).

Rules:
- Words, spaces and punctuation are the units: a changed number shows as that number removed and
  the new one added, not as two whole paragraphs.
- Long unchanged stretches are collapsed to a few words of context on each side, with how many
  words were left out; the changes themselves are never cut.
- The result is plain data (segments of text with a kind); templates render it with autoescaping,
  so nothing in the compared texts can become markup.

Python's difflib does the alignment (no dependency); its SequenceMatcher runs without the
"popular element" heuristic, which would otherwise treat frequent words ("the", spaces) as junk in
long texts and misalign them.
"""

import difflib
import re
from dataclasses import dataclass, field

EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"

# A word (letters, digits, and the joiners inside numbers and words: 8.5, don't, e-mail), a run of
# white space, or any other single character.
_TOKEN = re.compile(r"\w+(?:[.,'’\-]\w+)*|\s+|[^\w\s]", re.UNICODE)

# How many words of unchanged text stay visible around a change.
CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Segment:
    kind: str  # equal, insert, delete, or skip (unchanged words left out)
    text: str = ""
    words: int = 0  # for a skip: how many words were left out


@dataclass
class TextDiff:
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.kind in (INSERT, DELETE) for s in self.segments)

    def as_text(self) -> str:
        """A plain rendering for logs and tests: [-removed-]{+added+}, … for left-out words."""
        marks = {EQUAL: "{}", INSERT: "{{+{}+}}", DELETE: "[-{}-]", SKIP: "…"}
        return "".join(marks[s.kind].format(s.text) for s in self.segments)


def tokens(text: str | None) -> list[str]:
    """The units compared: words (with the joiners inside them), runs of white space, other characters."""
    return _TOKEN.findall(text or "")


def word_opcodes(old: list[str], new: list[str]) -> list:
    """difflib's opcodes from the tokens `old` to `new`, with changes separated only by white space
    joined into one."""
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return opcodes
    return _spaces_joined(opcodes, old)


def _is_word(token: str) -> bool:
    return not token.isspace()


def _word_count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if _is_word(t))


def _keep_words(tokens: list[str], n: int, *, from_end: bool) -> int:
    """How many tokens hold the first (or last) `n` words of `tokens`."""
    seen = 0
    order = range(len(tokens) - 1, -1, -1) if from_end else range(len(tokens))
    for taken, i in enumerate(order, start=1):
        if _is_word(tokens[i]):
            seen += 1
            if seen > n:
                return taken - 1
    return len(tokens)


def _collapse(tokens: list[str], *, head: bool, tail: bool, context: int) -> list[Segment]:
    """An unchanged stretch: all of it when short, else `context` words next to each change."""
    keep_head = _keep_words(tokens, context, from_end=False) if head else 0
    keep_tail = _keep_words(tokens, context, from_end=True) if tail else 0
    if keep_head + keep_tail >= len(tokens):
        return [Segment(EQUAL, "".join(tokens))]
    middle = tokens[keep_head : len(tokens) - keep_tail]
    hidden = _word_count(middle)
    if hidden <= 2:  # leaving out a word or two saves nothing and reads worse
        return [Segment(EQUAL, "".join(tokens))]
    segments = []
    if keep_head:
        segments.append(Segment(EQUAL, "".join(tokens[:keep_head])))
    segments.append(Segment(SKIP, words=hidden))
    if keep_tail:
        segments.append(Segment(EQUAL, "".join(tokens[len(tokens) - keep_tail :])))
    return segments


def word_diff(before: str | None, after: str | None, *, context: int | None = CONTEXT_WORDS) -> TextDiff:
    """The word-level difference from `before` to `after`.

    With `context`, unchanged text farther than that many words from a change is collapsed
    (a skip segment says how many words); `context=None` keeps all of it.
    """
    old, new = tokens(before), tokens(after)
    opcodes = word_opcodes(old, new)
    if all(tag == "equal" for tag, *_ in opcodes):
        return TextDiff(segments=[Segment(EQUAL, before)] if before else [])
    segments: list[Segment] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            stretch = old[i1:i2]
            if context is None:
                segments.append(Segment(EQUAL, "".join(stretch)))
            else:
                segments.extend(
                    _collapse(stretch, head=index > 0, tail=index < len(opcodes) - 1, context=context)
                )
            continue
        if i2 > i1:
            segments.append(Segment(DELETE, "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment(INSERT, "".join(new[j1:j2])))
    return TextDiff(segments=_merged(segments))


def _spaces_joined(opcodes: list, old: list[str]) -> list:
    """Changes separated only by white space read as one change: "[-last year-]{+in 2024+}", not
    "[-last-]{+in+} [-year-]{+2024+}". Returns the opcodes with such runs merged into one replace."""
    joined: list = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if tag == "equal" and between_changes and all(t.isspace() for t in old[i1:i2]):
            tag = "replace"
        if tag != "equal" and joined and joined[-1][0] != "equal":
            _, pi1, _, pj1, _ = joined[-1]
            joined[-1] = ("replace", pi1, i2, pj1, j2)
        else:
            joined.append((tag, i1, i2, j1, j2))
    return joined


def value_change(before, after) -> TextDiff:
    """A short value that changes as a whole (a rating, a date, a person): the old one removed, the
    new one added, never spliced word by word."""
    segments = []
    if before not in (None, ""):
        segments.append(Segment(DELETE, str(before)))
    if after not in (None, ""):
        segments.append(Segment(INSERT, str(after)))
    return TextDiff(segments=segments)


def _merged(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments of one kind as one (difflib splits runs at white space it matched)."""
    out: list[Segment] = []
    for segment in segments:
        if out and out[-1].kind == segment.kind and segment.kind != SKIP:
            out[-1] = Segment(segment.kind, out[-1].text + segment.text)
        else:
            out.append(segment)
    return out
