"""A print interview with no speaker labels (questions as paragraphs of their own, each followed by
the answer, as magazines and translated interviews print them): the answers are the interviewee's,
the questions nobody's claims. Seen in the annotated texts (bench/data/intake_real 399, tuning data).
And what must stay as it was: stories with questions in them, interviews whose opening names no one
the questions address."""

from claims.intake.extraction import extract_candidates
from claims.intake.transcripts import _interviewee

OPENING = "In an interview with the Weekly Courier, Amira Castellanos talks about her first year as minister."
QUESTIONS_AND_ANSWERS = [
    "Ms Castellanos, what was the hardest moment of the year?",
    "The floods in March. More than 4,000 homes were flooded in the north. We moved 2,300 soldiers there "
    "within two days.",
    "Did the budget hold?",
    "The ministry spent 14 percent more than planned. The deficit rose to 3.1 percent of output.",
]


def by_text(text: str) -> dict[str, str]:
    return {c.text: c.speaker for c in extract_candidates(text)}


def test_the_answers_of_a_printed_interview_are_the_interviewees():
    found = by_text("\n".join([OPENING, *QUESTIONS_AND_ANSWERS]))
    assert found["More than 4,000 homes were flooded in the north."] == "Amira Castellanos"
    assert found["We moved 2,300 soldiers there within two days."] == "Amira Castellanos"
    assert found["The deficit rose to 3.1 percent of output."] == "Amira Castellanos"
    assert not [text for text in found if text.endswith("?") or "hardest moment" in text]


def test_an_answer_that_names_no_question_is_not_read_as_one_without_an_interview_opening():
    # The same paragraphs under an opening that presents no interview: a story with questions in it.
    opening = "Amira Castellanos became minister a year ago."
    assert by_text("\n".join([opening, *QUESTIONS_AND_ANSWERS])) == {}


def test_one_question_and_answer_is_not_an_interview():
    found = by_text("\n".join([OPENING, *QUESTIONS_AND_ANSWERS[:2]]))
    assert "More than 4,000 homes were flooded in the north." not in found


def test_the_interviewee_is_the_person_the_questions_address():
    opening = "Amira Castellanos talks to Jonas Berg, who said the floods were the worst in memory."
    questions = ["Mr Berg, what happened in March?", "And the budget?"]
    assert _interviewee(opening, questions) == "Jonas Berg"
    # An opening whose named people are none the questions address gives no interviewee.
    assert _interviewee("Amira Castellanos talks about the year.", questions) is None


def test_a_broadcaster_or_the_word_interview_is_no_interviewee():
    opening = "In an interview with Portugal's Radio Renascenca, Pope Francis says that people worry."
    assert _interviewee(opening, ["How?", "Why?"]) == "Pope Francis"
    assert _interviewee("In the star-Interview Boris Pistorius talks about it.", []) == "Boris Pistorius"
