"""Intake: the claims in an article or transcript, each with who said it and how check-worthy it is.

`extract_candidates(text)` reads the text the way news copy attributes speech:

- direct quotes with "X said", "said X", "X said in an interview with Y",
  "X told reporters", "according to X", `X stated, "..."`, and a quote split
  by its attribution (`"The economy," she said, "grew 3 percent."`);
- a quote that follows an attributed one, in the same or the next paragraph,
  continues the same speaker;
- reported speech: "X said (that) ...", "He added that ...", "..., X said.",
  "According to X, ...";
- transcripts: `NAME:` turns (a label in capitals, "NAME, POST, PLACE:" too),
  `Q:`/`A:` interviews, stage directions such as (APPLAUSE) left out; the
  moderator's and the interviewer's turns are not claims;
- print interviews with no labels (an opening that presents the interview and
  the person, then questions and answers as paragraphs of their own);
- a release's "A statement from ..., Dr Jane Doe:" line over the paragraphs
  that are hers, and translated copy's "— said X, ..." / "— he pointed out."
  line under the paragraph it attributes;
- speakers named in full: a surname, "he", "she", "the minister" or "the
  institute" is resolved to the person or body named earlier in the text,
  with the title the text gives them ("Howard Lutnick, the U.S. Secretary of
  Commerce"; "Commerce Secretary Howard Lutnick"; "the ministry's spokesman,
  Kim Jae-won").

News copy as it is written (measured on published texts, bench/intake_real.py):
a long adjunct between "said" and a quote; "..., stating that X" and the
other participles; names in the possessive ("Krishnamoorthi's office said");
"told Bloomberg CLAUSE" without "that"; quotes in single marks; "A Department
of Health spokesman"; adjuncts ("Regarding the H20 chip") are not statements,
and a presenter's remarks are not candidates.

Each statement is scored by claims.intake.checkworthiness. Everything is rule-based
and runs in one pass over the text: 100,000 characters take well under a
second. The article's own narration (what no one is said to have said) is
not offered as a claim.
"""

import bisect
import re
from dataclasses import dataclass, field

from claims.intake import desk
from claims.intake.checkworthiness import assess_and_embed
from claims.intake.datelines import blank_datelines
from claims.intake.parsed import body_prefixes, full_body_names, parser_statements
from claims.intake.patterns import (
    _STAGE_DIRECTION,
    _TRANSCRIPT_LABEL,
    _VERB,
    NAME,
    PLEASANTRY_ONLY,
    Candidate,
    Speaker,
)
from claims.intake.quotes import (
    _attribution_before,
    _quote_statements,
    _quotes,
    _reported_statements,
    _Statement,
)
from claims.intake.referents import _resolve
from claims.intake.sentences import _blank_all, _normalise, _paragraphs, _sentences
from claims.intake.speaker_names import desk_name, name_index, named_by_surname_only
from claims.intake.speakers import Registry, build_registry
from claims.intake.titles import _strip_article
from claims.intake.transcripts import (
    _INTERJECTION,
    CHAIR_LABELS,
    _is_heading,
    _label_speaker,
    _said_opening,
    _transcript_turns,
    answer_body_start,
    has_member_lines,
    header_person,
    is_debate_record_line,
    printed_interview,
    written_answer_speaker,
)

# --- Putting it together ------------------------------------------------------------------------


def _running_quotes(paragraph: str, offset: int, used, reported: list[_Statement]) -> list[_Statement]:
    """The sentences of a quote that opens inside a reported statement and runs on past its sentence.

    `X said the numbers were "great news" and a "real testament to ... economy. We still face
    headwinds. ..."`: the sentences after the first are X's too.
    """
    found = []
    used_starts = {start for start, _ in used}
    ordered = sorted(reported, key=lambda r: r.start)
    starts = [r.start for r in ordered]
    for start, end in _quotes(paragraph):
        if start - 1 in used_starts:
            continue  # a quote read as speech already
        at = bisect.bisect_right(starts, offset + start) - 1  # the statement the quote opens in, if any
        owner = ordered[at] if at >= 0 else None
        if owner is None or owner.speaker is None or not offset + start < owner.end <= offset + end:
            continue
        for s, e in _sentences(paragraph[start:end], start)[1:]:
            if paragraph[s:e].strip():
                found.append(_Statement(paragraph[s:e], offset + s, offset + e, owner.speaker))
    return found


def _statements(text: str, registry: Registry) -> list[_Statement]:
    statements: list[_Statement] = []
    labelled = _transcript_turns(text)
    is_transcript = labelled is not None
    interviewee = None
    if is_transcript:
        interviewee = header_person(text, registry, labelled[0][0]) or next(
            (
                s
                for s in registry.people()
                if not re.search(
                    r"\b(?:presenter|host|moderator|interviewer|anchor|reporter)\b", s.title.lower()
                )
            ),
            None,
        )
    printed = None if is_transcript else printed_interview(text, registry)
    dashed, attribution_lines = ({}, set()) if is_transcript else _dash_attributed(text, registry)
    member_lines = has_member_lines(text)
    turn_speaker, in_turns, in_interviewer_turn = None, False, False
    in_answer = False
    turns: list[_Turn] = []
    previous = None
    first = True
    in_document, last_start = False, 0
    for par_start, paragraph in _paragraphs(text):
        is_headline = first and not re.search(r"[.!?\":]\s*$", paragraph.strip())
        first = False
        if in_document and _STORY_AGAIN.search(paragraph):
            turn_speaker, in_turns, in_document = None, False, False  # the story goes on after it
        if not in_turns and _DOCUMENT_READS.match(paragraph):
            # "The statement reads:": the paragraphs after it are the words of whoever the paragraph
            # before named first (the one who gave it), up to the story's next quote or attribution.
            at = bisect.bisect_left(registry.mentions, (last_start, -1), key=lambda m: (m[0], m[1]))
            gave = (
                registry.mentions[at][2]
                if at < len(registry.mentions) and registry.mentions[at][0] < par_start
                else None
            )
            if gave is not None:
                turn_speaker, in_turns, in_document = gave, True, True
                turns.append(_Turn(turn_speaker))
                last_start = par_start
                continue
        giver = _statement_from(paragraph, par_start, registry) if not in_turns else None
        if giver is not None:
            # "A statement from the Authority's Chairman, Dr Russell Reichelt:" on a line of its own:
            # the paragraphs after it are that person's, up to the story's next quote or attribution.
            turn_speaker, in_turns, in_document = giver, True, True
            turns.append(_Turn(turn_speaker))
            last_start = par_start
            continue
        last_start = par_start
        if par_start in attribution_lines:
            continue  # "— he pointed out.": said of the paragraph before it
        if par_start in dashed:
            registry.mention(dashed[par_start], par_start)
            statements.extend(_turn_sentences(paragraph, par_start, 0, dashed[par_start])[0])
            continue
        if printed is not None and par_start in printed.questions:
            continue  # the interviewer's question
        if printed is not None and par_start in printed.answers:
            registry.mention(printed.interviewee, par_start)
            statements.extend(_turn_sentences(paragraph, par_start, 0, printed.interviewee)[0])
            continue
        opening = _said_opening(paragraph) if is_transcript else None
        answerer = written_answer_speaker(paragraph, member_lines)  # before "(SHRI ...)" is blanked
        paragraph = _STAGE_DIRECTION.sub(lambda m: " " * len(m.group(0)), paragraph)
        label = _TRANSCRIPT_LABEL.match(paragraph) if is_transcript else None
        if answerer and not label:
            # A written answer: the paragraphs after the line that names who answers are theirs.
            turn_speaker = registry.add(answerer)  # the fuller name, when "Mr Duncan Smith" came first
            in_turns, in_interviewer_turn, in_answer = True, False, True
            turns.append(_Turn(turn_speaker, is_member=is_debate_record_line(paragraph)))
            continue
        if opening and not label:
            name, body_start = opening
            turn_speaker = registry.lookup(name) or registry.add(name)
            in_turns, in_interviewer_turn = True, False
            turns.append(_Turn(turn_speaker))
        elif in_turns and not label and _is_heading(paragraph):
            turn_speaker = None  # a heading ends the turn above it
            continue
        elif label:
            in_turns = True
            turn_speaker, in_interviewer_turn = _label_speaker(
                label.group("label"), registry, par_start, interviewee
            )
            is_chair = " ".join(label.group("label").lower().split()).rstrip(".") in CHAIR_LABELS
            turns.append(_Turn(turn_speaker, is_chair=is_chair))
            body_start = label.end()
        elif in_turns:
            body_start = answer_body_start(paragraph) if in_answer else 0
        else:
            body_start = None
        if is_headline and not label:
            continue
        if body_start is not None:
            if in_interviewer_turn or turn_speaker is None:
                continue
            if _INTERJECTION.match(paragraph):
                continue  # "Members interjecting.": the record's note, not the speaker's words
            registry.mention(turn_speaker, par_start)
            said, turns[-1].is_question = _turn_sentences(paragraph, par_start, body_start, turn_speaker)
            turns[-1].statements.extend(said)
            statements.extend(said)
            continue
        quoted, used, last = _quote_statements(paragraph, par_start, registry)
        masked = _blank_all(paragraph, [(max(start, 0), end) for start, end in used])
        reported = _reported_statements(masked, par_start, registry)
        reported += _running_quotes(paragraph, par_start, used, reported)
        said_before = sorted((s.end, s.speaker) for s in reported if s.speaker is not None)
        for statement in quoted:
            if statement.speaker is None and not statement.is_attributed:
                # An unattributed quote goes on from whoever the paragraph reported just before it
                # ('X said the rise was mainly food. "Annual inflation increased to 13.2 percent ...'),
                # else from the last speaker of the paragraphs before.
                at = bisect.bisect_right(said_before, statement.start, key=lambda pair: pair[0]) - 1
                if at < 0:
                    statement.speaker = previous
                elif not registry.other_named_between(
                    said_before[at][1], said_before[at][0], statement.start
                ):
                    statement.speaker = said_before[at][1]  # (not when someone else is named in between)
        statements.extend(quoted)
        statements.extend(reported)
        speakers = [s.speaker for s in sorted(quoted + reported, key=lambda s: s.start) if s.speaker]
        previous = speakers[-1] if speakers else (last or previous)
        introduced = _introduces_next(paragraph, par_start, registry)
        if introduced is not None:
            previous = introduced
    # In a debate (a chair gives the floor, or the record names each member over their words) the
    # members who ask make claims too; in an interview the presenter who asks does not.
    is_debate = any((t.speaker is None and t.is_chair) or t.is_member for t in turns)
    asking = set() if is_debate else _questioners(turns) | _introducers(turns)
    for turn in turns:
        if turn.speaker in asking:
            for statement in turn.statements:
                statement.is_withheld = True
    return statements


def _turn_sentences(paragraph: str, offset: int, body_start: int, speaker: Speaker) -> tuple[list, bool]:
    """The statements of a speaker's turn (its paragraph from `body_start`): every sentence but
    questions and pleasantries; and whether the turn ends with a question."""
    said, asks = [], False
    for s, e in _sentences(paragraph[body_start:], body_start):
        sentence = paragraph[s:e].strip()
        if sentence:
            asks = sentence.endswith("?")
        if sentence and not sentence.endswith("?") and not PLEASANTRY_ONLY.match(sentence):
            said.append(_Statement(paragraph[s:e], offset + s, offset + e, speaker))
    return said, asks


def _introduces_next(paragraph: str, offset: int, registry: Registry) -> Speaker | None:
    """`..., Director of Policy at The Health Foundation, Hugh Alderwick, said:` ending its paragraph:
    the speaker of the quote in the paragraphs that follow (press releases set it on its own line)."""
    if not paragraph.rstrip().endswith(":") or '"' in paragraph:
        return None
    end = len(paragraph.rstrip())
    found = _attribution_before(paragraph, end)
    return _resolve(found[0], registry, offset + found[1]) if found else None


_BROADCASTERS = r"(?:BBC|ITV|Sky|CNN|Fox|MSNBC|CNBC|NBC|ABC|CBS|NPR|PBS|RNZ|RTÉ|RTE|WNYC|Channel|Radio|TV)"


# "Sunday with Laura Kuenssberg on BBC One": a programme's title before "with" (not "a debate with").
_HOSTED = re.compile(
    rf"\b(?P<show>{NAME})(?:\s+Show\b|['’]s\s+show\b(?!\s+of\b))"
    rf"|\b[A-Z][a-z]+\s+with\s+(?P<host>{NAME})\s+on\s+{_BROADCASTERS}"
)


def _hosts(text: str) -> set[str]:
    """The names the text shows as a programme's host ("The Brian Lehrer Show", "Brian Lehrer's show",
    "Sunday with Laura Kuenssberg on BBC One"), read once a text."""
    return {" ".join((m.group("show") or m.group("host")).split()) for m in _HOSTED.finditer(text)}


# "The statement reads:", "Her full statement said:" on a line of its own.
_DOCUMENT_READS = re.compile(
    r"^\s*(?:The|Her|His|Its|Their)\s+(?:full\s+|joint\s+|written\s+)?(?:statement|letter|message|text|"
    r"release|post)\s+(?:reads|read|said|says|states|stated)\s*:\s*$"
)
# "A statement from Great Barrier Reef Marine Park Authority Chairman, Dr Russell Reichelt:", "Statement
# by the Minister for Health:" on a line of its own.
_STATEMENT_FROM = re.compile(
    r"^\s*(?:(?:A|The|Full|Joint)\s+)?(?:full\s+|joint\s+|written\s+)?[Ss]tatement\s+(?:from|by)\s+"
    r"(?P<who>[^:\"]{3,160}?)\s*:\s*$"
)


# "— said Arkadiusz Mularczyk, deputy head of the Ministry of Foreign Affairs, during a gala ...", "— he
# pointed out.": a line that attributes the paragraph before it, as Polish, Russian and Ukrainian copy
# in translation writes a quote (no quote marks; a dash and the verb on the next line).
_DASH_ATTRIBUTION_LINE = re.compile(
    rf"^\s*[—–]\s*(?:(?P<verb>{_VERB})\s+(?P<after>[^,.;:\"]+?)|(?!as\b)(?P<before>[^,.;:\"]+?)\s+{_VERB})"
    r"\s*(?:[,.;].*)?$"
)
_DASH_LINE_LONGEST = 300  # characters: an attribution line, not a paragraph that opens with a dash
_HEADING_WORDS = 12  # a line of fewer words with no full stop is a heading, not a quote
# A paragraph that says whose words it holds itself ("Tom Bell, the mayor, said ...", "according to").
_OWN_ATTRIBUTION = re.compile(
    r"\b[A-Z][\w'’-]+,?\s+(?:[^,.]{0,60},\s+)?(?:said|says|told|added|stated)\b"
    r"|\b(?:said|says|told|added)\s+[A-Z]|\baccording\s+to\b"
)


def _dash_attributed(text: str, registry: Registry) -> tuple[dict[int, Speaker], set[int]]:
    """The paragraphs a dash line after them attributes (paragraph start -> speaker), and the starts
    of those lines. Only the paragraph just before, when it is no heading (a short line with no stop),
    does not open with a quote mark and names no speaker of its own. "He" or "she" of a line is whoever
    the line before named (the one quoted), unless someone else is named after it, and nobody when no
    line before named anyone."""
    owned, lines = {}, set()
    before, last = None, None  # the paragraph before; (speaker, where its line ended) of the last line
    for par_start, paragraph in _paragraphs(text):
        found = _DASH_ATTRIBUTION_LINE.match(paragraph) if len(paragraph) <= _DASH_LINE_LONGEST else None
        if (
            found
            and before is not None
            and before[0] not in lines
            and not before[1].lstrip().startswith('"')
            and (re.search(r"[.!?\"'’…)]\s*$", before[1]) or len(before[1].split()) >= _HEADING_WORDS)
            and not _OWN_ATTRIBUTION.search(before[1])
        ):
            where = "after" if found.group("after") else "before"
            subject = found.group(where).strip()
            if subject.lower() in {"he", "she"}:
                speaker = None
                if last is not None and not registry.other_named_between(last[0], last[1], before[0]):
                    speaker = last[0]
            else:
                speaker = _resolve(subject, registry, par_start + found.start(where))
            if speaker is not None:
                owned[before[0]] = speaker
                lines.add(par_start)
                last = (speaker, par_start + len(paragraph))
        before = (par_start, paragraph)
    return owned, lines


_NAMED_GIVER = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}$"
)


def _statement_from(paragraph: str, offset: int, registry: Registry) -> Speaker | None:
    """Who gives the statement a line such as "A statement from ..., Dr Russell Reichelt:" heads: the
    person named in full after its last comma, and no one else ("A statement from police
    investigating the death of Jane Doe:" is not Jane Doe's, nor "lawyers for Tom Bell" his)."""
    found = _STATEMENT_FROM.match(paragraph)
    if not found or "," not in found.group("who"):
        return None
    who = found.group("who")
    named = who.rpartition(",")[2].strip()
    if not _NAMED_GIVER.match(named):
        return None
    speaker = _resolve(named, registry, offset + found.start("who") + who.rfind(named))
    return speaker if speaker is not None and speaker.kind == "person" else None


# The story again after a statement: a quote, "said", "according to", "Union leader Bob Smith argued
# ...", "..., filings show".
_STORY_AGAIN = re.compile(
    r"\"|\b(?:said|says|told|added|according\s+to)\b"
    rf"|\b[A-Z][\w'’-]+\s+{_VERB}\b|\b(?:figures|data|filings|records|statistics)\s+(?:show|shows|showed)\b"
)


@dataclass(eq=False)
class _Turn:
    speaker: Speaker | None
    statements: list = field(default_factory=list)
    is_question: bool = False  # the turn ends with a question
    is_chair: bool = False  # "THE SPEAKER:" gives the floor
    is_member: bool = False  # opened by a debate record's line naming the member


def _questioners(turns: list[_Turn]) -> set:
    """The speakers who interview: most of their turns end with a question, and someone else's
    turns end with fewer ("Great to have you with us. ... Do you disagree?" over the answers)."""
    ends: dict = {}
    for turn in turns:
        if turn.speaker is not None:
            ends.setdefault(turn.speaker, []).append(turn.is_question)
    ratios = {speaker: sum(asked) / len(asked) for speaker, asked in ends.items()}
    if len(ratios) < 2:
        return set()
    least = min(ratios.values())
    return {speaker for speaker, ratio in ratios.items() if ratio >= 0.5 and ratio > least}


# "Marius Benson is speaking to the minister", "Joining us now is ...": a presenter hands over.
_HANDING_OVER = re.compile(
    r"\b(?:is|are|was)\s+(?:speaking|talking)\s+(?:to|with)\b|\b(?:joins|joined)\s+(?:us|me)\b"
    r"|\b(?:I'm|I\s+am|we're|we\s+are)\s+joined\s+by\b|\bJoining\s+(?:us|me)\b",
    re.IGNORECASE,
)


def _introducers(turns: list[_Turn]) -> set:
    """The speakers who only hand the interview over to someone ("X is speaking to the minister"): a
    newsreader's one turn. (One who hands over and then answers, at a briefing, speaks for themself.)"""
    counts: dict = {}
    for turn in turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    return {
        turn.speaker
        for turn in turns
        if turn.speaker is not None
        and counts[turn.speaker] == 1
        and any(_HANDING_OVER.search(s.text) for s in turn.statements)
    }


# The check-worthiness score embeds at most this many candidates of a text (about 10 ms of CPU each),
# those its signals rank highest: of the 238 published texts of bench/data/intake_real, one has more (41).
EMBEDDED_CANDIDATES = 24
# At most this many one-word person names of a text are checked for a surname given alone.
SURNAME_CHECKS = 12
# A reported statement that opens with its own speaker: "General Motors Co. said it sold ...".
_INNER_ATTRIBUTION = re.compile(
    r"^(?P<name>(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w&'’.-]*){0,6})\s+"
    r"(?:said|says|stated|announced|reported|told\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s+"
    r"(?:(?:on|last)\s+\w+\s+)?(?:that\s+)?(?P<rest>\S.*)$"
)


def _is_quoted(text: str, start: int) -> bool:
    """Whether the statement starting at `start` opens inside quote marks."""
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] in "\"“”'‘’"


_JOURNALIST_TITLES = frozenset(
    "host presenter anchor moderator interviewer correspondent reporter journalist columnist".split()
)


def extract_candidates(text: str, *, min_score: float = 0.0) -> list[Candidate]:
    """Candidate claims in an article or transcript, best first (see the module's docstring).

    Each is scored by the desk's score (`claims.intake.desk`), with check-worthiness's reasons."""
    prepared, found, vectors = found_statements(text)
    scores = desk.score(found, prepared, vectors)
    candidates = [
        Candidate(
            text=item.text,
            speaker=item.speaker,
            speaker_title=_strip_article(item.title),
            score=score,
            reasons=list(item.assessment.reasons),
            start=item.start,
            end=item.end,
            speaker_kind=item.kind,
        )
        for item, score in zip(found, scores, strict=True)
        if score >= min_score
    ]
    candidates.sort(key=lambda c: (-c.score, c.start))
    return candidates


def found_statements(text: str) -> tuple[str, list[desk.Found], list]:
    """The text as read, the attributed statements found in it with their check-worthiness, and
    their embeddings (None for those not embedded): what the desk's score is computed from."""
    prepared = blank_datelines(_normalise(text or ""))
    registry = build_registry(prepared)
    found, seen = [], set()
    surname_only: dict[str, bool] = {}
    hosts = _hosts(prepared)
    statements = _statements(prepared, registry)
    found_by_parser, bodies = parser_statements(prepared, registry, statements)
    names = name_index(prepared)
    prefixes = body_prefixes(bodies, prepared)
    for statement in statements + found_by_parser:
        if statement.speaker is None or statement.is_withheld:
            continue
        key = (statement.start, statement.end)
        if key in seen:
            continue
        seen.add(key)
        # A quote cut where the sentence goes on ("… last year," she said) keeps no trailing comma.
        kept = statement.text.rstrip().rstrip(",;:").rstrip()
        end = statement.end - (len(statement.text) - len(kept)) if kept else statement.end
        claim_text = " ".join(kept.split())
        speaker = statement.speaker
        if " " not in speaker.name and not _is_quoted(prepared, statement.start):
            # "GM said it sold 234,071 vehicles ..., Xinhua reported": the agency reports, GM said it.
            # Only a body inside what a one-word source (an agency) reports: a quote stays its
            # speaker's ('"Biden said ...," Trump said'), and so does one person reporting another.
            inner = _INNER_ATTRIBUTION.match(claim_text)
            named_inside = registry.lookup(inner.group("name")) if inner else None
            if named_inside is not None and named_inside is not speaker and named_inside.kind != "person":
                speaker, claim_text = named_inside, inner.group("rest")
        if set(re.findall(r"[a-z]+", speaker.title.lower())) & _JOURNALIST_TITLES:
            continue  # a presenter's or reporter's remark: the desk checks the people interviewed
        if speaker.kind == "person" and any(
            h == speaker.name or h.endswith(f" {speaker.name}") for h in hosts
        ):
            continue  # "It's The Brian Lehrer Show", "Sunday with Laura Kuenssberg on BBC One": the host
        name = desk_name(
            full_body_names(speaker.name, prefixes)
            if speaker.kind != "person" or " " not in speaker.name
            else speaker.name,
            speaker.kind,
            names,
        )
        if name is None:
            continue
        if speaker.kind == "person" and " " not in name:
            if name not in surname_only:
                # Each name read costs a scan and a parse: a text of many one-word names (an
                # adversarial one) has the first few read, the rest kept as before.
                checked = len(surname_only) < SURNAME_CHECKS
                surname_only[name] = checked and named_by_surname_only(prepared, name, names)
            if surname_only[name]:
                continue  # "Westerwelle": a person the text never names in full, whom a desk cannot log
        found.append((claim_text, name, speaker, statement.start, end))
    assessments, vectors = assess_and_embed(
        [claim_text for claim_text, *_ in found], embed_at_most=EMBEDDED_CANDIDATES
    )
    statements_found = [
        desk.Found(
            text=claim_text,
            speaker=name,
            kind=speaker.kind,
            title=speaker.title,
            start=start,
            end=end,
            quoted=_is_quoted(prepared, start),
            assessment=assessment,
        )
        for (claim_text, name, speaker, start, end), assessment in zip(found, assessments, strict=True)
    ]
    return prepared, statements_found, vectors
