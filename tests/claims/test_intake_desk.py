"""The desk's score: candidates are ranked and filtered by how likely a desk logs them under the speaker
found (claims/intake/desk.py, fitted by bench/intake_desk_fit.py), with check-worthiness's reasons."""

import json

import pytest

from claims.intake import desk
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
    """A weights file of the test's making, read in place of the packaged one."""
    path = tmp_path / "desk_weights.json"
    settings.INTAKE_DESK_WEIGHTS = str(path)
    desk.fitted.cache_clear()
    yield path
    desk.fitted.cache_clear()


def test_weights_that_do_not_fit_the_features_are_refused_with_one_line(weights_file):
    fitted = json.loads(desk.WEIGHTS_FILE.read_text())
    index = fitted["features"].index("quoted")
    for key in ("features", "mean", "scale", "weights"):
        del fitted[key][index]
    weights_file.write_text(json.dumps(fitted))
    with pytest.raises(
        ModelUnavailable, match=r"desk_weights.json and the desk's features differ: \['quoted'\]"
    ):
        desk.fitted()
    weights_file.write_text("{not json")
    with pytest.raises(ModelUnavailable, match="is not readable fitted weights"):
        desk.fitted()


def test_weights_of_another_fit_are_read_from_the_setting(weights_file):
    fitted = json.loads(desk.WEIGHTS_FILE.read_text())
    weights_file.write_text(json.dumps(fitted))
    before = {c.text: c.score for c in extract_candidates(TEXT)}
    fitted["bias"] -= 20  # a desk that logs nothing
    weights_file.write_text(json.dumps(fitted))
    desk.fitted.cache_clear()
    after = {c.text: c.score for c in extract_candidates(TEXT)}
    assert after.keys() == before.keys()
    assert max(after.values()) < 0.01 < max(before.values())


@START_PROCESSES
def test_weights_that_cannot_be_read_stop_start_up_with_one_line_naming_the_cause(process, tmp_path):
    error = start_refusal(process, tmp_path, INTAKE_DESK_WEIGHTS=str(tmp_path / "missing.json"))

    assert "intake desk score (desk_weights.json) did not load" in error
    assert "missing.json" in error


def test_a_statement_not_embedded_is_scored_without_its_embedding():
    prepared, found, vectors = found_statements(TEXT)
    with_vectors = desk.score(found, prepared, vectors)
    without = desk.score(found, prepared, [None] * len(found))
    assert all(0.0 <= s <= 1.0 for s in with_vectors + without)
    assert with_vectors != without
