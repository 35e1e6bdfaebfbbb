"""Intake failure classes found on text annotated by others (round 7, held out), round 8 fixes.

Each test failed before its fix. The texts are written for these tests; none is quoted from an article.

1. Datelines in any of the usual forms ("KOHIMA, Mar 3 (UNI): ", "Kohima: ", "DIMAPUR: ") are never
   the speaker nor part of a statement; a transcript's labels in capitals stay labels.
2. Transcript turns labelled by role ("Minister:", "TREASURER:", "PM:") are the named person's, found
   by the title the text gives them or in the header; the presenter who hands over ("X is speaking
   to ...") and the interviewer who asks are not candidates.
3. A body's several names: its initials given in parentheses ("the Water Regulation Office (WRO)",
   later "the WRO") and its name with "of" for "for" are the body named first, in full; a clause with
   the verb before its speaker ("..., confirmed the WRO.") is attributed; "the WRO head" is a person.
4. A title is not a name ("Chief Electoral Commissioner Amir Khalid Qureshi": the person, never
   "Electoral Commissioner", however long the title); "the Company" of a press release is the company
   it names in full, and what it "reported" is the object of the verb ("reported net sales of ..."),
   not the adjunct before it; "X, President and CEO, commented, "..."" is X's ("St." inside a name).
5. Written answers: the paragraphs after a line that closes with the minister's name in capitals in
   parentheses ("(SHRI ...)"), or after a line that is only a member's name ("Mrs. Jane Doe", in a
   text of such lines), are that person's; the member's question ("To ask ...") is not a claim.
6. "The spokesman of the force, NAME, who spoke to reporters on Friday, said CLAUSE" and "The
   officer, Mr. NAME who confirmed it said CLAUSE" are NAME's (a rank before the name, "DSP", and no
   space after a comma, ",who", as copy is typed); "..., he said," closing a paragraph cut short is
   attributed, and so is "CLAUSE,the minister said"; a body whose name ends in "Centres" speaks;
   "..., according to the ministry they have issued ..." is the ministry's.
7. `"...," says AgriWatch senior economist Pablo Ferreyra`: the person after the role, and a word in
   camel case ("AgriWatch") is one word, never "Agr" or "Watch".
"""

import pytest

from claims.intake.extraction import extract_candidates


def speakers_of(candidates, fragment):
    return [c.speaker for c in candidates if fragment in c.text]


# --- 1. Datelines ------------------------------------------------------------------------------

DATELINED = (
    "{dateline} Nagaland health minister Tobias Jamir on Tuesday said that 340 new nurses were hired "
    "across district hospitals in 2023.\n\n"
    "He said that the state spent 18 percent of its budget on health last year.\n"
)


@pytest.mark.parametrize(
    "dateline",
    [
        "KOHIMA:",
        "KOHIMA, Mar 3 (UNI):",
        "Kohima, Mar 3 (UNI):",
        "KOHIMA, March 3:",
        "Kohima, 3 March 2024:",
        "Kohima (UNI):",
        "KOHIMA, Mar. 3 (UNI) --",
        "Kohima, Nagaland, Mar 3:",
        "KOHIMA, Nagaland (UNI) -",
    ],
)
def test_a_dateline_is_never_the_speaker(dateline):
    candidates = extract_candidates(DATELINED.format(dateline=dateline))
    assert speakers_of(candidates, "340 new nurses") == ["Tobias Jamir"]
    assert speakers_of(candidates, "18 percent of its budget") == ["Tobias Jamir"]
    assert not [c for c in candidates if "Kohima" in c.text or "KOHIMA" in c.text]


def test_a_dateline_after_a_headline_is_not_the_speaker():
    text = "Nurses hired in record numbers\n\n" + DATELINED.format(dateline="DIMAPUR:")
    assert speakers_of(extract_candidates(text), "340 new nurses") == ["Tobias Jamir"]


def test_a_label_in_capitals_in_a_transcript_is_still_the_speaker():
    text = (
        "DANIEL OKAFOR: The port handled 4 million containers last year, a record.\n\n"
        "LAURA PIKE: And the rates?\n\n"
        "DANIEL OKAFOR: Freight rates fell 12 percent in the last quarter.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "4 million containers") == ["Daniel Okafor"]
    assert speakers_of(candidates, "Freight rates fell") == ["Daniel Okafor"]


# --- 2. Turns labelled by role --------------------------------------------------------------------

ROLE_TRANSCRIPT = """Transcript by The Hon Miriam Castellanos MP

Radio Central Breakfast

Joe Brannigan:

Fuel prices rose again this week. Ella Wren is speaking to Energy Minister Miriam Castellanos.

Ella Wren:

Minister, are petrol prices now at a record?

{label}

No. The average price was 2.10 dollars a litre in May, below the peak of 2.31 dollars in 2022.

Ella Wren:

So what is driving the rise?

{label}

Refinery output in the region fell 14 per cent in April.
"""


@pytest.mark.parametrize("label", ["Minister:", "MINISTER:", "The Minister:"])
def test_a_turn_labelled_by_role_is_the_named_persons(label):
    candidates = extract_candidates(ROLE_TRANSCRIPT.format(label=label))
    assert speakers_of(candidates, "2.10 dollars a litre") == ["Miriam Castellanos"]
    assert speakers_of(candidates, "Refinery output") == ["Miriam Castellanos"]
    assert {c.speaker for c in candidates} == {"Miriam Castellanos"}


def test_a_role_label_with_no_title_in_the_text_is_the_person_in_the_header():
    text = """Transcript of interview with the Hon Declan Moriarty MP, Treasurer

Sky Business

Rita Osei:

Treasurer, is the deficit bigger than forecast?

Treasurer:

No. The deficit was 12 billion dollars, 3 billion less than the budget forecast.

Rita Osei:

And debt?

Treasurer:

Net debt fell to 31 per cent of GDP in June.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "12 billion dollars") == ["Declan Moriarty"]
    assert speakers_of(candidates, "Net debt fell") == ["Declan Moriarty"]
    assert "Rita Osei" not in {c.speaker for c in candidates}


def test_a_prime_ministers_turns_labelled_pm():
    text = """Prime Minister Oona Lindqvist spoke to reporters in Canberra.

JOURNALIST: Prime Minister, how many homes were built?

PM: We built 172,000 homes last year, the most since 2016.

JOURNALIST: And rents?

PM: Rents rose 4 per cent, half the rise of the year before.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "172,000 homes") == ["Oona Lindqvist"]
    assert speakers_of(candidates, "Rents rose 4 per cent") == ["Oona Lindqvist"]


def test_a_heading_of_ministers_is_not_a_turn():
    text = """Ministers:

Hon Grace Mbeki MP

GRACE MBEKI: The line carried 80,000 passengers a day in 2023.

PAUL REED: Thank you.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "80,000 passengers") == ["Grace Mbeki"]


# --- 3. A body's several names --------------------------------------------------------------------


def test_a_bodys_initials_and_variants_are_its_full_name():
    text = (
        "On Monday the Office for Water Regulation (OWR) published its annual figures. Leaks fell by "
        "11 per cent to 2,900 megalitres a day, confirmed the OWR.\n\n"
        "According to the Office of Water Regulation, 14 companies met their targets in 2023.\n\n"
        "The OWR said that bills rose by 6 per cent on average.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "Leaks fell by 11 per cent") == ["Office for Water Regulation"]
    assert speakers_of(candidates, "14 companies met") == ["Office for Water Regulation"]
    assert speakers_of(candidates, "bills rose by 6 per cent") == ["Office for Water Regulation"]


def test_the_head_of_a_body_named_by_its_initials_is_a_person():
    text = (
        "Ingrid Halvorsen, head of the Office for Water Regulation (OWR), spoke on Monday.\n\n"
        "According to the OWR head, leaks fell by 11 per cent in 2023.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "leaks fell by 11 per cent") == ["Ingrid Halvorsen"]


def test_a_clause_then_verb_then_speaker_is_attributed():
    text = "Exports rose 7 per cent in the second quarter, said Tomasz Wielicki, the trade minister."
    assert speakers_of(extract_candidates(text), "Exports rose 7 per cent") == ["Tomasz Wielicki"]


def test_a_clause_then_told_is_not_the_audience_speaking():
    text = "Exports rose 7 per cent in the second quarter, told Reuters."
    assert speakers_of(extract_candidates(text), "Exports rose 7 per cent") == []


# --- 4. Titles standing for a person; "the Company" --------------------------------------------


def test_a_long_title_before_a_name_is_not_the_speaker():
    text = (
        "Later Chief Electoral Commissioner Amir Khalid Qureshi opened the count.\n\n"
        "Speaking to reporters in Lahore, he said turnout was 52 per cent, up from 47 per cent in 2013.\n\n"
        "The Chief Electoral Commissioner said 1,200 polling stations reported in the first hour.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "turnout was 52 per cent") == ["Amir Khalid Qureshi"]
    assert speakers_of(candidates, "1,200 polling stations") == ["Amir Khalid Qureshi"]
    assert not [c for c in candidates if "Commissioner" in c.speaker]


def test_the_company_of_a_press_release_is_the_company_named_in_full():
    text = (
        "Tarrant Valve & Pump Corp. (NYSE: TVP) announces results for its fiscal year ended March 31, 2024.\n"
        "For the fiscal year ended March 31, 2024, the Company reported net sales of $41.2 million, compared "
        "with $36.8 million for the prior year.\n"
        'Ms. Jeanne St. Clair, President and CEO, commented, "Our backlog grew 22 percent in the year."\n'
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "net sales of $41.2 million") == ["Tarrant Valve & Pump Corp."]
    assert [c.text for c in candidates if "$41.2 million" in c.text][0].startswith("the Company reported")
    assert speakers_of(candidates, "backlog grew 22 percent") == ["Jeanne St. Clair"]


# --- 5. Written answers -----------------------------------------------------------------------------


def test_a_written_answer_is_the_minister_named_in_capitals_in_parentheses():
    text = """Question : Fishing Harbours in Coastal States

(a) the number of fishing harbours sanctioned in the last five years?

Answer given by the minister

Minister of FISHERIES, ANIMAL HUSBANDRY AND DAIRYING
(SHRI PARSHOTTAM KUMAR RUPALA)
(a) to (b): Details of the harbours are given in the Annexure.
(c) In the year 2016-17, 11 fishing harbours were sanctioned at a cost of Rs. 1,410 crore.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "11 fishing harbours were sanctioned") == ["Parshottam Kumar Rupala"]
    assert [c.text for c in candidates if "11 fishing" in c.text][0].startswith("In the year 2016-17")


def test_a_commons_written_answer_is_the_member_named_on_the_line_above():
    text = """HC Deb 3 March 1994 vol 238 cc901-2W
14. Mr. Alun Pritchard

To ask the Secretary of State for Transport what progress has been made in reducing road deaths.

Mr. Geoffrey Ashdown

Road deaths fell by 9 per cent in 1993, to 3,814, the lowest since records began.
"""
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "Road deaths fell by 9 per cent") == ["Geoffrey Ashdown"]
    assert not speakers_of(candidates, "To ask")


def test_one_line_with_a_name_in_an_article_does_not_take_its_paragraphs():
    text = """Dr. Helen Marsh

Exports rose 7 per cent in May, the statistics office said.
"""
    candidates = extract_candidates(text)
    assert "Helen Marsh" not in speakers_of(candidates, "Exports rose 7 per cent")


# --- 6. A name with a relative clause before the verb; a paragraph cut after "he said," -------------


def test_a_name_then_a_relative_clause_then_said():
    text = (
        "The spokesman of the force, Emeka Obiora, who briefed reporters in Enugu on Friday, said the "
        "three suspects were arrested with 40 rounds of ammunition.\n\n"
        "The Police Public Relations Officer, Mr. Tunde Bakare who confirmed the arrests said two of the "
        "suspects had been convicted of robbery in 2019.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "40 rounds of ammunition") == ["Emeka Obiora"]
    assert speakers_of(candidates, "convicted of robbery in 2019") == ["Tunde Bakare"]


def test_a_paragraph_cut_after_he_said_and_a_comma():
    text = (
        "Transport minister Kwame Asante on Monday reiterated that ridership has increased.\n\n"
        "The rise was so large that in some towns extra carriages have to be added besides the existing "
        "ones, he said,\n\n"
        "Asante said that the government attaches great importance to rail.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "extra carriages have to be added") == ["Kwame Asante"]


def test_a_rank_before_the_name_and_no_space_after_its_comma():
    text = (
        "The force's spokesman, ASP Musa Danjuma,who confirmed the arrests, said in Jos on Tuesday that "
        "the four suspects were caught with 12 stolen motorcycles.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "12 stolen motorcycles") == ["Musa Danjuma"]


def test_a_clause_then_said_with_no_space_after_the_comma():
    text = (
        "Health minister Grace Achieng spoke on Monday.\n\n"
        "She stressed the backlog. Waiting times for surgery fell by 20 per cent in 2023,the minister said.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "Waiting times for surgery fell") == ["Grace Achieng"]


def test_a_body_whose_name_ends_in_a_plural_head():
    text = (
        "Drought has hit farms across the region. According to the National Centres for Coastal Research, "
        "the sea rose 4 millimetres a year over the last decade.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "sea rose 4 millimetres") == ["National Centres for Coastal Research"]


def test_according_to_a_body_then_a_clause_without_a_comma():
    text = (
        "Since the law changed in March, according to the Ministry of Labour they have approved 8,400 "
        "work permits for seasonal workers.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "8,400 work permits") == ["Ministry of Labour"]
    assert [c.text for c in candidates if "8,400" in c.text][0].startswith("they have approved")


# --- 7. A firm written in camel case, then a role, then the person ----------------------------------


def test_says_a_firm_a_role_then_the_person():
    text = (
        '"The dry spell has cut maize yields by a fifth across the region," says AgriWatch senior '
        "economist Pablo Ferreyra.\n"
    )
    candidates = extract_candidates(text)
    assert speakers_of(candidates, "cut maize yields") == ["Pablo Ferreyra"]
    assert not [c for c in candidates if c.speaker in {"Agr", "Watch", "AgriWatch"}]
