"""Parliamentary records and briefings as their sites print them: a member's line with a portrait or
photo over their words, a committee's numbered questions, one label opening a mayor's remarks, and a
post word written before a full name."""

from claims.intake.extraction import extract_candidates


def said(text: str) -> dict[str, str]:
    return {c.text: c.speaker for c in extract_candidates(text)}


def test_a_portrait_line_gives_the_member_their_full_name():
    text = (
        "Jane Doe Excerpts\n"
        "Wednesday 2nd March 2016\n"
        "Commons Chamber\n"
        "Iain Duncan Smith Portrait Mr Duncan Smith\n"
        "We have more people in work than ever before. Employment rose by 400,000 last year.\n"
        "Jane Doe Portrait Mrs Jane Doe (Bury North) (Con)\n"
        "Will my right hon. Friend reassure my constituents?\n"
    )
    found = said(text)
    assert found["We have more people in work than ever before."] == "Iain Duncan Smith"
    assert found["Employment rose by 400,000 last year."] == "Iain Duncan Smith"
    # The page's title is no one.
    assert "Jane Doe Excerpts" not in found.values()


def test_a_photo_line_gives_the_turn_and_members_who_ask_make_claims_too():
    text = (
        "Oral Answers to Questions — Housing – in the House of Commons at 2:30 pm on 18th March 2013.\n\n"
        "Photo of Mark Prisk Mark Prisk The Minister for Housing\n\n"
        "For example, we have completed 58,000 affordable homes in 2011-12.\n\n"
        "Photo of Andrew Gwynne Andrew Gwynne Shadow Minister (Health)\n\n"
        "So far, only 1,500 households have benefited from that initiative. Will the Minister act?\n\n"
        "Photo of Mark Prisk Mark Prisk The Minister for Housing\n\n"
        "The scheme has helped nearly 20,000 people since 2010."
    )
    found = said(text)
    assert found["For example, we have completed 58,000 affordable homes in 2011-12."] == "Mark Prisk"
    assert found["The scheme has helped nearly 20,000 people since 2010."] == "Mark Prisk"
    # In a debate the member who asks is no presenter: the claim before the question is logged.
    assert found["So far, only 1,500 households have benefited from that initiative."] == "Andrew Gwynne"


def test_an_interviewer_who_asks_in_a_transcript_with_a_styled_header_still_logs_nothing():
    text = (
        "The Hon Jo Bloggs MP\n"
        "Minister for Science\n"
        "RICHARD KING: Well, joining us now is the minister. The campus cost $2 billion to build. "
        "What will it do?\n"
        "MINISTER BLOGGS: It has trained 4,000 students since it opened in 2019.\n"
        "RICHARD KING: Is that enough?\n"
        "MINISTER BLOGGS: Enrolments rose 12 per cent this year."
    )
    found = said(text)
    assert "The campus cost $2 billion to build." not in found
    assert found["It has trained 4,000 students since it opened in 2019."] == "Jo Bloggs"


def test_one_label_that_opens_the_text_makes_the_remarks_the_speakers():
    text = (
        "Mayor Bill de Blasio: Good afternoon, everyone. I want to talk about the big picture for a "
        "moment here, when it comes to keeping the people of this city safe.\n"
        "Crime is at historic lows. We have 20 fewer homicides this year than at the same point last year.\n"
        "Robberies fell by over 2,000 this year."
    )
    found = said(text)
    assert found["We have 20 fewer homicides this year than at the same point last year."] == "Bill de Blasio"
    assert found["Robberies fell by over 2,000 this year."] == "Bill de Blasio"


def test_a_dateline_ending_with_a_colon_is_no_label():
    text = (
        "New Delhi: Health Minister Satyendar Jain on Wednesday said there are enough hospital beds.\n"
        "Jain said 286 out of 5,525 COVID Care Centres are occupied in Delhi."
    )
    found = said(text)
    assert "New Delhi" not in found.values()
    assert found["286 out of 5,525 COVID Care Centres are occupied in Delhi."] == "Satyendar Jain"


def test_a_committees_numbered_question_and_a_styled_witness_label():
    text = (
        "Select Committee on Electoral Registration\n"
        "Corrected oral evidence\n"
        "Q101       The Chair: Good afternoon, Dr Prosser. Please describe the study.\n"
        "Dr Christopher Prosser: Thank you for having me along.\n"
        "It was founded in 1963, and it has been conducted around every election since 1964.\n"
        "We are publicly funded by the Economic and Social Research Council."
    )
    found = said(text)
    assert (
        found["It was founded in 1963, and it has been conducted around every election since 1964."]
        == "Christopher Prosser"
    )
    funded = "We are publicly funded by the Economic and Social Research Council."
    assert found[funded] == "Christopher Prosser"
    # The chair's turn is no one's claim.
    assert not [t for t in found if "describe the study" in t]


def test_a_post_word_before_a_full_name_is_not_part_of_it():
    text = (
        "In a message to reporters, DepEd spokesperson Undersecretary Michael Poa said some schools "
        "suspended classes on Monday due to heavy rains."
    )
    assert said(text) == {"some schools suspended classes on Monday due to heavy rains.": "Michael Poa"}


def test_a_post_by_its_initials_is_the_person_who_holds_it():
    text = (
        "Agriculture Cabinet Secretary Mwangi Kiunjuri said the harvest would reach 46 million bags.\n"
        '"We gave subsidised fertiliser in counties like Trans Nzoia, which recorded a 25 per cent '
        'increase in production," the CS told journalists in Nairobi.'
    )
    found = said(text)
    fertiliser = (
        "We gave subsidised fertiliser in counties like Trans Nzoia, which recorded a 25 per cent "
        "increase in production"
    )
    assert found[fertiliser] == "Mwangi Kiunjuri"
    # "Agriculture Cabinet" heads his post: it is no body that speaks.
    assert set(found.values()) == {"Mwangi Kiunjuri"}


def test_a_company_named_with_its_legal_form_and_a_post_after_a_company_name():
    text = (
        "Three US carmakers and two in Kenya's telecoms posted sales increases in July, figures showed on "
        "Thursday, as retail demand for pickups stayed strong across the region.\n"
        "Chrysler Group LLC said its July sales of 140,102 vehicles rose 11 percent as it posted its best "
        "July in seven years.\n"
        "Safaricom has announced that its net profit for the year grew to Sh55.3 billion.\n"
        "Safaricom Chief Finance Officer (CFO) Sateesh Kamath said the board had recommended a dividend of "
        "Sh44.1 billion."
    )
    by_speaker = {speaker: text for text, speaker in said(text).items()}
    assert by_speaker["Chrysler Group LLC"].startswith("its July sales of 140,102 vehicles rose 11 percent")
    assert by_speaker["Safaricom"] == "its net profit for the year grew to Sh55.3 billion."
    assert by_speaker["Sateesh Kamath"] == "the board had recommended a dividend of Sh44.1 billion."
    # Neither the legal form alone nor the post is anyone's name.
    assert not {"LLC", "Safaricom Chief Finance Officer"} & set(by_speaker)


def test_a_subject_with_a_relative_clause_and_another_post_of_the_one_person_named():
    text = (
        "EDUCATION Secretary Damian Hinds has congratulated pupils on their GCSE results.\n"
        "East Hampshire's Tory MP, who took over the education brief in January, told The Herald: "
        '"Back in 2011 the Government initiated a review of the curriculum and reform of public exams.\n'
        '"Pass rates have stayed broadly constant year-on-year."'
    )
    found = said(text)
    assert found[
        "Back in 2011 the Government initiated a review of the curriculum and reform of public exams."
    ] == ("Damian Hinds")
    assert found["Pass rates have stayed broadly constant year-on-year."] == "Damian Hinds"


def test_a_name_before_a_participles_phrase_and_a_long_date():
    text = (
        "The Governor of the Central Bank, Ernest Addison addressing the media on Monday, July 25, 2022, "
        'said "Over 80 percent of the items in the basket recorded inflation above 20 percent.'
    )
    assert said(text) == {
        "Over 80 percent of the items in the basket recorded inflation above 20 percent.": "Ernest Addison"
    }


def test_the_paragraphs_after_the_statement_reads_are_the_givers_up_to_the_storys_next_attribution():
    text = (
        "Choe Son Hui, First Vice-Minister of Foreign Affairs, gave a statement to media on November 5.\n"
        "The statement reads:\n"
        "The Korean People's Army expressed its rage toward it immediately.\n"
        "Kim Jong Un has not used any bad expressions toward the United States as yet.\n"
        'Analysts said the statement was "measured". The ministry issued 12 statements in 2019.'
    )
    found = said(text)
    assert found["The Korean People's Army expressed its rage toward it immediately."] == "Choe Son Hui"
    assert (
        found["Kim Jong Un has not used any bad expressions toward the United States as yet."]
        == "Choe Son Hui"
    )
    # The story goes on after the statement: its reporter's sentences are no one's.
    assert "The ministry issued 12 statements in 2019." not in found


def test_quoted_as_saying_by_a_newspaper():
    text = (
        '"Sales rose 40 percent in July, our best month since 2007," Reid Bigland was quoted as saying by '
        "the Detroit News."
    )
    assert said(text) == {"Sales rose 40 percent in July, our best month since 2007": "Reid Bigland"}


def test_a_post_of_a_portfolio_is_its_holder_not_a_body():
    text = (
        "Federal Minister for Energy Engineer Khurram Dastgir has said the government is adding power.\n\n"
        "The Minister for Energy said the refilling of the 1100 megawatt nuclear power plant is in progress."
    )
    found = said(text)
    assert (
        found["the refilling of the 1100 megawatt nuclear power plant is in progress."] == "Khurram Dastgir"
    )
    assert not [name for name in found.values() if "Minister" in name]


def test_a_body_on_a_subject():
    text = (
        "The Regional Task Force on the Homeless today announced the results of the 2017 count, which shows "
        "there are 9,116 homeless men, women and children."
    )
    assert set(said(text).values()) == {"Regional Task Force on the Homeless"}


def test_the_host_of_the_programme_is_no_speaker_a_desk_logs():
    text = (
        "Brian Lehrer: It's The Brian Lehrer Show on WNYC. Congress is finishing the omnibus spending bill, "
        "which funds the government through next September.\n"
        "Jane Roe: The bill includes $45 billion for Ukraine, and the House passed it 225 to 201."
    )
    found = said(text)
    assert "Brian Lehrer" not in found.values()
    assert (
        found["The bill includes $45 billion for Ukraine, and the House passed it 225 to 201."] == "Jane Roe"
    )
    interview = (
        "Appearing on Sunday with Laura Kuenssberg on BBC One this morning, Victoria Atkins refused to "
        "confirm the target.\n"
        'Kuenssberg said: "Lots more money has gone in, there are many, many more staff."\n'
        'Atkins said: "We have cut the longest waits by 90 per cent since 2022."'
    )
    found = said(interview)
    assert "Laura Kuenssberg" not in found.values()
    assert found["We have cut the longest waits by 90 per cent since 2022."] == "Victoria Atkins"


def test_a_headlines_verb_after_the_name_is_not_part_of_it():
    text = (
        "Jeremy Quin Welcomes the Government's Commitment to Ensuring Train Punctuality\n"
        "I am pleased that the Government is committed to ensuring our trains run on time.\n"
        "These new measures have set out the scale of the challenge with just 64.7% of trains arriving on "
        "time.\n"
        "I hope the ongoing rail review will further help to drive up standards."
    )
    assert set(said(text).values()) == {"Jeremy Quin"}


def test_a_body_with_its_initials_and_a_post_headed_by_them():
    text = (
        "World airports handled a record 4.4 billion passengers in 2006, a 4.8 percent increase over 2005, "
        "the Airports Council International (ACI) said on Wednesday.\n\n"
        '"The statistics tell a great story," said ACI Director General Robert J Aaronson in a statement.\n\n'
        '"Three quarters of airports worldwide reported positive passenger growth in 2006," he said.'
    )
    by_speaker = {speaker for speaker in said(text).values()}
    assert by_speaker == {"Airports Council International", "Robert J Aaronson"}


def test_portfolio_and_rank_words_before_a_full_name():
    text = (
        "Minister for Federal Education and Professional Training Shafqat Mahmood said millions of "
        "children are out of school in the country.\n\n"
        "Police Major Andre Taylor reported that violent crime was down about 12.9% year-to-date.\n\n"
        "According to the International Organization for Migration (IOM), around 470,000 third-country "
        "nationals live in Ukraine."
    )
    assert set(said(text).values()) == {
        "Shafqat Mahmood",
        "Andre Taylor",
        "International Organization for Migration",
    }


def test_a_headline_with_portrait_in_it_is_no_members_line():
    text = (
        "The National Portrait Gallery Reopens After Three-Year Revamp\n"
        '"Visitor numbers rose 40 percent in the first week," said Jane Doe, the gallery\'s director.'
    )
    assert said(text) == {"Visitor numbers rose 40 percent in the first week": "Jane Doe"}


def test_one_label_over_an_article_that_quotes_others_is_no_transcript():
    text = (
        "Mayor Eric Adams: City to close schools\n"
        '"Housebuilding fell by 20 percent last year," said Jane Doe, the city\'s planning chief.\n'
        "The Treasury said borrowing rose to 5 percent of GDP in 2023."
    )
    found = said(text)
    assert found["Housebuilding fell by 20 percent last year"] == "Jane Doe"
    assert "Eric Adams" not in found.values()


def test_another_persons_post_is_not_the_one_person_named():
    text = (
        "Labour leader Keir Starmer visited a hospital in Leeds on Monday.\n"
        "The health secretary said waiting lists fell by 100,000 in March."
    )
    assert "Keir Starmer" not in said(text).values()


def test_a_show_of_support_and_a_debate_on_television_name_no_host():
    text = (
        "In a head-to-head debate with Rishi Sunak on ITV, the two leaders clashed over tax.\n"
        'Sunak said: "Inflation fell to 3 percent in December."\n'
        "Joe Biden's show of support for the strikers came on Tuesday.\n"
        '"Union membership rose by 200,000 last year," Joe Biden said.'
    )
    found = said(text)
    assert found["Inflation fell to 3 percent in December."] == "Rishi Sunak"
    assert found["Union membership rose by 200,000 last year"] == "Joe Biden"


def test_the_story_after_a_statement_is_no_longer_the_givers():
    text = (
        "Mayor Jane Doe issued a statement on the plant's closure on Friday.\n"
        "The statement reads:\n"
        "The plant employed 500 people in 2023.\n"
        "Union leader Bob Smith argued the closure would cost 800 jobs across the county."
    )
    found = said(text)
    assert found["The plant employed 500 people in 2023."] == "Jane Doe"
    assert not [t for t, speaker in found.items() if "800 jobs" in t and speaker == "Jane Doe"]


def test_a_council_on_a_date_is_the_council():
    text = (
        "The UN Security Council on January 12 adopted a resolution on Haiti.\n"
        "The council said 5,000 people had fled the capital since March."
    )
    assert set(said(text).values()) == {"UN Security Council"}


def test_a_body_named_of_its_subject_before_a_post_is_still_a_body():
    text = (
        "Institute for Fiscal Studies Director Paul Johnson said the tax take rose in 2023.\n"
        "The institute said the tax take reached 37 percent of GDP in 2023, its highest since 1948."
    )
    found = said(text)
    assert found["the tax take reached 37 percent of GDP in 2023, its highest since 1948."] == (
        "Institute for Fiscal Studies"
    )


def test_by_a_date_stays_in_the_reported_clause():
    text = "Jane Doe said by the end of 2024 unemployment had reached 6 percent in the region."
    assert said(text) == {"by the end of 2024 unemployment had reached 6 percent in the region.": "Jane Doe"}


def test_a_named_subject_with_a_relative_clause():
    text = (
        'Jane Roe, who took over the education brief in January, told The Herald: "Pass rates have stayed '
        'broadly constant since 2019."'
    )
    assert said(text) == {"Pass rates have stayed broadly constant since 2019.": "Jane Roe"}
