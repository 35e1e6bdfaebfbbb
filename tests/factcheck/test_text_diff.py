"""Word-level differences (factcheck.text_diff): what a reader of the history and a reviewer see."""

from factcheck.text_diff import DELETE, EQUAL, INSERT, SKIP, value_change, word_diff


def test_a_changed_number_shows_as_that_number_removed_and_the_new_one_added():
    diff = word_diff("Steel exports fell 8 per cent in 2024.", "Steel exports fell 9.5 per cent in 2024.")
    assert diff.as_text() == "Steel exports fell [-8-]{+9.5+} per cent in 2024."
    assert diff.changed


def test_words_added_at_the_end_and_removed_in_the_middle():
    diff = word_diff("Exports fell sharply in 2024.", "Exports fell in 2024 compared with 2023.")
    assert diff.as_text() == "Exports fell [-sharply -]in 2024{+ compared with 2023+}."


def test_the_same_text_has_no_change():
    diff = word_diff("Nothing new here.", "Nothing new here.")
    assert not diff.changed
    assert diff.as_text() == "Nothing new here."


def test_from_nothing_and_to_nothing():
    assert word_diff("", "A new analysis.").as_text() == "{+A new analysis.+}"
    assert word_diff(None, None).segments == []
    assert word_diff("Gone.", "").as_text() == "[-Gone.-]"


def test_a_change_deep_in_a_long_text_is_shown_with_collapsed_context_not_cut_away():
    # The old history cut both sides at the same length, so a change past that point showed nothing.
    words = [f"word{i}" for i in range(400)]
    before = " ".join(words)
    after = " ".join(words[:300] + ["CHANGED"] + words[301:])
    diff = word_diff(before, after, context=5)
    kinds = [s.kind for s in diff.segments]
    assert kinds == [SKIP, EQUAL, DELETE, INSERT, EQUAL, SKIP]
    assert diff.as_text() == (
        "… word295 word296 word297 word298 word299 [-word300-]{+CHANGED+} "
        "word301 word302 word303 word304 word305 …"
    )
    assert diff.segments[0].words == 295
    assert diff.segments[-1].words == 400 - 306


def test_without_context_every_word_stays():
    before = " ".join(f"w{i}" for i in range(100))
    after = before.replace("w50", "x50")
    diff = word_diff(before, after, context=None)
    assert SKIP not in [s.kind for s in diff.segments]
    assert diff.as_text().replace("[-w50-]{+x50+}", "w50") == before


def test_markup_in_the_texts_stays_text():
    # The segments are data; templates escape them (see the view tests for the rendered page).
    diff = word_diff("<b>bold</b>", "<script>alert(1)</script>")
    assert "".join(s.text for s in diff.segments if s.kind in (EQUAL, INSERT)) == "<script>alert(1)</script>"


def test_a_short_value_changes_as_a_whole():
    assert value_change("Half true", "Mostly true").as_text() == "[-Half true-]{+Mostly true+}"
    assert value_change("", "False").as_text() == "{+False+}"
    assert value_change(None, None).segments == []
