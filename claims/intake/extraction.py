"""Intake: the claims in an article or transcript, each with who said it and how check-worthy it is.

`extract_candidates(text)` reads the text the way news copy attributes speech:

- direct quotes with "X said", "said X", "X said in an interview with Y",
  "X told reporters", "according to X", `X stated, "..."`, and a quote split
  by its attribution (`"The economy," she said, "grew 3 percent."`);
- a quote that follows an attributed one, in the same or the next paragraph,
  continues the same speaker;
- reported speech: "X said (that) ...", "He added that ...", "..., X said.",
  "According to X, ...";
- transcripts: `NAME:` turns (a label in capitals), `Q:`/`A:` interviews,
  stage directions such as (APPLAUSE) left out; the moderator's and the
  interviewer's turns are not claims;
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
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from claims.intake.checkworthiness import assess
from claims.intake.clauses import (
    PARTICIPLE_AFTER_IN,
    PARTICIPLE_CLAUSE,
    PARTICIPLE_OPENING,
    has_finite_verb,
    is_fragment,
    without_possessive,
)
from claims.intake.given_names import FEMININE, MASCULINE

# --- Vocabulary -------------------------------------------------------------------

REPORT_VERBS = (
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "stated",
    "states",
    "claimed",
    "claims",
    "argued",
    "argues",
    "noted",
    "notes",
    "insisted",
    "insists",
    "warned",
    "warns",
    "explained",
    "explains",
    "maintained",
    "maintains",
    "contended",
    "asserted",
    "acknowledged",
    "admitted",
    "conceded",
    "confirmed",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "declared",
    "estimated",
    "reported",
    "pointed out",
    "points out",
    "replied",
    "responded",
    "answered",
    "continued",
    "recalled",
    "boasted",
    "complained",
    "countered",
    "remarked",
    "observed",
    "stressed",
    "emphasised",
    "emphasized",
    "testified",
    "announced",
    "predicted",
    "suggested",
    "alleged",
    "revealed",
    "mentioned",
    "clarified",
    "indicated",
    "reiterated",
    "disclosed",
    "informed",
)
_VERB = r"(?:" + "|".join(v.replace(" ", r"\s+") for v in REPORT_VERBS) + r")"
# The last word of each report verb -> the verbs that end with it ("out" -> ("pointed", "out"), ...).
_VERBS_BY_LAST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _verb in REPORT_VERBS:
    _VERBS_BY_LAST_WORD.setdefault(_verb.split()[-1], []).append(tuple(_verb.split()))
_LONGEST_VERB_WORD = max(len(word) for verb in REPORT_VERBS for word in verb.split())


def _is_word(char: str) -> bool:
    """What `\\w` matches."""
    return char.isalnum() or char == "_"


def _word_before(text: str, end: int) -> int:
    """Where the run of word characters (`\\w`) ending at `end` starts, read back no further than a verb."""
    start = end
    while start > 0 and end - start <= _LONGEST_VERB_WORD and _is_word(text[start - 1]):
        start -= 1
    return start


def _verb_ends_at(text: str, end: int) -> bool:
    """Whether a report verb, whole from its first letter, ends at `end` (`\\b{_VERB}$` in text[:end]).

    Reads only the words before `end`, so asking it for every name in a long sentence stays linear.
    """
    start = _word_before(text, end)
    for words in _VERBS_BY_LAST_WORD.get(text[start:end], ()):
        at = start
        for word in reversed(words[:-1]):
            spaces = at
            while spaces > 0 and text[spaces - 1].isspace():
                spaces -= 1
            if spaces == at or _word_before(text, spaces) != spaces - len(word):
                break
            if not text.endswith(word, 0, spaces):
                break
            at = spaces - len(word)
        else:
            return True
    return False


_AUX = r"(?:(?:also|later|then|further|had|has|have|again|previously|repeatedly|once|earlier|separately|"
_AUX += r"quickly|simply|flatly|publicly|privately|only|just|now)\s+)*"

TITLE_NOUNS = frozenset(
    """
    minister secretary president vice-president chancellor premier governor gov. mayor senator sen. rep.
    representative congressman congresswoman councilman councilwoman councillor councilor
    treasurer chief executive ceo cfo coo director chair chairman chairwoman chairperson leader
    head spokesman spokeswoman spokesperson commissioner supervisor analyst lawyer attorney economist
    professor prof. dr. doctor officer official manager founder partner researcher scientist adviser
    advisor member mp candidate presenter host anchor correspondent agent owner judge justice general
    ambassador speaker deputy author consultant strategist editor historian expert inspector
    superintendent sheriff prosecutor auditor administrator coordinator organiser organizer activist
    campaigner principal dean student teacher nurse surgeon physician farmer worker resident
    trustee envoy diplomat commander captain lieutenant colonel admiral king queen prince princess
    pope bishop rabbi imam pastor
    """.split()
)
TITLE_MODIFIERS = frozenset(
    """
    state county city federal national former deputy acting assistant associate senior chief general
    union group trade labour labor opposition local foreign health finance energy education interior
    defence defense justice environment environmental agriculture housing party campaign press
    communications executive managing vice prime junior shadow interim lead principal regional
    district company policy research political legal economic top foreign-affairs home transport
    culture science industry commerce treasury police fire public private independent chief-executive
    u.s. us uk eu un
    """.split()
)
ORG_WORDS = (
    "Association",
    "Institute",
    "Institution",
    "Federation",
    "Union",
    "Department",
    "Ministry",
    "Office",
    "Agency",
    "Bureau",
    "Council",
    "Commission",
    "Committee",
    "Organization",
    "Organisation",
    "Group",
    "Ltd",
    "Inc",
    "Corp",
    "Corporation",
    "Company",
    "Co",
    "Bank",
    "University",
    "Hospital",
    "Party",
    "Foundation",
    "Center",
    "Centre",
    "Service",
    "Administration",
    "Authority",
    "Board",
    "Court",
    "Securities",
    "Partners",
    "Network",
    "Coalition",
    "Alliance",
    "League",
    "Society",
    "Trust",
    "Fund",
    "Forum",
    "Campaign",
    "Project",
    "Initiative",
    "Government",
    "Police",
    "Parliament",
    "Congress",
    "Senate",
    "Cabinet",
    "Treasury",
    "Army",
    "Navy",
    "Water",
    "Power",
    "Energy",
    "Airlines",
    "Airways",
    "Motors",
    "Systems",
    "Technologies",
    "Media",
    "Capital",
    "Holdings",
    "Industries",
    "Pharmaceuticals",
    "Telecom",
    "Railways",
    "Mining",
    "Insurance",
    "Utilities",
    "Labs",
    "Studios",
    "Communications",
    "Times",
    "News",
    "Post",
    "Gazette",
    "Journal",
    "Press",
)
ORG_NOUNS = frozenset(
    """
    association institute federation union department ministry office agency bureau council commission
    committee organization organisation group company firm bank university hospital party foundation
    center centre service administration authority board court government police parliament
    think-tank campaign coalition alliance charity network regulator watchdog maker owner operator
    producer manufacturer retailer carrier insurer lender developer utility
    """.split()
)
# "according to the report": the most recent body named speaks through it.
DOCUMENT_NOUNS = frozenset(
    "report study survey data figures statement analysis audit review paper email e-mail letter note post "
    "release message memo".split()
)
INTERVIEWER_LABELS = frozenset(
    "q question moderator host interviewer presenter anchor reporter audience crowd announcer".split()
)
HONORIFICS = {
    "mr": "m",
    "mr.": "m",
    "ms": "f",
    "ms.": "f",
    "mrs": "f",
    "mrs.": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "baroness": "f",
}
PARTICLES = frozenset("de van von der den da di du la le del bin al ibn ter dos das".split())
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr sen rep gov gen lt sgt st jr sr prof rev col capt cmdr adm vs inc ltd corp co
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft
    """.split()
)
PLEASANTRY_ONLY = re.compile(r"^\W*(?:thank you|thanks)\b[^.!?]{0,40}[.!?]*\W*$", re.IGNORECASE)

# --- Patterns -------------------------------------------------------------------------

# An initial ("John F. Kennedy"), but never a letter of a dotted abbreviation ("U.S.", "U.K.").
# Capitals and small letters of names, accented ones too ("Jordi Solé", "Łukasz Żak").
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017e"
_LO = "a-zß-öø-ÿ\u0100-\u017f"
_CAP = (
    rf"(?:[{_UP}][{_LO}]+(?:[-'’][{_UP}{_LO}]+)*(?![{_UP}])|(?<![\w.])[A-Z]\.(?![A-Za-z])"
    rf"|[{_UP}][{_LO}]*[{_UP}][{_LO}]+|O['’][{_UP}][{_LO}]+)"
)
_PART = r"(?:de|De|van|Van|von|der|den|da|di|du|la|le|del|bin|al|ibn|ter|dos|das)"
_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Sgt|Capt|Col|Rev)\.\s+)"
NAME = (
    rf"{_HONORIFIC}?(?:\b{_PART}\s+)?{_CAP}(?:\s+(?:\b{_PART}\s+)*{_CAP}){{0,5}}"
    r"(?:,?\s+(?:Jr\.|Sr\.|II|III)(?![\w]))?"
)
_NAME_RE = re.compile(NAME)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
_DEFINITE = (
    r"(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+"
    r"(?:['’]s\s+(?:office|spokesman|spokeswoman|spokesperson|team|campaign|aides?))?"
)
# "Korea's Ministry of Trade, Industry and Energy", "the U.S. Department of Commerce": a body "of" its
# portfolios, whatever its last word; a title after it ("... Energy Minister Ahn") is not part of it.
_BODY_HEADS = (
    r"(?:Ministry|Department|Office|Secretariat|Agency|Bureau|Commission|Committee|Council|Institute|"
    r"Board|Federation|Confederation|Association|Union|Authority|Administration|Chamber|Society|Center|Centre)"
)
_PORTFOLIO = r"(?!(?:Minister|Secretary|President|Chief|Director|Spokesman|Spokeswoman|Spokesperson)\b)"
_PORTFOLIO += r"[A-Z][\w'’&-]*"
_PORTFOLIO = rf"{_PORTFOLIO}(?:\s+{_PORTFOLIO}){{0,2}}"
# A capitalised word of a body's name: it runs to the end of its run of word characters.
_ORG_WORD = r"[A-Z][\w'’&.-]*"
_ORG_OF_LIST_HEAD = (
    rf"{_BODY_HEADS}\s+(?:of|for)\s+(?:the\s+)?{_PORTFOLIO}"
    rf"(?:(?:,\s+{_PORTFOLIO})*,?\s+(?:and|&)\s+{_PORTFOLIO})?\b"
)
_ORG_OF_LIST = rf"(?:{_ORG_WORD}\s+){{0,3}}{_ORG_OF_LIST_HEAD}"
_ORG_NAMED_WORD = rf"{_ORG_WORD}\s+(?:(?:and|of|for|&)\s+)?"
_ORG_NAMED_END = rf"(?:{'|'.join(ORG_WORDS)})\b\.?"
_ORG_NAMED = rf"(?:{_ORG_NAMED_WORD}){{0,5}}{_ORG_NAMED_END}"
_ORG = rf"(?:the\s+|The\s+)?(?:{_ORG_OF_LIST}|{_ORG_NAMED})"
_ORG_OF_LIST_RE = re.compile(rf"(?:the\s+|The\s+)?{_ORG_OF_LIST}")
_ORG_RE = re.compile(_ORG)
# The ways each of those patterns can match at a place, in the order the regex tries them: after "the",
# from a capitalised word (the same from every capital of one run of letters), from the body's own word.
_ORG_OF_LIST_WAYS = (
    (re.compile(rf"(?:the\s+|The\s+){_ORG_OF_LIST}"), False),
    (re.compile(rf"(?:{_ORG_WORD}\s+){{1,3}}{_ORG_OF_LIST_HEAD}"), True),
    (re.compile(_ORG_OF_LIST_HEAD), False),
)
_ORG_NAMED_WAYS = (
    (re.compile(rf"(?:the\s+|The\s+){_ORG_NAMED}"), False),
    (re.compile(rf"(?:{_ORG_NAMED_WORD}){{1,5}}{_ORG_NAMED_END}"), True),
    (re.compile(_ORG_NAMED_END), False),
)
_ORG_WAYS = (
    (re.compile(rf"(?:the\s+|The\s+)(?:{_ORG_OF_LIST}|{_ORG_NAMED})"), False),
    *_ORG_OF_LIST_WAYS[1:],
    *_ORG_NAMED_WAYS[1:],
)
_BODY_OF = re.compile(rf"\b{_BODY_HEADS}\s+(?:of|for)\s")  # a quick test before the patterns above
# "Krishnamoorthi's office", "Raja Krishnamoorthi's statement": the person speaks through it.
_SPOKEN_FOR = r"(?:office|spokesman|spokeswoman|spokesperson|campaign|statement|team)"
# "Seoul's trade minister": a role described by its owner.
_OWNED_ROLE = r"[A-Z][\w.-]*['’]s\s+(?:[\w'’-]+\s+){0,2}?(?:[a-z][\w-]*)"
# "A Department of Health spokesman": the body speaks through them.
_VOICE_OF = (
    r"(?:[Aa]n?|[Tt]he)\s+(?:(?:[A-Z][\w.&'’-]*\s+(?:(?:of|for|and)\s+)?){1,5}"
    r"(?:spokes(?:man|woman|person)|official|representative)|(?:spokes(?:man|woman|person)|official|"
    r"representative)\s+for\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&'’-]*){0,4})"
)
_SUBJECT = (
    rf"(?:{_PRONOUN}|{_ORG}|(?:[\w'’.-]+\s+){{0,5}}?{NAME}|{NAME}['’]s?\s+{_SPOKEN_FOR}|{_VOICE_OF}|{_DEFINITE}"
    rf"|{_OWNED_ROLE}|(?:the\s+|The\s+)?[A-Z]{{2,5}}\b)"
)

_CAPS_LABEL = re.compile(
    r"^\s*(?P<label>Q|A|[A-Z][A-Z.'’\- ]{1,40}?(?:,\s*[A-Z][A-Z.'’\- ]{1,30}?)?(?:\s*\([^)]{1,60}\))?)"
    r"\s*:\s+(?=\S)"
)
# "Lily D'AMBROSIO (Mill Park – Minister for Energy) (14:26):", "James Newbury:", "The SPEAKER:".
_NAME_LABEL = re.compile(
    r"^\s*(?P<label>(?:The\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:\s*\([^)]{1,160}\)){0,2})"
    r"\s*:\s+(?=\S)"
)
_NOT_LABELS = frozenset("read note update editor photo source watch related advertisement correction".split())


class _TranscriptLabel:
    """A transcript turn's label: in capitals ("ROSS:", "MODERATOR (JANE PARK):"), or a name as it is
    written with its seat and time in parentheses ("Lily D'AMBROSIO (Mill Park – ...) (14:26):") or a
    full name alone ("James Newbury:"). A single capitalised word, a question word or "Note:" is not one.
    """

    @staticmethod
    def match(paragraph: str):
        found = _CAPS_LABEL.match(paragraph)
        if found:
            return found
        found = _NAME_LABEL.match(paragraph)
        if not found:
            return None
        words = re.sub(r"\s*\([^)]*\)", "", found.group("label")).split()
        first = words[0].lower()
        if first in _NOT_LABELS or (first in _NOT_NAMES and first != "the"):
            return None
        if len(words) < 2 and "(" not in found.group("label"):
            return None
        return found

    @staticmethod
    def is_in_capitals(paragraph: str) -> bool:
        return _CAPS_LABEL.match(paragraph) is not None


_TRANSCRIPT_LABEL = _TranscriptLabel()
_STAGE_DIRECTION = re.compile(r"\((?:[A-Z][A-Z .,:!'’-]+)\)")
# "RICHMOND — ", "SEOUL, Jan. 27 (Yonhap) -- ", "KENTUCKY (WEHT) – "
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?(?:\s+\([\w .]{2,30}\))?\s+[—–-]{1,2}\s+"
)
_LEADING_ADJUNCT = re.compile(
    r"^(?:(?:In|At|On|During|Speaking|Asked|Earlier|Later|Meanwhile|However|Separately|Instead|Still|"
    r"Yet|Writing|Responding|Addressing|Appearing|Interviewed|Pressed|Before|After|Regarding|Concerning|"
    r"Commenting|Explaining|Pointing|Referring|Reacting|Turning|Citing|Following|Amid|Despite|As|When|"
    r"While|With|Unlike|About|Since|Asked)\b[^,\"]{0,100},\s+)"
    r"|^(?:(?:The|That|This|Last|Next|On\s+the)\s+(?:same\s+|next\s+|previous\s+)?(?:day|week|month|year|morning|"
    r"afternoon|evening|night|weekend),\s+)"
    r"|^(?:But|And|Yet|So|Still|Also|Meanwhile)\s+"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+|$)")


@dataclass(eq=False)
class Speaker:
    """A person or body the text names, with what the text calls them."""

    name: str
    title: str = ""
    kind: str = "person"  # or "organisation"
    gender: str | None = None
    forms: set[str] = field(default_factory=set)  # how the text writes them: full name, surname


@dataclass
class Candidate:
    """A statement in the text worth considering as a claim."""

    text: str
    speaker: str | None
    speaker_title: str
    score: float
    reasons: list[str]
    start: int
    end: int
    speaker_kind: str = "person"

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "score": self.score,
            "reasons": list(self.reasons),
            "start": self.start,
            "end": self.end,
        }


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


def _normalise(text: str) -> str:
    """Straight quotes and plain spaces, keeping every offset; quotes in single marks made double."""
    return "\n".join(_single_marks_as_quotes(line) for line in text.translate(_SAME_LENGTH).split("\n"))


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


# --- The speakers a text names -----------------------------------------------------------


# Longer names are not looked for inside other phrases: real ones are far shorter, and a run-on
# "according to ..." taken for a body's name would otherwise make each lookup read it again.
_LONGEST_ALIAS_WORDS = 40
# How far back "he", "she", "they" and "the minister" look for whom they mean: in real copy it is a
# few mentions and speakers back (13 and 5 at most in the bench and the tests).
_LOOKBACK_MENTIONS = 1000
_LOOKBACK_SPEAKERS = 50
_MENTION_PIECE = re.compile(r"[\w']+|[^\w']")


def _in_a_word(char: str) -> bool:
    """What `[\\w']` matches."""
    return char.isalnum() or char in "_'"


class Registry:
    """Everyone the text names, found by name, surname, title, pronoun or description.

    `mentions` records where each is named, in text order, so "he", "she" and
    "the minister" go to the most recent fitting mention before them.
    """

    def __init__(self):
        self.speakers: list[Speaker] = []
        self.by_alias: dict[str, Speaker] = {}
        self.mentions: list[tuple[int, int, Speaker]] = []  # (position, order, speaker), sorted
        # The words of each alias as a tree (word -> subtree; None -> (length, order, speaker) of the
        # first alias with exactly these words), so a phrase is searched for every alias at once.
        self.alias_words: dict = {}
        # Full names the text gives without saying who they are ("Steve Barclay was called out ..."),
        # by surname: a later "Barclay said" is that person. None where two share a surname.
        self.unconfirmed: dict[str, tuple[str, str] | None] = {}
        self.interviewers: set[str] = set()  # transcript labels of the host, lower-cased

    def note_unconfirmed(self, name: str, title: str) -> None:
        name = _clean_name(name)
        surname = name.split()[-1].lower()
        if self.unconfirmed.get(surname, (name, title))[0] != name:
            self.unconfirmed[surname] = None
        else:
            self.unconfirmed[surname] = (name, title)

    def add(self, name: str, *, title: str = "", kind: str = "person") -> Speaker:
        name = _clean_name(name)
        full = self.unconfirmed.get(name.lower()) if kind == "person" and " " not in name else None
        if full is not None and self.lookup(name) is None:
            name, title = full[0], title or full[1]
        found = self.lookup(name)
        if found is not None:
            if (
                len(name) > len(found.name)
                and kind == found.kind
                and name.lower().endswith(found.name.lower())
            ):
                found.name = name
            if title and not found.title:
                found.title = title
            self._alias(found, name)
            return found
        speaker = Speaker(name=name, title=title, kind=kind)
        if kind == "person":
            speaker.gender = _gender_of(name, title)
        self.speakers.append(speaker)
        self._alias(speaker, name)
        return speaker

    def _alias(self, speaker: Speaker, name: str) -> None:
        self._form(speaker, name)
        if speaker.kind != "person":
            bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            self._form(speaker, bare)
            return
        tokens = [t for t in name.split() if t.lower() not in {"jr.", "sr.", "ii", "iii"}]
        if len(tokens) >= 2:
            # The surname, with its particle ("de Vries"); the first token too (family name first).
            surname = [tokens[-1]]
            if len(tokens) >= 3 and tokens[-2].lower() in PARTICLES:
                surname = tokens[-2:]
            self._form(speaker, " ".join(surname))
            if surname[0].lower() in PARTICLES:
                self._form(speaker, " ".join([surname[0].capitalize(), *surname[1:]]))
            first = tokens[0]
            if first.lower() not in PARTICLES and first.lower() not in FEMININE | MASCULINE:
                self._form(speaker, first)

    def _form(self, speaker: Speaker, form: str) -> None:
        if len(form) < 2:
            return
        speaker.forms.add(form)
        alias = form.lower()
        if alias in self.by_alias:
            return
        self.by_alias[alias] = speaker
        words = _alias_words(alias)
        if 0 < len(words) <= _LONGEST_ALIAS_WORDS:
            node = self.alias_words
            for word in words:
                node = node.setdefault(word, {})
            node.setdefault(None, (len(" ".join(words)), len(self.by_alias), speaker))

    def lookup(self, name: str) -> Speaker | None:
        lowered = _clean_name(name).lower()
        lowered = re.sub(r"^(?:mr|mrs|ms|dr|prof|sen|rep|gov)\.?\s+", "", lowered)
        if lowered in self.by_alias:
            return self.by_alias[lowered]
        tokens = lowered.split()
        if len(tokens) >= 2:
            full = self.by_alias.get(" ".join(tokens[-2:])) or self.by_alias.get(tokens[-1])
            if full is not None and full.kind == "person" and len(tokens) <= 4:
                # "James Whitaker" found as "Senator James Whitaker"; "Robert Vance" as "Vance".
                if tokens[-2] in full.name.lower().split() or len(full.name.split()) == 1:
                    return full
        return None

    def people(self) -> list[Speaker]:
        return [s for s in self.speakers if s.kind == "person"]

    def mention(self, speaker: Speaker, position: int) -> None:
        bisect.insort(self.mentions, (position, len(self.mentions), speaker), key=lambda m: (m[0], m[1]))

    def scan_mentions(self, text: str) -> None:
        """Record every place the text names someone it knows.

        From each place a name may start (not inside a word), the longest form that ends where a word
        does; then on from its end. Forms are walked as a tree of their words, so this is linear in the
        text however many forms there are (up to _LONGEST_ALIAS_WORDS words each).
        """
        forms = {form: speaker for speaker in self.speakers for form in speaker.forms}
        tree: dict = {}
        for form in forms:
            pieces = _MENTION_PIECE.findall(form)
            if len(pieces) <= 2 * _LONGEST_ALIAS_WORDS:
                node = tree
                for piece in pieces:
                    node = node.setdefault(piece, {})
                node[None] = form
        if not tree:
            return
        pieces = [(piece.start(), piece.end(), piece.group(0)) for piece in _MENTION_PIECE.finditer(text)]
        index = 0
        while index < len(pieces):
            start = pieces[index][0]
            found = None
            if start == 0 or not _in_a_word(text[start - 1]):
                node, ahead = tree, index
                while ahead < len(pieces) and pieces[ahead][2] in node:
                    node = node[pieces[ahead][2]]
                    ahead += 1
                    end = pieces[ahead - 1][1]
                    if None in node and (end == len(text) or not _in_a_word(text[end])):
                        found = (node[None], ahead)
            if found is None:
                index += 1
            else:
                self.mention(forms[found[0]], start)
                index = found[1]

    def first_after(self, position: int, *, where) -> "Speaker | None":
        """The speaker of the first mention after `position` that fits, looking ahead a bounded way."""
        start = bisect.bisect_left(self.mentions, (position, -1), key=lambda m: (m[0], m[1]))
        judged = set()
        for at in range(start, min(start + _LOOKBACK_MENTIONS, len(self.mentions))):
            speaker = self.mentions[at][2]
            if speaker in judged:
                continue
            if len(judged) == _LOOKBACK_SPEAKERS:
                break
            judged.add(speaker)
            if where(speaker):
                return speaker
        return None

    def most_recent(self, position: int, *, kind: str | None = None, gender: str | None = None, where=None):
        """The speaker of the latest mention before `position` that fits, looking back a bounded way.

        Each speaker is judged once however often mentioned; at most _LOOKBACK_SPEAKERS of them, in
        the last _LOOKBACK_MENTIONS mentions (a text full of mentions of no one who fits is not read
        again for every "he" or "the minister" in it).
        """
        end = bisect.bisect_left(self.mentions, (position, -1), key=lambda m: (m[0], m[1]))
        judged = set()
        for at in range(end - 1, max(end - _LOOKBACK_MENTIONS, 0) - 1, -1):
            speaker = self.mentions[at][2]
            if speaker in judged:
                continue
            if len(judged) == _LOOKBACK_SPEAKERS:
                break
            judged.add(speaker)
            if kind and speaker.kind != kind:
                continue
            if gender and speaker.gender and speaker.gender != gender:
                continue
            if where is not None and not where(speaker):
                continue
            return speaker
        return None


def _clean_name(name: str) -> str:
    name = without_possessive(" ".join(name.replace("\n", " ").split()).strip(" ,;:"))
    return re.sub(r"^(?:the|The)\s+", "the ", name)


def _gender_of(name: str, title: str) -> str | None:
    tokens = name.lower().split()
    if tokens and tokens[0] in HONORIFICS:
        return HONORIFICS[tokens[0]]
    lowered_title = title.lower()
    if re.search(
        r"\b(?:spokeswoman|chairwoman|councilwoman|congresswoman|businesswoman|queen|princess)\b",
        lowered_title,
    ):
        return "f"
    if re.search(r"\b(?:spokesman|chairman|councilman|congressman|businessman|king|prince)\b", lowered_title):
        return "m"
    for token in tokens:
        if token in FEMININE:
            return "f"
        if token in MASCULINE:
            return "m"
    return None


_TITLE_STOPS = frozenset("the a an its his her their by with and of to said".split())
_TITLE_OPENERS = frozenset("but and so yet also meanwhile".split())
_TITLE_WORD = re.compile(r"[\w'’.&-]+")
_POSSESSIVE = ("'", "'s", "’", "’s")
_DOTTED_CAPITALS = re.compile(r"(?:[A-Z]\.)+")
# No title runs longer: beyond it a run of capitalised words is a headline or noise, and reading it
# back from every name in it would make a text of them quadratic.
_TITLE_MAX_WORDS = 20
_LONGEST_LISTED_WORD = max(map(len, TITLE_NOUNS | TITLE_MODIFIERS | _TITLE_STOPS | _TITLE_OPENERS))


def _title_word(token: str) -> tuple[bool, bool, bool]:
    """One word before a name: (may belong to a title, is a title word, is a sentence opener)."""
    lowered = token.lower()
    is_title = lowered in TITLE_NOUNS or lowered.rstrip(".") + "." in TITLE_NOUNS
    is_opener = lowered in _TITLE_OPENERS
    if lowered in _TITLE_STOPS:
        return False, is_title, is_opener
    is_modifier = lowered in TITLE_MODIFIERS or token[:1].isupper() or lowered.endswith(_POSSESSIVE)
    fits = is_title or is_modifier
    if fits and token.isupper() and len(token) > 3 and not is_title and not _DOTTED_CAPITALS.fullmatch(token):
        fits = False  # a dateline, not a title ("U.S." and "U.K." are modifiers, though)
    return fits, is_title, is_opener


class _TitleWords:
    """A sentence's words, read once, so the title before each of its names costs only a lookup.

    For each word: whether it may belong to a title, whether it is a title word, whether it opens a
    sentence; the first word of the unbroken run of title-like words it ends; the last title word up to it;
    the first word from it on that is not an opener.
    """

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.starts, self.ends, self.fits, self.titles, self.openers = [], [], [], [], []
        self.run_start, self.last_title = [], []
        self._upper_at: dict[int, tuple[int, int]] = {}
        for i, word in enumerate(_TITLE_WORD.finditer(sentence)):
            fits, is_title, is_opener = _title_word(word.group(0))
            joined = i > 0 and self.fits[i - 1]
            joined = joined and not _NOT_SPACE.search(sentence, self.ends[i - 1], word.start())
            self.starts.append(word.start())
            self.ends.append(word.end())
            self.fits.append(fits)
            self.titles.append(is_title)
            self.openers.append(is_opener)
            self.run_start.append(self.run_start[i - 1] if joined else i)
            self.last_title.append(i if is_title else (self.last_title[i - 1] if i else -1))
        self.next_plain = [len(self.starts)] * (len(self.starts) + 1)
        for i in range(len(self.starts) - 1, -1, -1):
            self.next_plain[i] = self.next_plain[i + 1] if self.openers[i] else i

    def cut(self, i: int, end: int) -> tuple[bool, bool, bool]:
        """`_title_word` of word i cut short at `end` (a name starts inside the word), without copying it."""
        start = self.starts[i]
        if end - start <= _LONGEST_LISTED_WORD + 48 or self.sentence.endswith("." * 40, start, end):
            return _title_word(self.sentence[start:end])
        # Longer than any listed word, even less its final dots: only its case and its last letters count.
        first_cased_lower, first_upper = self._cases(i)
        is_modifier = self.sentence[start].isupper() or self.sentence[end - 2 : end].lower().endswith(
            _POSSESSIVE
        )
        is_upper = first_cased_lower >= end and first_upper < end
        if is_modifier and is_upper and not _DOTTED_CAPITALS.fullmatch(self.sentence, start, end):
            is_modifier = False
        return is_modifier, False, False

    def _cases(self, i: int) -> tuple[int, int]:
        """Where word i first has a lowercase or titlecase letter, and an uppercase one (for str.isupper)."""
        if i not in self._upper_at:
            lower_at = upper_at = self.ends[i]
            for at in range(self.starts[i], self.ends[i]):
                char = self.sentence[at]
                if upper_at == self.ends[i] and char.isupper():
                    upper_at = at
                if char.islower() or (char.istitle() and not char.isupper()):
                    lower_at = at
                    break
            self._upper_at[i] = (lower_at, upper_at)
        return self._upper_at[i]


@functools.lru_cache(maxsize=8)
def _title_words(sentence: str) -> _TitleWords:
    return _TitleWords(sentence)


def _title_before(sentence: str, name_start: int) -> str:
    """The title words right before a name: "Commerce Secretary", "Farmers' union leader".

    Read back from the name over capitalised words, title words and modifiers with only spaces
    between, at most _TITLE_MAX_WORDS of them; it ends at the last title word and never starts with a
    stray sentence opener.
    """
    words = _title_words(sentence)
    last = bisect.bisect_left(words.starts, name_start) - 1  # the last word that starts before the name
    if last < 0:
        return ""
    if words.ends[last] <= name_start:
        if _NOT_SPACE.search(sentence, words.ends[last], name_start):  # punctuation between: no title
            return ""
        last_end, (fits, is_title, is_opener) = (
            words.ends[last],
            (
                words.fits[last],
                words.titles[last],
                words.openers[last],
            ),
        )
    else:
        last_end, (fits, is_title, is_opener) = name_start, words.cut(last, name_start)
    if not fits:
        return ""
    joined = last > 0 and words.fits[last - 1] and words.run_start[last] != last
    first = max(words.run_start[last - 1] if joined else last, last - _TITLE_MAX_WORDS + 1)
    final = last if is_title else (words.last_title[last - 1] if last > 0 else -1)
    if final < first:
        return ""
    opening = words.next_plain[first]
    if opening >= last:
        opening = last if not is_opener else last + 1
    if opening > final:
        return ""
    return sentence[words.starts[opening] : last_end if final == last else words.ends[final]]


def _is_title_word(token: str) -> bool:
    lowered = token.lower()
    return lowered in TITLE_NOUNS or lowered.rstrip(".") + "." in TITLE_NOUNS


def _describes(phrase: str) -> bool:
    """Whether an appositive describes a role ("the U.S. Secretary of Commerce", "an economist at X")."""
    lowered = phrase.lower()
    if re.match(r"^(?:who|which|whose|where|when|in|on|at|as|after|before|said|says)\b", lowered):
        return False
    if len(lowered.split()) > 12:
        return False
    words = set(re.findall(r"[\w.'’-]+", lowered))
    return bool(words & (TITLE_NOUNS | ORG_NOUNS)) or " of " in f" {lowered} "


def _strip_article(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def _split_title(name: str) -> tuple[str, str]:
    """ "Police Chief Angela Brooks" -> ("Police Chief", "Angela Brooks"); honorifics go too."""
    tokens = name.split()
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        if _is_title_word(token) or token.lower() in HONORIFICS:
            last_title = i
    if last_title < 0:
        return "", name
    title = " ".join(t for t in tokens[: last_title + 1] if t.lower() not in HONORIFICS)
    return title, " ".join(tokens[last_title + 1 :])


def build_registry(text: str) -> Registry:
    """Find everyone the text names, with their titles; then where each is mentioned."""
    registry = Registry()
    for _, paragraph in _paragraphs(text):
        label = _TRANSCRIPT_LABEL.match(paragraph)
        for start, end in _sentences(paragraph, 0):
            if label and start < label.end():
                start = label.end()
            sentence = paragraph[start:end]
            _register_sentence(sentence, registry)
    registry.scan_mentions(text)
    return registry


_TITLE_COMMA_NAME = re.compile(
    rf"(?:^|[,;:]\s+|\b(?:to|by)\s+)(?P<title>[^,;:\"]{{2,60}}),\s+(?P<name>{NAME}),"
)


_APPOSITIVE = re.compile(r",\s+(?P<desc>[^,\"]{3,90}?)(?:,|\.?$|\s+(?:said|told|says)\b)")
_SPEAKS_AFTER = re.compile(rf"\s+{_AUX}{_VERB}\b")


_AFTER_A_PLACE_WORD = re.compile(r"\b(?:in|at|from|near|outside)\s+$")
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:minister|secretary|commissioner|spokes(?:man|woman|person)|director|head|chair(?:man|woman)?)\s+"
    r"(?:for|of)\s+$",
    re.IGNORECASE,
)
_SPEAKING_ACRONYM = re.compile(rf"\b([A-Z]{{2,5}})(?=\s+{_AUX}{_VERB}\b)")


def _register_sentence(sentence: str, registry: Registry) -> None:
    # TITLE, NAME, ... ("Korea's trade minister, Ahn Min-jae, dismissed")
    for match in _TITLE_COMMA_NAME.finditer(sentence) if sentence.count(",") >= 2 else ():
        title = _strip_article(match.group("title"))
        if _describes(title) and not _looks_like_org(match.group("name")):
            prefix, name = _split_title(match.group("name"))
            if _plausible_name(name):
                registry.add(name, title=title)
    # The portfolios of "the Ministry of Trade, Industry and Energy" are not bodies of their own.
    has_body_of = _BODY_OF.search(sentence) is not None
    listed = list(_org_spans(sentence, _ORG_OF_LIST_WAYS)) if has_body_of else []
    for match in _NAME_RE.finditer(sentence):
        prefix, name = _split_title(match.group(0))
        if not name or _skip_name(name):
            continue
        if len(name.split()) >= 3 and _PORTFOLIO_BEFORE.search(
            sentence, max(match.start() - 30, 0), match.start()
        ):
            # "THE MINISTER for Energy Eamon Ryan": the first word is the portfolio, not the name.
            name = name.split(maxsplit=1)[1]
        inside = bisect.bisect_right(listed, (match.start(), len(sentence) + 1)) - 1
        if inside >= 0 and match.end() <= listed[inside][1]:  # the spans are in order and apart
            continue
        name_start = match.start() + match.group(0).rfind(name)
        kind = "organisation" if _looks_like_org(name) else "person"
        title = ""
        appositive = _APPOSITIVE.match(sentence, match.end())
        if appositive and match.start() > 0 and not appositive.group(0).rstrip().endswith((",", ".")):
            # "... in the Federal Register, Seoul's trade minister said": the role is the next
            # clause's subject, not this name's appositive (that one is closed by a comma).
            appositive = None if appositive.end() < len(sentence.rstrip()) else appositive
        if appositive and _describes(appositive.group("desc")):
            description = _strip_article(appositive.group("desc"))
            if (
                kind == "person"
                and registry.lookup(name) is None
                and not _first_name(name)
                and re.search(
                    r"\b(?:group|organi[sz]ation|company|firm|think tank|charity|body|agency)\b", description
                )
            ):
                kind = "organisation"
            title = description
        before = _title_before(sentence, match.start())
        if prefix:
            # Read back from the name itself, so the modifiers before the title stay ("U.S. Commerce
            # Secretary"); honorifics are not titles.
            whole = _title_before(sentence, name_start)
            whole = " ".join(w for w in whole.split() if w.lower() not in HONORIFICS)
            before = whole if whole.endswith(prefix) else (f"{before} {prefix}".strip() if before else prefix)
        title = title or before
        verb_end = name_start
        while verb_end > 0 and sentence[verb_end - 1].isspace():
            verb_end -= 1
        speaks = _SPEAKS_AFTER.match(sentence, match.end()) or (
            verb_end < name_start
            and _verb_ends_at(sentence, verb_end)
            and not sentence.endswith(("told", "tells"), 0, verb_end)  # "told Reuters": the audience
        )
        if speaks and _AFTER_A_PLACE_WORD.search(sentence, max(match.start() - 8, 0), match.start()):
            speaks = None  # "the office in Seoul argued": the place does not speak
        known = registry.lookup(name)
        if known is not None:
            registry.add(name, title=title, kind=known.kind)
        elif title or speaks or (len(name.split()) >= 2 and _first_name(name)):
            registry.add(name, title=title, kind=kind)
        elif kind == "person" and len(name.split()) >= 2 and _plausible_name(name):
            registry.note_unconfirmed(name, title)
    # "IBM told Reuters", "the FBI said": a body by its initials, when it speaks.
    for acronym in _SPEAKING_ACRONYM.finditer(sentence):
        if registry.lookup(acronym.group(1)) is None:
            registry.add(acronym.group(1), kind="organisation")
    for start, end in _org_spans(sentence, _ORG_WAYS if has_body_of else _ORG_NAMED_WAYS):
        org = re.sub(r"^(?:the|The)\s+", "", sentence[start:end]).rstrip(".,")
        if org.endswith(("Ltd", "Inc", "Corp", "Co")):
            org += "."
        if len(org.split()) >= 2 and registry.lookup(org) is None and not _skip_name(org):
            registry.add(org, kind="organisation")


_MAY_OPEN_ORG = re.compile(r"[A-Zt]")
_WORD_RUN = re.compile(r"[\w'’&.-]+")


def _org_spans(text: str, ways) -> Iterator[tuple[int, int]]:
    """(start, end) of each body named in the text: what `finditer` of the pattern `ways` were cut from finds.

    At each place the ways are tried in the regex's order. A way that opens with a capitalised word reads
    that word to the end of its run of letters, so it ends the same from every capital of the run: it is
    tried once per run. The regex alone reads the run again from each capital, quadratic on "AAAA…".
    """
    run_starts: list[int] | None = None
    run_ends: list[int] = []
    known: dict[tuple[int, int], int | None] = {}
    at = 0
    while (opening := _MAY_OPEN_ORG.search(text, at)) is not None:
        start, end = opening.start(), None
        for index, (pattern, opens_with_a_word) in enumerate(ways):
            if not opens_with_a_word:
                found = pattern.match(text, start)
                end = found.end() if found else None
            elif "A" <= text[start] <= "Z":
                if run_starts is None:
                    runs = [run.span() for run in _WORD_RUN.finditer(text)]
                    run_starts, run_ends = [s for s, _ in runs], [e for _, e in runs]
                key = (index, run_ends[bisect.bisect_right(run_starts, start) - 1])
                if key not in known:
                    found = pattern.match(text, start)
                    known[key] = found.end() if found else None
                end = known[key]
            if end is not None:
                break
        if end is None:
            at = start + 1
        else:
            yield start, end
            at = end


def _plausible_name(name: str) -> bool:
    return bool(name) and not _skip_name(name) and not name.isupper()


def _first_name(name: str) -> bool:
    first = name.split()[0].lower().rstrip(".")
    return first in FEMININE or first in MASCULINE or first in {"mr", "mrs", "ms", "dr"}


def _looks_like_org(name: str) -> bool:
    return (
        bool(re.search(rf"\b(?:{'|'.join(ORG_WORDS)})\b\.?$", name))
        or "&" in name
        or bool(_BODY_OF.search(name) and _ORG_OF_LIST_RE.fullmatch(name))
    )


_NOT_NAMES = frozenset(
    """
    the a an and but or so yet he she they it we i you this that these those there here his her their
    its our my your in on at by for of to from with as if when while after before since because
    although though according asked speaking meanwhile however also still earlier later then today
    yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december good thank thanks well look no yes
    what who why how where which god mr mrs ms dr
    """.split()
)


def _skip_name(name: str) -> bool:
    first = name.split()[0].lower().rstrip(".,")
    if first in _NOT_NAMES and len(name.split()) == 1:
        return True
    if first in _NOT_NAMES and first not in {"mr", "mrs", "ms", "dr"}:
        return True
    return bool(name.isupper() and len(name) > 3)


# --- Resolving who speaks --------------------------------------------------------------


def _resolve(subject: str, registry: Registry, position: int) -> Speaker | None:
    """The speaker a subject phrase refers to (a pronoun, a name, a title, a body), noted as mentioned."""
    speaker = _referent(subject, registry, position)
    if speaker is not None:
        registry.mention(speaker, position)
    return speaker


def _referent(subject: str, registry: Registry, position: int) -> Speaker | None:
    subject = " ".join(subject.split()).strip(" ,")
    lowered = subject.lower()
    if lowered in {"he", "she"}:
        gender = "m" if lowered == "he" else "f"
        speaker = registry.most_recent(position, kind="person", gender=gender)
        if speaker is not None and speaker.gender is None:
            speaker.gender = gender
        return speaker
    if lowered == "they":
        return registry.most_recent(position, kind="organisation")
    owner = re.match(rf"^(?P<who>[A-Z].*?)['’]s?\s+{_SPOKEN_FOR}$", subject)
    if owner:
        return _referent(owner.group("who"), registry, position)
    role = re.match(r"^[A-Z][\w.-]*['’]s\s+(?P<desc>[\w'’ -]+)$", subject)
    if role:
        # "Seoul's trade minister": whoever has that role, not the place that owns it.
        found = _resolve_description(role.group("desc"), registry, position)
        if found is not None:
            return found
    # "A Department of Health spokesman", "an FBI spokeswoman": the body speaks through them.
    voice = re.match(
        r"^(?:[Aa]n?|[Tt]he)\s+(?P<body>[A-Z][\w.&'’ -]*?)\s+"
        r"(?:spokes(?:man|woman|person)|official|representative)$",
        subject,
    )
    voice = voice or re.match(
        r"^(?:[Aa]n?|[Tt]he)\s+(?:spokes(?:man|woman|person)|official|representative)\s+for\s+(?:the\s+)?"
        r"(?P<body>[A-Z][\w.&'’ -]*)$",
        subject,
    )
    if voice:
        body = voice.group("body")
        known = registry.lookup(body)
        if known is not None and known.kind == "organisation":
            return known
        if _ORG_RE.fullmatch(body) or body.isupper() or (" " not in body and registry.lookup(body) is None):
            return registry.add(body, kind="organisation")
    # A report, a statement: the body it is by, or the one most recently named, speaks through it.
    for noun in DOCUMENT_NOUNS:
        if re.match(rf"^(?:the|a|an|its|their)\s+(?:[\w'-]+\s+)?{noun}\b", lowered):
            inner = re.search(rf"\bby\s+(?P<by>{_ORG}|{NAME})", subject)
            if inner:
                return _referent(inner.group("by"), registry, position)
            words = lowered.split()
            if len(words) == 3 and words[1] in ORG_NOUNS:
                # "the company email", "the ministry statement": whoever that description is.
                found = _resolve_description(words[1], registry, position)
                if found is not None:
                    return found
            if words[-1] in DOCUMENT_NOUNS or len(words) <= 3:
                return registry.most_recent(position, kind="organisation")
    possessive = re.match(
        r"^(?:the|its|his|her|their)\s+(?P<who>.+?)'s\s+(?:office|spokesman|spokeswoman|spokesperson|team|"
        r"campaign|aides?)$",
        lowered,
    )
    if possessive:
        return _resolve_description(possessive.group("who"), registry, position)
    # "Analyst Ben Carter of Hargrove Securities": the person, not the firm.
    affiliated = re.match(r"^(?P<who>.+?)\s+(?:of|at|from|with)\s+(?P<where>.+)$", subject)
    if affiliated and not lowered.startswith(("the ", "a ", "an ")):
        who = affiliated.group("who")
        _, bare = _split_title(who)
        if registry.lookup(bare) is not None or (_first_name(bare) and len(bare.split()) >= 2):
            subject, lowered = who, who.lower()
    known = _longest_known(subject, registry)
    if known is not None:
        return known
    definite = re.match(r"^(?:the|its|his|her|their)\s+(?P<desc>.+)$", lowered)
    if definite:
        found = _resolve_description(definite.group("desc"), registry, position)
        if found is not None:
            return found
        if _looks_like_org(subject):
            return registry.add(re.sub(r"^(?:the|The)\s+", "", subject), kind="organisation")
        return None
    # "South Korea's presidential office in Seoul": a place after "in" is not who speaks, nor is the
    # owner of what speaks.
    names = [m for m in _NAME_RE.finditer(subject) if not _AFTER_A_PLACE_WORD.search(subject, 0, m.start())]
    if names:
        match = names[-1]
        if re.match(r"['’]s?\s+\w", subject[match.end() :]) or (
            match.group(0).endswith(("'s", "’s")) and subject[match.end() :].strip()
        ):
            return None
        title, name = _split_title(match.group(0))
        if not name or _skip_name(name):
            return None
        if _looks_like_org(subject):
            return registry.add(subject, kind="organisation")
        before = _title_before(subject, match.start())
        title = f"{before} {title}".strip() if before else title
        return registry.add(name, title=title, kind="person")
    return None


def _alias_words(phrase: str) -> list[str]:
    """The words a name is compared by: "ministry of trade, industry and energy" is named with its commas.

    A possessive is its name ("krishnamoorthi's statement" holds "krishnamoorthi").
    """
    return [
        without_possessive(w) for w in re.sub(r"[^\w'&. -]", " ", phrase.lower().replace("’", "'")).split()
    ]


def _longest_known(subject: str, registry: Registry) -> Speaker | None:
    """The speaker whose alias is the longest found, as whole words, in the subject (of equals, the first)."""
    words = _alias_words(subject)
    best = None
    for start in range(len(words)):
        node = registry.alias_words
        for at in range(start, len(words)):
            node = node.get(words[at])
            if node is None:
                break
            known = node.get(None)
            if known is not None and (best is None or (-known[0], known[1]) < (-best[0], best[1])):
                best = known
    return best[2] if best else None


# A cabinet secretary is a minister ("Health secretary Victoria Atkins ... The minister claimed").
_DESCRIPTION_SYNONYMS = {
    "ceo": "chief executive",
    "chief executive": "ceo",
    "boss": "chief executive",
    "minister": "secretary",
    "secretary": "minister",
}
# Words before a description that do not narrow it ("the cabinet minister" is the health secretary).
_VAGUE_MODIFIERS = frozenset({"former", "new", "cabinet", "top", "senior", "veteran", "newly-appointed"})


def _resolve_description(description: str, registry: Registry, position: int) -> Speaker | None:
    """ "the minister", "the chief executive", "the institute" -> the most recent who fits."""
    words = [w for w in re.findall(r"[\w'-]+", description.lower())]
    if not words:
        return None
    head = words[-1]
    phrase = " ".join(words)
    wanted = {phrase, head}
    for key, value in _DESCRIPTION_SYNONYMS.items():
        if key in (phrase, head):
            wanted.add(value)
    modifiers = [w for w in words[:-1] if w not in _VAGUE_MODIFIERS]

    def fits(speaker: Speaker) -> bool:
        label = f"{speaker.title} {speaker.name if speaker.kind != 'person' else ''}".lower()
        if not any(re.search(rf"\b{re.escape(w)}\b", label) for w in wanted):
            return False
        return all(re.search(rf"\b{re.escape(m)}\b", label) for m in modifiers[:1]) if modifiers else True

    found = registry.most_recent(position, where=fits)
    if found is None:
        # A lead names the role before the person ("The health secretary has admitted ... In an
        # interview, the health secretary, Sajid Javid, ..."): the first who fits after it.
        found = registry.first_after(position, where=fits)
    if found is None and (head in TITLE_NOUNS or head.rstrip(".") + "." in TITLE_NOUNS):
        # "Steve Barclay was called out ... The cabinet minister then alleged": a person the text
        # named without a title is the one a role refers to, when no one has that title.
        found = registry.most_recent(position, kind="person", where=lambda s: not s.title)
    if found is None and head in ORG_NOUNS:
        found = registry.most_recent(position, kind="organisation", where=lambda s: head in s.name.lower())
    if found is None and head in {"company", "firm", "maker", "owner", "operator", "producer"}:
        # A company the text names by one word ("Nvidia said ...") may have been read as a surname.
        found = registry.most_recent(
            position,
            where=lambda s: (
                not _PUBLIC_BODY.search(s.name)
                and (s.kind == "organisation" or (" " not in s.name and not s.title and s.gender is None))
            ),
        )
    return found


# "the company said" is not the Commerce Department named just before.
_PUBLIC_BODY = re.compile(
    r"\b(?:Department|Ministry|Office|Agency|Bureau|Commission|Committee|Council|Government|Parliament|"
    r"Congress|Senate|Administration|Authority|Court|Police|Treasury|Cabinet|Assembly)\b"
)


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


def _subject_then_verb(segment: str):
    """'X said in an interview' / 'said X, the title' at the start of a segment: (subject, rest)."""
    match = re.match(
        rf"^\s*(?P<subj>{_SUBJECT})(?:,\s+[^,\"]{{2,90}},)?\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$",
        segment,
        re.S,
    )
    if match:
        return match.group("subj"), match.group("verb"), match.group("rest")
    match = re.match(
        rf"^\s*(?P<verb>{_VERB})\s+(?P<subj>{_SUBJECT})(?P<rest>(?:[,\s][^\"]*)?)$", segment, re.S
    )
    if match:
        return match.group("subj"), match.group("verb"), match.group("rest")
    return None


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
    ends_clause = inner[-1] in ",.!?-—" or after in {",", ".", ""} or end >= len(paragraph)
    return bool(opens_sentence and ends_clause)


_READ_DOCUMENT = re.compile(
    r"^\s*read\s+(?P<doc>(?:the|a|an|its|his|her|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:statement|email|e-mail|letter|note|post|release|message|memo))$"
)


def _attribution_after(paragraph: str, start: int, stop: int):
    """`," Lutnick said in an interview.` / `," said Dr. Naomi Fischer, the author.` after a quote.

    Returns (subject, verb, end of the attribution, whether it ends with a comma, its sentence).
    """
    lead = re.match(r"^\s*[,.!?]?\s*", paragraph[start:stop])
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
    if found and not found[2].strip(" ,:"):
        return found[0], len(before) - len(lead)
    # "X said in a statement:", "X told reporters,"; a longer adjunct only right before the quote ("X, the
    # title, said in a CNBC interview on the 15th (local time), "...""), never a clause of its own.
    introduces = lead.rstrip().endswith((",", ":"))
    limit = 16 if introduces else 8
    if found and len(found[2].split()) <= limit and not re.search(r"\bthat\b", found[2]):
        return found[0], len(before) - len(lead)  # "X said in a statement:", "X told reporters,"
    return None


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
    r"(?:(?P<app>an?\s+[^,\"]{2,90}),\s+)?(?P<clause>.+)$",
    re.S,
)
_SUBJECT_SAID = re.compile(
    rf"^(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,120}},)?\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$", re.S
)


_CLAUSE_THEN_SUBJECT_SAID = re.compile(
    rf",\s+(?P<subj>{_SUBJECT})(?P<app>,\s+[^,\"]{{2,120}},)?\s+{_AUX}(?P<verb>{_VERB})\b(?P<tail>[^,]*)"
    r"(?:,\s*(?P<more>.+))?$",
    re.S,
)


def _named_in(appositive: str | None) -> str | None:
    """ ", Yusuf Karim," after "The authority's general manager": the name, when the appositive is one."""
    inner = (appositive or "").strip(" ,")
    return inner if inner and _NAME_RE.fullmatch(inner) and not _skip_name(inner) else None


def _reported_in_sentence(sentence: str, base: int, registry: Registry) -> list[_Statement]:
    stripped = _DATELINE.sub("", sentence)
    lead = len(sentence) - len(stripped)
    adjunct = _LEADING_ADJUNCT.match(stripped)
    if adjunct:
        lead += adjunct.end()
    body = sentence[lead:]
    # According to X, CLAUSE.
    match = _ACCORDING_FIRST.match(body)
    if match:
        subject = match.group("name") or match.group("subj")
        speaker = _resolve(subject, registry, base + lead)
        clause_start = lead + match.start("clause")
        if match.group("app") and has_finite_verb(match.group("app")):
            clause_start = lead + match.start("app")  # not "an agency within ...": a clause of its own
        found = _span_statement(sentence, base, clause_start, len(sentence), speaker)
        return [found] if found and speaker else []
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
        r"^\s*(?:(?:on|in|at|during|with|after|before|last|earlier|to)\b|this\s+(?:week|month|year|morning|"
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
        or words[0].lower() in TITLE_NOUNS | set(HONORIFICS) | {"the"}
    ):
        title_words.append(words.pop(0))
    title = " ".join(
        t.capitalize() for t in title_words if t.lower() not in HONORIFICS and t.lower() != "the"
    )
    if not words and inner:
        # The label is a role; the parentheses hold the name.
        words = inner.group(1).split()
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


def _proper_case(word: str) -> str:
    """ "D'AMBROSIO" -> "D'Ambrosio", "NEWBURY" -> "Newbury"; a word written in mixed case stays."""
    if not word.isupper():
        return word
    return re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), word)


_INTERJECTION = re.compile(r"^\s*(?:[A-Z][\w ]{0,40}\s)?interjecting\.?\s*$", re.IGNORECASE)


def _transcript_turns(text: str) -> list[tuple[int, str]] | None:
    """Paragraph starts that are transcript turns, or None when the text is not a transcript."""
    labelled = [(start, par) for start, par in _paragraphs(text) if _TRANSCRIPT_LABEL.match(par)]
    if len(labelled) < 2 and not any(_TRANSCRIPT_LABEL.is_in_capitals(par) for _, par in labelled):
        return None  # one "Jane Doe: ..." line in an article does not make it a transcript
    return labelled if labelled else None


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
    is_transcript = _transcript_turns(text) is not None
    interviewee = None
    if is_transcript:
        interviewee = next(
            (
                s
                for s in registry.people()
                if not re.search(
                    r"\b(?:presenter|host|moderator|interviewer|anchor|reporter)\b", s.title.lower()
                )
            ),
            None,
        )
    turn_speaker, in_turns, in_interviewer_turn = None, False, False
    previous = None
    first = True
    for par_start, paragraph in _paragraphs(text):
        is_headline = first and not re.search(r"[.!?\"]\s*$", paragraph.strip())
        first = False
        paragraph = _STAGE_DIRECTION.sub(lambda m: " " * len(m.group(0)), paragraph)
        label = _TRANSCRIPT_LABEL.match(paragraph) if is_transcript else None
        if label:
            in_turns = True
            turn_speaker, in_interviewer_turn = _label_speaker(
                label.group("label"), registry, par_start, interviewee
            )
            body_start = label.end()
        elif in_turns:
            body_start = 0
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
            body = paragraph[body_start:]
            for s, e in _sentences(body, body_start):
                sentence = paragraph[s:e].strip()
                if sentence and not PLEASANTRY_ONLY.match(sentence):
                    statements.append(_Statement(paragraph[s:e], par_start + s, par_start + e, turn_speaker))
            continue
        quoted, used, last = _quote_statements(paragraph, par_start, registry)
        if quoted and previous is not None:
            # A paragraph that opens with an unattributed quote continues the last speaker.
            for statement in quoted:
                if statement.speaker is None and not statement.is_attributed:
                    statement.speaker = previous
        statements.extend(quoted)
        masked = _blank_all(paragraph, [(max(start, 0), end) for start, end in used])
        reported = _reported_statements(masked, par_start, registry)
        reported += _running_quotes(paragraph, par_start, used, reported)
        statements.extend(reported)
        speakers = [s.speaker for s in sorted(quoted + reported, key=lambda s: s.start) if s.speaker]
        previous = speakers[-1] if speakers else (last or previous)
    return statements


_JOURNALIST_TITLES = frozenset(
    "host presenter anchor moderator interviewer correspondent reporter journalist columnist".split()
)


def extract_candidates(text: str, *, min_score: float = 0.0) -> list[Candidate]:
    """Candidate claims in an article or transcript, best first (see the module's docstring)."""
    prepared = _normalise(text or "")
    registry = build_registry(prepared)
    candidates, seen = [], set()
    for statement in _statements(prepared, registry):
        if statement.speaker is None:
            continue
        key = (statement.start, statement.end)
        if key in seen:
            continue
        seen.add(key)
        claim_text = " ".join(statement.text.split()).strip()
        assessment = assess(claim_text)
        if assessment.score < min_score:
            continue
        speaker = statement.speaker
        if set(re.findall(r"[a-z]+", speaker.title.lower())) & _JOURNALIST_TITLES:
            continue  # a presenter's or reporter's remark: the desk checks the people interviewed
        candidates.append(
            Candidate(
                text=claim_text,
                speaker=speaker.name,
                speaker_title=_strip_article(speaker.title),
                score=assessment.score,
                reasons=list(assessment.reasons),
                start=statement.start,
                end=statement.end,
                speaker_kind=speaker.kind,
            )
        )
    candidates.sort(key=lambda c: (-c.score, c.start))
    return candidates
