"""Forms rounds 20 and 21 showed after they were scored (tuning data from then on): a transcript whose
turns a copy ran into one paragraph, a place's possessive before a person's name, a statistician's
post before the name; and what each must leave alone."""

from claims.intake.extraction import extract_candidates


def said(text: str) -> dict[str, str]:
    return {c.text.rstrip("."): c.speaker for c in extract_candidates(text)}


def test_labels_run_into_one_paragraph_start_turns_of_their_own():
    text = (
        "Helen Marsh: I joined the Public Accounts Committee in 2010. The committee held 41 hearings "
        "that year. Tomas Ferreira: I first gave evidence to a committee in 2004 as a trade union official. "
        "Our union had 12,000 members in the region at the time."
    )
    found = said(text)
    assert found["The committee held 41 hearings that year"] == "Helen Marsh"
    assert found["I first gave evidence to a committee in 2004 as a trade union official"] == "Tomas Ferreira"
    assert found["Our union had 12,000 members in the region at the time"] == "Tomas Ferreira"


def test_subheadings_are_no_turns_without_labels_at_line_starts():
    text = (
        "The minister gave the figures to Parliament on Monday. Grace Obi said the council built "
        "412 homes in 2023. Rising Costs: The price of materials rose 12 percent. Staff Shortages: "
        "Two in five posts were vacant in March."
    )
    assert set(said(text).values()) == {"Grace Obi"}


def test_an_honorific_label_in_a_paragraph_is_one_label():
    text = (
        "Helen Marsh: I joined the committee in 2010.\n"
        "Dr. Ana Ortiz: The hospital treated 5,000 patients in 2022. Mr. Tomas Ferreira: I gave evidence "
        "in 2004 as a union official."
    )
    found = said(text)
    assert found["The hospital treated 5,000 patients in 2022"] == "Ana Ortiz"
    assert found["I gave evidence in 2004 as a union official"] == "Tomas Ferreira"
    assert "Dr" not in found and "Mr" not in found


def test_a_subheading_inside_a_turn_stays_the_speakers_words():
    text = "Helen Marsh: I joined the committee in 2010. Rising Costs: materials rose 12 percent in 2023."
    assert set(said(text).values()) == {"Helen Marsh"}


def test_a_place_or_body_possessive_before_a_name_is_not_part_of_it():
    text = (
        "IOM Libya's Christine Okafor said 44 bodies were recovered off the coast in April. "
        "Rome's Flavio Marchetti said 1,200 people landed in Sicily on Sunday."
    )
    found = said(text)
    assert found["44 bodies were recovered off the coast in April"] == "Christine Okafor"
    assert found["1,200 people landed in Sicily on Sunday"] == "Flavio Marchetti"


def test_a_bodys_own_possessive_is_left_alone():
    found = said("Lloyd's Register Foundation said grants rose 14 percent to $30 million in 2023.")
    assert found == {"grants rose 14 percent to $30 million in 2023": "Lloyd's Register Foundation"}


def test_a_statisticians_post_before_the_name_is_not_part_of_it():
    text = "National Statistician Dennis Ocampo said the unemployment rate fell to 4.8 percent in July."
    found = said(text)
    assert found == {"the unemployment rate fell to 4.8 percent in July": "Dennis Ocampo"}
