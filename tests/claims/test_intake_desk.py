"""The desk's score: candidates are ranked and filtered by how likely a desk logs them under the speaker
found (claims/intake/desk.py, fitted by bench/intake_desk_fit.py), with check-worthiness's reasons."""

import json
import math

import pytest

from claims.intake import desk
from claims.intake.checkworthiness import Assessment
from claims.intake.extraction import extract_candidates, found_statements
from claims.process_models import ModelUnavailable
from tests.servers import START_PROCESSES, start_refusal

TEXT = (
    "Finance Minister Ana Ortiz spoke to reporters on Monday. "
    '"The governor vetoed the clean water bill in March," Ortiz said. '
    '"Unemployment fell to 4.1 percent in June, the lowest since 2001," she said. '
    "She said she expects households will save at least 15 percent on heating bills this winter. "
    "The Treasury said in a statement that it had collected $3.2 billion in fines last year."
)


def test_candidates_carry_the_desk_score_and_check_worthiness_reasons():
    prepared, found, vectors = found_statements(TEXT)
    expected = dict(zip((f.text for f in found), desk.score(found, prepared, vectors), strict=True))
    candidates = extract_candidates(TEXT)
    assert len(candidates) == len(found) >= 4
    assert {c.text: c.score for c in candidates} == expected
    # The desk's score is not check-worthiness renamed: it weighs who said it and how, too.
    assert any(f.assessment.score != expected[f.text] for f in found)
    reasons = {c.text: c.reasons for c in candidates}
    assert all(reasons[f.text] == list(f.assessment.reasons) for f in found)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_min_score_filters_on_the_desk_score():
    everything = extract_candidates(TEXT)
    kept = extract_candidates(TEXT, min_score=0.5)
    assert [c.text for c in kept] == [c.text for c in everything if c.score >= 0.5]
    assert 0 < len(kept) < len(everything)


def test_facts_above_the_line_the_forecast_below_it():
    scores = {c.text: c.score for c in extract_candidates(TEXT)}
    forecast = next(text for text in scores if "expects households" in text)
    assert scores[forecast] < 0.5
    assert all(score >= 0.5 for text, score in scores.items() if "vetoed" in text or "Unemployment" in text)


def test_the_desk_rules_are_in_the_fitted_weights():
    """Plans, predictions and intentions each take a whole logit unit off, set by hand, not fitted."""
    fitted = json.loads(desk.WEIGHTS_FILE.read_text())
    by_name = dict(zip(fitted["features"], zip(fitted["weights"], fitted["scale"], strict=True), strict=True))
    for name in ("signal_plan", "signal_prediction", "signal_intention"):
        weight, scale = by_name[name]
        assert weight / scale == pytest.approx(-1.0, abs=1e-3)


@pytest.fixture
def weights_file(settings, tmp_path):
    """A weights file of the test's making, read in place of the packaged one (the setting's change
    clears the weights read before)."""
    path = tmp_path / "my_weights.json"
    path.write_text(desk.WEIGHTS_FILE.read_text())
    settings.INTAKE_DESK_WEIGHTS = str(path)
    return path


def _broken(path, change) -> None:
    fitted = json.loads(desk.WEIGHTS_FILE.read_text())
    change(fitted)
    path.write_text(json.dumps(fitted))
    desk.fitted.cache_clear()


def _without_quoted(fitted: dict) -> None:
    index = fitted["features"].index("quoted")
    for key in ("mean", "scale", "weights", "features"):
        fitted[key].pop(index)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_without_quoted, r"my_weights.json: the desk's features differ: \['quoted'\]"),
        (lambda f: f.pop("bias"), "my_weights.json: missing bias"),
        (lambda f: f.pop("embedding_mean"), "missing embedding_mean"),
        (lambda f: f["scale"].__setitem__(0, 0), "every scale must be above 0"),
        (lambda f: f["weights"].__setitem__(3, "0.5"), "weights must be a list of finite numbers"),
        (lambda f: f.__setitem__("bias", float("nan")), "bias must be a finite number"),
        (lambda f: f["mean"].pop(), "mean holds 50 numbers for 51 features"),
        (lambda f: f.__setitem__("embedding", f["embedding"][:10]), "my_weights.json: 10 embedding weights"),
        (lambda f: f.__setitem__("features", "quoted"), "features must be a list of names"),
    ],
)  # fmt: skip
def test_weights_that_cannot_be_used_are_refused_with_one_line(weights_file, change, message):
    _broken(weights_file, change)
    with pytest.raises(ModelUnavailable, match=message):
        desk.fitted()


def test_weights_that_are_not_json_are_refused_with_one_line(weights_file):
    weights_file.write_text("{not json")
    desk.fitted.cache_clear()
    with pytest.raises(ModelUnavailable, match="my_weights.json is not readable fitted weights"):
        desk.fitted()


def test_weights_of_another_fit_are_read_from_the_setting(weights_file):
    before = {c.text: c.score for c in extract_candidates(TEXT)}
    _broken(weights_file, lambda f: f.__setitem__("bias", f["bias"] - 20))  # a desk that logs nothing
    after = {c.text: c.score for c in extract_candidates(TEXT)}
    assert after.keys() == before.keys()
    assert max(after.values()) < 0.01 < max(before.values())


def test_a_speaker_named_by_one_word_scores_below_one_named_in_full():
    """Who said it counts, not only how checkable the words are: the desk logs people named in full."""
    text = "Linda Okafor, the mayor, spoke. Unemployment fell from 6 percent to 3.1 percent since 2019."
    words = "Unemployment fell from 6 percent to 3.1 percent since 2019."
    _, found, vectors = found_statements(f'Linda Okafor said: "{words}"')
    assessment = found[0].assessment
    full, surname = (
        desk.Found(words, speaker, "person", "mayor", 32, 90, False, assessment)
        for speaker in ("Linda Okafor", "Okafor")
    )
    assert desk.score([full], text, [vectors[0]])[0] > desk.score([surname], text, [vectors[0]])[0]


@START_PROCESSES
def test_weights_that_cannot_be_read_stop_start_up_with_one_line_naming_the_cause(process, tmp_path):
    error = start_refusal(process, tmp_path, INTAKE_DESK_WEIGHTS=str(tmp_path / "missing.json"))

    assert "intake desk score (desk_weights.json) did not load" in error
    assert "missing.json" in error


def test_a_statement_not_embedded_is_scored_without_its_embedding():
    """Past the EMBEDDED_CANDIDATES of a text, the embedding's input is taken at its mean (0)."""
    prepared, found, vectors = found_statements(TEXT)
    without = desk.score(found, prepared, [None] * len(found))
    weights = desk.fitted()
    rows = desk.features(found, prepared)
    for row, score in zip(rows, without, strict=True):
        assert row["embedding"] == 0.0
        logit = weights["bias"] + sum(
            w * (row[n] - m) / s
            for n, w, m, s in zip(
                weights["features"], weights["weights"], weights["mean"], weights["scale"], strict=True
            )
        )
        assert score == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)
    assert desk.score(found, prepared, vectors) != without


def test_a_speakers_mentions_count_the_surname_as_a_word():
    """ "Lee" is mentioned twice in this text, not in "Leeds" or "Leeward" too."""
    text = "Mayor Ann Lee spoke in Leeds and Leeward on Monday. Lee said the city hired 40 nurses in May."
    item = desk.Found(
        "the city hired 40 nurses", "Ann Lee", "person", "Mayor", 60, 91, False, Assessment(0.5, ())
    )
    assert desk.features([item], text)[0]["log_mentions"] == pytest.approx(math.log1p(2))
