"""Matching, the lexical stage: claims that share a text's telling words, scored by them.

(The whole answer fuses this stage with the semantic one: claims/matching/search.py.)
Two steps, both in the one database:

1. Candidates from PostgreSQL full-text search over the claims' stored search
   vector (GIN index). The query is built from the text's lexemes (English
   stemming, so tense and casing do not matter), each widened to its
   synonyms and irregular forms, and made selective enough to stay fast on a
   large table: rare lexemes are OR-ed, common ones only count in pairs. How
   rare a lexeme is comes from PostgreSQL's own statistics for the column
   (`pg_stats.most_common_elems`, kept by ANALYZE), so nothing else has to
   be maintained.
2. A re-ranking of the best few dozen by a similarity that survives
   rewording, truncation, tense, casing and punctuation: the rarity-weighted
   share of the text's lexemes found in the claim (containment, which a
   shortened or reworded text keeps), the share of the claim's lexemes found
   in the text (so a long claim that merely mentions the words ranks lower),
   and the word pairs kept in order.

A score at or above settings.MATCH_DUPLICATE_THRESHOLD is a `duplicate`
(near-certain: the same statement), at or above MATCH_SIMILAR_THRESHOLD a
`similar` one (worth a look). A duplicate also needs the same numbers and
enough words to be sure of: "3 percent" is not "5 percent".

No trigram index is needed, and none is used: this stage answers the same on
any PostgreSQL server.
"""

import math
import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from claims.matching.words import COMMON_WORDS, FRAMING_WORDS, WORD_GROUPS

DUPLICATE = "duplicate"
SIMILAR = "similar"

# How many full-text candidates are re-ranked in Python (at least the answer's limit). 50, not 150:
# on CheckThat train the answers' MAP@5 did not move (bench/checkthat.py --pools, docs/BENCHMARKS.md)
# and a query re-ranks, fetches and analyses a third of the rows.
CANDIDATE_POOL = 50
# Rows a candidate query may touch on a large table (an estimate from the statistics).
MATCH_BUDGET_ROWS = 2000
# However the estimate errs, a query scores at most this many rows (a safety valve, not the usual case).
MATCH_SCAN_LIMIT = 10_000
# The rows are pre-scored on the text's most telling lexemes only.
PRESCORE_TERMS = 10
PAIR_MAX_FREQUENCY = 0.03
# Below this many claims, every lexeme is used and no statistics are needed.
SMALL_CORPUS = 5000
# A duplicate must rest on at least this much evidence (sum of lexeme weights, about 3 rare words).
DUPLICATE_MIN_WEIGHT = 14.0
# ... and cover most of the claim: a text that states only part of it is `similar` at most.
DUPLICATE_MIN_CLAIM_COVERED = 0.6
STATS_TTL_SECONDS = 300
# The longest text compared: a statement, a post or an article's opening, not a whole book.
MAX_TEXT_CHARS = 20_000

_LEXEME = re.compile(r"'((?:[^']|'')+)'(?::([0-9A-D,]+))?")
_DIGIT_GROUPS_SQL = r"regexp_replace({col}, '(\d),(\d{{3}})', '\1\2', 'g')"


@dataclass(frozen=True)
class Match:
    """An existing claim that states (nearly) the same thing as the text."""

    claim_id: int
    text: str
    claimant: str
    state: str
    score: float
    level: str | None
    is_published: bool = False
    duplicate_of_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "claim_id": self.claim_id,
            "text": self.text,
            "claimant": self.claimant,
            "state": self.state,
            "score": round(self.score, 4),
            "level": self.level,
            "is_published": self.is_published,
            "duplicate_of": self.duplicate_of_id,
        }


@dataclass
class _Vocabulary:
    """Word groups resolved to lexemes (once per process)."""

    canonical: dict[str, str] = field(default_factory=dict)  # lexeme -> its group's lexeme
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group lexeme -> members
    framing: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()  # the groups of number words


@dataclass
class _Statistics:
    rows: float
    frequency: dict[str, float]
    floor: float  # the lowest frequency the statistics list; rarer lexemes are not listed
    loaded_at: float
    weights: dict[str, float] = field(default_factory=dict)  # computed so far (they last as long)


_lock = threading.Lock()
_vocabulary: _Vocabulary | None = None
_statistics: dict[str, _Statistics] = {}


def _parse_tsvector(text: str) -> dict[str, list[int]]:
    """'steel':3 'dump':1,7 -> {lexeme: positions} (weights dropped)."""
    lexemes = {}
    for match in _LEXEME.finditer(text or ""):
        lexeme = match.group(1).replace("''", "'")
        positions = []
        if match.group(2):
            for part in match.group(2).split(","):
                digits = part.rstrip("ABCD")
                if digits:
                    positions.append(int(digits))
        lexemes[lexeme] = positions
    return lexemes


def _to_lexemes(cursor, texts: list[str]) -> list[dict[str, list[int]]]:
    if not texts:
        return []
    cursor.execute(
        "SELECT to_tsvector('english', " + _DIGIT_GROUPS_SQL.format(col="t") + ")::text "
        "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
        [texts],
    )
    return [_parse_tsvector(row[0]) for row in cursor.fetchall()]


def _vocabulary_get(cursor) -> _Vocabulary:
    global _vocabulary
    if _vocabulary is not None:
        return _vocabulary
    with _lock:
        if _vocabulary is not None:
            return _vocabulary
        groups = [group.split() for group in WORD_GROUPS]
        words = [word for group in groups for word in group]
        lexed = _to_lexemes(cursor, words + [FRAMING_WORDS, COMMON_WORDS])
        by_word = {word: list(lex) for word, lex in zip(words, lexed[: len(words)], strict=True)}
        vocabulary = _Vocabulary()
        for group in groups:
            members = []
            for word in group:
                members.extend(lex for lex in by_word[word] if lex not in members)
            if not members:
                continue
            head = members[0]
            for lexeme in members:
                # A lexeme in two groups keeps the first (irregular forms come first).
                vocabulary.canonical.setdefault(lexeme, head)
            vocabulary.variants[head] = tuple(members)
            if any(word.isdigit() for word in group):
                vocabulary.numbers |= {head}
        vocabulary.framing = frozenset(lexed[len(words)])
        vocabulary.common = frozenset(lexed[len(words) + 1])
        _vocabulary = vocabulary
    return _vocabulary


def _statistics_get(cursor) -> _Statistics:
    """Row count and lexeme frequencies from PostgreSQL's statistics (cached a few minutes)."""
    key = connection.settings_dict["NAME"]
    cached = _statistics.get(key)
    now = time.monotonic()
    if cached is not None and now - cached.loaded_at < STATS_TTL_SECONDS:
        return cached
    cursor.execute(
        """
        SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs
        FROM pg_class c
        LEFT JOIN pg_stats s
          ON s.schemaname = current_schema() AND s.tablename = 'claims_claim' AND s.attname = 'search_vector'
        WHERE c.oid = 'claims_claim'::regclass
        """
    )
    reltuples, elements, frequencies = cursor.fetchone()
    rows = float(reltuples or 0)
    if rows < SMALL_CORPUS:
        # Never analysed (-1) or small: count, cheaply, up to the point where it matters.
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM claims_claim LIMIT %s) t", [SMALL_CORPUS + 1])
        rows = float(cursor.fetchone()[0])
    frequency, floor = {}, 0.0
    if elements and frequencies and rows >= SMALL_CORPUS:
        frequency = dict(zip(elements, frequencies[: len(elements)], strict=True))
        floor = float(frequencies[len(elements)]) if len(frequencies) > len(elements) else 0.0
    stats = _Statistics(rows=rows, frequency=frequency, floor=floor, loaded_at=now)
    _statistics[key] = stats
    return stats


def statistics_forget() -> None:
    """Drop the cached statistics (after a bulk load, or between tests)."""
    _statistics.clear()


def _weight(lexeme: str, vocabulary: _Vocabulary, stats: _Statistics) -> float:
    """Rarer lexemes weigh more (inverse document frequency); framing words weigh little."""
    weight = stats.weights.get(lexeme)
    if weight is None:
        weight = stats.weights[lexeme] = _weight_computed(lexeme, vocabulary, stats)
    return weight


def _weight_computed(lexeme: str, vocabulary: _Vocabulary, stats: _Statistics) -> float:
    if lexeme in vocabulary.framing:
        return 0.5
    if stats.frequency:
        variants = vocabulary.variants.get(lexeme, (lexeme,))
        listed = [stats.frequency[v] for v in variants if v in stats.frequency]
        freq = sum(listed) if listed else max(stats.floor / 2, 1.0 / max(stats.rows, 1.0))
    else:
        freq = 0.03 if lexeme in vocabulary.common else 0.001
    return math.log(1.0 + 1.0 / max(freq, 1e-7))


def _estimated_rows(lexeme: str, vocabulary: _Vocabulary, stats: _Statistics) -> float:
    variants = vocabulary.variants.get(lexeme, (lexeme,))
    total = 0.0
    for variant in variants:
        freq = stats.frequency.get(variant)
        if freq is None:
            freq = stats.floor / 2 if stats.floor else 1.0 / max(stats.rows, 1.0)
        total += freq * stats.rows
    return total


@dataclass
class _Text:
    lexemes: dict[str, float]  # canonical lexeme -> weight
    order: list[str]  # canonical lexemes in text order
    numbers: frozenset[str]  # numbers, number words and ordinals, as canonical lexemes
    names: frozenset[str] | None = frozenset()  # lexemes of capitalised words inside a sentence
    # (text, raw lexemes, vocabulary) the names are read from when first needed (None: read already).
    source: tuple | None = None

    def names_get(self) -> frozenset[str]:
        """The names, read from the text on first use: only the duplicate guards need them, and
        reading them costs more than scoring."""
        if self.names is None:
            text, raw, vocabulary = self.source
            names = frozenset(vocabulary.canonical.get(lex, lex) for lex in _names(text, raw))
            self.names = names - vocabulary.framing
        return self.names

    @property
    def weight(self) -> float:
        return sum(self.lexemes.values())

    def pairs(self) -> set[tuple[str, str]]:
        return set(zip(self.order, self.order[1:], strict=False))


_NUMBER = re.compile(r"^[0-9][0-9.,]*$")
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth 1st 2nd 3rd 4th 5th".split()
)
_WORD = re.compile(r"[\w'’-]+[.]?|[^\w\s]")
_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. sen. rep. gov. gen. lt. sgt. st. jr. sr. u.s. u.k. u.n. no. vs. prof. rev. col.".split()
)


def _names(text: str, lexemes) -> frozenset[str]:
    """The lexemes of the names a text mentions: capitalised words that do not begin a sentence."""
    if not text or text.isupper() or text.islower():
        return frozenset()
    found = set()
    previous = None
    for match in _WORD.finditer(text):
        token = match.group(0)
        starts = (
            previous is None
            or previous in {'"', "“", "(", ":", ";", "!", "?", "."}
            or (previous.endswith(".") and previous.lower() not in _ABBREVIATIONS)
        )
        word = token.rstrip(".")
        if not starts and word[:1].isupper() and word[1:2].islower():
            lowered = word.lower().replace("'", "").replace("’", "")
            for lexeme in lexemes:
                if len(lexeme) >= 3 and (lowered.startswith(lexeme) or lowered[:-1] + "i" == lexeme):
                    found.add(lexeme)
                    break
        previous = token
    return frozenset(found)


def _analyse(
    raw: dict[str, list[int]], vocabulary: _Vocabulary, stats: _Statistics, *, text: str = ""
) -> _Text:
    positioned = []
    lexemes: dict[str, float] = {}
    for lexeme, positions in raw.items():
        head = vocabulary.canonical.get(lexeme, lexeme)
        lexemes[head] = _weight(head, vocabulary, stats)
        for position in positions or [0]:
            positioned.append((position, head))
    positioned.sort()
    order = [head for _, head in positioned if head not in vocabulary.framing]
    numbers = frozenset(
        lex for lex in lexemes if _NUMBER.match(lex) or lex in _ORDINALS or lex in vocabulary.numbers
    )
    return _Text(lexemes=lexemes, order=order, numbers=numbers, names=None, source=(text, raw, vocabulary))


def similarity(query: _Text, claim: _Text) -> float:
    """0..1: how surely the claim states what the query states."""
    if not query.lexemes or not claim.lexemes:
        return 0.0
    shared = sum(w for lex, w in query.lexemes.items() if lex in claim.lexemes)
    query_in_claim = shared / query.weight
    claim_in_query = shared / claim.weight
    query_pairs = query.pairs()
    in_order = len(query_pairs & claim.pairs()) / len(query_pairs) if query_pairs else query_in_claim
    return 0.6 * query_in_claim + 0.25 * claim_in_query + 0.15 * in_order


def level_for(score: float, *, query: _Text | None = None, claim: _Text | None = None) -> str | None:
    """`duplicate`, `similar` or None, by the configured thresholds (and the duplicate's guards)."""
    if score >= settings.MATCH_DUPLICATE_THRESHOLD:
        if query is None or claim is None or _sure_enough(query, claim):
            return DUPLICATE
        return SIMILAR
    if score >= settings.MATCH_SIMILAR_THRESHOLD:
        return SIMILAR
    return None


def _sure_enough(query: _Text, claim: _Text) -> bool:
    """A duplicate is near-certain: enough words, most of the claim covered, same numbers and names."""
    if query.weight < DUPLICATE_MIN_WEIGHT:
        return False
    shared = sum(w for lex, w in claim.lexemes.items() if lex in query.lexemes)
    if shared / claim.weight < DUPLICATE_MIN_CLAIM_COVERED:
        return False
    # Different numbers make a different claim, however alike the words ("3 percent", "first year").
    if query.numbers - claim.numbers:
        return False
    # So do different people and places: "Sen. Olsen voted..." is not "Sen. Cowles voted...".
    return not (claim.names_get() - query.lexemes.keys() or query.names_get() - claim.lexemes.keys())


def _tsquery_literal(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _alternatives(lexeme: str, vocabulary: _Vocabulary) -> str:
    variants = vocabulary.variants.get(lexeme, (lexeme,))
    inner = " | ".join(_tsquery_literal(v) for v in variants)
    return f"( {inner} )" if len(variants) > 1 else inner


def _candidate_query(query: _Text, vocabulary: _Vocabulary, stats: _Statistics) -> str | None:
    """A tsquery that finds every claim sharing the text's telling words, and not many more.

    On a small table: any content lexeme. On a large one: the rarest lexemes
    alone, then pairs of the commoner ones, while the estimated rows stay
    within MATCH_BUDGET_ROWS.
    """
    content = [lex for lex in query.lexemes if lex not in vocabulary.framing] or list(query.lexemes)
    if not content:
        return None
    if stats.rows <= SMALL_CORPUS or not stats.frequency:
        return " | ".join(_alternatives(lex, vocabulary) for lex in content)
    estimates = {lex: _estimated_rows(lex, vocabulary, stats) for lex in content}
    ranked = sorted(content, key=lambda lex: (estimates[lex], lex))
    clauses, budget = [], MATCH_BUDGET_ROWS
    singles = set()
    for lex in ranked:
        if estimates[lex] > budget:
            break
        clauses.append(_alternatives(lex, vocabulary))
        budget -= estimates[lex]
        singles.add(lex)
    # Lexemes in more than a few percent of claims ("year", "state") add little and cost a long posting
    # list each: they rank candidates later but do not select them.
    rest = [
        lex for lex in ranked if lex not in singles and estimates[lex] <= PAIR_MAX_FREQUENCY * stats.rows
    ][:7]
    # Words that go together ("health" and "care") co-occur far more than chance: the estimate for a
    # pair sits between independence and full overlap (their geometric mean).
    pairs = sorted(
        (math.sqrt(estimates[a] * estimates[b] / stats.rows * min(estimates[a], estimates[b])), a, b)
        for i, a in enumerate(rest)
        for b in rest[i + 1 :]
    )
    for estimate, a, b in pairs:
        if estimate > budget and clauses:
            break
        clauses.append(f"( {_alternatives(a, vocabulary)} & {_alternatives(b, vocabulary)} )")
        budget -= estimate
    return " | ".join(clauses) if clauses else None


def _published_sql(published_only: bool) -> tuple[str, str, str, str]:
    """A published fact-check is compared as it was published (its latest publication), never as the
    working draft of a revision: a text that only the draft states must not find it."""
    if not published_only:
        return "c.text", "cl.name", "", ""
    return (
        "COALESCE(pub.content -> 'claim' ->> 'text', c.text)",
        "COALESCE(pub.content -> 'claimant' ->> 'name', cl.name)",
        """
        LEFT JOIN LATERAL (
            SELECT p.content FROM claims_publication p WHERE p.claim_id = c.id ORDER BY p.version DESC LIMIT 1
        ) pub ON true""",
        " AND EXISTS (SELECT 1 FROM claims_publication p WHERE p.claim_id = claims_claim.id)",
    )


def _candidates(cursor, tsquery: str, query: _Text, vocabulary, *, pool, published_only, exclude_ids):
    content = [lex for lex in query.lexemes if lex not in vocabulary.framing]
    terms = sorted(content, key=lambda lex: (-query.lexemes[lex], lex))[:PRESCORE_TERMS]
    score_sql = " + ".join(["(search_vector @@ %s::tsquery)::int * %s"] * len(terms)) or "0"
    score_params = []
    for lex in terms:
        score_params += [_alternatives(lex, vocabulary), query.lexemes[lex]]
    text_sql, claimant_sql, published_join, filters = _published_sql(published_only)
    filter_params = []
    if exclude_ids:
        filters += " AND NOT (id = ANY(%s))"
        filter_params.append(list(exclude_ids))
    cursor.execute(
        f"""
        SELECT c.id, {text_sql}, c.state, c.duplicate_of_id, {claimant_sql},
               EXISTS (SELECT 1 FROM claims_publication p WHERE p.claim_id = c.id),
               to_tsvector('english', {_DIGIT_GROUPS_SQL.format(col=text_sql)})::text
        FROM (
            SELECT id, {score_sql} AS prescore
            FROM (
                SELECT id, search_vector FROM claims_claim
                WHERE search_vector @@ %s::tsquery{filters}
                LIMIT %s
            ) matched
            ORDER BY prescore DESC, id DESC
            LIMIT %s
        ) top
        JOIN claims_claim c ON c.id = top.id
        JOIN claims_claimant cl ON cl.id = c.claimant_id{published_join}
        ORDER BY top.prescore DESC, c.id DESC
        """,
        [*score_params, tsquery, *filter_params, MATCH_SCAN_LIMIT, pool],
    )
    return cursor.fetchall()


_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
# A post's closing signature, "— Name (@handle) January 14, 2020": who posted it and when, not what it says.
_SIGNATURE_TAIL = re.compile(r"\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_TAG = re.compile(r"(?<![\w@#])[@#](\w{1,60})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def post_text(text: str) -> str:
    """A social-media post as the words it states: links and the closing signature dropped, and
    @handles and #hashtags read as the words they are made of (#AustralianFires: "Australian Fires").
    """
    text = _URL.sub(" ", text)
    text = _SIGNATURE_TAIL.sub(" ", text.rstrip())
    text = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", text)
    return " ".join(text.split())


def analyse_text(cursor, text: str) -> tuple[_Text, _Vocabulary, _Statistics]:
    """The text's lexemes, weighted by their rarity in the claims (the query side of this stage)."""
    vocabulary = _vocabulary_get(cursor)
    stats = _statistics_get(cursor)
    return _analyse(_to_lexemes(cursor, [text])[0], vocabulary, stats, text=text), vocabulary, stats


def candidates(cursor, query: _Text, vocabulary: _Vocabulary, stats: _Statistics, **options) -> list[tuple]:
    """The lexical stage's candidate rows (see `rows_by_ids` for their columns); [] for no telling word."""
    tsquery = _candidate_query(query, vocabulary, stats)
    if tsquery is None:
        return []
    return _candidates(cursor, tsquery, query, vocabulary, **options)


def rows_by_ids(cursor, ids, *, published_only: bool, exclude_ids) -> list[tuple]:
    """Candidate rows for given claim ids (found by another stage), in the lexical stage's columns:
    id, text (as published with `published_only`), state, duplicate_of_id, claimant, is_published,
    the text's tsvector."""
    text_sql, claimant_sql, published_join, filters = _published_sql(published_only)
    params: list = [list(ids)]
    if exclude_ids:
        filters += " AND NOT (c.id = ANY(%s))"
        params.append(list(exclude_ids))
    cursor.execute(
        f"""
        SELECT c.id, {text_sql}, c.state, c.duplicate_of_id, {claimant_sql},
               EXISTS (SELECT 1 FROM claims_publication p WHERE p.claim_id = c.id),
               to_tsvector('english', {_DIGIT_GROUPS_SQL.format(col=text_sql)})::text
        FROM claims_claim c
        JOIN claims_claimant cl ON cl.id = c.claimant_id{published_join}
        WHERE c.id = ANY(%s){filters.replace("claims_claim.id", "c.id")}
        """,
        params,
    )
    return cursor.fetchall()


def score(query: _Text, row: tuple, vocabulary: _Vocabulary, stats: _Statistics) -> tuple[float, _Text]:
    """The lexical similarity of a candidate row to the query, and the candidate as analysed."""
    candidate = _analyse(_parse_tsvector(row[6]), vocabulary, stats, text=row[1])
    return similarity(query, candidate), candidate
