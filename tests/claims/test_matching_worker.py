"""Embeddings are the worker's: a saved claim is embedded on the `matching` queue after commit, the
periodic sweep catches the ones no task was queued for, a backfill killed mid-run goes on without gaps
or duplicates when run again, and a model that cannot load stops a web or worker process at start
with one line naming the cause. Real worker, real broker, real subprocesses."""

import os
import signal
import subprocess
import sys
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from claims import matching
from claims.matching import embedding, index
from claims.matching.tasks import embeddings_sweep
from claims.models import Claim, ClaimEmbedding
from factcheck.celery import app as celery_app
from tests.factories import ClaimantFactory, make_claim
from tests.servers import BASE_DIR, START_PROCESSES, server_environment, start_refusal

STATEMENTS = [
    f"{subject} {verb} {amount} percent {when}."
    for subject in ("Steel imports", "Rents in Berlin", "Measles cases", "Coal exports", "Bus fares")
    for verb in ("rose", "fell", "doubled by")
    for amount in (3, 12, 40)
    for when in ("last year", "since 2019")
]  # 90 distinct statements


@pytest.fixture
def worker(transactional_db, broker, settings):
    settings.MATCH_EMBEDDINGS = True
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=60) as running:
        yield running


def wait_for(condition, timeout: float = 120, what: str = "", every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s: {what}")


@pytest.mark.django_db(transaction=True)
def test_a_saved_claim_is_embedded_by_the_worker_and_found_in_other_words(worker, checker):
    matching.statistics_forget()
    claim = make_claim(author=checker, text="The COVID-19 vaccine changes your DNA.")

    wait_for(lambda: ClaimEmbedding.objects.filter(claim=claim).exists(), what="the claim's embedding")

    row = ClaimEmbedding.objects.get(claim=claim)
    assert row.text_hash == embedding.text_hash(claim.text)
    found = matching.claims_similar_to_text(text="Immunisation shots for the pandemic modify your genes")
    assert found and found[0].claim_id == claim.pk


@pytest.mark.django_db(transaction=True)
def test_the_sweep_embeds_claims_saved_without_a_task(worker, checker):
    claimant = ClaimantFactory(name="Unattributed")
    # Rows written around the services (as a bulk import writes them): no task is queued for them.
    Claim.objects.bulk_create(
        Claim(text=text, claimant=claimant, created_by=checker) for text in STATEMENTS[:20]
    )
    assert index.embeddings_stale_count() == 20

    embeddings_sweep.delay()

    wait_for(lambda: index.embeddings_stale_count() == 0, what="the sweep")
    assert ClaimEmbedding.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_a_backfill_killed_mid_run_goes_on_without_gaps_or_duplicates(checker, tmp_path):
    claimant = ClaimantFactory(name="Unattributed")
    Claim.objects.bulk_create(Claim(text=text, claimant=claimant, created_by=checker) for text in STATEMENTS)
    env = server_environment(tmp_path, MATCH_EMBEDDING_THREADS="1")
    command = [sys.executable, "manage.py", "embeddings_backfill", "--batch-size", "2", "--no-progress"]

    first = subprocess.Popen(command, cwd=BASE_DIR, env=env, stderr=subprocess.PIPE)
    try:
        wait_for(
            lambda: ClaimEmbedding.objects.count() >= 6, what="the first batches", timeout=180, every=0.02
        )
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    done_before = ClaimEmbedding.objects.count()
    assert 6 <= done_before < len(STATEMENTS), "killed too late to show anything"
    assert index.embeddings_stale_count() == len(STATEMENTS) - done_before

    second = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)

    assert second.returncode == 0, second.stderr[-2000:]
    assert f"Embedded {len(STATEMENTS) - done_before:,} claims" in second.stderr
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT claim_id), "
            "count(*) FILTER (WHERE e.text_hash = md5(c.text)) "
            "FROM claims_claimembedding e JOIN claims_claim c ON c.id = e.claim_id"
        )
        assert cursor.fetchone() == (len(STATEMENTS),) * 3
    assert index.embeddings_stale_count() == 0


@START_PROCESSES
def test_a_model_that_cannot_load_stops_start_up_with_one_line_naming_the_cause(process, tmp_path):
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")

    error = start_refusal(process, tmp_path, MATCH_EMBEDDING_MODEL_PATH=str(broken))

    assert "matching model all-MiniLM-L6-v2 did not load" in error
    assert str(broken) in error
