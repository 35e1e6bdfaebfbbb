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


# What an independent review of the first version found it misread (each was right before it).


def test_an_explainer_with_question_headings_is_no_interview():
    text = "\n".join(
        [
            "Health Minister Jane Doe said on Monday the drug bill would pass. She spoke to reporters.",
            "What does the bill do?",
            "It caps drug prices at 2019 levels, according to the Parliamentary Budget Officer.",
            "Who opposes it?",
            '"This bill will cost thousands of jobs," said Tom Bell, head of the Pharma Council.',
        ]
    )
    found = by_text(text)
    assert found["This bill will cost thousands of jobs"] == "Tom Bell"
    assert not [t for t in found if "2019 levels" in t]


def test_a_programme_or_the_interviewer_is_no_interviewee():
    fox = "\n".join(
        [
            "In an interview with Fox News Sunday, Senator Jane Doe said the bill was dead.",
            "Why now?",
            "The votes are not there. We counted 46 at most.",
            "What about the House?",
            "The House will not take it up this year.",
        ]
    )
    assert "Fox News Sunday" not in by_text(fox).values()
    spoke = "\n".join(
        [
            "Tom Bell spoke with Health Minister Jane Doe about the hospital crisis.",
            "How many beds are missing?",
            "We are short of 4,000 beds across the country.",
            "When will that change?",
            "We opened 1,000 new beds in March.",
        ]
    )
    assert "Tom Bell" not in by_text(spoke).values()
