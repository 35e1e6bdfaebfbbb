"""Intake (claims.intake.quotes): what a named body's figures, report or data show.

A desk logs these as the body's statements (the annotators' rule: figures a text cites from a named
body's publication are the body's):
- "new figures released by NHS Digital have shown that CLAUSE", "a UNICEF report found that CLAUSE",
  "data published by the Office for National Statistics show CLAUSE";
- "CLAUSE, new figures released by NHS Digital have shown." (the finding first), and
  "CLAUSE, AccuWeather reports.".

The body must be named by capitalised words ("NHS Digital", "UNICEF"); "a report found" alone names
no one.
"""

import re

from claims.intake.patterns import Speaker

_BODY = r"(?P<body>(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and|on)\s+)?[A-Z][\w.&'’-]*){0,6})"
_DOCUMENT = r"(?i:figures|data|statistics|numbers|report|study|survey|analysis|research|results)"
_SHOWING = (
    r"(?:(?:that|which)\s+)?(?:(?:have|has|had)\s+)?"
    r"(?:shown|showed|shows?|found|finds|revealed|reveals?|indicated|indicates?)"
)
_RELEASED = r"(?:released|published|issued|compiled|collected)"
# "new figures released by NHS Digital have shown (that)" / "a UNICEF report found that"
_BY_BODY = (
    rf"(?:(?:[Nn]ew|[Tt]he\s+latest|[Oo]fficial|[Rr]ecent)\s+)?(?:[A-Z][\w'’-]*\s+){{0,6}}?{_DOCUMENT},?\s+"
    rf"{_RELEASED}\s+(?:\w+\s+){{0,2}}?by\s+{_BODY},?"
)
_BODYS = rf"(?:[Aa]n?|[Tt]he)\s+{_BODY}\s+{_DOCUMENT}"
# "the latest figures from the Residential Tenancies Board (RTB) show", "data from Eurostat showed"
_FROM_BODY = (
    rf"(?:(?:[Nn]ew|[Tt]he|[Ll]atest|[Oo]fficial|[Rr]ecent|[Pp]reliminary|[Pp]rovisional)\s+)*{_DOCUMENT}\s+"
    rf"from\s+{_BODY}(?:\s+\([A-Z][A-Za-z]{{1,7}}\))?,?"
)
# "ACI statistics show that", "Statistics Norway figures show" opening the sentence: a body by its
# initials or by two or more capitalised words ("Satellite data show" and "Flight data showed" name
# no one: every word of a sentence's start is capitalised).
_BODY_FIRST = (
    r"(?P<body>(?:the\s+)?(?:[A-Z]{2,8}|[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and|on)\s+)?[A-Z][\w.&'’-]*){1,6}))"
    rf"(?:\s+\([A-Z][A-Za-z]{{1,7}}\))?\s+{_DOCUMENT}"
)
# "... showed on Tuesday, just ahead of the consensus": when it was shown, then the reporter's words;
# "showed on Friday that CLAUSE": the time, then the clause.
_WHEN = r"(?:on|in|at|last|this|earlier|yesterday|today)\b"
_WHEN_THEN_THAT = rf"(?:\s+{_WHEN}[^,\"]{{0,40}}?(?=\s+that\b))?"
_FINDINGS = tuple(
    re.compile(pattern, re.S)
    for pattern in (
        rf"^(?P<clause>.+?),\s+{_BY_BODY}\s+{_SHOWING}\s*[.!]?\s*$",
        rf"^(?P<clause>.+?),\s+{_BODY}\s+(?:reports|reported)\s*[.!]?\s*$",
        rf"^(?P<lead>.*?\b{_BY_BODY}\s+{_SHOWING}\s+(?:that\s+)?)(?P<clause>.+)$",
        rf"^(?P<lead>.*?\b{_BODYS}\s+{_SHOWING}\s+(?:that\s+)?)(?P<clause>.+)$",
        rf"^(?P<clause>.+?),\s+{_FROM_BODY}\s+{_SHOWING}(?:\s+{_WHEN}(?:(?!\bthat\b)[^,])*)?(?:,\s.*)?\s*[.!]?\s*$",
        rf"^(?P<lead>.*?\b{_FROM_BODY}\s+{_SHOWING}{_WHEN_THEN_THAT}\s+(?:that\s+)?)(?P<clause>.+)$",
        rf"^(?P<lead>{_BODY_FIRST}\s+{_SHOWING}{_WHEN_THEN_THAT}\s+(?:that\s+)?)(?P<clause>.+)$",
    )
)
# A cheap test first: the words every pattern needs.
_MAY_FIND = re.compile(
    r"\b(?:shown|showed|shows?|found|finds|revealed|reveals?|indicated|indicates?|reports|reported)\b"
)
_LONGEST = 1000  # characters: a longer "sentence" is a page without stops, not one finding
_NOT_BODIES = frozenset(
    """
    the a an it this that these those they he she we i new latest official recent government state
    federal national local police hospital company industry trade preliminary provisional other our their
    """.split()
)


def finding(sentence: str) -> tuple[str, int, int] | None:
    """(the body, where its finding starts, where it ends) in a sentence, or None."""
    if len(sentence) > _LONGEST or not _MAY_FIND.search(sentence):
        return None
    for pattern in _FINDINGS:
        found = pattern.match(sentence)
        if not found:
            continue
        body = re.sub(r"^the\s+", "", found.group("body")).strip()
        if not body or body.lower() in _NOT_BODIES or len(body) < 2:
            continue
        return body, found.start("clause"), found.end("clause")
    return None


def body_speaker(name: str, registry) -> Speaker:
    """The body as the registry knows it, added when it is new."""
    return registry.lookup(name) or registry.add(name, kind="organisation")
