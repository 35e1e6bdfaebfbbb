"""Matching, the semantic stage: a statement said in other words is found once its claim's embedding
is stored; a claim not embedded yet is still found by its words; a changed text never matches by its
old meaning; the exact search and pgvector's index (where the server has it) give the same answers."""

import numpy
import pytest
from django.db import connection

from claims import matching, services
from claims.matching import embedding, index, search, semantic
from claims.models import ClaimEmbedding, ClaimState
from tests.factories import ClaimantFactory, claim_in_state, make_claim

pytestmark = pytest.mark.django_db

CORPUS = [
    "The COVID-19 vaccine changes your DNA.",
    "Drinking bleach cures the coronavirus.",
    "The Eiffel Tower was sold for scrap in 1925.",
    "Steel imports from Korea rose 40 percent last year.",
    "Bill Gates wants to put microchips in people through vaccination.",
    "A shark was photographed swimming on a flooded highway in Houston after Hurricane Harvey.",
    "Unemployment in Ohio is 3.1 percent, the lowest in the state's history.",
    "Wind turbines cause cancer.",
]

# Said in other words: the telling words of each differ from its claim's.
PARAPHRASES = [
    ("Immunisation shots for the pandemic modify your genes", "The COVID-19 vaccine changes your DNA."),
    ("a great white spotted in the water on a submerged freeway in Texas after the storm", CORPUS[5]),
    ("Those windmills give people tumors", "Wind turbines cause cancer."),
]


@pytest.fixture
def corpus(checker):
    matching.statistics_forget()
    claimant = ClaimantFactory(name="Unattributed")
    claims = {text: make_claim(author=checker, text=text, claimant=claimant) for text in CORPUS}
    yield claims
    matching.statistics_forget()


def embed_all() -> int:
    return index.embeddings_backfill()


@pytest.mark.parametrize(("query", "original"), PARAPHRASES)
def test_a_statement_in_other_words_is_found_once_the_claims_are_embedded(corpus, query, original):
    assert original not in [m.text for m in matching.claims_similar_to_text(text=query)]

    assert embed_all() == len(CORPUS)
    found = matching.claims_similar_to_text(text=query)

    assert found and found[0].text == original, [(m.text, m.score) for m in found]
    assert found[0].level == matching.SIMILAR
    assert 0 < found[0].score <= 1


def test_unrelated_text_finds_nothing_by_meaning(corpus):
    embed_all()
    assert matching.claims_similar_to_text(text="My cat prefers the blue cushion on the sofa.") == []


def test_a_claim_not_embedded_yet_is_still_found_by_its_words(corpus, checker):
    embed_all()
    late = make_claim(author=checker, text="Volcanic eruptions release more CO2 than all human activity.")

    found = matching.claims_similar_to_text(
        text="volcanic eruptions release more CO2 than all human activity"
    )

    assert found[0].claim_id == late.pk and found[0].level == matching.DUPLICATE
    assert not ClaimEmbedding.objects.filter(claim=late).exists()


def test_the_backfill_embeds_each_claim_once_and_a_second_run_writes_nothing(corpus):
    assert index.embeddings_stale_count() == len(CORPUS)
    assert embed_all() == len(CORPUS)

    assert index.embeddings_stale_count() == 0
    assert embed_all() == 0
    rows = ClaimEmbedding.objects.all()
    assert sorted(r.claim_id for r in rows) == sorted(c.pk for c in corpus.values())
    for row in rows:
        assert row.model == embedding.MODEL_NAME and len(row.vector) == embedding.MODEL_DIMENSION
        assert row.text_hash == embedding.text_hash(row.claim.text)
        assert numpy.linalg.norm(row.vector) == pytest.approx(1.0, abs=1e-3)


def test_a_changed_text_is_not_matched_by_its_old_meaning_and_is_embedded_again(corpus, checker):
    embed_all()
    claim = corpus["Wind turbines cause cancer."]
    query = "Those windmills give people tumors"
    assert matching.claims_similar_to_text(text=query)[0].claim_id == claim.pk

    services.claim_update(claim=claim, actor=checker, text="Solar panels poison the soil around them.")

    assert claim.pk not in [m.claim_id for m in matching.claims_similar_to_text(text=query)]
    assert index.embeddings_stale_ids() == [claim.pk]
    assert index.embeddings_refresh(claim_ids=[claim.pk]) == 1
    found = matching.claims_similar_to_text(text="photovoltaic modules contaminate the ground")
    assert found and found[0].claim_id == claim.pk
    assert ClaimEmbedding.objects.filter(claim=claim).count() == 1


def _index_scans(cursor) -> int:
    """Scans of the HNSW index by this transaction so far (PostgreSQL's own count)."""
    cursor.execute("SELECT pg_stat_get_xact_numscans(%s::regclass)", [semantic.HNSW_INDEX])
    return cursor.fetchone()[0]


def test_the_exact_search_and_the_servers_index_give_the_same_nearest_claims(corpus):
    """On a server with pgvector (the embedded PostgreSQL) the index answers; elsewhere the exact search.
    The suite runs on both servers, so both paths answer this test. On a table this small PostgreSQL
    would read the rows rather than the index, so sequential scans are turned off for the test and the
    plan is checked to go through the HNSW index."""
    embed_all()
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')")
        offered = cursor.fetchone()[0]
        assert semantic.has_index(cursor) == offered
        if offered:
            cursor.execute("SET LOCAL enable_seqscan = off")
            probe = semantic.vector_literal(embedding.encode(["probe"])[0])
            cursor.execute(
                f"EXPLAIN SELECT claim_id FROM claims_claimembedding WHERE model = %s "
                f"ORDER BY {semantic._VECTOR_SQL} <=> %s::vector({embedding.MODEL_DIMENSION}) LIMIT 10",
                [embedding.MODEL_NAME, probe],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert semantic.HNSW_INDEX in plan, plan
        scans_before = _index_scans(cursor) if offered else 0
        for query, _ in PARAPHRASES:
            vector = embedding.encode([query])[0]
            served = semantic.nearest(cursor, vector, k=5)
            exact = semantic._exact(cursor).nearest(vector, 5)
            assert list(served) == list(exact)
            assert [round(c, 4) for c in served.values()] == [round(c, 4) for c in exact.values()]
        if offered:  # the served answers came through the index, one scan per query
            assert _index_scans(cursor) - scans_before >= len(PARAPHRASES)


def test_the_exact_search_sees_rows_written_after_it_was_first_read(corpus, checker):
    embed_all()
    with connection.cursor() as cursor:
        semantic._exact(cursor)  # read once
    late = make_claim(author=checker, text="Lightning never strikes the same place twice.")
    index.embeddings_refresh(claim_ids=[late.pk])

    found = matching.claims_similar_to_text(text="a bolt from the sky cannot hit one spot a second time")

    assert found and found[0].claim_id == late.pk


def test_published_only_compares_the_meaning_as_published_not_a_revisions(checker, reviewer, editor):
    matching.statistics_forget()
    published = claim_in_state(
        ClaimState.PUBLISHED,
        checker=checker,
        reviewer=reviewer,
        editor=editor,
        text="Wind turbines cause cancer.",
    )
    services.claim_transition(claim=published, action="revise", actor=editor)
    services.claim_update(claim=published, actor=checker, text="The Eiffel Tower was sold for scrap in 1925.")

    assert embed_all() == 1
    kinds = dict(ClaimEmbedding.objects.filter(claim=published).values_list("kind", "text_hash"))
    assert kinds == {
        "claim": embedding.text_hash("The Eiffel Tower was sold for scrap in 1925."),
        "published": embedding.text_hash("Wind turbines cause cancer."),
    }
    found = matching.claims_similar_to_text(text="Those windmills give people tumors", published_only=True)
    assert [(m.claim_id, m.text) for m in found] == [(published.pk, "Wind turbines cause cancer.")]
    draft_meaning = "a famous Paris landmark was scrapped and sold as metal"
    assert matching.claims_similar_to_text(text=draft_meaning, published_only=True) == []
    # The desk, asking about every claim, finds the working text by its meaning.
    assert [m.claim_id for m in matching.claims_similar_to_text(text=draft_meaning)] == [published.pk]


def test_a_model_that_fails_in_a_running_process_leaves_the_lexical_answer(
    corpus, settings, tmp_path, monkeypatch, caplog
):
    embed_all()
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    settings.MATCH_EMBEDDING_MODEL_PATH = str(broken)
    monkeypatch.setattr(embedding, "_model", None)  # as in a process that has not loaded it yet

    found = matching.claims_similar_to_text(text="wind turbines cause cancer")

    assert found and found[0].text == "Wind turbines cause cancer."
    assert matching.claims_similar_to_text(text="Those windmills give people tumors") == []
    assert "Matching without its semantic stage" in caplog.text and str(broken) in caplog.text


def test_asking_for_more_nearest_claims_than_before_searches_the_index_wider(corpus, monkeypatch):
    """pgvector returns at most `hnsw.ef_search` rows: a connection that searched narrowly once
    searches at least twice as wide as the rows a later query asks for (the exact path has no such
    limit; both answer the same)."""
    embed_all()
    monkeypatch.setattr(semantic, "HNSW_EF_SEARCH", 4)
    vector = embedding.encode(["vaccines and microchips"])[0]
    with connection.cursor() as cursor:
        semantic.nearest(cursor, vector, k=2)  # the connection searches 4 wide
        served = semantic.nearest(cursor, vector, k=7)
        exact = semantic._exact(cursor).nearest(vector, 7)
        if semantic.has_index(cursor):
            cursor.execute("SHOW hnsw.ef_search")
            assert int(cursor.fetchone()[0]) >= 2 * 7

    assert len(served) == 7
    assert list(served) == list(exact)


def test_without_the_model_the_lexical_stage_re_ranks_its_own_wider_pool(
    corpus, settings, tmp_path, monkeypatch
):
    """With both stages, the lexical one hands over CANDIDATE_POOL claims; alone (no vector for the
    text), it re-ranks LEXICAL_ONLY_POOL, as many as it did before there was another stage."""
    embed_all()
    monkeypatch.setattr(search, "CANDIDATE_POOL", 2)
    monkeypatch.setattr(search, "LEXICAL_ONLY_POOL", 5)
    monkeypatch.setattr(semantic, "SEMANTIC_POOL", 1)
    text = "the vaccine, the coronavirus, the hurricane, the percent, the cancer, the tower"
    options = {"limit": 1, "published_only": False, "exclude_ids": ()}

    _, both = search.candidates_scored(text, **options)
    assert 2 <= len(both) <= 3  # the lexical stage's 2 and the nearest claim (unless it is one of them)

    broken = tmp_path / "model"
    broken.mkdir()
    settings.MATCH_EMBEDDING_MODEL_PATH = str(broken)
    monkeypatch.setattr(embedding, "_model", None)
    _, alone = search.candidates_scored(text, **options)

    assert len(alone) == 5 and all(c.cosine is None for c in alone)


def test_a_forked_worker_embeds_queries_in_threads_of_its_own(corpus):
    """A web or Celery worker forked after the parent embedded a query starts its own threads: the
    parent's pool has no threads in the child, and a query there would wait forever on it."""
    import multiprocessing

    assert search._query_vector_started("wind turbines").result(timeout=60) is not None
    context = multiprocessing.get_context("fork")
    answers = context.Queue()

    def in_child():
        vector = search._query_vector_started("windmills give people tumors").result(timeout=60)
        answers.put(None if vector is None else len(vector))

    child = context.Process(target=in_child)
    child.start()
    child.join(timeout=90)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked worker's query waited for threads it does not have")
    assert child.exitcode == 0
    assert answers.get(timeout=5) == embedding.MODEL_DIMENSION
