"""Retention: what has outlived its purpose is deleted daily; claims, evidence and history never are."""

import datetime
import io
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone

from claims.models import IntakeJob
from factcheck.celery import app as celery_app
from factcheck.housekeeping import expired_records_delete
from factcheck.models import DeliveryStatus, IdempotencyRecord, Webhook, WebhookAttempt, WebhookDelivery
from factcheck.webhooks import secret_generate
from tests.factories import make_claim

NOW = timezone.now()


def _aged(model, row, **age):
    model.objects.filter(pk=row.pk).update(created_at=NOW - datetime.timedelta(**age))
    return row


def _record(owner_key: str, **age):
    row = IdempotencyRecord.objects.create(
        owner="user:1", key=owner_key, method="POST", path="/api/v1/claims/", fingerprint="f" * 64,
        status_code=201, response_body={},
    )  # fmt: skip
    return _aged(IdempotencyRecord, row, **age)


def _job(author, **age):
    return _aged(IntakeJob, IntakeJob.objects.create(url="https://example.org/a", created_by=author), **age)


def _delivery(webhook, status, **age):
    row = WebhookDelivery.objects.create(
        webhook=webhook, event_type="webhook.ping", message_id=f"msg_{status}_{age}", payload={},
        status=status, next_attempt_at=NOW if status == DeliveryStatus.PENDING else None,
    )  # fmt: skip
    WebhookAttempt.objects.create(delivery=row, attempted_at=NOW, error="")
    return _aged(WebhookDelivery, row, **age)


@pytest.fixture
def world(admin_member, checker):
    webhook = Webhook.objects.create(
        created_by=admin_member, url="https://hooks.example.org/in", events=["claim.submitted"],
        secret=secret_generate(),
    )  # fmt: skip
    claim = make_claim(author=checker)
    return {
        "expired_key": _record("old", hours=25),
        "fresh_key": _record("new", hours=23),
        "old_job": _job(checker, days=31),
        "recent_job": _job(checker, days=29),
        "old_succeeded": _delivery(webhook, DeliveryStatus.SUCCEEDED, days=91),
        "old_failed": _delivery(webhook, DeliveryStatus.FAILED, days=91),
        "old_pending": _delivery(webhook, DeliveryStatus.PENDING, days=91),
        "recent_failed": _delivery(webhook, DeliveryStatus.FAILED, days=89),
        "claim": claim,
    }


def _left(world) -> set[str]:
    return {name for name, row in world.items() if type(row).objects.filter(pk=row.pk).exists()}


def test_what_outlived_its_retention_goes_and_the_rest_stays(world):
    deleted = expired_records_delete(now=NOW)

    assert deleted == {"idempotency_records": 1, "intake_jobs": 1, "webhook_deliveries": 2}
    assert _left(world) == {"fresh_key", "recent_job", "old_pending", "recent_failed", "claim"}
    assert WebhookAttempt.objects.count() == 2  # the attempts of the two deliveries that stay
    assert set(expired_records_delete(now=NOW).values()) == {0}  # nothing more to do


def test_retention_follows_the_settings(world, settings):
    settings.INTAKE_JOB_RETENTION_DAYS = 10
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS = 365
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 48

    deleted = expired_records_delete(now=NOW)

    assert deleted == {"idempotency_records": 0, "intake_jobs": 2, "webhook_deliveries": 0}


def test_the_command_says_what_it_deleted(world):
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 idempotency records, 1 intake jobs, 2 webhook deliveries."


@pytest.mark.django_db(transaction=True)
def test_beat_runs_it_daily_and_a_real_worker_does_it(world, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["housekeeping"]
    assert entry == {"task": "factcheck.tasks.housekeeping", "schedule": 86400.0}
    assert celery_app.amqp.router.route({}, entry["task"])["queue"].name == "default"
    from factcheck.tasks import housekeeping

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        housekeeping.delay()
        deadline = timezone.now() + datetime.timedelta(seconds=30)
        while IntakeJob.objects.filter(pk=world["old_job"].pk).exists() and timezone.now() < deadline:
            time.sleep(0.1)

    assert _left(world) == {"fresh_key", "recent_job", "old_pending", "recent_failed", "claim"}
