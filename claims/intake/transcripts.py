"""Intake (claims.intake.extraction): transcripts, `NAME:` turns and `Q:`/`A:` interviews; the
moderator's and interviewer's turns are not claims.
"""

import re
from dataclasses import dataclass

from claims.intake.given_names import FEMININE, MASCULINE
from claims.intake.patterns import (
    _TRANSCRIPT_LABEL,
    HONORIFICS,
    INTERVIEWER_LABELS,
    NAME,
    PARTICLES,
    TITLE_NOUNS,
    Speaker,
)
from claims.intake.sentences import _paragraphs
from claims.intake.speakers import Registry
from claims.intake.titles import _describes, _split_title

# --- Transcripts ----------------------------------------------------------------------------


CHAIR_LABELS = frozenset(
    {
        "the speaker",
        "the deputy speaker",
        "mr. speaker",
        "madam speaker",
        "the chair",
        "the chairman",
        "the chairwoman",
        "hon. speaker",
        "hon speaker",
    }
)


def _label_speaker(label: str, registry: Registry, position: int, interviewee: Speaker | None):
    """A transcript label -> (speaker, is_interviewer_or_chair).

    "VANCE", "MS. NWOSU", "SENATOR JAMES WHITAKER", "MR. HALVORSEN (Minister for Finance)" name the
    speaker (the parentheses give a title or a seat); "MODERATOR (JANE PARK)" and "Q" are the
    interviewer, "THE SPEAKER" the chair; "A" is the person interviewed.
    """
    label = " ".join(label.split())
    inner = re.search(r"\(([^)]+)\)", label)
    role = re.sub(r"\s*\([^)]*\)", "", label).strip()
    role, _, described = role.partition(",")  # "TRISH REGAN, GUEST HOST": the name, then the role
    role, described = role.strip(), described.strip()
    lowered = role.lower().rstrip(".")
    if set(described.lower().split()) & INTERVIEWER_LABELS:
        # The host named in full at their first turn is the host at "REGAN:" too.
        registry.interviewers.update({lowered, lowered.split()[-1]})
        return None, True
    if lowered in INTERVIEWER_LABELS or lowered.split()[0] in INTERVIEWER_LABELS or lowered in CHAIR_LABELS:
        return None, True
    if lowered in registry.interviewers:
        return None, True
    if lowered == "a":
        return interviewee, False
    words = role.split()
    honorific = words[0].lower() if words else ""
    title_words = []
    while words and (
        words[0].lower().rstrip(".") + "." in TITLE_NOUNS
        or words[0].lower() in TITLE_NOUNS | set(HONORIFICS) | set(_ROLE_ABBREVIATIONS) | {"the"}
    ):
        title_words.append(words.pop(0))
    title = " ".join(
        t.capitalize() for t in title_words if t.lower() not in HONORIFICS and t.lower() != "the"
    )
    if not words and inner:
        # The label is a role; the parentheses hold the name.
        words = inner.group(1).split()
    elif not words and title_words:
        # "Minister:", "TREASURER:", "PM:": the person the text names with that role.
        return _role_holder(" ".join(title_words), registry, position, interviewee), False
    elif inner and _describes(inner.group(1)):
        title = inner.group(1)
    elif described and not title:
        title = described.title()
    if not words:
        return None, False
    proper = " ".join(_proper_case(w) if w.lower() not in PARTICLES else w.lower() for w in words)
    speaker = registry.lookup(proper)
    if speaker is None:
        speaker = registry.add(proper, title=title)
        if honorific in HONORIFICS and speaker.gender is None:
            speaker.gender = HONORIFICS[honorific]
    elif title and not speaker.title:
        speaker.title = title
    return speaker, False


# "Transcript by Hon Kevin Andrews MP", "Interview with the Hon Jo Bloggs MP, Treasurer": the person
# the transcript is of, named in its header.
_HEADER_PERSON = re.compile(
    rf"\b(?:[Tt]ranscript|[Ii]nterview|[Dd]oorstop|[Pp]ress\s+conference)\b[^\n]{{0,80}}?\b(?:by|with|of)\s+"
    rf"(?:the\s+|The\s+)?(?:(?:Hon|Rt|Hon\.|Rt\.|Senator|Dr|Dr\.)\s+)*(?P<name>{NAME})"
    r"(?:\s+(?:MP|MLA|MHA|MLC)\b)?(?:,\s+(?:the\s+)?(?P<title>[A-Z][\w'’ -]{1,60}?))?\s*$",
    re.MULTILINE,
)


def header_person(text: str, registry: Registry, first_label: int) -> Speaker | None:
    """The person a transcript is of, as its header names them (before the first turn), registered."""
    found = _HEADER_PERSON.search(text, 0, first_label)
    if found is None:
        return None
    _, name = _split_title(found.group("name"))
    if len(name.split()) < 2:
        return None
    return registry.add(name, title=found.group("title") or "")


# Roles a transcript labels turns with in short.
_ROLE_ABBREVIATIONS = {"pm": "prime minister", "dpm": "deputy prime minister"}


def _role_holder(role: str, registry: Registry, position: int, interviewee: Speaker | None):
    """The person a role label stands for: the one the text names with that title (the nearest
    before the turn, else the first after), else the person interviewed (named in the header)."""
    role = " ".join(w for w in role.lower().split() if w not in HONORIFICS and w != "the")
    role = _ROLE_ABBREVIATIONS.get(role.rstrip("."), role)
    if not role:
        return interviewee
    wanted = re.compile(rf"\b{re.escape(role)}\b")

    def fits(speaker: Speaker) -> bool:
        return speaker.kind == "person" and bool(wanted.search(speaker.title.lower()))

    if interviewee is not None and fits(interviewee):
        return interviewee
    found = registry.most_recent(position, where=fits) or registry.first_after(position, where=fits)
    return found or interviewee


def _proper_case(word: str) -> str:
    """ "D'AMBROSIO" -> "D'Ambrosio", "NEWBURY" -> "Newbury"; a word written in mixed case stays."""
    if not word.isupper():
        return word
    return re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), word)


_INTERJECTION = re.compile(r"^\s*(?:[A-Z][\w ]{0,40}\s)?interjecting\.?\s*$", re.IGNORECASE)


def _transcript_turns(text: str) -> list[tuple[int, str]] | None:
    """Paragraph starts that are transcript turns, or None when the text is not a transcript."""
    paragraphs = list(_paragraphs(text))
    labelled = [(start, par) for start, par in paragraphs if _TRANSCRIPT_LABEL.match(par)]
    if len(labelled) == 1 and labelled[0] == paragraphs[0] and _opens_remarks(text, labelled[0][1]):
        return labelled  # "Mayor Bill de Blasio: Good afternoon, ..." opening the text: their remarks
    if len(labelled) < 2 and not any(_TRANSCRIPT_LABEL.is_in_capitals(par) for _, par in labelled):
        return None  # one "Jane Doe: ..." line in an article does not make it a transcript
    return labelled if labelled else None


# Someone else's words in the text: a quote or an attribution (then one label is no transcript).
_OTHERS_WORDS = re.compile(
    r"[\"“”]|\baccording\s+to\b"
    r"|\b(?:(?!I\b|I['’])[A-Z][\w.'’-]+|[Hh]e|[Ss]he|[Tt]hey|the\s+\w+)\s+(?:said|says|told|tells|added|adds)\b"
)  # not the speaker's own "I've said it many times"


def _opens_remarks(text: str, paragraph: str) -> bool:
    """One label over a text is a person's remarks when it names them in full, its words are a
    sentence (not a headline, "Mayor Eric Adams: City to close schools"), and no one else is quoted
    or reported in the text."""
    words = paragraph[_TRANSCRIPT_LABEL.match(paragraph).end() :].strip()
    return (
        _names_in_full(paragraph)
        and bool(re.search(r"[.!?]$", words))
        and not _OTHERS_WORDS.search(text, len(paragraph))
    )


def _names_in_full(paragraph: str) -> bool:
    """Whether a label names someone by two words or more besides the titles before them."""
    label = re.sub(r"\s*\([^)]*\)", "", _TRANSCRIPT_LABEL.match(paragraph).group("label"))
    styles = {*HONORIFICS, "dr", "prof", *TITLE_NOUNS}
    words = [w for w in label.split() if w.lower().rstrip(".") not in styles and w.lower() not in styles]
    styled = len(words) < len(label.split())
    # A person's: styled ("Mayor ...", "Dr ...") or opening with a given name, not "New Delhi:".
    return len(words) >= 2 and not label.isupper() and (styled or words[0].lower() in FEMININE | MASCULINE)


# "(SHRI PRAHLAD SINGH PATEL) moving the motion ..., said: ...": a synopsis of debates gives the
# floor in the sentence, the name in capitals in parentheses (its opening may sit on the line above).
_SAID_OPENING = re.compile(r"^(?:[^(]*\()?(?P<name>[A-Z][A-Z.'’\- ]{3,60}?)\)\s[^:\"]{0,200}?\bsaid:\s+")
_STYLES = frozenset("shri smt shrimati kumari sushri dr prof hon mr mrs ms".split())


def _said_opening(paragraph: str) -> tuple[str, int] | None:
    """(the speaker's name, where their words start) for a line that opens a turn with "..., said:"."""
    found = _SAID_OPENING.match(paragraph)
    if not found:
        return None
    words = [w for w in found.group("name").split() if w.lower().rstrip(".") not in _STYLES]
    if len(words) < 2:
        return None
    return " ".join(_proper_case(w) for w in words), found.end()


def _is_heading(paragraph: str) -> bool:
    """A line in capitals with no label ("THE NATIONAL MEMORIAL (AMENDMENT)", "BILL, 2019")."""
    letters = [c for c in paragraph if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# --- Written answers: the answer follows a line that names who gives it --------------------------

# "(SHRI NARENDRA SINGH TOMAR)" closing a line (an Indian parliament's answer, its header before it).
_ANSWERED_BY_IN_CAPITALS = re.compile(
    r"\((?:SHRI|SMT|SHRIMATI|KUMARI|SUSHRI|DR\.?|PROF\.?)\s+(?P<name>[A-Z][A-Z.'’\- ]{3,60}?)\)\s*$"
)
# "Mrs. Virginia Bottomley", "25. Mr. Win Griffiths": a line that is only a member's name (Hansard's
# written answers).
_MEMBER_LINE = re.compile(
    r"^\s*(?:\d{1,4}\.\s+)?(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness)\.?|(?P<styled>"
    r"(?:The\s+)?(?:Rt\.?\s+)?Hon\.?))\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}?)(?:\s+(?:MP|MLA|MEP|MHR|MSP|QC|KC))?\s*$"
)
# "Iain Duncan Smith Portrait Mr Duncan Smith", "David Nuttall Portrait Mr David Nuttall (Bury North)
# (Con)": Parallel Parliament's line over a member's contribution, the full name before "Portrait".
_PORTRAIT_LINE = re.compile(
    r"^\s*(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,4})\s+Portrait\s+"
    r"(?:(?:The\s+)?(?:Rt\.?\s+)?Hon\.?|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness)\.?\s+"
    r"(?P<styled>[A-Z][^\n.!?:\"]{0,150})$"
)
# "Photo of Mark Prisk Mark Prisk The Minister for Housing": TheyWorkForYou's line over a member's
# contribution, the name written twice, the post after it.
_PHOTO_LINE = re.compile(
    r"^\s*Photo\s+of\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,4})\s+(?P=name)\b[^\n.!?:\"]{0,150}$"
)
# "(a) &(e): ", "(b) to (c): ", "(d) ": the parts of the question an answer takes in turn.
_ANSWER_PARTS = re.compile(r"^\s*\([a-z]{1,4}\)(?:\s*(?:to|and|&)\s*\([a-z]{1,4}\))*\s*:?\s*")
# The member's question ("To ask the Secretary of State for Health if he will ...") is not a claim.
_ASKS = re.compile(r"^\s*To ask\b")


def written_answer_speaker(paragraph: str, member_lines: bool) -> str | None:
    """The name of who answers, on a line that opens a written answer; `member_lines` when the text is
    written in them (two or more, or a question "To ask ...")."""
    found = _ANSWERED_BY_IN_CAPITALS.search(paragraph)
    if found:
        words = [w for w in found.group("name").split() if w.lower().rstrip(".") not in _STYLES]
        return " ".join(_proper_case(w) for w in words) if len(words) >= 2 else None
    found = _portrait_line(paragraph) or _PHOTO_LINE.match(paragraph)
    if found:
        return found.group("name")
    found = _MEMBER_LINE.match(paragraph) if member_lines else None
    return found.group("name") if found and len(found.group("name").split()) >= 2 else None


def is_debate_record_line(paragraph: str) -> bool:
    """Whether a line names the member over their words in a debate's record (Parallel Parliament,
    TheyWorkForYou): there, members who ask make claims too."""
    return bool(_portrait_line(paragraph) or _PHOTO_LINE.match(paragraph))


def _portrait_line(paragraph: str):
    """Parallel Parliament's line, the member styled after "Portrait" by their surname ("... Portrait
    Mr Duncan Smith"); not a headline such as "The National Portrait Gallery Reopens"."""
    found = _PORTRAIT_LINE.match(paragraph)
    surname = found.group("name").split()[-1] if found else ""
    return found if found and re.search(rf"\b{re.escape(surname)}\b", found.group("styled")) else None


def has_member_lines(text: str) -> bool:
    """Whether the text names its speakers on lines of their own, as Hansard's written answers do."""
    lines = asks = styled = 0
    for _, paragraph in _paragraphs(text):
        found = _MEMBER_LINE.match(paragraph)
        lines += found is not None
        # "The Hon Greg Hunt MP" alone on a line heads a minister's transcript: one is enough.
        styled += found is not None and found.group("styled") is not None and " " in found.group("name")
        asks += _ASKS.match(paragraph) is not None
    return lines >= 2 or styled >= 1 or (lines >= 1 and asks >= 1)


def answer_body_start(paragraph: str) -> int:
    """Where an answer's words start in its paragraph, after "(a) &(e): "; the paragraph's end for a
    member's question."""
    if _ASKS.match(paragraph):
        return len(paragraph)
    return _ANSWER_PARTS.match(paragraph).end() if _ANSWER_PARTS.match(paragraph) else 0


# --- Interviews printed without labels ---------------------------------------------------------

# "In an exclusive interview with Portugal's Radio Renascença, Pope Francis says", "In the
# star-Interview Boris Pistorius talks about ...", "... sat down with ...": an opening that presents an
# interview.
_PRESENTS_INTERVIEW = re.compile(r"\binterview(?!ed\b)", re.IGNORECASE)


# "Boris Pistorius talks about", "Pope Francis says", "an interview with Olaf Scholz": who the opening
# presents; "Mister Pistorius, we want to talk to you ...": whom a question addresses.
_PRESENTED = re.compile(
    rf"\binterview\s+with\s+(?P<with>{NAME})|(?P<subject>{NAME})\s+(?:talks|speaks|says)\s+(?:about|that)\b"
)
# A publication or a programme, not a person: "Fox News Sunday", "The Washington Post".
_MEDIA_WORDS = frozenset(
    "news post times sunday radio tv television magazine daily weekly journal herald tribune guardian "
    "telegraph courier press review gazette channel network show".split()
)
_ADDRESSED = re.compile(r"^(?:Mr|Mister|Mrs|Ms|Miss|Dr|Professor|Prof)\.?\s+(?P<surname>[A-Z][\w'’-]+)\s*,")


def _interviewee(opening: str, questions: list[str]) -> str | None:
    """The full name of the person an interview's opening presents (by "interview with X" or "X talks
    ..."), or of one it names whom the questions address by surname ("Mister Pistorius, ...")."""
    addressed = {m.group("surname") for q in questions if (m := _ADDRESSED.match(q.strip()))}
    presented = [
        " ".join((m.group("with") or m.group("subject")).split()) for m in _PRESENTED.finditer(opening)
    ]
    # "star-Interview Boris Pistorius": the word before the name is none of it; "Portugal's Radio
    # Renascença" is a broadcaster, not a person.
    presented = [re.sub(r"^Interview\s+", "", name) for name in presented if not re.search(r"['’]s\b", name)]
    presented = [
        name
        for name in presented
        if len(name.split()) >= 2 and not {w.lower() for w in name.split()} & _MEDIA_WORDS
    ]
    if not addressed:
        return presented[0] if presented else None
    named = [" ".join(m.group(0).split()) for m in re.finditer(NAME, opening)]
    return next((name for name in presented + named if name.split()[-1] in addressed and " " in name), None)


_SAYS_WHO = re.compile(r"[\"“”]|\b(?:said|says|told|according\s+to)\b")
_OPENING_READ = 3000  # characters of an interview's opening read for who it presents, at most


@dataclass(frozen=True)
class PrintedInterview:
    """A print interview with no speaker labels: who is interviewed, and where the paragraphs of the
    questions and of the answers start."""

    interviewee: Speaker
    questions: frozenset[int]
    answers: frozenset[int]


def printed_interview(text: str, registry: Registry) -> PrintedInterview | None:
    """The text as a print interview, or None.

    Magazines and translated interviews print the questions as paragraphs of their own, with no label,
    each followed by the answer ("As a Pope who came from "the end of the World", how do you see
    Portugal?" then "I was only ever in Portugal once, ..."). Read so when the paragraphs before the
    first question present an interview and name a person in full, and two or more questions are
    answered by the paragraph after them: the paragraphs after the first question that do not end with
    one are the interviewee's, the questions the interviewer's.
    """
    paragraphs = list(_paragraphs(text))
    asks = [p.rstrip().endswith("?") for _, p in paragraphs]
    answered = sum(1 for i in range(len(paragraphs) - 1) if asks[i] and not asks[i + 1])
    if answered < 2:
        return None
    first = asks.index(True)
    if first == 0:
        return None  # nothing before the first question says who answers
    opening_end = min(paragraphs[first][0], _OPENING_READ)
    if not _PRESENTS_INTERVIEW.search(text[:opening_end]):
        return None
    interviewee = _interviewee(text[:opening_end], [p for i, (_, p) in enumerate(paragraphs) if asks[i]])
    if interviewee is None:
        return None
    interviewee = registry.lookup(interviewee) or registry.add(interviewee)
    later = range(first, len(paragraphs))
    return PrintedInterview(
        interviewee,
        frozenset(paragraphs[i][0] for i in later if asks[i]),
        # An answer that names its own speaker ('"...," said Tom Bell', "according to") is read as the
        # story's other paragraphs are.
        frozenset(paragraphs[i][0] for i in later if not asks[i] and not _SAYS_WHO.search(paragraphs[i][1])),
    )
