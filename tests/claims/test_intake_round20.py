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


def test_a_colon_after_a_name_in_prose_is_no_turn_without_labels_at_line_starts():
    text = (
        "The minister gave the figures to Parliament on Monday. Grace Obi said the council built "
        "412 homes in 2023. Two reasons were given by Peter Lang: costs and delays."
    )
    found = said(text)
    assert found.get("the council built 412 homes in 2023") == "Grace Obi"
    assert "costs and delays" not in found


def test_a_place_or_body_possessive_before_a_name_is_not_part_of_it():
    text = (
        "IOM Libya's Christine Okafor said 44 bodies were recovered off the coast in April. "
        "Rome's Flavio Marchetti said 1,200 people landed in Sicily on Sunday."
    )
    found = said(text)
    assert found["44 bodies were recovered off the coast in April"] == "Christine Okafor"
    assert found["1,200 people landed in Sicily on Sunday"] == "Flavio Marchetti"


def test_a_possessive_name_of_two_words_is_left_alone():
    found = said("O'Brien's Pub owner Sean Walsh said sales rose 14 percent in 2023.")
    assert found == {"sales rose 14 percent in 2023": "Sean Walsh"}


def test_a_statisticians_post_before_the_name_is_not_part_of_it():
    text = "National Statistician Dennis Ocampo said the unemployment rate fell to 4.8 percent in July."
    found = said(text)
    assert found == {"the unemployment rate fell to 4.8 percent in July": "Dennis Ocampo"}
