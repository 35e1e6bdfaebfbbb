"""Intake failure classes found on text annotated by others (rounds 5 and 6), round 7 fixes.

Each test failed before its fix. The texts are written for these tests; none is quoted from an article.

1. Transcripts whose labels stand on a line of their own, a later label by surname only
   ("Okafor:") and a label of title and surname ("MINISTER OKAFOR:"): the turn is the person's.
2. In a labelled transcript, the speakers whose turns mostly end with a question (presenters) are
   not candidates, and questions are never candidates.
"""

from claims.intake.extraction import extract_candidates


def claims_by(candidates):
    return {(c.speaker, c.text) for c in candidates}


def speakers_of(candidates, fragment):
    return [c.speaker for c in candidates if fragment in c.text]


# --- 1 and 2. Transcripts with labels on lines of their own ---------------------------------------

SURNAME_LABEL_TRANSCRIPT = """Interview transcript
Laura Pike:
Thanks for joining us. Critics say the port expansion has stalled. Is that fair?
Daniel Okafor:
No. The port handled 4 million containers last year, a record.
Sam Whitfield:
But freight rates have doubled since March. Why should shippers stay?
Okafor:
Freight rates fell 12 percent in the last quarter. We cut berth fees by a third in January.
"""


def test_a_surname_label_on_its_own_line_is_the_full_named_speakers_turn():
    candidates = extract_candidates(SURNAME_LABEL_TRANSCRIPT)
    assert speakers_of(candidates, "Freight rates fell 12 percent") == ["Daniel Okafor"]
    assert speakers_of(candidates, "cut berth fees") == ["Daniel Okafor"]
    assert speakers_of(candidates, "4 million containers") == ["Daniel Okafor"]


def test_presenters_turns_and_questions_are_not_candidates():
    candidates = extract_candidates(SURNAME_LABEL_TRANSCRIPT)
    assert {c.speaker for c in candidates} == {"Daniel Okafor"}
    assert not [c for c in candidates if c.text.endswith("?")]


def test_a_label_of_title_and_surname_is_the_ministers_turn():
    text = """Ministers:
The Hon Grace Mbeki MP
Minister for Transport
PAUL REED:
Good morning. Joining us is the Transport Minister, Grace Mbeki. How are you?
MINISTER MBEKI:
Very well, thanks Paul.
PAUL REED:
What does the new rail plan actually do?
MINISTER MBEKI:
The line carried 80,000 passengers a day in 2023. We built it in four years, under budget.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "80,000 passengers") == ["Grace Mbeki"]
    assert "Paul Reed" not in {c.speaker for c in candidates}
