"""Intake reads any text without failing: short documents mixed from the pieces news copy is made of
(names that share surnames, titles, labels, datelines, quotes, reporting verbs), as a property.

Round 6 of the real-news bench found a text that crashed the speaker registry (three people named
with one surname); this looks for the next such text among thousands of mixes, on every run the same.
"""

import hypothesis
from hypothesis import strategies as st

from claims.intake.extraction import extract_candidates

NAMES = [
    "Anna Berg",
    "Carl Berg",
    "Berg",
    "BERG",
    "Mr Berg",
    "Stuart Robert",
    "Robert",
    "The Hon Stuart Robert MP",
]
PIECES = [
    *NAMES,
    "MINISTER ROBERT:",
    "ANNA BERG:",
    "Berg:",
    "Q:",
    "TOKYO (AP) —",
    "Islamabad -",
    "the minister",
    "the Ministry of Health",
    "the Ministry of Health (MoH)",
    "MoH",
    "he",
    "she",
    "the company",
    " said",
    " told reporters",
    " said that",
    " according to",
    "'s",
    ", the Minister for Roads,",
    " the budget rose by 12 percent",
    " it will fall next year",
    '"',
    "'",
    ", ",
    ". ",
    ".\n",
    "\n",
    ": ",
    "(Labour)",
]


@hypothesis.settings(
    max_examples=400,
    deadline=None,
    derandomize=True,  # the same mixes on every run: what fails in CI fails here too
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@hypothesis.given(text=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_any_mix_of_news_pieces_gives_well_formed_candidates(text):
    for candidate in extract_candidates(text):
        assert candidate.speaker.strip()
        assert 0 <= candidate.start < candidate.end <= len(text)
        assert 0.0 <= candidate.score <= 1.0
