"""Names as rounds 10 and 11 of the real texts wrote them: honorifics and ranks before a person's name,
a member's letters after it, a possessive set apart from a body's name, a company's initials without
its legal form. The texts here are written for the tests."""

import pytest

from claims.intake.extraction import extract_candidates
from tests.claims.test_intake_news_patterns import speakers_of


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Tourism minister Hon Robert Tonge said visitor arrivals rose 67 percent in the first quarter.",
            "visitor arrivals",
            "Robert Tonge",
        ),
        (
            "The Rt Hon Sajid Javid said day to day spending would rise 4 percent, the fastest in 15 years.",
            "spending",
            "Sajid Javid",
        ),
        (
            "Chief Constable Suzette Davenport said fatalities fell 7 per cent in 2012.",
            "fatalities",
            "Suzette Davenport",
        ),
        (
            "Greg Hunt MP said 7.76 million people had received a booster dose by January.",
            "booster",
            "Greg Hunt",
        ),
        (
            "The Telecom Regulatory Authority of India 's data showed the subscriber base grew to 1.17 "
            "billion in October, the regulator said.",
            "subscriber base",
            "Telecom Regulatory Authority of India",
        ),
        (
            "General Motors Co. reported its results on Tuesday. GM said it sold 234,071 vehicles in the "
            "US in July, up 16.3 percent from a year earlier.",
            "234,071",
            "General Motors Co",  # the index keeps words without their dots
        ),
    ],
)
def test_a_name_is_logged_as_the_desk_writes_it(text, fragment, speaker):
    assert speakers_of(extract_candidates(text), fragment) == [speaker]


def test_a_name_that_is_itself_a_rank_word_is_kept_when_nothing_follows():
    # "Major" alone is no rank to drop: a one-word name stays one word (and is then a surname only).
    text = "John Major spoke in 1995. Major said unemployment fell by 200,000 in a year."
    assert speakers_of(extract_candidates(text), "unemployment") == ["John Major"]


def test_a_ministers_transcript_headed_by_their_styled_name_is_theirs():
    text = (
        "Read the transcript of Minister Hunt at the Canberra press conference on 31 January.\n"
        "The Hon Greg Hunt MP\n"
        "Minister for Health and Aged Care\n"
        "Good morning everybody.\n"
        "We have now given 50 million doses, and 7.76 million people have had their boosters."
    )
    assert speakers_of(extract_candidates(text), "7.76 million") == ["Greg Hunt"]


def test_a_statement_reported_by_an_agency_is_its_own_speakers():
    text = (
        "Carmakers posted higher sales in July.\n"
        "General Motors Co. said it sold 234,071 vehicles in the US in July, up 16.3 percent from a "
        "year earlier, Xinhua reported."
    )
    assert speakers_of(extract_candidates(text), "234,071") == ["General Motors Co."]
    assert "Xinhua" not in {c.speaker for c in extract_candidates(text)}


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a quote is its speaker's, whatever it reports
        (
            '"The Pentagon said it spent $2 billion on the program in 2019," Senator Ann Lee said.',
            "$2 billion",
            "Ann Lee",
        ),
        # one person reporting another: the desk checks the one who says it
        (
            "Senator Ann Lee said Governor Tom Hale announced that taxes rose 4 percent in 2019.",
            "taxes",
            "Ann Lee",
        ),
    ],
)
def test_a_statement_inside_a_quote_or_a_persons_report_stays_with_who_says_it(text, fragment, speaker):
    assert speakers_of(extract_candidates(text), fragment) == [speaker]
