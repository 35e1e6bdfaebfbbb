"""Intake offers a statement only under the name of a person or body, written as the text names them.

The texts are written for these tests; none is quoted from an article. Each test failed before its rule,
but the guards of what the rules must keep: a company named where sentences open, a transcript
speaker labelled "MS. ORTIZ:", a given name that is a month.
"""

import pytest

from claims.intake.extraction import extract_candidates
from tests.claims.test_intake_news_patterns import speakers_of


def test_a_dateline_in_capitals_is_not_the_speaker():
    text = (
        "PORTVALE: Regional health minister Oduya Kamaru on Friday said that clinic visits rose 12 percent "
        "last year.\n\nHe said that 300 nurses were hired in 2023."
    )
    candidates = extract_candidates(text)
    assert "Portvale" not in {c.speaker for c in candidates}
    assert "PORTVALE" not in {c.speaker for c in candidates}
    assert speakers_of(candidates, "clinic visits") == ["Oduya Kamaru"]


def test_a_label_that_is_a_heading_is_not_a_speaker():
    text = (
        "THE CLAIM: Senator Dana Whitlow said the state lost 40,000 jobs.\n"
        "THE FACTS: The state gained 12,000 jobs over the same period, the labour office said."
    )
    assert "Facts" not in {c.speaker for c in extract_candidates(text)}


def test_a_generic_noun_is_not_a_speaker():
    text = (
        "For the year, the Company reported sales of $41.2 million, up from $38.0 million a year earlier.\n"
        "Experts said the rise was largely due to a weaker currency."
    )
    speakers = {c.speaker for c in extract_candidates(text)}
    assert not speakers & {"Company", "Experts"}


def test_a_word_the_text_also_writes_in_lower_case_is_not_a_name():
    text = (
        "The weather was dry all spring.\nWeather said on Monday that rainfall was 40 percent below normal "
        "in the south."
    )
    assert "Weather" not in {c.speaker for c in extract_candidates(text)}


def test_a_post_without_the_holder_is_not_a_speaker():
    text = (
        "The Chief Election Commissioner said that 61 percent of voters had cast ballots by noon.\n"
        "The Police Public Relations Officer said two suspects were arrested on Sunday."
    )
    speakers = {c.speaker for c in extract_candidates(text)}
    assert not speakers & {
        "Election Commissioner",
        "Chief Election Commissioner",
        "Police Public Relations Officer",
    }


def test_a_name_does_not_run_on_across_a_sentence():
    text = (
        "The minister met bankers in Ottawa.\n"
        "Carney said the deficit fell to 1.2 percent of output in the first quarter."
    )
    assert "Ottawa Carney" not in {c.speaker for c in extract_candidates(text)}


def test_a_surname_is_named_in_full_when_the_first_mention_opens_a_sentence():
    text = (
        "When Ingrid Halvorsen presented the survey, the room was full. Halvorsen and Tamsin Reyes wrote the "
        "study together.\n"
        "Sea temperatures rose 0.8 degrees in ten years, Halvorsen said."
    )
    assert speakers_of(extract_candidates(text), "Sea temperatures") == ["Ingrid Halvorsen"]


def test_a_company_named_only_where_sentences_open_is_still_named():
    text = (
        'Brightwell said it sold 2.1 million phones in the quarter. "Sales rose 30 percent," the company '
        "said."
    )
    assert speakers_of(extract_candidates(text), "Sales rose") == ["Brightwell"]


def test_a_speaker_labelled_with_an_honorific_keeps_the_name():
    text = "MS. ORTIZ: Exports rose 6 percent in the second quarter, the fastest rise since 2011.\n"
    assert speakers_of(extract_candidates(text), "Exports rose") == ["Ortiz"]


def test_a_given_name_that_is_a_month_stays_part_of_the_name():
    text = "Economist April Vance spoke in Leeds. Vance said unemployment fell to 3.9 percent in the spring."
    assert speakers_of(extract_candidates(text), "unemployment fell") == ["April Vance"]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # written in lower case too, but also capitalised inside a sentence: a name
        (
            "Sales of phones rose 30 percent in the quarter, Apple said. Sales of apple juice fell.",
            "phones",
            "Apple",
        ),
        # (a person named only so is no speaker a desk logs: test_intake_surname_only.py; named in
        # full once, the surname after an honorific is that person)
        (
            "Jeremy Hunt spoke on Monday. Mr Hunt said the deficit fell by 10 billion pounds last year. "
            "The hunt for savings goes on.",
            "deficit",
            "Jeremy Hunt",
        ),
        # after an honorific, a word of a list (a month, a title) is a surname
        ("Theresa May spoke. Mrs. May said police numbers rose 4 percent in 2019.", "police", "Theresa May"),
        # an address is not the name written in lower case; a possessive is the name
        ("Revenue rose 9 percent, Nvidia said. See nvidia.com for the figures.", "Revenue", "Nvidia"),
        ("Nvidia’s spokesman said the company sold 2 million chips in China last year.", "chips", "Nvidia"),
        # a capital outside A-Z
        ("Ørsted said its wind farms produced 12 percent more power in 2023.", "wind farms", "Ørsted"),
        # a transcript's labels in capitals name its speakers
        (
            "SANDERS: Unemployment fell to 3.5 percent in 2019.\nWARREN: Wages rose 2 percent last year.",
            "Wages",
            "Warren",
        ),
    ],
)
def test_a_one_word_name_the_text_gives_as_a_name_is_kept(text, fragment, speaker):
    assert speakers_of(extract_candidates(text), fragment) == [speaker]
