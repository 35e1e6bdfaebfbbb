"""The signals check-worthiness is scored from: what in a sentence marks a checkable fact or not.

Each signal is a yes/no question about the sentence (is there a number? a first-person opinion?
a plan?) or a count scaled to 0..1, read with plain patterns in one pass: no parser, no model,
nothing downloaded. `claims.intake.checkworthiness` weighs them; the weights were fitted on
labelled public data (bench/checkworthiness_fit.py), so a signal here only says what it sees.

Signals for a checkable fact: numbers and figures, years, comparisons, superlatives and records,
causes, absolutes, verbs of what happened, statistics' nouns, time frames, denials, names,
legislation and votes, what someone else did or said. Signals against: pleasantries, first-person
beliefs and feelings, judgements, obligations, wants and plans, predictions, hedges, questions,
a sentence that only addresses the listener, and a very short one.
"""

import re
from dataclasses import dataclass

_PLAIN = re.compile(r"^[a-z0-9' -]+$")


def _trie(words: list[str]) -> str:
    """An alternation of words as a prefix tree: far fewer branches to try at each position."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node) -> str:
        ends = "" in node
        branches = [
            re.escape(char).replace(r"\ ", r"\s+") + pattern(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(tree)


def _words(*phrases: str) -> str:
    """Whole words or phrases (lower case), as one fast pattern; phrases may hold regex syntax."""
    plain = [p for p in phrases if _PLAIN.match(p)]
    special = [p.replace(" ", r"\s+") for p in phrases if not _PLAIN.match(p)]
    alternatives = ([_trie(plain)] if plain else []) + special
    return r"\b(?:" + "|".join(alternatives) + r")\b"


@dataclass(frozen=True)
class Signal:
    name: str  # the key of its weight
    reason: str  # what the desk reads
    pattern: re.Pattern


# fmt: off
NUMBER_WORDS = (
    "half", "a third", "a quarter", "a fifth", "two-thirds", "twice", "three times", "four times",
    "doubled", "tripled", "quadrupled", "halved", "dozen", "dozens", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "trillion", "percent", "per cent",
    "one in (?:two|three|four|five|six|seven|eight|nine|ten)", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty",
)
COMPARISONS = (
    "compared with", "compared to", "up from", "down from", "as much as", "as many as", "outpace",
    "outpaced", "exceeds", "exceeded", "too much", "too many", "too few",
)
SUPERLATIVES = (
    "most", "least", "highest", "lowest", "largest", "biggest", "smallest", "fastest", "slowest",
    "cheapest", "record", "on record", "ever", "all-time", "single largest", "the first", "the only",
    "more than any", "any other", "no other",
)
CAUSES = (
    "because", "caused", "causes", "cause of", "due to", "led to", "leads to", "lead to", "the reason",
    "main reason", "result of", "as a result", "thanks to", "responsible for", "blame", "blamed",
    "driver", "drove", "balanced by", "paid for",
)
ABSOLUTES = (
    "never", "always", "every", "all", "none", "no one", "nobody", "no other", "not once", "only",
    "entire", "nothing", "not a single", "every single", "a single",
)
HAPPENED = (
    "voted", "passed", "signed", "cut", "cutting", "raised", "approved", "closed", "opened", "hired",
    "fired", "built", "spent", "lost", "won", "recorded", "treated", "received", "rose", "fell", "grew",
    "grown", "risen", "fallen", "slashed", "recruited", "created", "stopped", "changed", "declined",
    "increased", "decreased", "dropped", "reached", "paid", "offered", "connected", "froze", "frozen",
    "carried out", "took office", "promised", "merged", "included", "includes", "inherited", "killed",
    "banned", "vetoed", "doubled", "tripled", "employs", "employ", "supplies", "made up", "used",
    "went up", "went down", "are up", "is up", "are down", "is down", "has been", "had been",
    "have been",
)
STATISTICS = (
    "rate", "rates", "average", "budget", "deficit", "debt", "tax", "taxes", "unemployment", "inflation",
    "wages", "pay", "revenue", "profit", "income", "population", "gdp", "cases", "deaths", "jobs",
    "prices", "price", "cost", "costs", "survey", "poll", "data", "figures", "statistics", "per",
    "margin", "funding", "exports", "imports", "emissions", "crime", "arrests", "figure", "charges",
    "subsidies", "subsidised", "subsidized", "census", "staffing", "salaries", "salary", "spending",
    "growth", "patients", "students", "disease", "employer", "share", "level", "estimated", "estimate",
    "estimates",
)
LEGISLATION = (
    "bill", "law", "legislation", "act", "amendment", "treaty", "congress", "senate", "the house",
    "parliament", "veto", "vetoed", "voted for", "voted against", "votes", "ruling", "court",
)
PLEASANTRIES = (
    "thank you", "thanks", "good morning", "good afternoon", "good evening", "welcome", "congratulations",
    "great to be", "glad to", "happy to", "god bless", "a pleasure", "nice to",
)
BELIEFS = (
    "i think", "we think", "i believe", "we believe", "i feel", "in my view", "in my opinion", "i hope",
    "we hope", "hoped", "i suspect", "i'm sure", "i am sure", "i'm confident", "confident", "i don't think",
    "i do not think", "i don't believe", "i guess", "i know", "my view", "i'm not sure", "i doubt",
)
JUDGEMENTS = (
    "proud", "great", "wonderful", "terrible", "horrible", "awful", "amazing", "fantastic", "excellent",
    "beautiful", "nice", "disgrace", "disgraceful", "scandal", "scandalous", "shameful", "outrageous",
    "ridiculous", "irresponsible", "reckless", "disappointing", "unacceptable", "be honest", "right track",
    "wrong track", "anyone's guess", "who can blame", "important", "wrong", "right thing", "good",
    "bad", "strong", "weak", "fair", "unfair", "dangerous", "failed", "failure", "mistake", "values",
    "respect", "leadership", "believe in", "committed to", "support",
)
OBLIGATIONS = (
    "should", "must", "ought to", "need to", "needs to", "have to", "has to", "deserve", "deserves",
    "let's", "let us", "can't", "cannot", "it's time", "we've got to", "we have got to",
)
PLANS = (
    "want", "wants", "just want", "i want", "we want", "plan to", "plans to", "planned to", "planning to",
    "intend to", "intends to", "willing to", "my plan", "our plan", "i propose", "we propose",
    "proposal", "i will", "we will", "i'll", "we'll", "i'm going to", "we're going to", "i would",
    "we would", "i'd", "we'd", "i'm going", "i intend", "we intend", "i promise", "my program",
    "my administration will", "as president", "talk about", "talking about", "set to", "on track to",
    "aim to", "aims to", "goal", "priority", "priorities", "commitment to", "outlook", "continue to",
    "to continue", "try to", "trying to",
)
PREDICTIONS = (
    "will", "won't", "'ll", "going to", "expect", "expects", "expected to", "in the near future",
    "next year", "next month", "next week", "by the end of", "forecast", "likely", "approach",
    "in the future",
)
HEDGES = (
    "could", "might", "possible", "possibly", "perhaps", "maybe", "probably", "seems", "appears",
    "i'm not sure", "kind of", "sort of",
)
TIME_FRAMES = ("since", "ago", "decade", "decades", "century", "a year", "per year", "annually", "in a row")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
# fmt: on

PATTERNS = (
    Signal("number", "a number", re.compile(r"\d|[$€£¥%]|" + _words(*NUMBER_WORDS))),
    Signal(
        "figure",
        "a number",
        re.compile(r"\d[\d,.]*\s*(?:%|percent|per cent|million|billion|trillion)|[$€£¥]\s*\d"),
    ),
    Signal("year", "a date", re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\bin\s+(?:" + MONTHS + r")\b")),
    Signal(
        "comparison",
        "a comparison",
        re.compile(
            r"\b\w+er\s+than\b|\b(?:more|less|fewer|higher|lower|bigger|smaller|larger|faster|slower|"
            r"cheaper|better|worse)\b(?:\s+\w+){0,4}\s+than\b|"
            # a change between two figures: "from 6 percent to 3.1 percent", "from $2 billion to $3 billion"
            r"\bfrom\s+[$€£]?\d[\d.,]*(?:\s+\w+)?\s+to\s+[$€£]?\d|" + _words(*COMPARISONS)
        ),
    ),
    Signal(
        "superlative",
        "a superlative",
        re.compile(
            r"\bmost\b(?!\s+(?:recent|recently|notably|likely|important|of\s+all|people|americans))|"
            + _words(*SUPERLATIVES[1:])
            + r"|\b(?:best|worst|greatest)\b[^.]{0,40}\b(?:history|ever|on record|since)\b"
        ),
    ),
    Signal("cause", "a causal claim", re.compile(_words(*CAUSES))),
    Signal("absolute", "an absolute", re.compile(_words(*ABSOLUTES))),
    Signal("happened", "what happened", re.compile(_words(*HAPPENED))),
    Signal("statistic", "a statistic", re.compile(_words(*STATISTICS))),
    Signal("legislation", "a law or a vote", re.compile(_words(*LEGISLATION))),
    Signal(
        "time_frame",
        "a time frame",
        re.compile(
            _words(*TIME_FRAMES) + r"|\blast\s+(?:year|month|week|quarter|decade|spring|summer|autumn|fall|"
            r"winter|" + MONTHS + r")\b"
        ),
    ),
    Signal("denial", "a denial", re.compile(r"\b(?:not|never|no longer)\b|n't\b")),
    # What a third party did or said: "he voted against", "she said", "they cut": the attacks a desk checks.
    Signal(
        "third_party",
        "what someone did",
        re.compile(
            r"\b(?:he|she|they|his opponent|my opponent|the president|the governor|the senator)\s+"
            r"(?:has\s+|had\s+|have\s+)?(?:\w+ed|said|says|voted|cut|wants|took|gave|did|made|was|were)\b"
        ),
    ),
    # The past tense of most verbs: a report of what happened rather than of what will or should.
    Signal("past", "what happened", re.compile(r"\b(?:was|were|did|had)\b|\b\w{3,}ed\b")),
    Signal("pleasantry", "a pleasantry", re.compile(_words(*PLEASANTRIES))),
    Signal("belief", "an opinion", re.compile(_words(*BELIEFS))),
    Signal("judgement", "an opinion", re.compile(_words(*JUDGEMENTS))),
    Signal("obligation", "an opinion", re.compile(_words(*OBLIGATIONS))),
    Signal("plan", "a plan", re.compile(_words(*PLANS))),
    Signal("prediction", "a prediction", re.compile(_words(*PREDICTIONS))),
    # Reported speech shifts "will" to "would": weaker, since it also reports what was decided.
    Signal("would", "a prediction", re.compile(r"\bwould\s+(?!have\b)\w+")),
    # A plan or forecast with its subject: "he would raise", "it will trim", "she planned to visit".
    Signal(
        "intention",
        "a plan",
        re.compile(
            r"\b(?:i|we|he|she|it|they|you)(?:\s+\w+ly)?\s+(?:would|will|'d|'ll|plans?|planned|intends?|"
            r"intended|hopes?|hoped|expects?|expected|wants?|wanted)\b|"
            r"\b(?:i'd|we'd|he'd|she'd|they'd|i'll|we'll|he'll|she'll|it'll|they'll)\b"
        ),
    ),
    Signal("hedge", "a hedge", re.compile(_words(*HEDGES))),
    Signal(
        "first_person",
        "the speaker speaks of themselves",
        re.compile(r"^(?:\W*\w+,\s+)?(?:i|i'm|i've|i'd|i'll)\b"),
    ),
    Signal("you", "addresses the listener", re.compile(r"\byou(?:'re|'ve|r)?\b")),
)
QUESTION = Signal("question", "a question", re.compile(r"\?\s*[\"']?\s*$"))
# "may" hedges in lower case; "May" is the month ("in May", "May was") or a name ("Theresa May", "May
# said"), except where it opens a sentence or a quote and asks or grants ("May I", "May it be").
_MODAL_MAY = re.compile(r"\bmay\b|(?:^|[.!?]\s+|[\"'“‘(]\s*)May\s+(?:I|we|you|he|she|it|they|be|the)\b")
_NAME_WORD = re.compile(r"(?<=[\w,;:%)]\s)([A-Z][a-zA-Z.'-]*)")
_WORD = re.compile(r"[\w']+")
FORWARD = {"prediction", "plan", "intention", "would", "hedge", "obligation"}
NAMES_COUNTED = 3
LONG_WORDS = 40  # length counts up to this many words
SHORT_WORDS = 5


def signals(text: str) -> dict[str, float]:
    """The signals a sentence shows, each 1.0 (or a fraction, for counts); absent ones are left out."""
    text = " ".join((text or "").split())
    lowered = text.lower().replace("’", "'")  # lower-case patterns: no IGNORECASE, 4 times faster
    found = {signal.name: 1.0 for signal in PATTERNS if signal.pattern.search(lowered)}
    if QUESTION.pattern.search(text):
        found["question"] = 1.0
    if _MODAL_MAY.search(text):
        found["hedge"] = 1.0
    if "number" in found and FORWARD & found.keys():
        # "we will cut it by 10 percent": a figure in a plan or a forecast is its own signal, so the
        # figures of statements of fact are weighed apart from it.
        found["future_figure"] = 1.0
        del found["number"]
        found.pop("figure", None)
    names = {m.group(1).rstrip(".") for m in _NAME_WORD.finditer(text)} - {"I", "I'm", "I've"}
    if names:
        found["names"] = min(len(names), NAMES_COUNTED) / NAMES_COUNTED
    words = len(_WORD.findall(text))
    found["length"] = min(words, LONG_WORDS) / LONG_WORDS
    if words < SHORT_WORDS:
        found["short"] = 1.0
    return found


REASONS = {signal.name: signal.reason for signal in (*PATTERNS, QUESTION)} | {
    "names": "names",
    "length": "length",
    "short": "too short",
    "future_figure": "a figure in a plan or forecast",
}
