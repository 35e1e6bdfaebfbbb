"""Retention: what has outlived its purpose is deleted daily; claims, evidence and history never are."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import IntakeJob
from factcheck.celery import app as celery_app
from factcheck.housekeeping import expired_records_delete
from factcheck.models import DeliveryStatus, IdempotencyRecord, Webhook, WebhookAttempt, WebhookDelivery
from factcheck.webhooks import secret_generate
from tests.factories import make_claim
from tests.workers import running_worker, wait_until


def _aged(model, row, **age):
    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(**age))
    return row


def _record(owner_key: str, **age):
    row = IdempotencyRecord.objects.create(
        owner="user:1", key=owner_key, method="POST", path="/api/v1/claims/", fingerprint="f" * 64,
        status_code=201, response_body={},
    )  # fmt: skip
    return _aged(IdempotencyRecord, row, **age)


def _job(author, **age):
    return _aged(IntakeJob, IntakeJob.objects.create(url="https://example.org/a", created_by=author), **age)


def _delivery(webhook, status, redelivery_of=None, **age):
    now = timezone.now()
    row = WebhookDelivery.objects.create(
        webhook=webhook, event_type="webhook.ping", message_id=f"msg_{status}_{age}", payload={},
        status=status, next_attempt_at=now if status == DeliveryStatus.PENDING else None,
        redelivery_of=redelivery_of,
    )  # fmt: skip
    WebhookAttempt.objects.create(delivery=row, attempted_at=now, error="")
    return _aged(WebhookDelivery, row, **age)


@pytest.fixture
def world(admin_member, checker):
    webhook = Webhook.objects.create(
        created_by=admin_member, url="https://hooks.example.org/in", events=["claim.submitted"],
        secret=secret_generate(),
    )  # fmt: skip
    claim = make_claim(author=checker)
    redelivered = _delivery(webhook, DeliveryStatus.FAILED, days=95)
    return {
        "expired_key": _record("old", hours=25),
        "fresh_key": _record("new", hours=23),
        "old_job": _job(checker, days=31),
        "recent_job": _job(checker, days=29),
        "old_succeeded": _delivery(webhook, DeliveryStatus.SUCCEEDED, days=91),
        "old_failed": _delivery(webhook, DeliveryStatus.FAILED, days=91),
        "old_pending": _delivery(webhook, DeliveryStatus.PENDING, days=91),
        "recent_failed": _delivery(webhook, DeliveryStatus.FAILED, days=89),
        "redelivered": redelivered,
        "its_redelivery": _delivery(webhook, DeliveryStatus.SUCCEEDED, redelivery_of=redelivered, days=10),
        "webhook": webhook,
        "claim": claim,
    }


def _left(world) -> set[str]:
    return {name for name, row in world.items() if type(row).objects.filter(pk=row.pk).exists()}


KEPT = {
    "fresh_key",
    "recent_job",
    "old_pending",
    "recent_failed",
    "redelivered",
    "its_redelivery",
    "webhook",
    "claim",
}


def test_what_outlived_its_retention_goes_and_the_rest_stays(world):
    deleted = expired_records_delete()

    assert deleted == {
        "idempotency_records": 1,
        "intake_jobs": 1,
        "request_contacts": 0,
        "search_words": 0,
        "webhook_deliveries": 2,
        "expired_secrets": 0,
    }
    assert _left(world) == KEPT
    assert WebhookAttempt.objects.count() == 4  # the attempts of the four deliveries that stay
    assert (
        WebhookDelivery.objects.get(pk=world["its_redelivery"].pk).redelivery_of_id == world["redelivered"].pk
    )
    assert set(expired_records_delete().values()) == {0}  # nothing more to do


def test_a_rotated_secret_is_cleared_once_its_overlap_has_ended(world):
    webhook = world["webhook"]
    Webhook.objects.filter(pk=webhook.pk).update(
        previous_secret=secret_generate(),
        previous_secret_expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert expired_records_delete()["expired_secrets"] == 0  # still signing

    Webhook.objects.filter(pk=webhook.pk).update(previous_secret_expires_at=timezone.now())
    assert expired_records_delete()["expired_secrets"] == 1
    webhook.refresh_from_db()
    assert (webhook.previous_secret, webhook.previous_secret_expires_at) == ("", None)


def test_retention_follows_the_settings(world, settings):
    settings.INTAKE_JOB_RETENTION_DAYS = 10
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS = 365
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 48

    deleted = expired_records_delete()

    assert deleted == {
        "idempotency_records": 0,
        "intake_jobs": 2,
        "request_contacts": 0,
        "search_words": 0,
        "webhook_deliveries": 0,
        "expired_secrets": 0,
    }


def test_the_command_says_what_it_deleted(world):
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert out.getvalue().strip() == (
        "Deleted 1 idempotency records, 1 intake jobs, 2 webhook deliveries, 0 unused search words; "
        "cleared 0 expired webhook secrets."
    )


@pytest.mark.django_db(transaction=True)
def test_beat_runs_it_daily_and_a_real_worker_does_it(world, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["housekeeping"]
    assert entry == {"task": "factcheck.tasks.housekeeping", "schedule": 86400.0}
    assert celery_app.amqp.router.route({}, entry["task"])["queue"].name == "default"
    from factcheck.tasks import housekeeping

    with running_worker():
        housekeeping.delay()
        wait_until(lambda: _left(world) == KEPT, message="housekeeping")

    assert _left(world) == KEPT
