"""The email outbox (factcheck.mail): written with the change, sent after commit by a real worker to a
real SMTP server on loopback, later when the server is down, and never twice."""

import threading

import pytest
from django.db import transaction

from factcheck import mail
from factcheck.models import OutboundEmail
from factcheck.tasks import email_send
from tests.mailserver import MailServer, free_port
from tests.workers import running_worker, wait_until


@pytest.fixture
def smtp_settings(settings):
    """Mail goes by SMTP to a loopback port; retries come quickly."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_RETRY_SCHEDULE = (0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3)
    settings.DEFAULT_FROM_EMAIL = "desk@workbench.test"
    return settings


@pytest.fixture
def smtp(smtp_settings):
    server = MailServer(smtp_settings.EMAIL_PORT).start()
    yield server
    server.stop()


def _queue(key="event-1:member-1", to="alice@example.org"):
    return mail.email_queue(
        to=to,
        subject="A verdict waits for your review",
        body="Claim 12 waits for you: http://127.0.0.1:8000/claims/12/",
        idempotency_key=key,
        headers={"List-Unsubscribe": "<http://127.0.0.1:8000/account/notifications/>"},
    )


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_no_email(smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_the_same_key_queued_twice_keeps_one_row():
    first = _queue()
    second = _queue()
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1


def test_header_injection_in_a_subject_is_flattened(db):
    email = mail.email_queue(
        to="a@example.org", subject="Hi\r\nBcc: x@evil.test", body=".", idempotency_key="k"
    )
    assert "\n" not in email.subject and email.subject == "Hi Bcc: x@evil.test"


@pytest.mark.django_db(transaction=True)
def test_a_server_that_is_down_gets_the_message_later_and_once(smtp_settings):
    with running_worker():
        with transaction.atomic():
            email = _queue()
        failed = wait_until(
            lambda: OutboundEmail.objects.filter(pk=email.pk, attempts__gte=2).exclude(last_error="").first(),
            message="attempts against a server that is down",
        )
        assert failed.sent_at is None and "Connection" in failed.last_error
        server = MailServer(smtp_settings.EMAIL_PORT).start()  # the mail server comes back
        try:
            sent = wait_until(
                lambda: OutboundEmail.objects.filter(pk=email.pk, sent_at__isnull=False).first(),
                message="the message sent once the server is up",
            )
            # The task delivered again (a retried or duplicated message, the periodic resume) sends
            # nothing more. The worker takes messages in order: once a later email is sent, it has
            # run every duplicate before it.
            for _ in range(3):
                email_send.apply_async(args=[email.pk])
            mail.emails_resume()
            with transaction.atomic():
                later = _queue(key="event-2:member-1", to="bob@example.org")
            wait_until(
                lambda: OutboundEmail.objects.filter(pk=later.pk, sent_at__isnull=False).exists(),
                message="the later email",
            )
        finally:
            server.stop()
    assert len(server.received("alice@example.org")) == 1
    assert len(server.messages) == 2
    received = server.received("alice@example.org")[0]
    assert received.rcpt_to == ["alice@example.org"]
    assert received.mail_from == "desk@workbench.test"
    assert received.message["Subject"] == "A verdict waits for your review"
    assert received.message["List-Unsubscribe"] == "<http://127.0.0.1:8000/account/notifications/>"
    assert received.message["Message-ID"].endswith("@workbench.test>")
    assert "http://127.0.0.1:8000/claims/12/" in received.text
    assert sent.last_error == "" and sent.claimed_until is None


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_row_send_it_once(smtp):
    with transaction.atomic():
        email = _queue()
    results = []

    def attempt():
        from django.db import connection

        try:
            results.append(mail.email_send_attempt(email_id=email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["sent", "skipped", "skipped", "skipped"]
    assert len(smtp.messages) == 1
    assert mail.email_send_attempt(email_id=email.pk) == "skipped"
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_server_that_never_comes_back_is_given_up_after_the_schedule(smtp_settings):
    smtp_settings.EMAIL_RETRY_SCHEDULE = (0.0, 0.0)
    with transaction.atomic():
        email = _queue()
    outcomes = [mail.email_send_attempt(email_id=email.pk) for _ in range(4)]
    assert outcomes == ["retry", "retry", "gave_up", "skipped"]
    email.refresh_from_db()
    assert email.attempts == 3 and email.gave_up_at is not None and email.next_attempt_at is None
