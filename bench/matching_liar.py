"""Matching quality on LIAR: do rewritten statements find the claim they came from?

    .venv/bin/python bench/matching_liar.py [--split test|dev] [--liar ../shared/data/liar]

The corpus is the LIAR train split (10,269 statements) plus every other
statement of the valid split (the targets). Each target is queried with a
rewrite made by the deterministic rules below (a casing change, "Says"
dropped, tense changed, words reworded, punctuation and contractions changed,
and for half of them the statement shortened); a hit is the target (or a
statement with the very same words) ranked first, or in the top 5.
The valid statements left out of the index are the unrelated texts: the share
of them called a `duplicate` is the false-duplicate rate.

`--split dev` queries rewrites of train statements instead (a different
seed): the matcher was tuned on that, and `test` (the default) is reported.
The data is read from where it lies; nothing of it is copied into the repository.
"""

import argparse
import csv
import hashlib
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import benchdb  # noqa: E402

DEFAULT_LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"
# Held-out valid statements that, read by a person, restate a statement in the index (PolitiFact
# checked some claims twice): calling them duplicates is right, so they are not "unrelated".
RESTATEMENTS = Path(__file__).resolve().parent / "data" / "matching" / "liar_restatements.json"

# --- The rewrites ----------------------------------------------------------------
# Written apart from the matcher's own word list: some of these it knows (common
# synonyms), many it does not (it must then rely on the words that stay).

REWORDINGS = [
    ("more than", "over"),
    ("less than", "under"),
    ("fewer than", "under"),
    ("nearly", "almost"),
    ("approximately", "about"),
    ("about", "roughly"),
    ("because", "since"),
    ("children", "kids"),
    ("kids", "children"),
    ("percent", "%"),
    ("United States", "U.S."),
    ("the U.S.", "America"),
    ("Americans", "U.S. citizens"),
    ("government", "administration"),
    ("illegal immigrants", "undocumented immigrants"),
    ("doctors", "physicians"),
    ("cars", "vehicles"),
    ("guns", "firearms"),
    ("legislation", "law"),
    ("law", "legislation"),
    ("big", "large"),
    ("huge", "massive"),
    ("increase", "rise"),
    ("increased", "rose"),
    ("decreased", "fell"),
    ("cut", "slashed"),
    ("raise taxes", "hike taxes"),
    ("voted against", "opposed"),
    ("voted for", "backed"),
    ("supports", "backs"),
    ("wants to", "plans to"),
    ("jobs", "positions"),
    ("million", "mln"),
    ("companies", "firms"),
    ("workers", "employees"),
    ("buy", "purchase"),
    ("money", "funds"),
    ("spending", "expenditure"),
    ("only", "just"),
    ("largest", "biggest"),
    ("every", "each"),
    ("received", "got"),
    ("people", "individuals"),
    ("has", "had"),
]

TENSE = {
    "is": "was",
    "are": "were",
    "was": "is",
    "were": "are",
    "has": "had",
    "have": "had",
    "does": "did",
    "will": "would",
    "says": "said",
    "wants": "wanted",
    "gets": "got",
    "makes": "made",
    "pays": "paid",
    "spends": "spent",
    "rises": "rose",
    "grows": "grew",
    "costs": "cost",
    "takes": "took",
    "gives": "gave",
    "kills": "killed",
    "creates": "created",
    "allows": "allowed",
    "requires": "required",
    "includes": "included",
    "receives": "received",
    "loses": "lost",
    "uses": "used",
    "voted": "votes",
    "raised": "raises",
    "supported": "supports",
    "created": "creates",
    "spent": "spends",
    "paid": "pays",
    "lost": "loses",
    "made": "makes",
}

CONTRACTIONS = [
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("is not", "isn't"),
    ("did not", "didn't"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("isn't", "is not"),
    ("didn't", "did not"),
    ("won't", "will not"),
    ("can't", "cannot"),
]


def _replace_word(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w']){re.escape(old)}(?![\w'])", new, text, count=1, flags=re.IGNORECASE)


def rewrite(statement: str, seed: str) -> str:
    """A deterministic rewrite of a statement: same claim, other words, other form."""
    rng = random.Random(hashlib.sha256(seed.encode()).hexdigest())
    text = re.sub(r"^Says\s+(that\s+)?", "", statement.strip())
    reworded = 0
    for old, new in rng.sample(REWORDINGS, len(REWORDINGS)):
        if reworded >= 3:
            break
        if re.search(rf"(?<![\w']){re.escape(old)}(?![\w'])", text, flags=re.IGNORECASE):
            text = _replace_word(text, old, new)
            reworded += 1
    words = text.split()
    tensed = 0
    for i, word in enumerate(words):
        core = word.strip(".,;:!?\"'").lower()
        if core in TENSE and tensed < 2 and rng.random() < 0.8:
            words[i] = word.replace(word.strip(".,;:!?\"'"), TENSE[core])
            tensed += 1
    text = " ".join(words)
    for old, new in CONTRACTIONS:
        if old in text and rng.random() < 0.7:
            text = text.replace(old, new, 1)
    if rng.random() < 0.5:
        words = text.split()
        if len(words) >= 10:
            keep = max(7, int(len(words) * rng.uniform(0.6, 0.8)))
            text = " ".join(words[:keep])
    style = rng.choice(["lower", "upper", "plain", "lower-nopunct", "nopunct"])
    if "nopunct" in style:
        text = re.sub(r"[^\w\s%$'-]", " ", text)
    if style.startswith("lower"):
        text = text.lower()
    elif style == "upper":
        text = text.upper()
    else:
        text = text[:1].lower() + text[1:]
    return " ".join(text.split())


# --- Data --------------------------------------------------------------------------


def read_liar(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(record) < 14:
                continue
            rows.append(
                {
                    "id": record[0].removesuffix(".json"),
                    "statement": record[2].strip(),
                    "speaker": record[4].replace("-", " ").title() or "Unknown",
                    "title": record[5].strip()[:200],
                }
            )
    return rows


def load_corpus(rows: list[dict]) -> dict[str, int]:
    """Bulk-load statements as claims (one COPY); returns LIAR id -> claim id."""
    from django.db import connection

    benchdb.truncate_claims()
    speakers = sorted({(r["speaker"], r["title"]) for r in rows})
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY claims_claimant (name, title, kind, created_at, updated_at) FROM STDIN"
        ) as copy:
            for name, title in speakers:
                copy.write_row((name, title, "person", "now", "now"))
        cursor.execute("SELECT id, name, title FROM claims_claimant")
        claimant_ids = {(name, title): pk for pk, name, title in cursor.fetchall()}
        with cursor.cursor.copy(
            "COPY claims_claim (text, summary, claimant_id, language, topics, state, selection_reason, "
            "external_id, is_demo, created_at, updated_at) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row(
                    (
                        r["statement"],
                        "",
                        claimant_ids[(r["speaker"], r["title"])],
                        "en",
                        "{}",
                        "published",
                        "LIAR",
                        f"liar:{r['id']}",
                        False,
                        "now",
                        "now",
                    )
                )
        cursor.execute("ANALYZE claims_claim")
        cursor.execute("SELECT external_id, id FROM claims_claim")
        return {external.removeprefix("liar:"): pk for external, pk in cursor.fetchall()}


def _same_words(a: str, b: str) -> bool:
    def norm(s):
        return " ".join(re.findall(r"\w+", s.lower()))

    return norm(a) == norm(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--show-duplicates", type=int, default=0)
    args = parser.parse_args()

    benchdb.setup()
    from claims import matching

    train = read_liar(args.liar / "train.tsv")
    valid = read_liar(args.liar / "valid.tsv")
    targets, unrelated = valid[0::2], valid[1::2]
    started = time.perf_counter()
    ids = load_corpus(train + targets)
    load_seconds = time.perf_counter() - started
    matching.statistics_forget()
    text_of = {r["id"]: r["statement"] for r in train + targets}

    if args.split == "dev":
        queries = random.Random(7).sample(train, 1000)
        seed_prefix = "dev"
    else:
        queries = targets
        seed_prefix = "test"

    top1 = top5 = as_duplicate = as_similar = 0
    latencies = []
    misses = []
    for row in queries:
        query = rewrite(row["statement"], f"{seed_prefix}:{row['id']}")
        began = time.perf_counter()
        found = matching.claims_similar_to_text(text=query, limit=5, min_score=0)
        latencies.append(time.perf_counter() - began)
        wanted = ids[row["id"]]
        ranked_ok = [m.claim_id == wanted or _same_words(m.text, text_of[row["id"]]) for m in found]
        top1 += bool(ranked_ok[:1] and ranked_ok[0])
        top5 += any(ranked_ok)
        if ranked_ok[:1] and ranked_ok[0]:
            as_duplicate += found[0].level == matching.DUPLICATE
            as_similar += found[0].level in (matching.DUPLICATE, matching.SIMILAR)
        if not (ranked_ok[:1] and ranked_ok[0]):
            misses.append(
                (row["statement"], query, found[0].text if found else "", found[0].score if found else 0)
            )

    corpus_texts = {re.sub(r"\W+", " ", t.lower()).strip() for t in text_of.values()}
    restatements = {r["valid_id"] for r in json.loads(RESTATEMENTS.read_text())}
    counts = {"checked": 0, "duplicate": 0, "similar": 0, "labelled_checked": 0, "labelled_duplicate": 0}
    flagged = []
    for row in unrelated:
        if re.sub(r"\W+", " ", row["statement"].lower()).strip() in corpus_texts:
            continue  # the very same words are in the index: not unrelated
        for text in (row["statement"], rewrite(row["statement"], f"unrelated:{row['id']}")):
            found = matching.claims_similar_to_text(text=text, limit=1)
            level = found[0].level if found else None
            counts["checked"] += 1
            counts["duplicate"] += level == matching.DUPLICATE
            counts["similar"] += level == matching.SIMILAR
            if row["id"] not in restatements:
                counts["labelled_checked"] += 1
                counts["labelled_duplicate"] += level == matching.DUPLICATE
            if level == matching.DUPLICATE:
                flagged.append((row["id"], text, found[0].text, found[0].score))
    n = len(queries)
    latencies.sort()
    print(f"split: {args.split}; corpus {len(ids)} claims (loaded in {load_seconds:.1f} s)")
    print(f"queries: {n}  top-1: {top1 / n:.3f}  top-5: {top5 / n:.3f}")
    print(
        f"  rewrites called `duplicate` of their original: {as_duplicate / n:.3f}; "
        f"`similar` or `duplicate`: {as_similar / n:.3f}"
    )
    checked = counts["checked"]
    print(
        f"unrelated texts: {checked} (held-out statements and their rewrites)  "
        f"duplicate: {counts['duplicate'] / checked:.4f}  similar: {counts['similar'] / checked:.4f}"
    )
    print(
        f"  leaving out the {len(restatements)} held-out statements labelled as restating an indexed one "
        f"(bench/data/matching): duplicate {counts['labelled_duplicate'] / counts['labelled_checked']:.4f} "
        f"of {counts['labelled_checked']}"
    )
    print(
        f"latency: p50 {statistics.median(latencies) * 1000:.1f} ms  "
        f"p95 {latencies[int(0.95 * (n - 1))] * 1000:.1f} ms"
    )
    # Text about other things altogether: every statement in the intake bench's articles (made up).
    other = [
        c["text"]
        for path in sorted((Path(__file__).resolve().parent / "data" / "intake").glob("*.json"))
        for c in json.loads(path.read_text())["claims"]
    ]
    other_duplicates = sum(
        1
        for text in other
        if (found := matching.claims_similar_to_text(text=text, limit=1))
        and found[0].level == matching.DUPLICATE
    )
    rate = other_duplicates / len(other)
    print(f"unrelated statements from the intake bench: {len(other)}  duplicate: {rate:.4f}")
    for valid_id, text, got, score in flagged[: args.show_duplicates]:
        print(f"\nDUPLICATE valid {valid_id}: {text}\n     indexed: {got} ({score:.3f})")
    for original, query, got, score in misses[: args.show_misses]:
        print(f"\nMISS original: {original}\n     query:    {query}\n     got:      {got} ({score:.3f})")


if __name__ == "__main__":
    main()
