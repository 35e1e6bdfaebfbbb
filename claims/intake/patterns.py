"""Intake (claims.intake.extraction): the words and patterns news copy attributes speech with, and
what reading a text finds (Speaker, Candidate).
"""

import re
from dataclasses import dataclass, field

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
    "commented",
    "comments",
    "underlined",
    "underlines",
    "highlighted",
    "highlights",
    "underscored",
    "underscores",
    "affirmed",
    "affirms",
    "assured",
    "stresses",
    "confirms",
    "reveals",
    "acknowledges",
    "admits",
    "emphasises",
    "emphasizes",
    "recalls",
    "observes",
    "cautioned",
    "specified",
    "elaborated",
    "shared that",
    "was quoted as saying",  # "..., Reid Bigland was quoted as saying by the Detroit News"
    "is quoted as saying",
)
# Verbs that report a clause only with "that" ("underlined that turnout rose"); their object alone is
# no statement ("highlighted the urgent action required").
THAT_VERBS = frozenset(
    """
    underlined underlines highlighted highlights underscored underscores affirmed affirms assured stresses
    confirms reveals acknowledges admits emphasises emphasizes recalls observes cautioned specified
    elaborated
    """.split()
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
    minister secretary undersecretary under-secretary president vice-president chancellor premier governor
    gov. mayor senator sen. rep.
    representative congressman congresswoman councilman councilwoman councillor councilor
    treasurer chief executive ceo cfo coo director chair chairman chairwoman chairperson leader
    head spokesman spokeswoman spokesperson commissioner supervisor analyst lawyer attorney economist
    professor prof. dr. doctor officer official manager founder partner researcher scientist adviser
    advisor member mp candidate presenter host anchor correspondent agent owner judge justice general
    ambassador speaker deputy author consultant strategist editor historian expert inspector
    superintendent sheriff prosecutor auditor administrator coordinator organiser organizer activist
    campaigner principal dean student teacher nurse surgeon physician farmer worker resident
    trustee envoy diplomat commander captain lieutenant colonel admiral king queen prince princess
    pope bishop rabbi imam pastor statistician registrar actuary
    director-general secretary-general attorney-general solicitor-general auditor-general
    governor-general inspector-general surgeon-general commissioner-general registrar-general
    vice-chancellor vice-chair vice-chairman vice-chairwoman vice-governor deputy-director
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
    "Centers",
    "Centres",
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
PARTICLES = frozenset("de van von der den da di du la le del bin al ibn ter dos das st. ste.".split())
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr sen rep gov gen lt sgt st jr sr prof rev col capt cmdr adm vs inc ltd corp co hon rt
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft
    """.split()
)
# "Thank you.", "Hi, everyone.", "Happy Friday.", "Good morning, Minister.", "All right."
PLEASANTRY_ONLY = re.compile(
    r"^\W*(?:thank you|thanks|hi|hello|good (?:morning|afternoon|evening)|happy \w+day|all right)\b"
    r"[^.!?]{0,40}[.!?]*\W*$",
    re.IGNORECASE,
)

_NOT_NAMES = frozenset(
    """
    the a an and but or so yet he she they it we i you this that these those there here his her their
    its our my your in on at by for of to from with as if when while after before since because
    although though according asked speaking meanwhile however also still earlier later then today
    yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december good thank thanks well look no yes
    what who why how where which god mr mrs ms dr rather instead indeed moreover furthermore nevertheless
    nonetheless otherwise overall similarly likewise additionally consequently therefore thus hence
    accordingly besides notably importantly specifically separately elsewhere even only both
    """.split()
)


# --- Patterns -------------------------------------------------------------------------

# An initial ("John F. Kennedy"), but never a letter of a dotted abbreviation ("U.S.", "U.K.").
# Capitals and small letters of names, accented ones too ("Jordi Solé", "Łukasz Żak").
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017e"
_LO = "a-zß-öø-ÿ\u0100-\u017f"
_CAP = (
    rf"(?:[{_UP}][{_LO}]+(?:[-'’][{_UP}{_LO}]+)*(?![{_UP}{_LO}])|(?<![\w.])[A-Z]\.(?![A-Za-z])"
    rf"|[{_UP}][{_LO}]*[{_UP}][{_LO}]+|O['’][{_UP}][{_LO}]+)"
)
_PART = r"(?:de|De|van|Van|von|der|den|da|di|du|la|le|del|bin|al|ibn|ter|dos|das|St\.|Ste\.)"
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
    r"Board|Federation|Confederation|Association|Union|Authority|Administration|Chamber|Society|Centers?|Centres?|"
    r"Organi[sz]ation|"
    r"Task\s+Force|Panel)"
)
# Bodies named for a subject: "Committee on Finance", "Task Force on the Homeless" (not "Authority on
# Monday", when it spoke).
_BODIES_ON = r"(?:Committee|Commission|Council|Task\s+Force|Panel)"
_DATE_WORD = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Christmas|New\s+Year)\b|\d)"
)
_PORTFOLIO = r"(?!(?:Minister|Secretary|President|Chief|Director|Spokesman|Spokeswoman|Spokesperson)\b)"
_PORTFOLIO += r"[A-Z][\w'’&-]*"
_PORTFOLIO = rf"{_PORTFOLIO}(?:\s+{_PORTFOLIO}){{0,2}}"
# A capitalised word of a body's name: it runs to the end of its run of word characters.
_ORG_WORD = r"[A-Z][\w'’&.-]*"
_ORG_OF_LIST_HEAD = (
    rf"(?:{_BODY_HEADS}\s+(?:of|for)|{_BODIES_ON}\s+on(?!\s+{_DATE_WORD}))\s+(?:the\s+)?{_PORTFOLIO}"
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
_BODY_OF = re.compile(
    rf"\b(?:{_BODY_HEADS}\s+(?:of|for)|{_BODIES_ON}\s+on)\s"
)  # a quick test before the patterns above
# "Krishnamoorthi's office", "Raja Krishnamoorthi's statement": the person speaks through it.
_SPOKEN_FOR = r"(?:office|spokesman|spokeswoman|spokesperson|campaign|statement|team)"
# "Seoul's trade minister": a role described by its owner.
# "East Hampshire's Tory MP": a place of two words, a seat's member.
_OWNED_ROLE = r"(?:[A-Z][a-z]+\s+)?[A-Z][\w.-]*['’]s\s+(?:[\w'’-]+\s+){0,2}?(?:[a-z][\w-]*|MP|MEP|MSP|MLA)"
# "A Department of Health spokesman": the body speaks through them.
# "Port Authority officials", "officials with the Port Authority of New York and New Jersey": its people
# speak for the body (when it is a body: referents.py decides).
_VOICE_OF = (
    r"(?:(?:[Aa]n?|[Tt]he)\s+(?:(?:[A-Z][\w.&'’-]*\s+(?:(?:of|for|and)\s+)?){1,5}"
    r"(?:spokes(?:man|woman|person)|official|representative)|(?:spokes(?:man|woman|person)|official|"
    r"representative)\s+for\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&'’-]*){0,4})"
    r"|(?:[A-Z][\w.&'’-]*\s+(?:(?:of|for|and)\s+)?){1,5}officials"
    r"|[Oo]fficials\s+(?:with|at|from)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&'’-]*){0,6})"
)
_SUBJECT = (
    rf"(?:{_PRONOUN}|{_ORG}|(?:[\w'’.-]+\s+){{0,5}}?{NAME}|{NAME}['’]s?\s+{_SPOKEN_FOR}|{_VOICE_OF}|{_DEFINITE}"
    rf"|{_OWNED_ROLE}|(?:the\s+|The\s+)?[A-Z]{{2,5}}\b)"
)

# A label is followed by the turn's words, or stands alone on its line above them ("Jim Chalmers:").
_LABEL_END = r"\s*:(?:\s+(?=\S)|\s*$)"
_CAPS_LABEL = re.compile(
    r"^\s*(?P<label>Q|A|[A-Z][A-Z.'’\- ]{1,40}?(?:,\s*[A-Z][A-Z.'’\- ]{1,30}?){0,3}(?:\s*\([^)]{1,60}\))?)"
    + _LABEL_END
)
# A company's legal form written after its name, never a speaker alone ("Chrysler Group LLC said").
LEGAL_FORMS = frozenset({"llc", "plc", "llp", "lp", "ltd", "inc", "corp", "co"})
# "Lily D'AMBROSIO (Mill Park – Minister for Energy) (14:26):", "James Newbury:", "The SPEAKER:".
# "Mayor Bill de Blasio:" keeps its particle; "Q101 The Chair:" (a committee's question number) too.
_NAME_LABEL = re.compile(
    r"^\s*(?:Q\d{1,4}\s+)?(?P<label>(?:The\s+)?[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|di|du|van|von|der|le|la|del)\s+)?"
    r"[A-Z][\w'’.-]*){0,3}(?:\s*\([^)]{1,160}\)){0,2})" + _LABEL_END
)
# A role alone labels a turn ("Minister:", "PM:"), on a line of its own or before the words.
_ROLE_LABELS = TITLE_NOUNS | {"pm", "dpm"}
_NOT_LABELS = frozenset("read note update editor photo source watch related advertisement correction".split())


def _posted_label(label: str) -> bool:
    """A capitals label with two or more parts after commas ("CHARLES MOOSE, POLICE CHIEF, MONTGOMERY
    COUNTY, MARYLAND") is a speaker's only when its first part has two words or more and a later part
    holds a post: "WASHINGTON, D.C., MONDAY:" is a dateline, "SPORTS, WEATHER, TRAFFIC:" a heading."""
    parts = re.sub(r"\s*\([^)]*\)", "", label).split(",")
    if len(parts) <= 2:
        return True
    return len(parts[0].split()) >= 2 and any(
        word.lower().strip(".") in TITLE_NOUNS for part in parts[1:] for word in part.split()
    )


class _TranscriptLabel:
    """A transcript turn's label: in capitals ("ROSS:", "MODERATOR (JANE PARK):"), or a name as it is
    written with its seat and time in parentheses ("Lily D'AMBROSIO (Mill Park – ...) (14:26):") or a
    full name alone ("James Newbury:"). A single capitalised word, a question word or "Note:" is not one.
    """

    @staticmethod
    def match(paragraph: str):
        found = _CAPS_LABEL.match(paragraph)
        if found and _posted_label(found.group("label")):
            return found
        found = _NAME_LABEL.match(paragraph)
        if not found:
            return None
        words = re.sub(r"\s*\([^)]*\)", "", found.group("label")).split()
        first = words[0].lower()
        # "Dr Jo Bloggs:" is a label; "Dr:" or "Mr Smith said:" are not.
        is_styled = first in {*HONORIFICS, "dr", "dr.", "prof", "prof."} and len(words) >= 2
        if first in _NOT_LABELS or (first in _NOT_NAMES and first != "the" and not is_styled):
            return None
        is_alone = not paragraph[found.end() :].strip()
        is_role = len(words) == 1 and first in _ROLE_LABELS
        if len(words) < 2 and "(" not in found.group("label") and not is_alone and not is_role:
            return None  # "Chalmers:" is a label only on a line of its own ("Treasurer:" anywhere)
        if len(words) < 2 and words[0].lower() not in _ROLE_LABELS and words[0].lower()[:-1] in TITLE_NOUNS:
            return None  # "Ministers:" heads a list of names ("Minister:" labels the minister's turn)
        return found

    @staticmethod
    def is_in_capitals(paragraph: str) -> bool:
        found = _CAPS_LABEL.match(paragraph)
        return found is not None and _posted_label(found.group("label"))


_TRANSCRIPT_LABEL = _TranscriptLabel()
_STAGE_DIRECTION = re.compile(r"\((?:[A-Z][A-Z .,:!'’-]+)\)")
# "RICHMOND — ", "SEOUL, Jan. 27 (Yonhap) -- ", "KENTUCKY (WEHT) – "
# and as places are written in mixed case: "Islamabad - ", "New Delhi [India], February 7 (ANI): ".
_DATELINE_PLACE = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:\s+\[[A-Z][\w ]{1,30}\])?"
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?(?:\s+\([\w .]{2,30}\))?\s+[—–-]{1,2}\s+"
    rf"|^{_DATELINE_PLACE}\s+[—–-]{{1,2}}\s+(?=[A-Z])"
    rf"|^{_DATELINE_PLACE},\s+[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:\s*\([\w .]{{2,30}}\))?\s*[:—–-]{{1,2}}\s+"
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
