"""Intake (claims.intake.extraction): the speakers a text names, with their titles and the forms the
text writes them in (the Registry).
"""

import bisect
import re
from collections.abc import Iterator

from claims.intake.clauses import (
    without_possessive,
)
from claims.intake.given_names import FEMININE, MASCULINE
from claims.intake.patterns import (
    _AUX,
    _BODY_OF,
    _CAP,
    _NAME_RE,
    _NOT_NAMES,
    _ORG_NAMED_WAYS,
    _ORG_OF_LIST_RE,
    _ORG_OF_LIST_WAYS,
    _ORG_WAYS,
    _TRANSCRIPT_LABEL,
    _VERB,
    HONORIFICS,
    LEGAL_FORMS,
    NAME,
    ORG_WORDS,
    PARTICLES,
    TITLE_NOUNS,
    Speaker,
    _verb_ends_at,
)
from claims.intake.sentences import _paragraphs, _sentences
from claims.intake.titles import _describes, _split_title, _strip_article, _title_before

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
        self.text = ""  # the text the registry was built from
        # The words of each alias as a tree (word -> subtree; None -> (length, order, speaker) of the
        # first alias with exactly these words), so a phrase is searched for every alias at once.
        self.alias_words: dict = {}
        # Full names the text gives without saying who they are ("Steve Barclay was called out ..."),
        # by surname: a later "Barclay said" is that person. None where two share a surname.
        self.unconfirmed: dict[str, tuple[str, str] | None] = {}
        self.interviewers: set[str] = set()  # transcript labels of the host, lower-cased
        # Bodies by the words of their name less "of", "for", "and", "the" (see _body_words).
        self.by_body_words: dict[str, Speaker] = {}

    def add_form(self, speaker: Speaker, form: str) -> None:
        """Another way the text writes a speaker ("MIA" for the Ministry for Internal Affairs)."""
        if self.lookup(form) is None:
            self._form(speaker, form)

    def note_unconfirmed(self, name: str, title: str) -> None:
        name = _clean_name(name)
        surname = name.split()[-1].lower()
        known = self.unconfirmed.get(surname, (name, title))
        if known is None:  # two people already share this surname: it stays nobody's
            return
        self.unconfirmed[surname] = (name, title) if known[0] == name else None

    def add(self, name: str, *, title: str = "", kind: str = "person") -> Speaker:
        name = _clean_name(name)
        full = self.unconfirmed.get(name.lower()) if kind == "person" and " " not in name else None
        if full is not None and self.lookup(name) is None:
            name, title = full[0], title or full[1]
        found = self.lookup(name)
        if found is None and kind == "organisation":
            # "the Ministry of Internal Affairs" after "the Ministry for Internal Affairs": one body.
            found = self.by_body_words.get(_body_words(name))
            if found is not None:
                self._alias(found, name)
                return found
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
        elif len(_body_words(name).split()) >= 2:
            self.by_body_words.setdefault(_body_words(name), speaker)
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

    def other_named_between(self, speaker: Speaker, start: int, end: int) -> bool:
        """Whether the text names someone other than `speaker` between two places (a bounded look)."""
        at = bisect.bisect_left(self.mentions, (start, -1), key=lambda m: (m[0], m[1]))
        for position, _, named in self.mentions[at : at + _LOOKBACK_MENTIONS]:
            if position >= end:
                return False
            if named is not speaker:
                return True
        return (
            at + _LOOKBACK_MENTIONS < len(self.mentions) and self.mentions[at + _LOOKBACK_MENTIONS][0] < end
        )

    def first_after(self, position: int, *, where, within: int | None = None) -> "Speaker | None":
        """The speaker of the first mention after `position` that fits, looking ahead a bounded way
        (at most `within` characters, when given)."""
        start = bisect.bisect_left(self.mentions, (position, -1), key=lambda m: (m[0], m[1]))
        judged = set()
        for at in range(start, min(start + _LOOKBACK_MENTIONS, len(self.mentions))):
            if within is not None and self.mentions[at][0] > position + within:
                break
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


def _alias_words(phrase: str) -> list[str]:
    """The words a name is compared by: "ministry of trade, industry and energy" is named with its commas.

    A possessive is its name ("krishnamoorthi's statement" holds "krishnamoorthi").
    """
    return [
        without_possessive(w) for w in re.sub(r"[^\w'&. -]", " ", phrase.lower().replace("’", "'")).split()
    ]


_NAME_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "on"})


def _body_words(name: str) -> str:
    """A body's name as compared with its variants: "Ministry of Internal Affairs" and "Ministry for
    Internal Affairs" are one body; so are "Department of Trade and Industry" and "... Trade & Industry"."""
    return " ".join(w for w in _alias_words(name) if w not in _NAME_CONNECTORS)


def _clean_name(name: str) -> str:
    name = without_possessive(" ".join(name.replace("\n", " ").split()).strip(" ,;:"))
    if " (" in name and ")" not in name.split(" (")[-1]:
        name = name.split(" (")[0]  # "Commission on Elections (Comelec": its initials cut off unclosed
    words = name.split()
    if verb_before_name(words):
        words = words[1:]  # "Said Dr Ng: ..." writes the verb before the name ("Said Jalili" is a name)
        name = " ".join(words)
    if len(words) >= 3 and words[-1].lower() in _HEADLINE_VERBS:
        name = " ".join(words[:-1])  # "Jeremy Quin Welcomes the Government's ...": a headline's verb
    return re.sub(r"^(?:the|The)\s+", "the ", name)


# Verbs a sentence may open with, its speaker after them ("Said Dr Ng: ...", "Added the minister: ...").
_VERB_FIRST = frozenset({"Said", "Says", "Added", "Adds", "Asked", "Explained", "Noted", "Continued"})


def verb_before_name(words: list[str]) -> bool:
    """Whether capitalised words open with a verb of saying before an honorific or a post ("Said Dr
    Ng", "Added the minister"), not a name that begins like one ("Said Jalili")."""
    return (
        len(words) >= 3
        and words[0] in _VERB_FIRST
        and words[1].lower().rstrip(".") in set(HONORIFICS) | TITLE_NOUNS | {"the", "dr", "prof"}
    )


# Verbs a title-case headline writes after its subject's name ("Jeremy Quin Welcomes ...").
_HEADLINE_VERBS = frozenset(
    """
    welcomes announces urges calls says slams backs warns hails launches praises responds confirms
    reveals demands raises supports visits meets opens celebrates condemns criticises criticizes
    """.split()
)


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
    registry.text = text
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
# A body's description capitalised, as press releases and laws write it ("the Company", "the Bank").
_BODY_DESCRIPTIONS = frozenset(w.lower() for w in ORG_WORDS) | {"firm"}
_NAME_GOES_ON = re.compile(rf"\s+({_CAP}(?:\s+{_CAP})?)\b(?!\s+{_CAP})")


class _Span:
    """A name found by extending a match: what the loop reads of a match."""

    def __init__(self, start: int, end: int, text: str):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self._text


_INITIALS_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]{0,2}[A-Z][A-Za-z&]{0,6})\s*\)")
_SPEAKING_ACRONYM = re.compile(rf"\b([A-Z]{{2,5}})(?=\s+{_AUX}{_VERB}\b)")


_OPENS_A_LIST = re.compile(r"[A-Z][\w'’-]*(?:,\s+[A-Z][\w'’-]*)*\s+and\s+[A-Z]")
_LISTED_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*),\s+$")
_MAX_LISTED = 4


def _listed_start(sentence: str, start: int) -> int:
    """Where a body named after a list of places starts: "Barking, Havering and Redbridge University
    Hospitals NHS Trust", which the comma cuts to "Havering and ...". Only a few short words are read
    back, so the cost does not grow with the sentence."""
    if not _OPENS_A_LIST.match(sentence, start):
        return start
    for _ in range(_MAX_LISTED):
        window = max(0, start - 40)
        before = _LISTED_WORD_BEFORE.search(sentence, window, start)
        if before is None or before.start() == window and window > 0:
            break
        start = before.start()
    return start


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
        if name.split()[-1].lower() in TITLE_NOUNS:
            continue  # "Election Commissioner", "Finance Minister": a title, not a name
        if name.lower() in _BODY_DESCRIPTIONS:
            continue  # "the Company" of a press release: the company it is by, not a name
        more = _NAME_GOES_ON.match(sentence, match.end()) if prefix else None
        if more:
            # "Chief Election Commissioner Sardar Mohammad Raza": a long title leaves the name's end
            # past the words a name is read in.
            name = f"{name} {more.group(1)}"
            match = _Span(match.start(), more.end(), sentence[match.start() : more.end()])
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
    for start, end in _org_spans(sentence, _ORG_WAYS if has_body_of else _ORG_NAMED_WAYS):
        start = _listed_start(sentence, start)
        org = re.sub(r"^(?:the|The)\s+", "", sentence[start:end]).rstrip(".,")
        if org.endswith(("Ltd", "Inc", "Corp", "Co")):
            org += "."
        post = _POST_AFTER.match(sentence, end)
        if post and post.group(1).lower() in TITLE_NOUNS and not re.search(r"\s(?:of|for|and)\s", org):
            # "Agriculture Cabinet Secretary Mwangi Kiunjuri": the body's words head a post ("Institute
            # for Fiscal Studies Director Paul Johnson" still names the institute).
            continue
        head = re.match(r"^(?:[\w.'’-]+\s+){0,2}?(?P<head>[\w'’-]+)\s+(?:of|for)\s", org)
        if head and head.group("head").lower() in TITLE_NOUNS:
            continue  # "Federal Minister for Energy": a post, its holder speaks (not a body)
        if len(org.split()) >= 2 and registry.lookup(org) is None and not _skip_name(org):
            registry.add(org, kind="organisation")
        initials = _INITIALS_AFTER.match(sentence, end)
        body = registry.lookup(org)
        if initials and body is not None and body.kind == "organisation":
            # "the Ministry for Internal Affairs (MIA)": "the MIA" later is the ministry.
            registry.add_form(body, initials.group(1))
    # "IBM told Reuters", "the FBI said": a body by its initials, when it speaks.
    for acronym in _SPEAKING_ACRONYM.finditer(sentence):
        if acronym.group(1).lower() in _POST_INITIALS | LEGAL_FORMS:
            continue  # "the CS told journalists": a post (a cabinet secretary), resolved as "the minister"
        if registry.lookup(acronym.group(1)) is None:
            registry.add(acronym.group(1), kind="organisation")


# A post and a name after a body's words: "... Cabinet Secretary Mwangi Kiunjuri".
_POST_AFTER = re.compile(r"\s+([A-Z][a-z]+)\s+[A-Z][a-z]")
# Posts written by their initials, not bodies: cabinet secretary, finance, chief and prime minister.
_POST_INITIALS = frozenset({"cs", "fm", "cm", "pm", "dpm"})
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


def _skip_name(name: str) -> bool:
    first = name.split()[0].lower().rstrip(".,")
    if first in _NOT_NAMES and len(name.split()) == 1:
        return True
    if first in _NOT_NAMES and first not in {"mr", "mrs", "ms", "dr"}:
        return True
    return bool(name.isupper() and len(name) > 3)
