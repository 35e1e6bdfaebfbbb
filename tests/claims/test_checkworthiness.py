"""Check-worthiness as the desk's rules and ClaimBuster's labelled debates agree: facts above the line,
plans and forecasts below it, even with a figure in them (bench/checkworthiness.py measures the rest).

Each sentence here scored on the wrong side of 0.5 under the hand-set rules this replaced.
"""

import pytest

from claims.intake.checkworthiness import Assessment, assess, assess_many
from claims.intake.extraction import extract_candidates


@pytest.mark.parametrize(
    "sentence",
    [
        "We always talk about bringing crime down.",  # an absolute and a statistic's noun, no fact
        "He plans to cut the deficit by $20 billion over the next four years.",  # a plan with a figure
    ],
)
def test_plans_and_talk_score_below_the_line(sentence):
    assessment = assess(sentence)
    assert assessment.score < 0.5
    assert "a plan" in assessment.reasons


def test_a_vote_or_a_law_is_a_checkable_fact_without_a_number():
    assessment = assess("The senator opposed the treaty when it came before the Senate.")
    assert assessment.score >= 0.5
    assert "a law or a vote" in assessment.reasons


def test_a_forecast_with_a_figure_ranks_below_a_fact_without_one():
    text = (
        "Finance Minister Ana Ortiz spoke to reporters on Monday. "
        '"The governor vetoed the clean water bill in March," Ortiz said. '
        "She said she expects households will save at least 15 percent on heating bills this winter."
    )
    candidates = extract_candidates(text)
    assert [("vetoed" in c.text, c.score >= 0.5) for c in candidates] == [(True, True), (False, False)]
    assert {"a figure in a plan or forecast", "a prediction"} <= set(candidates[1].reasons)


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("Exports to Canada fell 4 percent in May.", False),  # the month
        ("Theresa May cut the number of police officers by 20,000.", False),  # a name
        ("May 2019 was the wettest month on record in the county.", False),  # a date opens the sentence
        ("Exports to Canada may fall 4 percent this year.", True),  # the modal
        ('"May I correct that: the tax was never raised," she said.', True),
        ("Mrs. May cut the number of police officers by 20,000.", False),
        ("May said police numbers rose 4 percent in 2019.", False),
        ("May was the wettest month on record, with 140 mm of rain.", False),
    ],
)
def test_may_is_a_hedge_only_where_it_is_not_the_month_or_a_name(sentence, hedged):
    assessment = assess(sentence)
    assert ("a hedge" in assessment.reasons) == hedged, assessment.reasons
    if not hedged:
        assert "a figure in a plan or forecast" not in assessment.reasons


def test_the_embedding_weighs_how_a_statement_is_worded_and_says_so():
    """Two sentences with the same signals (a number, a year) score apart by their wording."""
    fact = assess("The unemployment rate fell to 3.1 percent in 2019.")
    talk = assess("Thank you all, it is 3 years since 2019 and I love this town.")
    assert fact.score >= 0.5 > talk.score
    assert "worded like checkable statements" in fact.reasons
    assert "worded like opinion or talk" in talk.reasons


def test_only_the_statements_the_signals_rank_highest_are_embedded_when_asked_to_bound_the_cost():
    texts = [
        "Good morning.",
        "The unemployment rate fell to 3.1 percent in 2019, the lowest since 1969.",
        "",
        "Exports rose 4 percent in March.",
    ]
    everything = assess_many(texts)
    bounded = assess_many(texts, embed_at_most=1)
    assert everything[2] == bounded[2] == Assessment(0.0, ())
    # The one the signals rank highest is embedded as before; the others are scored by their signals.
    assert bounded[1] == everything[1]
    for i in (0, 3):
        assert not {"worded like checkable statements", "worded like opinion or talk"} & set(
            bounded[i].reasons
        )
    assert [a.score for a in assess_many(texts, embed_at_most=4)] == [a.score for a in everything]


WORDED = {"worded like checkable statements", "worded like opinion or talk"}


def test_a_model_that_cannot_embed_leaves_the_signals_to_score(monkeypatch, caplog):
    from claims.matching import embedding

    def unavailable(texts):
        raise embedding.ModelUnavailable("model.safetensors: OSError: no such file")

    monkeypatch.setattr(embedding, "encode", unavailable)
    assessment = assess("The unemployment rate fell to 3.1 percent in 2019.")
    assert assessment.score >= 0.5 and "a number" in assessment.reasons
    assert not WORDED & set(assessment.reasons)
    assert "signals only: model.safetensors" in caplog.text


def test_another_matching_model_is_not_read_with_weights_fitted_for_minilm(settings):
    settings.MATCH_EMBEDDING_MODEL_PATH = "/models/another-384-dimension-model"
    assessment = assess("The unemployment rate fell to 3.1 percent in 2019.")
    assert assessment.score >= 0.5 and not WORDED & set(assessment.reasons)
