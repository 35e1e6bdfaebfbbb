"""Fit the desk's score (claims/intake/desk.py) on the annotated published texts, and say how it does
on rounds it was not fitted on.

    .venv/bin/python bench/intake_desk_fit.py [--split tuning] [--l2 10] [--embedding-l2 30] [--write]

Runs intake on every text of the split (bench/data/intake_real, `bench/intake_real.py`'s splits), and
labels each statement found "logged" when it is right by that bench's rule (the speaker's full name,
and its words cover a gold statement). Then, with each round of texts (a `split` of the data: each was
gathered and annotated as one set) held out in turn, it fits on the other rounds and scores the
held-out one:

1. a logistic regression over the statement's embedding (L2 `--embedding-l2`); its logit, counted from
   its mean, is one input of the next step (for the rows it is fitted on, the logit comes from a fit
   without their round, so that the next step does not learn how well the embedding knows its own
   training rows);
2. a logistic regression over the inputs of `claims.intake.desk.features` (standardised; L2 `--l2`).

It prints precision and recall as bench/intake_real.py counts them (recall over every gold statement,
those intake never found included), for the check-worthiness score the candidates had before and for
the desk's score, at a few lines. The line the desk's score puts at 0.5 is the one with the best F1
over the held-out predictions of all rounds; with --write the weights fitted on every text of the split
(that bias shift included) go to claims/intake/desk_weights.json, with --out to another file, which
settings.INTAKE_DESK_WEIGHTS can name. About a minute and a half on two cores.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_real import SPLITS, documents, matches  # noqa: E402
from logistic import fit  # noqa: E402

LINES = (0.3, 0.4, 0.5, 0.6, 0.7)
# The desk's rules, as check-worthiness sets them by hand (bench/checkworthiness_fit.py): plans,
# predictions and intentions are not logged. The annotated texts log a sentence that mixes a fact with
# a forecast, so a fit alone weighs these signals lightly, and the embedding, which knows no rule,
# put a household-savings forecast over the line: each signal takes this much off the logit, not fitted.
DESK_RULES = {"signal_plan": -1.0, "signal_prediction": -1.0, "signal_intention": -1.0}


def read(docs: list[dict]) -> dict:
    """Every statement intake finds in the texts, with its inputs, embedding, label and round."""
    from bench.benchdb import settings_only

    settings_only()
    from claims.intake import desk
    from claims.intake.extraction import found_statements
    from claims.matching.embedding import MODEL_DIMENSION

    rows = {"x": [], "vector": [], "label": [], "round": [], "gold": [], "before": []}
    gold_total = 0
    for document in docs:
        prepared, found, vectors = found_statements(document["text"])
        gold_total += len(document["claims"])
        for item, inputs, vector in zip(found, desk.features(found, prepared), vectors, strict=True):
            right = [g["text"] for g in document["claims"] if matches(item, g)]
            rows["x"].append(inputs)
            rows["vector"].append(vector)
            rows["label"].append(1.0 if right else 0.0)
            rows["round"].append(document["split"])
            rows["gold"].append({(document["id"], text) for text in right})
            rows["before"].append(item.assessment.score)
    names = list(rows["x"][0]) if rows["x"] else []
    return {
        "names": names,
        "x": np.array([[row[name] for name in names] for row in rows["x"]], dtype=float),
        "vectors": np.array(
            [v if v is not None else np.zeros(MODEL_DIMENSION) for v in rows["vector"]], dtype=float
        ),
        "embedded": np.array([v is not None for v in rows["vector"]]),
        "y": np.array(rows["label"]),
        "round": np.array(rows["round"]),
        "gold": rows["gold"],
        "before": np.array(rows["before"]),
        "gold_total": gold_total,
    }


def embedding_fit(data: dict, train: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weights over the embedding (no bias) and their mean logit on the rows they were fitted on."""
    rows = train & data["embedded"]
    w = fit(data["vectors"][rows], data["y"][rows], l2)
    return w[:-1], float((data["vectors"][rows] @ w[:-1]).mean())


def embedding_inputs(data: dict, train: np.ndarray, l2: float) -> tuple[np.ndarray, tuple]:
    """The embedding's input of every row: out of round for the train rows, from a fit on all train
    rows for the others; and that fit."""
    column = np.zeros(len(data["y"]))
    for held in sorted(set(data["round"][train])):
        inner = train & (data["round"] != held)
        weights, mean = embedding_fit(data, inner, l2)
        rows = train & (data["round"] == held)
        column[rows] = data["vectors"][rows] @ weights - mean
    weights, mean = embedding_fit(data, train, l2)
    column[~train] = data["vectors"][~train] @ weights - mean
    column[~data["embedded"]] = 0.0
    return column, (weights, mean)


def desk_fit(data: dict, train: np.ndarray, l2: float, embedding_l2: float) -> tuple[np.ndarray, dict]:
    """Scores (logits) of every row from a fit on the train rows, and the fitted model."""
    column, (weights, mean) = embedding_inputs(data, train, embedding_l2)
    x = data["x"].copy()
    x[:, data["names"].index("embedding")] = column
    centre, scale = x[train].mean(axis=0), x[train].std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - centre) / scale
    ruled = [data["names"].index(name) for name in DESK_RULES]
    free = [i for i in range(len(data["names"])) if i not in ruled]
    given = np.array([DESK_RULES[data["names"][i]] * scale[i] for i in ruled])  # per standardised unit
    offset = z[:, ruled] @ given
    w = fit(z[train][:, free], data["y"][train], l2, offset=offset[train])
    weights_all = np.zeros(len(data["names"]))
    weights_all[free], weights_all[ruled] = w[:-1], given
    model = {"mean": centre, "scale": scale, "weights": weights_all, "bias": w[-1], "embedding": weights,
             "embedding_mean": mean}  # fmt: skip
    return z @ weights_all + w[-1], model


def counted(data: dict, kept: np.ndarray) -> tuple[float, float, int]:
    right = int((kept & (data["y"] == 1)).sum())
    found = set().union(*(data["gold"][i] for i in np.flatnonzero(kept))) if kept.any() else set()
    precision = right / kept.sum() if kept.any() else 0.0
    return precision, len(found) / max(1, data["gold_total"]), int(kept.sum())


def row(score: str, line, found: tuple[float, float, int]) -> str:
    precision, recall, kept = found
    return f"| {score} | {line} | {precision:.3f} | {recall:.3f} | {kept} |"


def best_shift(data: dict, logits: np.ndarray) -> float:
    """The shift of the logits whose "score >= 0.5" line has the best F1."""
    found = []
    for shift in np.arange(-2.0, 2.0, 0.05):
        precision, recall, _ = counted(data, logits + shift >= 0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        found.append((round(f1, 6), -abs(shift), float(shift)))
    return max(found)[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=list(SPLITS), default="tuning")
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--embedding-l2", type=float, default=30.0)
    parser.add_argument("--write", action="store_true", help="write claims/intake/desk_weights.json")
    parser.add_argument(
        "--out", type=Path, help="write the weights here instead (settings.INTAKE_DESK_WEIGHTS)"
    )
    args = parser.parse_args()
    docs = documents(args.split)
    data = read(docs)
    rounds = sorted(set(data["round"]))
    print(f"# {len(docs)} texts in {len(rounds)} rounds, {data['gold_total']} gold statements, "
          f"{len(data['y'])} statements found, {int(data['y'].sum())} of them right")  # fmt: skip
    if len(rounds) < 2:
        raise SystemExit("intake_desk_fit: the split holds one round; held-out rounds need two or more")
    held_out = np.zeros(len(data["y"]))
    for held in rounds:
        logits, _ = desk_fit(data, data["round"] != held, args.l2, args.embedding_l2)
        held_out[data["round"] == held] = logits[data["round"] == held]
    shift = best_shift(data, held_out)
    print("| score | line | precision | recall | kept |\n|---|---:|---:|---:|---:|")
    print(row("check-worthiness (before)", "all", counted(data, data["before"] >= 0)))
    for line in LINES:
        print(row("check-worthiness (before)", line, counted(data, data["before"] >= line)))
    for line in LINES:
        kept = 1 / (1 + np.exp(-(held_out + shift))) >= line
        print(row("desk, each round held out", line, counted(data, kept)))
    print(f"# the 0.5 line: the held-out logits shifted by {shift:+.2f} (best F1)")
    if args.write or args.out:
        from claims.intake.desk import WEIGHTS_FILE

        out = args.out or WEIGHTS_FILE
        _, model = desk_fit(data, np.ones(len(data["y"]), dtype=bool), args.l2, args.embedding_l2)
        at_half = counted(data, held_out + shift >= 0)
        fitted = {
            "fitted_on": f"bench/data/intake_real, split {args.split}: {len(docs)} texts, {len(data['y'])} "
            f"statements found, {int(data['y'].sum())} right (bench/intake_desk_fit.py)",
            "l2": args.l2,
            "embedding_l2": args.embedding_l2,
            "held_out_rounds_at_0.5": {"precision": round(at_half[0], 3), "recall": round(at_half[1], 3)},
            "features": data["names"],
            "mean": [round(float(v), 6) for v in model["mean"]],
            "scale": [round(float(v), 6) for v in model["scale"]],
            "weights": [round(float(v), 6) for v in model["weights"]],
            "bias": round(float(model["bias"] + shift), 6),
            "embedding_mean": round(model["embedding_mean"], 6),
            "embedding": [round(float(v), 6) for v in model["embedding"]],
        }
        try:
            out.write_text(json.dumps(fitted, indent=1) + "\n")
        except OSError as error:
            raise SystemExit(
                f"intake_desk_fit: cannot write {out}: {error.strerror}; give --out a writable file"
            ) from None
        print(f"# written: {out}")


if __name__ == "__main__":
    main()
