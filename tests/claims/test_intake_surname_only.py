"""A person the text names only by surname is no speaker a desk can log; a company's one word is."""

import pytest

from claims.intake.extraction import extract_candidates


def test_a_person_named_only_by_surname_gives_no_candidate():
    text = (
        "In an interview with the newspaper, Foreign Minister Westerwelle spoke about Europe.\n"
        'Westerwelle said: "Germany sent 40,000 troops to the mission in 2009."\n'
        '"Exports to Hungary rose 12 percent last year," Westerwelle said.'
    )
    assert [c for c in extract_candidates(text) if "Westerwelle" in c.speaker] == []


def test_the_same_statements_by_a_person_named_in_full_are_kept():
    text = (
        "In an interview with the newspaper, Guido Westerwelle spoke about Europe.\n"
        '"Exports to Hungary rose 12 percent last year," Westerwelle said.'
    )
    speakers = {c.speaker for c in extract_candidates(text) if "Exports" in c.text}
    assert speakers == {"Guido Westerwelle"}


def test_a_company_with_a_one_word_name_stays_a_speaker():
    text = (
        "Home prices climbed again in March, according to the real estate brokerage Redfin.\n"
        "Redfin said the median sale price rose 5 percent from a year earlier to $412,000."
    )
    assert {c.speaker for c in extract_candidates(text) if "median sale price" in c.text} == {"Redfin"}


@pytest.mark.parametrize(
    "text",
    [
        "The unemployment rate fell to 4.2 percent in June, Mr. Okonkwo told reporters on Monday.",
        "Mr Hunt said the deficit fell by 10 billion pounds last year. The hunt for savings goes on.",
        "Mrs. May said police numbers rose 4 percent in 2019.",
    ],
)
def test_a_surname_after_an_honorific_gives_no_candidate(text):
    assert extract_candidates(text) == []


def test_a_surname_in_a_long_paragraph_is_read_around_its_mention():
    # The parser skips pieces over 600 characters: the check reads the sentences around the name.
    padding = "The committee met for the third time this year and heard from several witnesses. " * 8
    text = f"{padding}Speaking to the committee, Johnson said exports to Hungary rose 12 percent last year."
    assert len(text) > 600 and "\n" not in text
    assert [c for c in extract_candidates(text) if "Johnson" in c.speaker] == []
