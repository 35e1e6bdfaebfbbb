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


@pytest.mark.parametrize("opening", ["Even", "Only"])
def test_a_sentences_opening_word_is_not_part_of_the_name(opening):
    # Read as a person's two-word name before; what remains is one word the text never gives in full,
    # which a desk cannot log (as "Westerwelle"), so nothing is offered rather than a wrong name.
    found = speakers(f"{opening} Arsenal reported a 3% decline in its revenue for the first half of 2010.")
    assert f"{opening} Arsenal" not in found
    assert found in ([], ["Arsenal"])


RECORD = "a record 140.5 million passengers flew through the region's airports in 2019"


@pytest.mark.parametrize(
    "text",
    [
        f"Officials with the Port Authority of New York and New Jersey said {RECORD}.",
        f"{RECORD.capitalize()}, officials with the Port Authority of New York and New Jersey said Monday.",
        f"{RECORD.capitalize()}, officials at the Port Authority of New York and New Jersey said.",
    ],
)
def test_officials_of_a_named_body_speak_for_it(text):
    assert speakers(text) == ["Port Authority of New York and New Jersey"]


@pytest.mark.parametrize("body", ["Port Authority", "FBI"])
def test_a_bodys_officials_speak_for_it(body):
    assert speakers(f"{body} officials said {RECORD}.") == [body]


@pytest.mark.parametrize("who", ["Senior officials", "Two officials", "Officials"])
def test_officials_of_no_named_body_are_no_one(who):
    assert speakers(f"{who} said {RECORD}.") == []


def test_a_body_cut_at_and_is_read_as_its_whole_name():
    text = (
        f"{RECORD.capitalize()}, officials with the Port Authority of New York and New Jersey said. "
        "LaGuardia served 31 million passengers in 2019, a 3.3% increase, Port Authority officials said."
    )
    assert speakers(text) == ["Port Authority of New York and New Jersey"] * 2


def test_a_person_whose_post_names_a_known_body_is_the_speaker():
    text = (
        f'{RECORD.capitalize()}, officials with the Port Authority said. "We handled record volumes of '
        "140 million passengers,\" Port Authority Chairman Kevin O'Toole said in a statement."
    )
    assert set(speakers(text)) == {"Port Authority", "Kevin O'Toole"}


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Datuk Seri Najib Tun Razak", "Najib Tun Razak"),
        ("Tan Sri Muhyiddin Yassin", "Muhyiddin Yassin"),
        ("Dato' Sri Anwar Ibrahim", "Anwar Ibrahim"),
        ("Tan Wei Ming", "Tan Wei Ming"),  # a surname
    ],
)
def test_malaysian_honours_are_not_part_of_the_name(written, name):
    text = f"The country's growth exceeded 6% last year, said Finance Minister {written}."
    assert speakers(text) == [name]


# From the review of this work: each of these went wrong with the first version of the rules above.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials at the Bank of England said inflation rose to 10.1% in September.", ["Bank of England"]),
        ("Officials from the White House said 12 million people signed up in 2023.", ["White House"]),
    ],
)
def test_officials_of_a_body_not_named_by_its_form_still_speak_for_it(text, expected):
    assert speakers(text) == expected


def test_a_body_written_alone_and_a_longer_one_with_and_are_two():
    text = (
        "The Department of Health said 500 cases were reported in Albany on Monday. The Department of "
        "Health and Human Services said 12,000 cases were reported nationally in 2023."
    )
    assert speakers(text) == ["Department of Health", "Department of Health and Human Services"]


@pytest.mark.parametrize("body", ["Good Law Project", "Even Stevens Ltd"])
def test_a_body_whose_name_opens_with_an_ordinary_word_keeps_it(body):
    assert speakers(f"The {body} said 1,200 cases were filed in 2023.") == [body]


def test_an_affiliation_in_parentheses_is_no_short_name_of_the_person():
    text = (
        "Panelists included Jerome Powell (Federal Reserve) and Christine Lagarde (ECB). "
        "The ECB said inflation fell to 2.9% in October."
    )
    assert speakers(text) == ["ECB"]
