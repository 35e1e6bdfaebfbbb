"""Intake (claims.intake.extraction): what the dependency parse and named entities find that the rules
do not, for layouts and phrasings no rule was written for.

Rules, each applied only where the rules attributed nothing:
- a speaker line: a short line without a closing stop that opens with a person's name (a PERSON
  entity, in any spelling or case, maybe with a seat or party in parentheses and the record's
  links after it) opens that person's turn; the lines after it, up to the next such line, are
  theirs ("Jim Chalmers (Rankin, Australian Labor Party, Treasurer) Share this | Link to this");
  a single such line over text with no first person in it is a byline or a caption, not a turn;
- a header naming one person ("Proceeding contribution from Gordon Brown (Labour) in the House of
  Commons ...") above text of which two sentences in five or more are in the first person (outside
  quotes): the sentences nobody else is said to have said are that person's;
- a reporting verb, by its lemma (say, tell, state, claim, add, argue, insist, report, announce,
  note, warn, estimate, ...), whose subject is a person or body and whose clausal complement is
  the statement ("Southwest said its bookings are strong"); "report" and "announce" also with a
  noun object ("Southwest Airlines reported a doubling of earnings"). A pronoun or a description
  ("he", "the company") as the subject goes to the person or body named before it that fits;
- questions in a turn are not statements;
- a body named by the first words of its name ("Southwest" after "Southwest Airlines") is named in
  full (`full_body_names`).

The parser reads a bounded part of the text (claims.intake.language.PARSE_BUDGET_CHARS): lines that
may name a speaker first, then unattributed sentences with a reporting word, then the rest.
"""

import bisect
import itertools
import re
from collections import Counter

from claims.intake.given_names import FEMININE, MASCULINE
from claims.intake.language import Parsed, parse
from claims.intake.patterns import LEGAL_FORMS, PARTICLES, TITLE_NOUNS, Speaker
from claims.intake.quotes import _Statement
from claims.intake.sentences import _paragraphs, _sentences
from claims.intake.speakers import Registry
from claims.intake.transcripts import _proper_case

REPORT_LEMMAS = frozenset(
    """say tell state claim add argue insist report announce note warn estimate explain stress
    maintain contend assert confirm deny acknowledge admit predict reveal point emphasise emphasize
    mention indicate reiterate disclose clarify write observe remark suggest caution concede boast
    recall complain allege testify assure remind declare reply respond affirm counter highlight
    calculate forecast brag disclose""".split()
)
# Verbs whose noun object is itself the reported content ("reported a doubling of earnings").
_NOUN_OBJECT_LEMMAS = frozenset({"report", "announce", "post", "record"})


def _stem(lemma: str) -> str:
    """A pattern for a verb's forms: "deny" -> "den(?:y|i)" (denies, denied), "state" -> "stat"."""
    if lemma.endswith("y"):
        return lemma[:-1] + "(?:y|i)"
    return lemma.removesuffix("e")


# A cheap test for a sentence worth parsing: a reporting verb's stem in any of its forms.
_IRREGULAR_FORMS = ("said", "says", "told", "wrote", "written", "according to")
_REPORT_WORD = re.compile(
    r"\b(?:"
    + "|".join(sorted({_stem(lemma) for lemma in REPORT_LEMMAS | _NOUN_OBJECT_LEMMAS}, key=len, reverse=True))
    + "|"
    + "|".join(f.replace(" ", r"\s+") for f in _IRREGULAR_FORMS)
    + r")",
    re.IGNORECASE,
)
_SPEAKER_LINE_MAX = 200
_POST_NOMINALS = frozenset("mp mla mpp msp mhk td qc kc mep obe mbe cbe jr sr".split())
# Words before a name on a speaker line.
_LINE_TITLES = frozenset(
    "the hon rt mr mrs ms dr prof sir dame lord lady baroness senator sen rep representative".split()
)
_HEADER_MAX = 300
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our|me|us)\b")
_SPEAKER_LABELS = {"PERSON"}
_BODY_LABELS = {"ORG", "NORP", "GPE"}
# "they" is left out: it names several people as often as one body.
_PRONOUNS = {"he": "m", "she": "f", "it": None}
_HYPOTHETICAL = frozenset({"would", "could", "might", "may"})


def _closes(line: str) -> bool:
    return bool(re.search(r"[.!?\"]\s*$", line.strip()))


def _pieces(text: str, statements: list[_Statement]) -> list[tuple[int, str]]:
    """What to parse, most useful first: short unclosed lines and the opening line, then the
    sentences no rule attributed that hold a reporting word. Sentences the rules attributed are not
    parsed: the parser adds nothing there, and the time goes to the text no rule read."""
    covered = sorted((s.start, s.end) for s in statements if s.speaker is not None or s.is_withheld)
    starts = [start for start, _ in covered]
    reach = list(itertools.accumulate((end for _, end in covered), max))  # furthest end so far

    def is_covered(s: int, e: int) -> bool:
        """Whether an attributed statement overlaps s..e: one that starts before e and ends after s
        (by bisection, so a text of many sentences is not read once per statement)."""
        before = bisect.bisect_left(starts, e)
        return before > 0 and reach[before - 1] > s

    lines, reporting = [], []
    for index, (par_start, paragraph) in enumerate(_paragraphs(text)):
        if (len(paragraph) <= _SPEAKER_LINE_MAX and not _closes(paragraph)) or (
            index == 0 and len(paragraph) <= _HEADER_MAX
        ):
            if len(paragraph.split()) < 2:
                continue  # one word names no one and heads nothing
            # A label in capitals reads as a name only in proper case (same length, same offsets).
            lines.append(
                (par_start, re.sub(r"[^\W\d_][\w'-]{2,}", lambda m: _proper_case(m.group(0)), paragraph))
            )
            continue
        for s, e in _sentences(paragraph, par_start):
            sentence = text[s:e]
            if not sentence.strip():
                continue
            if not is_covered(s, e) and _REPORT_WORD.search(sentence):
                reporting.append((s, sentence))
    return lines + reporting


def _proper_part(ent) -> str:
    """An entity from its first proper noun ("Meanwhile Southwest Airlines" -> "Southwest Airlines")."""
    tokens = list(ent)
    while len(tokens) > 1 and tokens[0].pos_ != "PROPN":
        tokens.pop(0)
    # As the text writes it, without the initials the entity may take in: "Airports Council
    # International (ACI" is "Airports Council International".
    return ent.doc[tokens[0].i : tokens[-1].i + 1].text.split(" (")[0].rstrip(" (")


def _person_opening(parsed: Parsed) -> tuple[str | None, bool, bool]:
    """The person a line may open with ("Jim Chalmers (Rankin, ...) Share this"): (name, is_sure,
    is_followed_by_parenthesis). Sure when a PERSON entity starts the line or the name opens with a
    given name; otherwise two to four capitalised words before any punctuation, a name only if the
    text's other speaker lines have the same layout (the parser often misses a name with no sentence).
    """
    doc = parsed.doc
    lead: list = []
    opening = 0
    while opening < len(doc) and (
        doc[opening].lower_.rstrip(".") in _LINE_TITLES or doc[opening].text == "."
    ):
        opening += 1  # "The Hon. Jim Chalmers MP", "Senator Penny Wong", "Mr. Tony Burke"
    for token in doc[opening:]:
        if token.text == "-" and lead and not lead[-1].whitespace_ and not token.whitespace_:
            lead.append(token)  # "Pemberton-Smythe", cut in three by the tokenizer
            continue
        if token.is_punct or not (token.text[:1].isupper() or token.lower_ in PARTICLES):
            break
        if not token.text.replace("-", "").replace("'", "").isalpha():
            break
        lead.append(token)
    while lead and lead[-1].lower_ in _POST_NOMINALS:
        lead.pop()  # "Priya Raman MP"
    words = [t for t in lead if t.text != "-"]
    if not 2 <= len(words) <= 4:
        return None, False, False
    is_parenthesised = lead[-1].i + 1 < len(doc) and doc[lead[-1].i + 1].text == "("
    person = next((e for e in doc.ents if e.label_ in _SPEAKER_LABELS and e.start <= opening + 1), None)
    if person is not None:
        name = doc[person.start : min(person.end, lead[-1].i + 1)]
        if len(name) >= 2:
            return name.text, True, is_parenthesised
    if any(t.lower_ in TITLE_NOUNS for t in words):
        return None, False, False  # "The Prime Minister" under a name: a role, not a speaker
    name = doc[lead[0].i : lead[-1].i + 1].text
    return name, lead[0].lower_ in FEMININE | MASCULINE, is_parenthesised


def _name_phrase(token) -> tuple[str, object]:
    """A subject's name: the named entity it heads ("the Armenian Ministry of Health"), else the head
    noun with its compounds and flat parts ("Southwest Airlines")."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in _SPEAKER_LABELS | _BODY_LABELS:
            # An entity may take in an adverb before the name ("Meanwhile Southwest Airlines").
            first = min((t.i for t in token.subtree if t.i >= ent.start), default=ent.start)
            span = _with_company_name(token.doc[first : ent.end])
            if span and span[0].lower_ == "the":
                span = span[1:]
            return span.text, span
    parts = [t for t in token.lefts if t.dep_ in ("compound", "flat") and t.is_alpha] + [token]
    parts += [t for t in token.rights if t.dep_ in ("flat",)]
    first, last = min(p.i for p in parts), max(p.i for p in parts)
    span = _with_company_name(token.doc[first : last + 1])
    return span.text, span


def _with_company_name(span):
    """ "Chrysler Group LLC said", parsed with "LLC" alone as the subject or entity: the name before it."""
    if len(span) != 1 or span[0].lower_.rstrip(".") not in LEGAL_FORMS:
        return span
    first = span.start
    while first > 0 and first > span.start - 4 and span.doc[first - 1].text[:1].isupper():
        first -= 1
    return span.doc[first : span.end]


def _entity_label(span) -> str | None:
    for ent in span.doc.ents:
        if ent.start <= span.start < ent.end or span.start <= ent.start < span.end:
            if ent.label_ in _SPEAKER_LABELS | _BODY_LABELS:
                return ent.label_
    return None


def _resolve(subject, span, position: int, registry: Registry) -> Speaker | None:
    """The speaker a subject names: a known name, a new named person or body, or a pronoun or a
    description resolved to the latest fitting mention before it."""
    word = subject.lower_
    if subject.pos_ == "PRON":
        if word not in _PRONOUNS:
            return None
        gender = _PRONOUNS[word]
        kind = "organisation" if word == "it" else ("person" if gender else None)
        return registry.most_recent(position, kind=kind, gender=gender)
    if subject.pos_ != "PROPN":
        determiner = [t for t in subject.lefts if t.lower_ in ("the", "its", "this")]
        if not determiner:
            return None
        noun = subject.lemma_.lower()
        return registry.most_recent(
            position,
            where=lambda s: noun in s.title.lower().split() or (noun in _BODY_NOUNS and s.kind != "person"),
        )
    name = span.text
    found = registry.lookup(name)
    if found is not None:
        return found
    label = _entity_label(span)
    if label is None:
        return None
    speaker = registry.add(name, kind="person" if label == "PERSON" else "organisation")
    registry.mention(speaker, position)
    return speaker


_BODY_NOUNS = frozenset(
    "company firm airline carrier ministry department government agency office group bank".split()
)


def _clause_statements(parsed: Parsed, registry: Registry, text: str) -> list[_Statement]:
    found = []
    doc = parsed.doc
    for verb in doc:
        if verb.lemma_.lower() not in REPORT_LEMMAS | _NOUN_OBJECT_LEMMAS or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [t for t in verb.children if t.dep_ == "nsubj"]
        if not subjects:
            continue
        content = [t for t in verb.children if t.dep_ == "ccomp"]
        if not content and verb.lemma_.lower() in _NOUN_OBJECT_LEMMAS:
            content = [t for t in verb.children if t.dep_ == "dobj" and t.pos_ == "NOUN"]
        if not content:
            continue
        if _is_hypothetical(verb):
            continue
        subject = _titled_conjunct(subjects[0])
        name, span = _name_phrase(subject)
        speaker = _resolve(subject, span, parsed.start + subject.idx, registry)
        if speaker is None:
            continue
        clause = content[0]
        tokens = list(clause.subtree)
        if clause.dep_ == "dobj":
            if speaker.kind == "person" or _entity_label(span) == "GPE":
                continue  # a person or a place "reporting" a thing is not quoted saying it
            # The object and what follows it in the sentence ("..., with net profits rising ...").
            for after in verb.rights:
                if after.i > clause.i and after.dep_ in ("prep", "advcl"):
                    tokens += list(after.subtree)
            if not any(t.like_num or any(c.isdigit() for c in t.text) for t in tokens):
                continue  # "reported second-quarter figures": no figure, nothing to check
        if any(t.tag_ in ("WDT", "WP") and t.i <= clause.i for t in tokens):
            continue  # "which he claimed was ...": the clause is a relative one, its content elsewhere
        tokens = [t for t in tokens if t.dep_ != "mark" or t.head != clause]
        if not tokens:
            continue
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
        while last > first and doc[last].is_punct:
            last -= 1
        while first < last and (doc[first].is_punct or doc[first].dep_ == "mark"):
            first += 1
        start = parsed.start + doc[first].idx
        end = parsed.start + doc[last].idx + len(doc[last].text)
        if len(text[start:end].split()) < 3:
            continue
        found.append(_Statement(text[start:end], start, end, speaker, is_attributed=True))
    return found


def _titled_conjunct(subject):
    """ "Union Road Transport and Highways Minister Nitin Gadkari said": the parser reads the portfolio
    and the minister as two subjects joined by "and"; the one with a post before its name speaks."""
    if _entity_label(subject.doc[subject.i : subject.i + 1]) == "PERSON":
        return subject
    for conjunct in subject.children:
        if (
            conjunct.dep_ == "conj"
            and conjunct.pos_ == "PROPN"
            and any(t.dep_ == "compound" and t.lower_ in TITLE_NOUNS for t in conjunct.lefts)
            and _entity_label(conjunct.doc[conjunct.i : conjunct.i + 1]) == "PERSON"
        ):
            return conjunct
    return subject


def _is_hypothetical(verb) -> bool:
    """ "he would have reported", "If Mr Dobson had announced": not something said."""
    if any(t.dep_ == "aux" and t.lower_ in _HYPOTHETICAL for t in verb.children):
        return True
    head = verb
    while head.dep_ in ("advcl", "conj", "xcomp") and head.head is not head:
        if any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in head.children):
            return True
        head = head.head
    return False


_THANKS = re.compile(r"^\W*(?:I\s+)?(?:thanks?|thank\s+you)\b", re.IGNORECASE)


def _turn_statements(text: str, paragraphs, start: int, speaker: Speaker) -> list[_Statement]:
    found = []
    for par_start, paragraph in paragraphs:
        for s, e in _sentences(paragraph, par_start):
            sentence = text[s:e].strip()
            if not sentence or sentence.endswith("?") or _THANKS.match(sentence):
                continue
            found.append(_Statement(text[s:e], s, e, speaker, is_attributed=True))
    return found


_QUOTED = re.compile(r'"[^"]*"')


def _people_in(doc) -> set[str]:
    """The people a line names: PERSON entities, and runs of two to four proper nouns that open with
    a given name (the small model misses names in headers: "Contribution from Ingrid Solberg")."""
    people = {e.text for e in doc.ents if e.label_ in _SPEAKER_LABELS}
    taken = {t.i for e in doc.ents if e.label_ in _SPEAKER_LABELS for t in e}
    run: list = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper() and token.i not in taken:
            run.append(token)
            continue
        if 2 <= len(run) <= 4 and run[0].lower_ in FEMININE | MASCULINE:
            people.add(doc[run[0].i : run[-1].i + 1].text)
        run = []
    return people


def _span(paragraph: tuple[int, str]) -> tuple[int, int]:
    return paragraph[0], paragraph[0] + len(paragraph[1])


def _is_questioning(text: str, lines) -> bool:
    """A turn of which half the sentences or more are questions."""
    ends = [text[s:e].rstrip().endswith("?") for start, p in lines for s, e in _sentences(p, start)]
    return bool(ends) and 2 * sum(ends) >= len(ends)


def _free_of(spans: list[tuple[int, int]]):
    """A test of whether a span overlaps none of `spans`: they are merged and sorted once, and each
    test is a bisection (a text of thousands of statements is not compared with each for each test)."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    ends = [b for _, b in merged]

    def is_free(start: int, end: int) -> bool:
        at = bisect.bisect_right(ends, start)  # the first span that ends after `start`
        return not (at < len(merged) and merged[at][0] < end)

    return is_free


def parser_statements(text: str, registry: Registry, statements: list[_Statement]) -> tuple[list, list]:
    """Statements the parser finds where the rules found none, and the bodies' names it read."""
    parsed = parse(_pieces(text, statements))
    by_start = {p.start: p for p in parsed}
    bodies = sorted(
        {_proper_part(e) for p in parsed for e in p.doc.ents if e.label_ == "ORG"}
        | {s.name for s in registry.speakers if s.kind != "person"},
        key=len,
    )
    attributed = [(s.start, s.end) for s in statements if s.speaker is not None or s.is_withheld]
    is_free = _free_of(attributed)

    found: list[_Statement] = []
    paragraphs = list(_paragraphs(text))
    line_counts = Counter(" ".join(p.split()) for _, p in paragraphs)
    # Speaker lines and the turns under them.
    turn_speaker, turn = None, []
    turns: list[tuple[Speaker, list]] = []
    openings = {
        start: _person_opening(by_start[start])
        for start, paragraph in paragraphs
        if start in by_start and len(paragraph) <= _SPEAKER_LINE_MAX and not _closes(paragraph)
    }
    # Layouts some sure speaker line has: "Name (seat, party)" vouches for the lines written like it.
    vouched = any(
        name and is_sure and is_parenthesised for name, is_sure, is_parenthesised in openings.values()
    )
    for par_start, paragraph in paragraphs:
        name, is_sure, is_parenthesised = openings.get(par_start, (None, False, False))
        is_repeated = line_counts[" ".join(paragraph.split())] > 1
        person = name if name and (is_sure or is_repeated or (is_parenthesised and vouched)) else None
        if person:
            if turn_speaker is not None:
                turns.append((turn_speaker, turn))
            turn_speaker = registry.lookup(person) or registry.add(person)
            registry.mention(turn_speaker, par_start)
            turn = []
        elif turn_speaker is not None:
            if not _closes(paragraph) and len(paragraph) <= _SPEAKER_LINE_MAX:
                continue  # a time stamp or heading between turns
            turn.append((par_start, paragraph))
    if turn_speaker is not None:
        turns.append((turn_speaker, turn))
    if (
        len(turns) == 1
        and len(_FIRST_PERSON.findall(_QUOTED.sub(" ", " ".join(p for _, p in turns[0][1])))) < 2
    ):
        turns = []  # one name over narration (quotes aside) is a byline or a caption, not a turn
    for speaker, lines in turns:
        if _is_questioning(text, lines):
            continue  # the member who asks: their turn is the question
        free = [(s, p) for s, p in lines if is_free(s, s + len(p))]
        found += _turn_statements(text, free, 0, speaker)
    # A header naming one person above first-person text: the text no one else is said to have said.
    if not turns and paragraphs and paragraphs[0][0] in by_start and is_free(*_span(paragraphs[0])):
        header = by_start[paragraphs[0][0]].doc
        people = _people_in(header)
        if len(people) == 1:
            person = people.pop()
            speaker = registry.lookup(person) or registry.add(person)
            own = [s for s in _turn_statements(text, paragraphs[1:], 0, speaker) if is_free(s.start, s.end)]
            in_first_person = [s for s in own if _FIRST_PERSON.search(_QUOTED.sub(" ", s.text))]
            if len(own) >= 2 and 5 * len(in_first_person) >= 2 * len(own):
                found += own
    # Reporting verbs in sentences nothing else attributed.
    untaken = _free_of(attributed + [(s.start, s.end) for s in found])
    for piece in parsed:
        if not untaken(piece.start, piece.start + len(piece.doc.text)):
            continue
        found += _clause_statements(piece, registry, text)
    return found, bodies


def body_prefixes(bodies: list[str], text: str) -> dict[tuple[str, ...], set[str]]:
    """The bodies' names by each of their shorter openings (read once per text, not per speaker)."""
    found: dict[tuple[str, ...], set[str]] = {}
    # A name with "and" may be two ("Munday and Dixson") and opens nothing, unless the text also has
    # its part before "and" as a body and writes that part only before "and": then it is the longer
    # name cut at "and" ("Port Authority of New York" of "Port Authority of New York and New Jersey"),
    # and it and its openings are it. "The Department of Health said ... The Department of Health and
    # Human Services said" names two bodies.
    cut_at_and = {}
    for body in bodies:
        head, joined, _ = body.partition(" and ")
        if joined and head in bodies and text.count(head) == text.count(f"{head} and "):
            cut_at_and.setdefault(head, set()).add(body)
    for body in bodies:
        words = body.split()
        if re.search(r"\band\b", body):
            continue
        longer = cut_at_and.get(body, set())
        for length in range(1, len(words) + (1 if longer else 0)):
            found.setdefault(tuple(words[:length]), set()).update(longer or {body})
    return found


def full_body_names(speaker_name: str, prefixes: dict[tuple[str, ...], set[str]]) -> str:
    """ "Southwest" -> "Southwest Airlines" when the text names exactly one body that way."""
    longer = prefixes.get(tuple(speaker_name.split()), set())
    return next(iter(longer)) if len(longer) == 1 else speaker_name
