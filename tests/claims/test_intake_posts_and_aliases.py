"""A post written with its portfolio before the name ("Secretary of State for Health and Social Care
Sajid Javid", "Road Transport and Highways Minister Nitin Gadkari") names the person at its end, and
a short name the text gives a body in parentheses ("Statistics South Africa (Stats SA)") is that body;
and what each must leave alone. Forms seen in rounds 22-25 after they were scored (tuning data)."""

import pytest

from claims.intake.extraction import extract_candidates
from claims.intake.speaker_names import name_index

FACT = "the waiting list reached 6.1 million in 2021"


def speakers(text: str) -> list[str]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    "post",
    [
        "Secretary of State for Health and Social Care",
        "Minister of Health and Social Care",
        "Minister for Trade and Industry",
        "Minister of Labour",
        "Road Transport and Highways Minister",
        "Union Road Transport and Highways Minister",
    ],
)
def test_a_post_with_its_portfolio_before_the_name_gives_the_person(post):
    assert speakers(f"{post} Amira Castellanos said that {FACT}.") == ["Amira Castellanos"]


@pytest.mark.parametrize(
    "post", ["Road Transport and Highways Minister", "Union Road Transport and Highways Minister"]
)
def test_the_titled_person_is_the_speaker_with_a_day_between_name_and_verb(post):
    # The parser reads "<portfolio> and <post> <name> on Monday said" as two subjects joined by "and".
    assert speakers(f"{post} Nitin Gadkari on Saturday said that {FACT}.") == ["Nitin Gadkari"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"The Department of Health and Social Care said {FACT}.", "Department of Health and Social Care"),
        (f"The Ministry of Trade and Industry said {FACT}.", "Ministry of Trade and Industry"),
        (f"Secretary of State Amira Castellanos said {FACT}.", "Amira Castellanos"),
    ],
)
def test_bodies_and_plain_posts_are_left_alone(text, expected):
    assert speakers(text) == [expected]


def test_a_short_name_given_in_parentheses_is_the_body():
    text = (
        "Statistics South Africa (Stats SA) said unemployment rose to 34.4 per cent in the quarter. "
        "Stats SA said 2.2 million jobs were lost in 2020."
    )
    assert speakers(text) == ["Statistics South Africa", "Statistics South Africa"]


def test_a_possessive_before_the_parentheses_is_not_part_of_the_name():
    text = (
        "The Urban Renewal Authority's (URA) flash estimate shows that its price index rose 0.9 per cent. "
        "The URA said prices of private homes rose 1.7 per cent in the third quarter of 2019."
    )
    assert set(speakers(text)) == {"Urban Renewal Authority"}


def test_a_short_name_given_to_two_bodies_is_neither_s():
    index = name_index(
        "The Statistics Bureau (SB) said exports rose 4 per cent. The Southern Bank (SB) said lending rose. "
        "The Revenue Office (Revenue) said receipts rose."
    )
    assert index.aliases == {"Revenue": "Revenue Office"}


@pytest.mark.parametrize(
    "post", ["Secretary of State for Health and Social Care", "Minister of Health and Social Care"]
)
def test_a_name_the_parser_reads_into_the_portfolio_is_cut_from_it(post):
    # Parsed as one organisation ("State for Health and Social Care Sajid Javid") or as a name with the
    # portfolio's last word ("Care Sajid Javid"): the person is the two words at the end.
    assert speakers(f"{post} Sajid Javid said {FACT}.") == ["Sajid Javid"]
