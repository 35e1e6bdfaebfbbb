"""Intake (claims.intake.extraction): statements, direct quotes and reported speech with their
attribution ("X said", "said X", "according to X", "..., X said.").
"""

import re
from dataclasses import dataclass

from claims.intake.clauses import (
    PARTICIPLE_AFTER_IN,
    PARTICIPLE_CLAUSE,
    PARTICIPLE_OPENING,
    has_auxiliary,
    has_finite_verb,
    is_fragment,
)
from claims.intake.findings import body_speaker, finding
from claims.intake.patterns import (
    _AUX,
    _DATELINE,
    _DEFINITE,
    _LEADING_ADJUNCT,
    _NAME_RE,
    _ORG,
    _ORG_OF_LIST,
    _PRONOUN,
    _SUBJECT,
    _VERB,
    NAME,
    THAT_VERBS,
    Speaker,
    _verb_ends_at,
)
from claims.intake.referents import _resolve
from claims.intake.sentences import _NOT_SPACE, _sentences, _trim
from claims.intake.speaker_names import BEFORE_A_NAME
from claims.intake.speakers import Registry, _skip_name

# --- Statements --------------------------------------------------------------------------


@dataclass
class _Statement:
    text: str
    start: int
    end: int
    speaker: Speaker | None
    # Said by someone the text names in a way not resolved ("the presidential office said"): not the
    # last speaker's, whoever that was.
    is_attributed: bool = False
    # Read and set aside (an interviewer's turn): no claim, and no other reading of it either.
    is_withheld: bool = False


def _subject_then_verb(segment: str):
    """'X said in an interview' / 'said X, the title' at the start of a segment: (subject, rest)."""
    match = re.match(
        rf"^\s*(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,90}},)?\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$",
        segment,
        re.S,
    )
    if match:
        # "The lead for roads policing, Chief Constable Suzette Davenport, said:": the name, not the role.
        return _named_in(match.group("app")) or match.group("subj"), match.group("verb"), match.group("rest")
    match = _ROLE_COMMA_NAME_SAID.match(segment)
    named = _named_in(match.group("app")) if match else None
    if named:
        # "ACPO lead for roads policing, Chief Constable Suzette Davenport, said": any role before the name.
        return named, match.group("verb"), match.group("rest")
    match = re.match(
        rf"^\s*(?P<verb>{_VERB})\s+(?P<subj>{_SUBJECT})(?P<rest>(?:[,\s][^\"]*)?)$", segment, re.S
    )
    if match:
        rest = match.group("rest")
        role_then_name = _ROLE_THEN_NAME.match(rest)
        if role_then_name:
            # "says AccuWeather senior meteorologist Jason Nicholls": the firm, a role, then the person.
            group = "name" if role_then_name.group("name") else "capname"
            subject = match.group("subj") + rest[: role_then_name.end(group)]
            return subject, match.group("verb"), rest[role_then_name.end(group) :]
        return match.group("subj"), match.group("verb"), rest
    return None


_ROLE_COMMA_NAME_SAID = re.compile(
    rf"^\s*[^,\"]{{2,80}}(?P<app>,\s+[^,\"]{{2,60}},)\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$", re.S
)
# "says AccuWeather senior meteorologist Jason Nicholls," (lowercase role words, then the name at the
# end or before a comma) or "said ACI Director General Robert J Aaronson in a statement" (capitalised
# post words and initials, then the name before a comma, the end or "in/on/at ..."). A lowercase word
# such as "about", "alongside" or "beside" never joins a second person's name to the speaker's.
_NOT_A_LINK = (
    r"(?!(?:in|on|at|to|for|of|with|from|by|about|alongside|beside|after|before|during|and|or|but|as|when|"
    r"while|quoting|echoing|under|over|against|among|between|near|than|via)\b)"
)
_ROLE_THEN_NAME = re.compile(
    rf"\s+(?:(?:{_NOT_A_LINK}[a-z][\w-]*\s+){{1,4}}(?P<name>{NAME})\s*(?=,|[.!?]?\s*$)"
    rf"|(?:(?!(?:In|On|At|For|To|By|From|With)\b)[A-Z][\w'’.&-]*\s+){{1,4}}?(?P<capname>{NAME})\s*"
    r"(?=,|[.!?]?\s*$|\s+(?:in|on|at|during|after|before|when|while|to|via|from)\b))"
)


def _quotes(paragraph: str) -> list[tuple[int, int]]:
    """Inner spans of "double-quoted" passages; an unclosed one runs to the paragraph's end."""
    marks = [m.start() for m in re.finditer('"', paragraph)]
    spans = []
    for i in range(0, len(marks), 2):
        open_at = marks[i]
        close_at = marks[i + 1] if i + 1 < len(marks) else len(paragraph)
        spans.append((open_at + 1, close_at))
    return spans


def _is_speech(paragraph: str, start: int, end: int) -> bool:
    """A quote someone said, not a phrase in scare quotes ("called it "irresponsible"")."""
    inner = paragraph[start:end].strip()
    if len(inner.split()) < 3:
        return False
    before_end = max(start - 1, 0)  # what comes before the opening mark, without its spaces
    while before_end > 0 and paragraph[before_end - 1].isspace():
        before_end -= 1
    following = _NOT_SPACE.search(paragraph, end + 1) if end < len(paragraph) else None
    after = following.group(0) if following else ""
    opens_sentence = (
        not before_end or paragraph[before_end - 1] in '.!?:,"' or _verb_ends_at(paragraph, before_end)
    )
    # '"... 10,000 daily" - Health Minister Adam Niedzielski said': a dash after the quote, too.
    ends_clause = inner[-1] in ",.!?-—" or after in {",", ".", "", "-", "–", "—"} or end >= len(paragraph)
    return bool(opens_sentence and ends_clause)


_READ_DOCUMENT = re.compile(
    r"^\s*read\s+(?P<doc>(?:the|a|an|its|his|her|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:statement|email|e-mail|letter|note|post|release|message|memo))$"
)


def _attribution_after(paragraph: str, start: int, stop: int):
    """`," Lutnick said in an interview.` / `," said Dr. Naomi Fischer, the author.` after a quote.

    Returns (subject, verb, end of the attribution, whether it ends with a comma, its sentence).
    """
    lead = re.match(r"^\s*[,.!?]?\s*(?:[-–—]\s+)?", paragraph[start:stop])
    begin = start + lead.end()
    spans = _sentences(paragraph[begin:stop])
    if not spans:
        return None
    sentence = paragraph[begin : begin + spans[0][1]]
    head = re.split(r",\s", sentence, maxsplit=1)[0].rstrip(" .!?,;:")
    found = _subject_then_verb(head)
    if not found:
        # '," read the company email.': the document speaks for whoever it is from.
        document = _READ_DOCUMENT.match(head)
        found = (document.group("doc"), "read", "") if document else None
    if not found:
        return None
    head_end = begin + len(head)
    comma_then_quote = (
        paragraph[head_end:stop].strip() in {",", ""} and paragraph[head_end:stop].strip() == ","
    )
    return found[0], found[1], begin + spans[0][1], comma_then_quote, sentence


def _attribution_before(paragraph: str, quote_open: int):
    """`Ahn told reporters: "` / `According to X, "` / `X stated, "` before a quote: the subject."""
    before = paragraph[:quote_open]
    # The sentence the quote opens in: "U.S." and "Mr." do not end one. (Read from a window, so a long
    # paragraph of quotes stays linear.)
    window = max(len(before) - 1000, 0)
    spans = _sentences(before[window:], window)
    cut = max(spans[-1][0] - 1 if spans else -1, before.rfind('" '))
    lead = before[cut + 1 :] if cut >= 0 else before
    if lead.rstrip().endswith((".", "!", "?")):
        return None  # a sentence of its own ('," said Governor Beshear.'), not what opens this quote
    text = lead.strip(" ,:")
    adjunct = _LEADING_ADJUNCT.match(text)
    if adjunct:
        text = text[adjunct.end() :]
    if not text:
        return None
    according = re.match(r"^[Aa]ccording to\s+(?P<subj>[^,]+)$", text)
    if according:
        return according.group("subj"), len(before) - len(lead)
    found = _subject_then_verb(text)
    if not found:
        # "East Hampshire's Tory MP, who took over the brief in January, told The Herald:": the
        # relative clause describes the subject.
        relative = _RELATIVE_CLAUSE.sub("", text, count=1)
        found = _subject_then_verb(relative) if relative != text else None
    if not found:
        # "The Governor ..., Ernest Addison addressing the media on Monday, July 25, 2022, said": the
        # name before a participle's phrase speaks.
        participle = _NAME_THEN_PARTICIPLE.search(text)
        if participle:
            return participle.group("name"), len(before) - len(lead) + participle.start("name")
    if found and not found[2].strip(" ,:"):
        return found[0], len(before) - len(lead)
    # "X said in a statement:", "X told reporters,"; a longer adjunct only right before the quote ("X, the
    # title, said in a CNBC interview on the 15th (local time), "...""), never a clause of its own.
    introduces = lead.rstrip().endswith((",", ":"))
    limit = 16 if introduces else 8
    if found and len(found[2].split()) <= limit and not re.search(r"\bthat\b", found[2]):
        return found[0], len(before) - len(lead)  # "X said in a statement:", "X told reporters,"
    return None


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which)\s+[^,\"]{2,120},")
_NAME_THEN_PARTICIPLE = re.compile(
    rf"(?P<name>{NAME}),?\s+(?:addressing|speaking|briefing|presenting|responding|reacting|opening|"
    rf"closing|launching|answering)\b[^\"]{{0,120}},\s+{_AUX}{_VERB}\s*$"
)


def _quote_statements(paragraph: str, offset: int, registry: Registry):
    """Statements from the paragraph's direct quotes, the spans their attributions used, the last speaker."""
    statements, used = [], []
    quotes = _quotes(paragraph)
    spans = []
    for i, (start, end) in enumerate(quotes):
        if _is_speech(paragraph, start, end):
            spans.append((start, end))
        elif i + 1 < len(quotes) and paragraph[end - 1 : end] == ",":
            # A short first half of a split quote: "This budget," Haas said, "spends more ..."
            found = _attribution_after(paragraph, end + 1, quotes[i + 1][0] - 1)
            if found and found[3]:
                spans.append((start, end))
    index = 0
    last = None
    while index < len(spans):
        start, end = spans[index]
        parts = [(start, end)]
        next_open = spans[index + 1][0] - 1 if index + 1 < len(spans) else len(paragraph)
        speaker = None
        extra = []
        found = _attribution_after(paragraph, end + 1, next_open)
        is_attributed = bool(found)
        if found:
            subject, _, attribution_end, comma_then_quote, sentence = found
            speaker = _resolve(subject, registry, offset + start)
            used.append((end + 1, attribution_end))
            if comma_then_quote and paragraph[end - 1 : end] in {",", "-", "—"} and index + 1 < len(spans):
                index += 1
                parts.append(spans[index])
            adding = PARTICIPLE_CLAUSE.search(sentence)
            if adding and speaker is not None:
                clause_at = attribution_end - len(sentence) + adding.end()
                found_clause = _span_statement(paragraph, offset, clause_at, attribution_end, speaker)
                if found_clause:
                    extra.append(found_clause)
        if speaker is None:
            before = _attribution_before(paragraph, start - 1)
            if before:
                is_attributed = True
                speaker = _resolve(before[0], registry, offset + before[1])
                if speaker is not None:
                    used.append((before[1], start - 1))
        if speaker is None and last is not None and not is_attributed:
            speaker = last  # a quote that goes on from the last speaker
        if speaker is not None:
            registry.mention(speaker, offset + parts[-1][1])
            last = speaker
        sentences = _statement_sentences(paragraph, parts, offset, speaker)
        for statement in sentences:
            statement.is_attributed = is_attributed
        statements.extend(sentences)
        statements.extend(extra)
        for part in parts:
            used.append((part[0] - 1, min(part[1] + 1, len(paragraph))))
        index += 1
    return statements, used, last


_JOINING_WORDS = ("and", "but", "or", "so", "because", "which", "who", "although", "though", "while", "yet")


def _statement_sentences(paragraph: str, parts, offset: int, speaker) -> list[_Statement]:
    """The sentences of a (possibly split) quote, each a statement."""
    if len(parts) == 1:
        start, end = parts[0]
        return [
            _Statement(paragraph[s:e], s + offset, e + offset, speaker)
            for s, e in _sentences(paragraph[start:end], start)
            if paragraph[s:e].strip()
        ]
    first, second = parts[0], parts[1]
    head = paragraph[first[0] : first[1]]
    tail = paragraph[second[0] : second[1]]
    head_sentences = _sentences(head, first[0])
    tail_sentences = _sentences(tail, second[0])
    statements = [_Statement(paragraph[s:e], s + offset, e + offset, speaker) for s, e in head_sentences[:-1]]
    last_head = head_sentences[-1] if head_sentences else first
    first_tail = tail_sentences[0] if tail_sentences else second
    head_text = paragraph[last_head[0] : last_head[1]].rstrip()
    tail_text = paragraph[first_tail[0] : first_tail[1]].lstrip()
    if head_text.endswith(",") and not tail_text.lower().startswith(_JOINING_WORDS):
        head_text = head_text[:-1]
    statements.append(
        _Statement(f"{head_text} {tail_text}", last_head[0] + offset, first_tail[1] + offset, speaker)
    )
    statements += [_Statement(paragraph[s:e], s + offset, e + offset, speaker) for s, e in tail_sentences[1:]]
    return statements


def _reported_statements(paragraph: str, offset: int, registry: Registry) -> list[_Statement]:
    """Statements in reported speech: "X said that ...", "..., X said.", "According to X, ..."."""
    statements = []
    for start, end in _sentences(paragraph):
        sentence = paragraph[start:end]
        if not sentence.strip() or '"' in sentence.strip()[:1]:
            continue
        statements.extend(_reported_in_sentence(sentence, start + offset, registry))
    return statements


def _span_statement(sentence: str, base: int, start: int, end: int, speaker) -> _Statement | None:
    while start < end and sentence[start] in " ,;:":
        start += 1
    while end > start and sentence[end - 1] in " ,;:":
        end -= 1
    start, end = _unquoted(sentence, start, end)
    text = sentence[start:end]
    if len(text.split()) < 3 or is_fragment(text):
        return None  # "regarding the H20 chip": an adjunct, not a clause anyone claimed
    return _Statement(text, base + start, base + end, speaker)


# `said the remark "is not factual"`: what was said is the quote, not the words that point at it.
_POINTING_AT_A_QUOTE = re.compile(
    r"(?:the|this|that|his|her|its|their)\s+(?:[\w'-]+\s+)?(?:remarks?|claims?|comments?|statements?|"
    r"assertions?|allegations?|accusations?|charges?|suggestions?|arguments?|words)\s+(?:(?:was|were|is|are)\s+)?",
    re.IGNORECASE,
)


def _unquoted(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quote marks that enclose all of it (`"... to the U.S."` -> `... to the U.S.`).

    A quote that is only part of the statement (`the plan is "a disaster" for farmers`) stays.
    """
    text = sentence[start:end]
    lead = _POINTING_AT_A_QUOTE.match(text)
    opening = lead.end() if lead and text[lead.end() :].startswith('"') else 0
    if not text[opening:].startswith('"'):
        return start, end
    close = text.find('"', opening + 1)
    if close < 0:
        return _trim(sentence, start + opening + 1, end, 0)  # the quote goes on past this sentence
    if text[close + 1 :].strip(" .,;:!?"):
        return start, end
    return _trim(sentence, start + opening + 1, start + close, 0)


_ACCORDING_FIRST = re.compile(
    rf"^[Aa]ccording to\s+(?P<subj>(?:the\s+)?{_ORG_OF_LIST}|[^,]+),\s+(?:(?P<name>{NAME}),\s+)?"
    r"(?:(?P<app>(?:an?|one\s+of|the)\s+[^,\"]{2,90}),\s+)?(?P<clause>.+)$",
    re.S,
)
_SUBJECT_SAID = re.compile(
    rf"^(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,120}},)?\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$", re.S
)


_ACCORDING_THEN_PRONOUN = re.compile(
    rf"(?:^|,\s+)[Aa]ccording\s+to\s+(?P<subj>{_ORG}|{NAME})\s+(?P<clause>(?:they|it|he|she|we|there)\s+[a-z]\w*\s.+)$",
    re.S,
)
_NAME_WHO_SAID = re.compile(
    rf"^(?:[Tt]he|[Ii]ts|[Tt]heir|[Aa]n?)\s+[^,\"]{{2,80}},\s+(?:[A-Z]{{2,5}}\s+)?(?P<name>{NAME}),?\s*who\s+"
    rf"[^\"]{{2,160}}?,?\s+"
    rf"(?P<verb>{_VERB})\b"
)
_CLAUSE_THEN_SUBJECT_SAID = re.compile(
    rf",(?:\s+|(?=[a-z]))(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,120}},)?\s+{_AUX}(?P<verb>{_VERB})\b"
    r"(?P<tail>[^,]*)(?:,\s*(?P<more>.+)|,\s*)?$",
    re.S,
)


# After the verb, a body, its initials, "the ministry", or a name alone (a longer run of capitalised
# words, "Credit Suisse Chief US Economist Ray Farris", is left to the parser).
_SAID_BY = rf"(?:(?:the\s+)?[A-Z]{{2,6}}|{_ORG}|{_DEFINITE}|{NAME})"
# "reported net sales of ...", "announced a loss of ...": a verb of reporting with a figure as its object.
_REPORTS_AN_OBJECT = re.compile(
    r"(?:reported|announced|posted|recorded|disclosed|revealed|confirmed)\s+"
    r"(?!(?:on|in|at|during|after|before|since|by|to|with|from|for|last|this|next|yesterday|today|earlier|"
    r"later|that|it|this|on)\b)[^,]*\d"
)
_CLAUSE_THEN_SAID_SUBJECT = re.compile(
    rf",\s+(?P<verb>{_VERB})\s+(?P<subj>{_SAID_BY})(?:,\s+[^,\"]{{2,120}})?\s*[.!]?\s*$", re.S
)


def _named_in(appositive: str | None) -> str | None:
    """ ", Yusuf Karim," after "The authority's general manager": the name, when the appositive is one."""
    inner = (appositive or "").strip(" ,")
    words = inner.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in BEFORE_A_NAME:
        words.pop(0)  # "Chief Constable Suzette Davenport", "Dr John Smith": the name after the rank
    inner = " ".join(words)
    return inner if inner and _NAME_RE.fullmatch(inner) and not _skip_name(inner) else None


def _reported_in_sentence(sentence: str, base: int, registry: Registry) -> list[_Statement]:
    stripped = _DATELINE.sub("", sentence)
    lead = len(sentence) - len(stripped)
    adjunct = _LEADING_ADJUNCT.match(stripped)
    if adjunct:
        lead += adjunct.end()
    body = sentence[lead:]
    # New figures released by X have shown that CLAUSE; a X report found that CLAUSE; CLAUSE, X reports.
    shown = finding(body)
    if shown:
        name, start, end = shown
        speaker = body_speaker(name, registry)
        registry.mention(speaker, base + lead)
        found = _span_statement(sentence, base, lead + start, lead + end, speaker)
        return [found] if found else []
    # According to X, CLAUSE.
    match = _ACCORDING_FIRST.match(body)
    if match:
        subject = match.group("name") or match.group("subj")
        speaker = _resolve(subject, registry, base + lead)
        clause_start = lead + match.start("clause")
        app = match.group("app") or ""
        if app and (has_auxiliary(app) if app.lower().startswith("one of") else has_finite_verb(app)):
            clause_start = lead + match.start("app")  # not "an agency within ...": a clause of its own
        found = _span_statement(sentence, base, clause_start, len(sentence), speaker)
        return [found] if found and speaker else []
    # "The spokesman of the command, Jane Doe, who spoke to reporters on Monday, said CLAUSE"; "The
    # officer, Mr. Jane Doe who confirmed the story said CLAUSE": the name, whatever the relative clause.
    match = _NAME_WHO_SAID.match(body)
    if match and not _skip_name(match.group("name")):
        speaker = _resolve(match.group("name"), registry, base + lead + match.start("name"))
        clause_start = _clause_start(sentence, lead + match.end("verb"), match.group("verb"))
        if clause_start is not None and speaker is not None:
            return _split_clauses(sentence, base, clause_start, speaker, registry)
    # X said (that) CLAUSE.
    match = _SUBJECT_SAID.match(body)
    if match and not _bad_subject(match.group("subj")):
        speaker = _resolve(
            _named_in(match.group("app")) or match.group("subj"), registry, base + lead + match.start("verb")
        )
        rest_start = lead + match.start("rest")
        clause_start = _clause_start(sentence, rest_start, match.group("verb"))
        if clause_start is not None and speaker is not None:
            return _split_clauses(sentence, base, clause_start, speaker, registry)
        if clause_start is not None:
            return []
    # CLAUSE, X said [ADJUNCT][, MORE].
    for match in _CLAUSE_THEN_SUBJECT_SAID.finditer(body):
        if _bad_subject(match.group("subj")):
            continue
        subject = _named_in(match.group("app")) or match.group("subj")
        # "he" in "CLAUSE, he said" is someone named before the clause, not a name inside it (as for
        # a quote before "he said").
        at = lead if subject.lower() in {"he", "she", "they"} else lead + match.start("verb")
        speaker = _resolve(subject, registry, base + at)
        if speaker is None:
            continue
        if re.search(r"\bthat\s", match.group("tail")):
            # "Just last week, the health secretary claimed that CLAUSE": the clause follows the verb.
            clause_start = _clause_start(sentence, lead + match.start("tail"), match.group("verb"))
            if clause_start is not None:
                return _split_clauses(sentence, base, clause_start, speaker, registry)
        if _REPORTS_AN_OBJECT.match(match.group("verb") + match.group("tail")):
            # "For the year ended June 30, the Company reported net sales of $28.9 million, compared
            # with ...": what was reported is the verb's object, not the adjunct before it.
            found = _span_statement(sentence, base, lead + match.start("subj"), len(sentence), speaker)
            return [found] if found else []
        head = _span_statement(sentence, base, lead, lead + match.start(), speaker)
        if head is None:
            return []
        more = match.group("more")
        participle = re.match(rf"\s*{PARTICIPLE_OPENING}", more or "")
        if participle:
            # "CLAUSE, X said on Monday, adding that CLAUSE": two statements.
            second_at = lead + match.start("more") + participle.end()
            second = _span_statement(sentence, base, second_at, len(sentence), speaker)
            return [head, second] if second else [head]
        if more and not re.match(rf"^(?:{_VERB}|who|which|adding|noting)\b", more.strip()):
            return [
                _Statement(f"{head.text}, {more.strip()}", head.start, base + lead + match.end(), speaker)
            ]
        return [head]
    # CLAUSE, confirmed the ministry. / CLAUSE, said Jane Doe, the ministry's spokeswoman.
    match = _CLAUSE_THEN_SAID_SUBJECT.search(body)
    if (
        match
        and match.group("verb") not in {"told", "tells", "informed"}
        and not _bad_subject(match.group("subj"))
    ):
        speaker = _resolve(match.group("subj"), registry, base + lead + match.start("subj"))
        if speaker is not None:
            found = _span_statement(sentence, base, lead, lead + match.start(), speaker)
            return [found] if found else []
    # ADJUNCT, according to X they CLAUSE (no comma after X: the clause opens with a pronoun).
    match = _ACCORDING_THEN_PRONOUN.search(body)
    if match:
        speaker = _resolve(match.group("subj"), registry, base + lead + match.start("subj"))
        if speaker is not None:
            found = _span_statement(sentence, base, lead + match.start("clause"), len(sentence), speaker)
            return [found] if found else []
    # CLAUSE, according to X.
    match = re.match(
        rf"^(?P<clause>.+?),?\s+according to\s+(?P<subj>(?:the\s+)?{_ORG_OF_LIST}|[^,]+?)(?:,.*)?[.!]?$",
        body,
        re.S,
    )
    if match:
        speaker = _resolve(match.group("subj"), registry, base + lead)
        if speaker is not None:
            found = _span_statement(sentence, base, lead, lead + match.end("clause"), speaker)
            return [found] if found else []
    # X did something, stating that CLAUSE; X took pride in noting that CLAUSE.
    participle = PARTICIPLE_CLAUSE.search(body) or PARTICIPLE_AFTER_IN.search(body)
    if participle:
        subject = _SUBJECT_ACTS.match(body, 0, participle.start())
        if subject and not _bad_subject(subject.group("subj")):
            speaker = _resolve(
                _named_in(subject.group("app")) or subject.group("subj"), registry, base + lead
            )
            if speaker is not None:
                found = _span_statement(sentence, base, lead + participle.end(), len(sentence), speaker)
                return [found] if found else []
    return []


# The sentence's subject before a verb that is not one of saying ("X appeared on TV, stating that ...").
_SUBJECT_ACTS = re.compile(rf"(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,120}},)?\s+{_AUX}[a-z]")


def _bad_subject(subject: str) -> bool:
    first = subject.split()[0].lower()
    if first in {"the", "a", "an"} and len(subject.split()) == 1:
        return True  # "The reported crime declines ...": a report verb used as an adjective
    # "If Mr Dobson had announced ...": a condition, not an attribution.
    return first in {
        "it",
        "this",
        "that",
        "there",
        "what",
        "which",
        "who",
        "i",
        "we",
        "you",
        "if",
        "unless",
        "whether",
    }


_DATE_FIRST = re.compile(
    r"\s+(?:on\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?(?=\s)"
)


def _clause_start(sentence: str, rest_start: int, verb: str) -> int | None:
    """Where the reported clause begins after the verb (after "that" when there is one)."""
    rest = sentence[rest_start:]
    if not rest.strip(" .!?"):
        return None
    date = _DATE_FIRST.match(rest)
    if date:
        rest_start += date.end()  # "Nvidia said July 14 it's preparing ...": the date is no part of it
        rest = sentence[rest_start:]
    that = re.search(r"\bthat\s+", rest[:160])
    participle = PARTICIPLE_CLAUSE.search(rest[:160]) if that else None
    if participle and participle.start() < that.start():
        that = None  # "said the sales resumed, arguing that ...": the "that" is the participle's
    if that and has_finite_verb(f"- {rest[: that.start()]}"):
        that = None  # "says this is further proof that ...": the clause began before it
    words_before_that = len(rest[: that.start()].split()) if that else 99
    if that and words_before_that <= 12 and '"' not in rest[: that.start()]:
        return rest_start + that.end()
    if " ".join(verb.lower().split()) in THAT_VERBS:
        return None  # "highlighted the urgent action ...": an object, not a clause, without "that"
    if verb.startswith("told") or verb.startswith("tells"):
        # "told reporters", "told the board on Monday": an audience, then (maybe) the clause.
        audience = re.match(r"^\s+(?:[\w'-]+\s+){0,8}?(?=(?:that\b|on\s|in\s|at\s|,|\.))", rest)
        named = _TOLD_AUDIENCE.match(rest)
        if named and not re.match(r"\s*that\b", rest[named.end() :]):
            # "told Bloomberg the sale "was all part of a mosaic"", "told US lawmakers in June there was":
            # an audience, then a clause without "that".
            clause = rest[named.end() :]
            if re.match(r"[a-z]", clause) and has_finite_verb(f"- {clause[:80]}"):
                return rest_start + named.end()
        if not audience:
            return None
        tail = rest[audience.end() :]
        if not re.match(r"^\s*that\b", tail):
            return None
        return rest_start + audience.end() + re.match(r"^\s*that\s+", tail).end()
    if re.match(
        r"^\s*(?:(?:on|in|at|during|with|after|before|last|earlier|to)\b|by\s+(?:the\s+)?[A-Z]|"
        r"this\s+(?:week|month|year|morning|"
        r"afternoon|evening|weekend|spring|summer|autumn|fall|winter|quarter|time)\b)",
        rest,
    ):
        return None
    if re.match(r"^\s*[,:]?\s*$", rest):
        return None
    return rest_start


_TOLD_AUDIENCE = re.compile(
    r"\s+(?:(?:[A-Z][\w.&'’-]*\s+){1,3}?|(?:(?:US|U\.S\.|the|a|an)\s+)?(?:reporters|lawmakers|journalists|"
    r"senators|legislators|investors|analysts|parliament|congress|the\s+\w+)\s+)"
    r"(?:(?:in|on|at|last|this|earlier)\s+[\w.]+(?:\s+\d{1,2})?\s+)?"
)


def _split_clauses(sentence: str, base: int, start: int, speaker, registry) -> list[_Statement]:
    """Two reported clauses in one sentence are two statements.

    "the cuts would fall on managers and that X hired 5,000"; "..., but she added that ...".
    """
    statements = []
    text = sentence[start:]
    cursor = 0
    current = speaker
    for match in re.finditer(
        rf"(?:,\s*)?\b(?:and|but)\s+(?:(?P<subj>{_PRONOUN}|{NAME})\s+{_AUX}(?P<verb>{_VERB})\s+)?that\s+"
        rf"|{PARTICIPLE_CLAUSE.pattern}",
        text,
    ):
        found = _span_statement(sentence, base, start + cursor, start + match.start(), current)
        if found:
            statements.append(found)
        if match.group("subj"):
            current = _resolve(match.group("subj"), registry, base + start + match.start()) or current
        cursor = match.end()
    found = _span_statement(sentence, base, start + cursor, len(sentence), current)
    if found:
        statements.append(found)
    return statements
