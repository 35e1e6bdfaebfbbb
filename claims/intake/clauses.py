"""What makes a span of news copy a statement, and how copy names its speakers in passing.

Rules (used by claims.intake.extraction, pure text work):

- A statement is a clause: a phrase that opens with a preposition, a participle or a subordinating
  word and has no verb of its own ("regarding the H20 chip", "commenting on the plan", "pointing to
  the graph") is an adjunct of the sentence, not something anyone claimed.
- A participle after a comma introduces a statement of the sentence's subject: "..., stating that
  X", "..., arguing that X", "..., saying X".
- A name in the possessive ("Krishnamoorthi's", "Atkins'") is the name: the speaker is the person,
  not the form the sentence happened to use.
"""

import re

# ", stating that ...", ", saying ...": what follows is a statement of the sentence's subject.
PARTICIPLES = (
    "stating",
    "saying",
    "arguing",
    "adding",
    "noting",
    "claiming",
    "insisting",
    "warning",
    "explaining",
    "asserting",
    "stressing",
    "emphasising",
    "emphasizing",
    "contending",
    "maintaining",
    "declaring",
    "acknowledging",
    "admitting",
    "pointing out",
    "alleging",
)
_PARTICIPLE = "|".join(p.replace(" ", r"\s+") for p in PARTICIPLES)
# "saying" may drop its "that" ("saying it gave China a lead"); the others keep it in news copy.
PARTICIPLE_OPENING = rf"(?:(?:{_PARTICIPLE})\s+that\s+|saying\s+(?!that\b))"
PARTICIPLE_CLAUSE = re.compile(rf",\s+{PARTICIPLE_OPENING}")
# "took pride in noting that ...", "was right in saying that ...": the same after "in".
PARTICIPLE_AFTER_IN = re.compile(rf"\s+in\s+(?:{_PARTICIPLE})\s+that\s+")

# Words an adjunct opens with: prepositions, participles of speaking and pointing, subordinators.
ADJUNCT_OPENERS = frozenset(
    """
    regarding concerning commenting explaining speaking asked pointing referring responding reacting
    addressing turning citing following amid despite during about on in at with for unlike like
    as when while after before since until once upon over under toward towards against without
    """.split()
)
# A word that makes a clause of a phrase: a form of be/have/do, a modal, a verb in the past.
_FINITE = frozenset(
    """
    is are was were be been am has have had do does did will would can could shall should may might
    must isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't can't
    couldn't shouldn't said made gave took got went came rose fell grew won lost paid sold bought built
    cut put set hit met led left kept spent sent brought thought told found began became saw knew held
    ran stood wrote fought drew drove ate overtook shrank sank spoke broke chose it's there's that's
    he's she's what's who's here's
    """.split()
)
_CONTRACTED = ("'re", "'ve", "'m", "'ll", "'d", "n't", "’re", "’ve", "’m", "’ll", "’d", "n’t")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POSSESSIVE_END = re.compile(r"(?<=[A-Za-z])['’]s?$")


def has_finite_verb(phrase: str) -> bool:
    """Whether the phrase has a word that makes it a clause (after its first word)."""
    words = [w.lower() for w in _WORD.findall(phrase)][1:]
    return any(
        w.replace("’", "'") in _FINITE or (len(w) > 4 and w.endswith("ed")) or w.endswith(_CONTRACTED)
        for w in words
    )


def has_auxiliary(phrase: str) -> bool:
    """Whether the phrase has a finite verb by a word alone ("one of the reasons was ..."), not by an
    "-ed" word that may be an adjective ("one of the most respected chroniclers")."""
    return any(w.lower().replace("’", "'") in _FINITE for w in _WORD.findall(phrase)[1:])


def is_fragment(statement: str) -> bool:
    """An adjunct ("regarding the H20 chip", "Pointing to the graph"), not a clause anyone claimed."""
    words = _WORD.findall(statement)
    if not words:
        return True
    return words[0].lower() in ADJUNCT_OPENERS and not has_finite_verb(statement)


def without_possessive(name: str) -> str:
    """ "Raja Krishnamoorthi's" -> "Raja Krishnamoorthi"; "Atkins'" -> "Atkins"."""
    return _POSSESSIVE_END.sub("", name)
