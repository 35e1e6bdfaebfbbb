"""Every error or reason the desk stores for people to read is bounded, with a marker saying it was cut:
no input makes a job, a snapshot or a webhook carry megabytes of error back on every poll."""

import io
import json

import pghistory.models
import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.test import APIClient

from claims.imports import jobs as imports
from claims.imports.rows import MAX_REASON_CHARS
from claims.models import ImportJob, IntakeJob
from evidence.models import Snapshot
from factcheck.models import Webhook, WebhookAttempt, WebhookDelivery
from factcheck.reasons import REASON_MAX_CHARS, ReasonField, reason_bound
from factcheck.services import api_token_create
from factcheck.webhooks import secret_generate
from tests.factories import make_claim

HUGE = "x" * 1_000_000


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_long_reason_is_cut_with_a_marker_that_says_how_long_it_was():
    assert reason_bound("short") == "short"
    assert reason_bound("y" * REASON_MAX_CHARS) == "y" * REASON_MAX_CHARS
    cut = reason_bound("z" * 10_000)
    assert len(cut) == REASON_MAX_CHARS
    assert cut.startswith("zzz") and cut.endswith("… [truncated: 10,000 characters in all]")


# Fields that hold words a person wrote on purpose, not errors: never cut.
NOT_ERRORS = {("claims", "Claim", "selection_reason"), ("claims", "Publication", "note")}


def test_every_stored_error_or_reason_field_is_bounded():
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in ("claims", "evidence", "factcheck"):
            continue
        if issubclass(model, pghistory.models.Event):
            continue  # history rows are copied by triggers from the rows below, already bounded
        for field in model._meta.concrete_fields:
            is_error = field.name in ("error", "note") or field.name.endswith(("_error", "_reason"))
            if not is_error or (model._meta.app_label, model._meta.object_name, field.name) in NOT_ERRORS:
                continue
            found.append(f"{model._meta.label}.{field.name}")
            assert isinstance(field, ReasonField), f"{model._meta.label}.{field.name} is not bounded"
    assert {"claims.ImportJob.error", "claims.IntakeJob.error", "evidence.Snapshot.error",
            "factcheck.WebhookAttempt.error", "factcheck.Webhook.disabled_reason"} <= set(found)  # fmt: skip


def _rows(editor, checker, admin_member):
    claim = make_claim(author=checker)
    webhook = Webhook.objects.create(
        created_by=admin_member, url="https://hooks.example.org/in", events=["claim.submitted"],
        secret=secret_generate(), is_active=False, disabled_reason="off",
    )  # fmt: skip
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event_type="webhook.ping", message_id="msg_1", payload={}, status="failed"
    )
    return {
        "import": (ImportJob.objects.create(file="imports/x.csv", format="csv", created_by=editor), "error"),
        "intake": (IntakeJob.objects.create(url="https://example.org/a", created_by=checker), "error"),
        "snapshot": (
            Snapshot.objects.create(
                appearance=claim.appearances.first() or _appearance(claim),
                url="https://example.org/a",
                fetched_at=timezone.now(),
            ),
            "error",
        ),  # fmt: skip
        "link_note": (Snapshot.objects.get(url="https://example.org/a"), "note"),
        "webhook": (webhook, "disabled_reason"),
        "attempt": (WebhookAttempt.objects.create(delivery=delivery, attempted_at=timezone.now()), "error"),
    }


def _appearance(claim):
    return claim.appearances.create(url="https://example.org/a", outlet="Example")


def test_a_huge_error_is_stored_cut_whether_saved_or_updated(editor, checker, admin_member):
    for name, (row, field) in _rows(editor, checker, admin_member).items():
        model = type(row)
        model.objects.filter(pk=row.pk).update(**{field: HUGE})
        stored = model.objects.values_list(field, flat=True).get(pk=row.pk)
        assert len(stored) == REASON_MAX_CHARS and stored.endswith("1,000,000 characters in all]"), name

        setattr(row, field, "e" * 5000)
        row.save(update_fields=[field])
        stored = model.objects.values_list(field, flat=True).get(pk=row.pk)
        assert len(stored) == REASON_MAX_CHARS and stored.endswith("5,000 characters in all]"), name


def test_a_csv_header_of_a_million_unknown_columns_fails_with_a_short_reason_on_every_poll(editor):
    header = ",".join(["text", "claimant"] + [f"c{n}" for n in range(1_000_000)])
    job = imports.import_job_create(
        file=io.BytesIO((header + "\n").encode()), actor=editor, name="wide.csv", enqueue=False
    )

    job = imports.import_job_run(job_id=job.pk)

    assert job.status == "failed"
    assert len(job.error) <= REASON_MAX_CHARS
    assert job.error.startswith("Unknown columns “c0”, “c1”, “c2”, “c3”, “c4” and 999,995 more in the header")
    _, secret = api_token_create(user=editor, name="Importer", scopes=["claims:read", "claims:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(f"/api/v1/imports/{job.pk}/")
    assert response.status_code == 200 and len(response.content) < 5000
    assert response.json()["error"] == job.error


def test_each_bad_rows_reason_is_bounded_too(editor):
    wide = {"text": "A claim.", "claimant": "Jane Doe"} | {f"field{n}": 1 for n in range(100_000)}
    long_name = {"text": "A claim.", "claimant": "Jane Doe", "k" * 100_000: 1}
    content = "".join(json.dumps(row) + "\n" for row in [wide, long_name] * 10).encode()
    job = imports.import_job_create(file=io.BytesIO(content), actor=editor, name="wide.jsonl", enqueue=False)

    job = imports.import_job_run(job_id=job.pk)

    assert job.status == "done" and job.error_count == 20
    assert all(len(error["reason"]) <= MAX_REASON_CHARS for error in job.errors)
    assert job.errors[0]["reason"].startswith("unknown field “field0”, “field1”")
    assert "and 99,995 more" in job.errors[0]["reason"]
    assert job.errors[1]["reason"].startswith("unknown field “kkkk")
    assert len(json.dumps(job.errors)) < 20 * (MAX_REASON_CHARS + 50)
