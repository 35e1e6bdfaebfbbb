"""Intake (claims.intake.extraction): resolving who speaks: a surname, "he", "she", "the minister" or
"the institute" to the person or body named earlier in the text.
"""

import re

from claims.intake.patterns import (
    _NAME_RE,
    _ORG,
    _ORG_RE,
    _SPOKEN_FOR,
    DOCUMENT_NOUNS,
    NAME,
    ORG_NOUNS,
    TITLE_NOUNS,
    Speaker,
)
from claims.intake.speakers import (
    _AFTER_A_PLACE_WORD,
    Registry,
    _alias_words,
    _first_name,
    _looks_like_org,
    _skip_name,
)
from claims.intake.titles import _split_title, _title_before

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
    role = re.match(r"^(?:[A-Z][a-z]+\s+)?[A-Z][\w.-]*['’]s\s+(?P<desc>[\w'’ -]+)$", subject)
    if role:
        # "Seoul's trade minister": whoever has that role, not the place that owns it.
        found = _resolve_description(role.group("desc"), registry, position)
        if found is None and role.group("desc").split()[-1].lower() in TITLE_NOUNS:
            # "Education Secretary Damian Hinds ... East Hampshire's Tory MP told The Herald": a seat's
            # member, another post of the one person the text has named so far.
            found = _only_person_before(registry, position)
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
    # "Port Authority officials", "officials with the Port Authority of New York and New Jersey": only a
    # body the text names as one ("Senior officials", "Two officials" name none).
    officials = re.match(r"^(?P<body>[A-Z][\w.&'’ -]*?)\s+officials$", subject) or re.match(
        r"^[Oo]fficials\s+(?:with|at|from)\s+(?:the\s+)?(?P<body>[A-Z][\w.&'’ -]*)$", subject
    )
    if officials:
        body = officials.group("body")
        known = registry.lookup(body)
        if known is not None and known.kind == "organisation":
            return known
        if _ORG_RE.fullmatch(body) or (body.isupper() and len(body) > 1):
            return registry.add(body, kind="organisation")
        if body.split()[0].lower() in _NO_BODY_WORDS:
            return None  # "Senior officials", "Two officials", "Police officials": no body named
        subject = body  # "Bank of England", "White House": whatever the text makes of the name
        lowered = subject.lower()
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
    definite = re.match(r"^(?:the|its|his|her|their)\s+(?P<desc>.+)$", lowered)
    if definite and lowered.split()[-1] in TITLE_NOUNS:
        # "the BAMF head", "the ministry spokesman": a person with that role, not the body it names.
        found = _resolve_description(definite.group("desc"), registry, position)
        if found is not None and found.kind == "person":
            return found
    title, bare = _split_title(subject)
    if (
        title
        and not definite
        and title.split()[-1].lower() in TITLE_NOUNS
        and _first_name(bare)
        and 2 <= len(bare.split()) <= 4
        and all(word[:1].isupper() for word in bare.split())  # not "Kwame Asante on Monday"
    ):
        # "Port Authority Chairman Kevin O'Toole" after the Port Authority was named: the chairman
        # speaks, not the body his post names.
        known = registry.lookup(bare)
        return known if known is not None else registry.add(bare, title=title, kind="person")
    known = _longest_known(subject, registry)
    if known is not None:
        return known
    if definite:
        found = _resolve_description(definite.group("desc"), registry, position)
        post = _POST_OF.match(definite.group("desc"))
        if found is None and post and post.group("post") in TITLE_NOUNS:
            # "The Minister for Energy said": a post (the energy minister named before), not a body.
            found = _resolve_description(f"{post.group('of')} {post.group('post')}", registry, position)
            if found is None or found.kind != "person":
                return None
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


_POST_OF = re.compile(r"^(?P<post>[a-z]+)\s+(?:of|for)\s+(?:the\s+)?(?P<of>[a-z]+)$")


# Words before "officials" that say which officials, not whose ("Senior officials", "Police officials").
_NO_BODY_WORDS = frozenset(
    """
    senior top local state federal government police health security military city county two three four
    five several many some other former us u.s. western foreign
    """.split()
)


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
    # Posts written by their initials: "the CS told journalists" (Kenya's cabinet secretaries).
    "cs": "cabinet secretary",
    "fm": "finance minister",
    "cm": "chief minister",
    "pm": "prime minister",
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
        if found is None:
            # "..., the oil minister said on Friday. Emmanuel Ibe Kachikwu made the comments at ...":
            # wire copy names the person right after the role, when no one was named before it.
            after = registry.text[position : position + _NAMED_NEXT + _MADE_THE_COMMENTS_CHARS]
            found = registry.first_after(
                position,
                where=lambda s: (
                    s.kind == "person"
                    and not s.title
                    and bool(re.search(re.escape(s.name) + _MADE_THE_COMMENTS.pattern, after))
                ),
                within=_NAMED_NEXT,
            )
    if found is None and head in ORG_NOUNS:
        found = registry.most_recent(position, kind="organisation", where=lambda s: head in s.name.lower())
    if found is None and head in {"company", "corporation", "firm", "maker", "owner", "operator", "producer"}:
        # A company the text names by one word ("Nvidia said ...") may have been read as a surname.
        found = registry.most_recent(
            position,
            where=lambda s: (
                not _PUBLIC_BODY.search(s.name)
                and (s.kind == "organisation" or (" " not in s.name and not s.title and s.gender is None))
            ),
        )
    return found


_NAMED_NEXT = 250  # characters after a role in which its holder may be named for the first time
# What names the holder of a role said just before: "Emmanuel Ibe Kachikwu made the comments at ...".
_MADE_THE_COMMENTS_CHARS = 80  # past the window: the longest name and "made the announcement"
_MADE_THE_COMMENTS = re.compile(
    r"\s+(?:made\s+the\s+(?:comments?|remarks?|statement|announcement)|was\s+speaking|spoke|"
    r"was\s+addressing|was\s+responding)\b"
)
_ONLY_PERSON_SPEAKERS = 30  # a text naming more speakers than this names more than one person


def _only_person_before(registry: Registry, position: int) -> Speaker | None:
    """The text's one person, when it names only one and has named them before `position` (stops at
    the second person, so a text of many names is not read once per description)."""
    people = []
    for speaker in registry.speakers[:_ONLY_PERSON_SPEAKERS]:
        if speaker.kind == "person":
            people.append(speaker)
            if len(people) > 1:
                return None
    if len(people) != 1 or len(registry.speakers) > _ONLY_PERSON_SPEAKERS:
        return None
    return registry.most_recent(position, where=lambda s: s is people[0])  # a bounded look back


# "the company said" is not the Commerce Department named just before.
_PUBLIC_BODY = re.compile(
    r"\b(?:Department|Ministry|Office|Agency|Bureau|Commission|Committee|Council|Government|Parliament|"
    r"Congress|Senate|Administration|Authority|Court|Police|Treasury|Cabinet|Assembly)\b"
)
