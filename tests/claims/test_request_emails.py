"""The reply loop: requesters hear back by email through the outbox, sent by a real Celery worker to a
real SMTP server on loopback (aiosmtpd) that is down at first and up later."""

import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client

from claims import services as claim_services
from claims.models import ClaimState, RequestContact, RequestEmail, RequestEmailStatus
from claims.requests import outbox
from claims.requests import services as request_services
from tests.factories import claim_in_state
from tests.mailserver import MailServer, free_port
from tests.workers import running_worker, wait_until
from tests.workflow import publish_revision, revise

pytestmark = pytest.mark.django_db(transaction=True)

STEEL = "Steel imports from Korea doubled in 2024 according to the commerce department"


def address(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def ip() -> str:
    return f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_RETRY_SCHEDULE = "0.3,0.3,0.5,0.5,1,1,1,1,1,1"
    return port


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def _local(url: str) -> str:
    assert url.startswith(django_settings.SITE_URL), url
    return url.removeprefix(django_settings.SITE_URL)


def _to_requesters(server) -> list:
    """Messages to the readers (members' own notifications may reach the same server)."""
    return [m for to, m in server.messages if any(a.split("-")[0] in {"ana", "ben"} for a in to)]


def _all_finished():
    return not RequestEmail.objects.filter(status=RequestEmailStatus.PENDING).exists()


def test_requesters_hear_back_once_when_published_and_once_when_corrected(
    smtp_port, checker, reviewer, editor
):
    claim = claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor, text=STEEL)
    ana, ben = address("ana"), address("ben")
    asked = [
        request_services.request_submit(text=STEEL, email=ana, consent=True, sender_address=ip()),
        request_services.request_submit(text=STEEL, email=ana.upper(), consent=True, sender_address=ip()),
        request_services.request_submit(text=STEEL, email=ben, consent=True, sender_address=ip()),
        request_services.request_submit(text=STEEL, email=address("cy"), consent=False, sender_address=ip()),
    ]
    assert all(r.claim_id == claim.pk for r in asked)
    server = MailServer(port=smtp_port)
    try:
        with running_worker():
            claim_services.claim_transition(claim=claim, action="publish", actor=editor)
            # The mail server is down: each email is tried, fails, and waits for its next attempt.
            wait_until(
                lambda: RequestEmail.objects.filter(attempt_count__gte=2).count() == 2,
                message="two failed attempts per email",
            )
            assert RequestEmail.objects.count() == 2  # one per address (ana asked twice), none for cy
            assert not RequestEmail.objects.exclude(status=RequestEmailStatus.PENDING).exists()
            server.start()
            wait_until(_all_finished, message="the emails sent once the server is up")
            assert RequestEmail.objects.filter(status=RequestEmailStatus.SENT).count() == 2
            assert len(server.to(ana)) == 1 and len(server.to(ben)) == 1
            assert len(_to_requesters(server)) == 2  # members' own notifications may come too

            # A retried task, or a message delivered again, sends nothing more.
            for email in RequestEmail.objects.all():
                assert outbox.request_email_send(email_id=email.pk) is False
                outbox._enqueue(email.pk)
            assert outbox.request_emails_resume() == 0

        # A restarted worker with the same messages sends nothing either.
        for email in RequestEmail.objects.all():
            outbox._enqueue(email.pk)
        with running_worker():
            wait_until(lambda: True)
        assert len(_to_requesters(server)) == 2

        message = server.to(ana)[0]
        publication = claim.publications.get()
        assert message["From"] == django_settings.REQUEST_EMAIL_FROM
        assert message["To"].lower() == ana.lower()
        assert publication.claim_reviewed in message["Subject"]
        text = message.get_content()
        factcheck_url, status_url, unsubscribe_url = (
            [u for u in _links(text) if "/fact-checks/" in u][0],
            [u for u in _links(text) if re.search(r"/requests/[^/]+/$", u)][0],
            [u for u in _links(text) if u.endswith("/unsubscribe/")][0],
        )
        assert message["List-Unsubscribe"].strip() == f"<{unsubscribe_url}>"  # folded: long
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        reader = Client()
        assert reader.get(_local(factcheck_url)).status_code == 200
        status_page = reader.get(_local(status_url)).content.decode()
        assert "read the fact-check" in status_page and f"/fact-checks/{publication.slug}/" in status_page
        assert ana not in status_page

        # Ben unsubscribes from his email (one click, as a mail client does it).
        ben_unsubscribe = [u for u in _links(server.to(ben)[0].get_content()) if u.endswith("/unsubscribe/")][
            0
        ]
        assert reader.post(_local(ben_unsubscribe)).status_code == 200
        assert not RequestContact.objects.filter(email=ben).exists()

        # The correction: one more email to ana with the note, none to ben.
        with running_worker():
            server.stop()
            server = MailServer(port=smtp_port).start()
            revise(claim, checker=checker, editor=editor, rating="Mostly false")
            publish_revision(
                claim,
                checker=checker,
                reviewer=reviewer,
                editor=editor,
                note="We misread the 2023 base year.",
            )
            wait_until(lambda: server.to(ana) and _all_finished(), message="the correction email")
        assert [m["Subject"].strip().split(":")[0] for m in _to_requesters(server)] == ["Correction"]
        assert server.to(ana) and "We misread the 2023 base year." in server.to(ana)[0].get_content()
        assert not server.to(ben)
    finally:
        server.stop()


def test_a_mail_server_that_never_comes_back_is_given_up_and_recorded(
    smtp_port, checker, reviewer, editor, settings
):
    settings.EMAIL_RETRY_SCHEDULE = "0.2,0.2"
    claim = claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor, text=STEEL)
    request_services.request_submit(text=STEEL, email=address("dee"), consent=True, sender_address=ip())
    with running_worker():
        claim_services.claim_transition(claim=claim, action="publish", actor=editor)
        wait_until(_all_finished, message="the email given up")
    email = RequestEmail.objects.get()
    assert email.status == RequestEmailStatus.FAILED
    assert email.attempt_count == 3
    assert "Connection" in email.last_error or "refused" in email.last_error.lower()


def test_a_rolled_back_publish_writes_no_email(checker, reviewer, editor):
    from django.db import transaction

    claim = claim_in_state(ClaimState.APPROVED, checker=checker, reviewer=reviewer, editor=editor, text=STEEL)
    request_services.request_submit(text=STEEL, email=address("eve"), consent=True, sender_address=ip())

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        claim_services.claim_transition(claim=claim, action="publish", actor=editor)
        assert RequestEmail.objects.count() == 1
        raise Abort
    assert RequestEmail.objects.count() == 0
