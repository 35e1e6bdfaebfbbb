"""Quotes as press releases and British copy set them: the attribution on a line of its own, a quote
that runs over paragraphs each opened by a mark, a rank before the name, a source cited by one name."""

from claims.intake.extraction import extract_candidates


def said(text: str) -> dict[str, str]:
    return {c.text: c.speaker for c in extract_candidates(text)}


def test_a_quote_in_the_paragraphs_after_a_line_that_ends_with_said():
    text = (
        "LONDON, June 5 -- The Health Foundation posted the following news release:\n"
        "Responding to the committee's report, Director of Policy at The Health Foundation, Hugh "
        "Alderwick, said:\n"
        "'Today, MPs have laid bare the high price of inaction. Under the current system, 1.5 million "
        "people go without the care they need.\n"
        "'The report comes as the Casey Commission finally gets underway, almost a year after the "
        "government came to power.'\n"
        "The committee will publish its next report in the autumn."
    )
    found = said(text)
    assert found["Under the current system, 1.5 million people go without the care they need."] == (
        "Hugh Alderwick"
    )
    assert (
        found[
            "The report comes as the Casey Commission finally gets underway, almost a year after the "
            "government came to power."
        ]
        == "Hugh Alderwick"
    )
    # The reporter's closing line is no one's statement.
    assert not [t for t in found if "next report" in t]


def test_the_same_in_double_marks_and_as_the_first_paragraph():
    text = (
        "Hugh Alderwick said:\n"
        '"Under the current system, 1.5 million people go without the care they need.\n'
        '"Staff pay fell 3 percent in real terms last year."'
    )
    assert said(text) == {
        "Under the current system, 1.5 million people go without the care they need.": "Hugh Alderwick",
        "Staff pay fell 3 percent in real terms last year.": "Hugh Alderwick",
    }


def test_a_line_ending_with_a_colon_that_names_no_speaker_gives_the_quote_to_no_one_new():
    text = (
        "The Home Office figures also showed that:\n"
        '"The number of student visas issued fell by 62 per cent in the first quarter."'
    )
    assert said(text) == {}


def test_a_rank_or_an_honorific_before_the_name_in_the_appositive():
    text = (
        'ACPO lead for roads policing, Chief Constable Suzette Davenport, said: "There has been a '
        "reduction of seven per cent in fatalities compared to the same time in 2011. This is combined "
        "with a three per cent fall in both casualties and accidents.\n"
        '"There has also been a 38 per cent reduction in the number of those killed."\n'
        'The report\'s author, Dr Naomi Fischer, said: "Deaths on rural roads rose 4 percent in 2012."'
    )
    found = said(text)
    assert found[
        "There has been a reduction of seven per cent in fatalities compared to the same time in 2011."
    ] == ("Suzette Davenport")
    assert found["This is combined with a three per cent fall in both casualties and accidents."] == (
        "Suzette Davenport"
    )
    assert found["There has also been a 38 per cent reduction in the number of those killed."] == (
        "Suzette Davenport"
    )
    assert found["Deaths on rural roads rose 4 percent in 2012."] == "Naomi Fischer"


def test_a_source_cited_by_one_name_is_a_body_and_its_appositive_is_not_the_claim():
    text = (
        "According to Alphaliner, one of the most respected chroniclers of containership statistics, "
        "there are 6,166 container ships active with a carrying capacity of 29,487,484 TEUs."
    )
    assert said(text) == {
        "there are 6,166 container ships active with a carrying capacity of 29,487,484 TEUs.": "Alphaliner"
    }


def test_a_surname_after_an_honorific_elsewhere_is_still_a_person_named_only_by_surname():
    text = (
        "Mr. Okonkwo spoke to reporters on Monday.\n"
        "According to Okonkwo, the unemployment rate fell to 4.2 percent in June."
    )
    assert said(text) == {}
