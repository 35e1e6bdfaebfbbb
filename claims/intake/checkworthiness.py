"""Check-worthiness: how much a statement is worth checking, from 0 to 1, with the reasons.

Checkable statements of fact score high: numbers and statistics, comparisons,
superlatives and records, causal claims, absolutes, and claims about what
happened. Opinions, predictions, questions and pleasantries score low.

The score is a logistic combination of those signals (the weights below, set
by hand and checked against the extraction bench in bench/). Each signal
that counts is reported in words, so a fact-checker can see why a sentence
was picked; nothing is downloaded and nothing is trained at run time.
"""

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    reason: str
    weight: float
    pattern: re.Pattern


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


NUMBER_WORDS = (
    "half",
    "a third",
    "a quarter",
    "a fifth",
    "two-thirds",
    "twice",
    "three times",
    "four times",
    "doubled",
    "tripled",
    "quadrupled",
    "halved",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "percent",
    "per cent",
    "one in (?:two|three|four|five|six|seven|eight|nine|ten)",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
)

POSITIVE = (
    Signal(
        "a number",
        1.5,
        re.compile(r"\d|[$€£¥%]|" + _words(*NUMBER_WORDS)),
    ),
    Signal(
        "a comparison",
        0.9,
        re.compile(
            r"\b\w+er\s+than\b|\b(?:more|less|fewer|higher|lower|bigger|smaller|larger|faster|slower|"
            r"cheaper|better|worse)\b(?:\s+\w+){0,4}\s+than\b|"
            # a change between two figures: "from 6 percent to 3.1 percent", "from $2 billion to $3 billion"
            r"\bfrom\s+[$€£]?\d[\d.,]*(?:\s+\w+)?\s+to\s+[$€£]?\d|"
            + _words(
                "compared with",
                "compared to",
                "up from",
                "down from",
                "as much as",
                "as many as",
                "outpace",
                "outpaced",
                "exceeds",
                "exceeded",
                "too much",
                "too many",
                "too few",
            ),
        ),
    ),
    Signal(
        "a superlative",
        0.9,
        re.compile(
            _words(
                "most",
                "least",
                "highest",
                "lowest",
                "largest",
                "biggest",
                "smallest",
                "fastest",
                "slowest",
                "cheapest",
                "record",
                "on record",
                "ever",
                "all-time",
                "single largest",
                "the first",
                "the only",
                "more than any",
                "any other",
                "no other",
            )
            + r"|\b(?:best|worst|greatest)\b[^.]{0,40}\b(?:history|ever|on record|since)\b",
        ),
    ),
    Signal(
        "a causal claim",
        0.8,
        re.compile(
            _words(
                "because",
                "caused",
                "causes",
                "cause of",
                "due to",
                "led to",
                "leads to",
                "lead to",
                "the reason",
                "main reason",
                "result of",
                "as a result",
                "thanks to",
                "responsible for",
                "blame",
                "blamed",
                "driver",
                "drove",
                "balanced by",
                "paid for",
            ),
        ),
    ),
    Signal(
        "an absolute",
        0.5,
        re.compile(
            _words(
                "never",
                "always",
                "every",
                "all",
                "none",
                "no one",
                "nobody",
                "no other",
                "not once",
                "only",
                "entire",
                "nothing",
                "not a single",
                "every single",
                "a single",
            ),
        ),
    ),
    Signal(
        "what happened",
        0.7,
        re.compile(
            _words(
                "voted",
                "passed",
                "signed",
                "cut",
                "cutting",
                "raised",
                "approved",
                "closed",
                "opened",
                "hired",
                "fired",
                "built",
                "spent",
                "lost",
                "won",
                "recorded",
                "treated",
                "received",
                "rose",
                "fell",
                "grew",
                "grown",
                "risen",
                "fallen",
                "slashed",
                "recruited",
                "created",
                "stopped",
                "changed",
                "declined",
                "increased",
                "decreased",
                "dropped",
                "reached",
                "paid",
                "offered",
                "connected",
                "froze",
                "frozen",
                "carried out",
                "took office",
                "promised",
                "merged",
                "included",
                "includes",
                "inherited",
                "killed",
                "banned",
                "vetoed",
                "doubled",
                "tripled",
                "employs",
                "employ",
                "supplies",
                "made up",
                "used",
                "went up",
                "went down",
                "are up",
                "is up",
                "are down",
                "is down",
                "has been",
                "had been",
                "have been",
            ),
        ),
    ),
    Signal(
        "a statistic",
        0.4,
        re.compile(
            _words(
                "rate",
                "rates",
                "average",
                "budget",
                "deficit",
                "debt",
                "tax",
                "taxes",
                "unemployment",
                "inflation",
                "wages",
                "pay",
                "revenue",
                "profit",
                "income",
                "population",
                "gdp",
                "cases",
                "deaths",
                "jobs",
                "prices",
                "price",
                "cost",
                "costs",
                "survey",
                "poll",
                "data",
                "figures",
                "statistics",
                "per",
                "margin",
                "funding",
                "exports",
                "imports",
                "emissions",
                "crime",
                "arrests",
                "figure",
                "charges",
                "subsidies",
                "subsidised",
                "subsidized",
                "census",
                "staffing",
                "salaries",
                "salary",
                "spending",
                "growth",
                "patients",
                "students",
                "disease",
                "employer",
                "share",
                "level",
                "estimated",
                "estimate",
                "estimates",
            ),
        ),
    ),
)

TIME_FRAME = Signal(
    "a time frame",
    0.3,
    re.compile(
        _words("since", "ago", "decade", "decades", "century", "a year", "per year", "annually", "in a row")
        + r"|\blast\s+(?:year|month|week|quarter|decade|spring|summer|autumn|fall|winter|"
        r"january|february|march|april|may|june|july|august|september|october|november|december)\b",
    ),
)
DENIAL = Signal("a denial", 0.3, re.compile(r"\b(?:not|never|no longer)\b|n't\b"))
NAME_WEIGHTS = (0.4, 0.2, 0.2)  # the first name mentioned counts most
_NAME_WORD = re.compile(r"(?<=[\w,;:%)]\s)([A-Z][a-zA-Z.'-]*)")

NEGATIVE = (
    Signal(
        "a pleasantry",
        -3.5,
        re.compile(
            _words(
                "thank you",
                "thanks",
                "good morning",
                "good afternoon",
                "good evening",
                "welcome",
                "congratulations",
                "great to be",
                "glad to",
                "happy to",
                "god bless",
                "a pleasure",
                "nice to",
            ),
        ),
    ),
    Signal(
        "an opinion",
        -1.6,
        re.compile(
            _words(
                "i think",
                "we think",
                "i believe",
                "we believe",
                "i feel",
                "in my view",
                "in my opinion",
                "i hope",
                "we hope",
                "hoped",
                "i suspect",
                "i'm sure",
                "i am sure",
                "i'm confident",
                "confident",
                "proud",
                "great",
                "wonderful",
                "terrible",
                "horrible",
                "awful",
                "amazing",
                "fantastic",
                "excellent",
                "beautiful",
                "nice",
                "disgrace",
                "disgraceful",
                "scandal",
                "scandalous",
                "shameful",
                "outrageous",
                "ridiculous",
                "irresponsible",
                "reckless",
                "disappointing",
                "unacceptable",
                "should",
                "must",
                "ought to",
                "need to",
                "needs to",
                "have to",
                "has to",
                "deserve",
                "deserves",
                "let's",
                "let us",
                "be honest",
                "right track",
                "wrong track",
                "just want",
                "anyone's guess",
                "who can blame",
                "want",
                "wants",
                "can't",
                "cannot",
            ),
        ),
    ),
    Signal(
        "a prediction",
        -1.4,
        re.compile(
            _words(
                "will",
                "won't",
                "'ll",
                "going to",
                "expect",
                "expects",
                "expected to",
                "plan to",
                "plans to",
                "planned to",
                "planning to",
                "intend to",
                "intends to",
                "willing to",
                "in the near future",
                "next year",
                "next month",
                "next week",
                "by the end of",
                "forecast",
                "could",
                "may",
                "might",
                "likely",
            ),
        ),
    ),
    Signal(
        "a prediction",
        -1.4,
        # Reported speech shifts "will" to "would": weaker, since it also reports what was decided.
        re.compile(r"\bwould\s+(?!have\b)\w+"),
    ),
)

QUESTION = Signal("a question", -3.0, re.compile(r"\?\s*[\"']?\s*$"))
BIAS = -0.7
SHORT_WORDS = 5
SHORT_PENALTY = -1.8


@dataclass(frozen=True)
class Assessment:
    score: float
    reasons: tuple[str, ...]


def assess(text: str) -> Assessment:
    """Score a statement's check-worthiness (0..1) and say why, in a few words."""
    text = " ".join((text or "").split())
    if not text:
        return Assessment(0.0, ())
    logit = BIAS
    positive, negative = [], []
    lowered = text.lower().replace("’", "'")  # the patterns are lower case: no IGNORECASE, 4 times faster
    for signal in POSITIVE:
        if signal.pattern.search(lowered):
            logit += signal.weight
            positive.append(signal)
    for signal in (TIME_FRAME, DENIAL):
        if signal.pattern.search(lowered):
            logit += signal.weight
            positive.append(signal)
    names = {
        m.group(1).rstrip(".") for m in _NAME_WORD.finditer(text) if m.group(1) not in {"I", "I'm", "I've"}
    }
    if names:
        logit += sum(NAME_WEIGHTS[: len(names)])
        positive.append(Signal("names", NAME_WEIGHTS[0], _NAME_WORD))
    for signal in (*NEGATIVE, QUESTION):
        if signal.pattern.search(text if signal is QUESTION else lowered):
            logit += signal.weight
            negative.append(signal)
    words = len(re.findall(r"[\w']+", text))
    reasons = [s.reason for s in sorted(positive, key=lambda s: -s.weight)]
    reasons += [s.reason for s in sorted(negative, key=lambda s: s.weight)]
    reasons = list(dict.fromkeys(reasons))
    if words < SHORT_WORDS:
        logit += SHORT_PENALTY
        reasons.append("too short")
    score = 1.0 / (1.0 + math.exp(-logit))
    return Assessment(round(score, 3), tuple(reasons))
