"""The daily prune of the typo vocabulary, batch by batch (claims.housekeeping, factcheck.housekeeping):
it walks the vocabulary once in word order, each batch starting after the last word of the one before;
every unused word goes however many batches it takes, used words and stop words stay, and a word that
comes back into use between its batch's read and its delete stays too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import SearchWord
from factcheck.housekeeping import expired_records_delete
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

SPICES = ["cardamom", "cinnamon", "cloves", "nutmeg", "quebec", "saffron", "vanilla", "zanzibar"]


def _vocabulary() -> set[str]:
    return set(SearchWord.objects.values_list("word", flat=True))


@pytest.fixture
def reworded(checker, settings):
    """Eight words no claim uses any more (its claim was reworded), sorted among words still used
    ("abingdon" before them all, "tanzania" between), with batches of three."""
    settings.HOUSEKEEPING_BATCH_SIZE = 3
    make_claim(author=checker, text="Ridership fell on the buses in Abingdon and Wexford.")
    claim = make_claim(
        author=checker,
        text="Zanzibar exports cloves, nutmeg, vanilla, cardamom, cinnamon and saffron to Quebec.",
    )
    services.claim_update(claim=claim, actor=checker, text="Tanzania exports spices to Europe.")
    assert set(SPICES) <= _vocabulary()
    return claim


def test_every_unused_word_goes_however_many_batches_it_takes(reworded):
    before = _vocabulary()

    assert expired_records_delete()["search_words"] == len(SPICES)  # three batches: 3, 3 and 2

    assert _vocabulary() == before - set(SPICES)
    assert {"abingdon", "wexford", "exports", "tanzania", "spices", "europe"} <= _vocabulary()
    assert {"the", "and"} <= _vocabulary()  # stop words stay
    assert expired_records_delete()["search_words"] == 0


@pytest.mark.parametrize(
    ("unused", "batches", "queries"),
    [
        (SPICES[:2], 1, 9),  # one batch, short: the walk ends there
        (SPICES, 3, 17),  # 3, 3, 2
        (SPICES[:6], 2, 14),  # 3, 3: one read more finds nothing
    ],
)
def test_each_batch_costs_the_same_queries_and_starts_after_the_last_word_of_the_one_before(
    reworded, checker, unused, batches, queries
):
    for word in set(SPICES) - set(unused):  # back in use
        make_claim(author=checker, text=f"The {word} harvest.")

    with CaptureQueriesContext(connection) as captured:
        assert expired_records_delete()["search_words"] == len(unused)

    # Per batch: the read of its words, and the delete in a transaction of its own (savepoint, DELETE,
    # release): four queries, whatever the size of the vocabulary; the other kinds of rows cost 5.
    assert len(captured) == queries
    reads = [q["sql"] for q in captured if q["sql"].startswith('SELECT "claims_searchword"."word"')]
    deletes = [q["sql"] for q in captured if q["sql"].startswith('DELETE FROM "claims_searchword"')]
    assert len(deletes) == batches
    assert len(reads) == batches + (len(unused) % 3 == 0)
    assert '"claims_searchword"."word" >' not in reads[0]
    for n, read in enumerate(reads[1:], start=1):  # after the last word of the batch before
        assert f'"claims_searchword"."word" > \'{sorted(unused)[3 * n - 1]}\'' in read, read


def test_a_word_used_again_between_its_batchs_read_and_its_delete_stays(reworded, checker):
    """A writer adds a claim with "cardamom" after the first batch (cardamom, cinnamon, cloves) was
    read as unused and before it is deleted: the delete reads the condition again and keeps it."""
    written = []

    def writer_in_between(execute, sql, params, many, context):
        if sql.startswith('DELETE FROM "claims_searchword"') and not written:
            written.append(make_claim(author=checker, text="Cardamom prices rose."))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(writer_in_between):
        assert expired_records_delete()["search_words"] == len(SPICES) - 1

    assert written
    assert "cardamom" in _vocabulary()
    assert not set(SPICES) - {"cardamom"} & _vocabulary()
    assert expired_records_delete()["search_words"] == 0
