"""Forms seen in rounds 30 and 31 after they were scored (tuning data): a broadcast transcript's label
with the speaker's post and place after commas ("CHARLES MOOSE, POLICE CHIEF, MONTGOMERY COUNTY,
MARYLAND:"), a line that heads a person's statement ("A statement from ... Chairman, Dr Russell
Reichelt:"), and a verb written before the speaker ("Said Dr Ng:"), which is no part of the name."""

from claims.intake.extraction import extract_candidates


def by_text(text: str) -> dict[str, str]:
    return {c.text: c.speaker for c in extract_candidates(text)}


def test_a_broadcast_label_with_post_and_place_after_commas_names_the_speaker():
    text = "\n".join(
        [
            "JANE ROSS, NEWS ANCHOR: We go live now to the county headquarters for an update on the search.",
            "(JOINED IN PROGRESS)",
            "TOMAS GRELL, POLICE CHIEF, ORANGE COUNTY, VERMONT: ... three topics this afternoon.",
            "We arrested two men on Tuesday night. "
            "The county recorded 14 burglaries in May, up from 9 in April.",
        ]
    )
    found = extract_candidates(text)
    said = {c.text: (c.speaker, c.speaker_title) for c in found}
    assert said["We arrested two men on Tuesday night."][0] == "Tomas Grell"
    assert said["The county recorded 14 burglaries in May, up from 9 in April."][0] == "Tomas Grell"
    assert "Police Chief" in said["We arrested two men on Tuesday night."][1]
    assert not [c for c in found if "update on the search" in c.text]  # the anchor's words


def test_a_line_heading_a_statement_gives_the_paragraphs_after_it_to_the_person_it_names():
    text = "\n".join(
        [
            "A statement from Lake District Water Authority Chairman, Dr Helen Marsh:",
            "The authority tested 212 sites in March. Nitrate levels were above the limit at 17 of them.",
            "Testing will continue into June.",
            'Local farmers disputed the figures. "Our own tests found nothing," said Owen Pryce, a farmer.',
        ]
    )
    found = by_text(text)
    assert found["The authority tested 212 sites in March."] == "Helen Marsh"
    assert found["Nitrate levels were above the limit at 17 of them."] == "Helen Marsh"
    assert found["Our own tests found nothing"] == "Owen Pryce"  # the story again: its own speakers
    assert "Local farmers disputed the figures." not in found


def test_a_statement_line_that_names_no_one_gives_nothing():
    text = "A statement from the organisers:\nThe festival sold 40,000 tickets, a record."
    assert by_text(text) == {}


def test_a_verb_written_before_the_speaker_is_no_part_of_the_name():
    text = (
        "Leader of the House Kwan Boon Lim paid tribute to the founders on Monday.\n"
        'Noting that the seat was old, Dr Kwan said: "For length of service alone, 58 years is a record."\n'
        'Said Dr Kwan: "In lifting an entire nation, Mr Lee has left a legacy."'
    )
    assert not [c.speaker for c in extract_candidates(text) if "Said" in c.speaker]


def test_a_name_that_begins_like_the_verb_keeps_it():
    assert set(by_text("Said Jalili said that Iran had enriched 60 kilograms of uranium.").values()) == {
        "Said Jalili"
    }


def test_a_dash_line_after_a_paragraph_attributes_it():
    # Polish, Russian and Ukrainian copy in translation: the quote without marks, the verb on the next line.
    text = "\n".join(
        [
            "The ministry has recovered 212 paintings since 2019. Forty of them were found in Vienna.",
            "— said Marek Zielinski, deputy head of the Ministry of Culture, during a gala in Warsaw.",
            "The register now holds 63,000 lost works. Prime Minister Anna Nowak has funded the search.",
            "— he pointed out.",
            "The weather was cold on the evening of the gala.",
        ]
    )
    found = by_text(text)
    assert found["The ministry has recovered 212 paintings since 2019."] == "Marek Zielinski"
    assert found["Forty of them were found in Vienna."] == "Marek Zielinski"
    # "he" is the person quoted before, not the prime minister the quote mentions.
    assert found["The register now holds 63,000 lost works."] == "Marek Zielinski"
    assert "The weather was cold on the evening of the gala." not in found
    assert not [t for t in found if "pointed out" in t or "during a gala" in t]


def test_a_paragraph_opening_with_a_dash_is_no_attribution_line():
    text = "The fund paid 40 million euros in 2023.\n— In Norway, this applies only to Oslo, says Kari Lunde."
    assert by_text(text).get("The fund paid 40 million euros in 2023.") is None


# What an independent review of the first version found it misread (each was right before it).


def test_a_dateline_or_a_heading_with_commas_is_no_label():
    dateline = (
        "WASHINGTON, D.C., MONDAY: President Joe Biden said the economy added 300,000 jobs in March.\n"
        "Republican leader Tom Bell said inflation was still too high."
    )
    assert set(by_text(dateline).values()) == {"Joe Biden", "Tom Bell"}
    heading = (
        "Mayor Ann Lee said on Monday the city would hire 40 nurses.\nSPORTS, WEATHER, TRAFFIC:\n"
        "The Tigers beat the Lions 3-1, coach Tom Bell said."
    )
    assert set(by_text(heading).values()) == {"Ann Lee", "Tom Bell"}


def test_a_statement_line_is_only_the_named_persons_after_its_last_comma():
    police = (
        "Jane Doe, 19, was found dead on Friday.\n"
        "A statement from police investigating the death of Jane Doe:\n"
        "Officers arrested a 40-year-old man on Sunday."
    )
    assert "Jane Doe" not in by_text(police).values()
    lawyers = (
        "Senator Tom Bell was charged on Monday.\nA statement from lawyers for Tom Bell:\n"
        "The charges are baseless. Our client paid every tax owed."
    )
    assert "Tom Bell" not in by_text(lawyers).values()


def test_a_dash_line_leaves_a_paragraph_that_names_its_own_speakers():
    text = (
        "Tom Bell, the mayor, said the budget was balanced. Ann Lee, the auditor, said it had a 4 million "
        "dollar hole.\n— reported Jane Doe, Reuters."
    )
    assert set(by_text(text).values()) == {"Tom Bell", "Ann Lee"}


def test_a_dash_lines_he_is_not_someone_named_since_the_line_before():
    text = (
        "The deal is worth 40 million euros.\n— said Anna Nowak, the economy minister.\n"
        "Jan Kowalski, head of the Gdansk port, welcomed the deal.\n"
        "The port will hire 300 workers next year.\n"
        "— he added."
    )
    assert by_text(text).get("The port will hire 300 workers next year.") != "Anna Nowak"


def test_a_dash_line_gives_no_headline_and_no_he_without_a_line_before():
    assert by_text("Mayor promises 40 new buses\n— said Ann Lee, mayor of Springfield.") == {}
    text = "Jan Kowalski visited the plant in Gdansk on Monday. The plant makes 40 cars a day.\n— he added."
    assert by_text(text) == {}
