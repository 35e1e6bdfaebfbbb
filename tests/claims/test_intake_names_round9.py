"""Intake names a speaker as the text names them in full (round 9): no rank or honorific in front of
the name, and a body's name as the text writes it.

The texts are written for these tests; none is quoted from an article.
"""

from claims.intake.extraction import extract_candidates
from tests.claims.test_intake_news_patterns import speakers_of


def test_a_rank_standing_for_the_given_name_is_the_full_name():
    text = (
        "Thefts from sheds in Marlow fell by a third this year, police said.\n"
        "Superintendent Dana Holloway, who leads the county's rural crime team, praised residents.\n"
        'Supt Holloway said: "We have caught more shed thieves this year than in the five years before."'
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "shed thieves") == ["Dana Holloway"]
    assert "Supt Holloway" not in {c.speaker for c in candidates}


def test_a_profession_or_an_honorific_before_the_name_is_not_part_of_it():
    text = (
        "Minister for Ports Engineer Tariq Somro said on Monday that cargo handled at the two harbours "
        "rose 14 percent in the first quarter.\n"
        "In a written reply, Shri Anand Varadkar said that 412 new buses were bought under the scheme."
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "cargo handled") == ["Tariq Somro"]
    assert speakers_of(candidates, "new buses") == ["Anand Varadkar"]


def test_a_company_name_keeps_its_comma_as_written():
    text = (
        "Halvard Instruments, Inc. today announced record-breaking sales for March 2009. Halvard announces "
        "its best quarter in the company's 30-year history.\n"
        "Halvard, the maker of marine navigation systems, has posted sales growth for 12 consecutive years."
    )
    speakers = {c.speaker for c in extract_candidates(text)}
    assert "Halvard Instruments, Inc." in speakers
    assert "Halvard Instruments , Inc." not in speakers


def test_a_body_named_after_a_list_of_places_keeps_the_whole_list():
    text = (
        "Ann Rowe has taken over at Ashby, Kelford and Dunmore Community Health Trust (AKDT), starting "
        "last month.\n"
        "An AKDT report revealed that 64.5 per cent of patients were seen within four hours in July."
    )
    speakers = speakers_of(extract_candidates(text), "four hours")
    assert speakers == ["Ashby, Kelford and Dunmore Community Health Trust"]


def test_a_section_heading_of_a_transcript_is_not_a_speaker():
    text = (
        "Norcastle Foods Q1 2024 earnings call\n\n"
        "Corporate Participants:\n\n"
        "Lena Ortmann — Chief Financial Officer\n\n"
        "Presentation:\n\n"
        "Operator\n\n"
        "Good afternoon and welcome. Revenue rose 9 percent to $210 million in the first quarter, "
        "the company said in its release.\n"
    )
    speakers = {c.speaker for c in extract_candidates(text)}
    assert not speakers & {"Presentation", "Corporate Participants"}
