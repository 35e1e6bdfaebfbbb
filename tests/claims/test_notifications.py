"""Member notifications for the workflow (claims.services.notifications): each kind reaches the right
members only, never the actor, once per change, written in the change's transaction and mailed after
commit through the outbox; each member's channel per kind and the daily digest are respected."""

import re
import time

import pytest
from django.db import IntegrityError, transaction

from claims import services
from claims.models import ClaimState
from claims.services.notifications import transition_notify
from factcheck.errors import Conflict
from factcheck.models import Notification, NotificationSettings, OutboundEmail
from factcheck.notifications.services import notification_digests_send, notification_settings_update
from factcheck.roles import Role
from tests.factories import UserFactory, add_evidence, claim_in_state, make_claim, write_verdict


def told(kind=None, **filters):
    """Who was told, as {username: count}."""
    rows = Notification.objects.filter(**filters)
    if kind:
        rows = rows.filter(kind=kind)
    counts: dict[str, int] = {}
    for username in rows.values_list("member__username", flat=True):
        counts[username] = counts.get(username, 0) + 1
    return counts


def mailed_to():
    return sorted(OutboundEmail.objects.values_list("to", flat=True))


def researching(members):
    return claim_in_state(
        ClaimState.RESEARCHING,
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
    )


def ready_to_submit(members):
    claim = researching(members)
    add_evidence(claim, actor=members["checker"])
    write_verdict(claim, actor=members["checker"])
    return claim


# --- Each kind, for the right members only ---------------------------------------------------------


def test_assigning_tells_the_assignee_only(members):
    checker, editor = members["checker"], members["editor"]
    claim = make_claim(author=checker)

    services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)

    assert told() == {"alice-test": 1}
    (notification,) = Notification.objects.all()
    assert notification.kind == "claim_assigned" and notification.url == f"/claims/{claim.pk}/"
    assert notification.title.startswith("Assigned to you: ")
    assert mailed_to() == ["alice-test@example.org"]


def test_an_editor_assigning_themself_is_not_told(members):
    editor = members["editor"]
    services.claim_transition(claim=make_claim(author=editor), action="assign", actor=editor, assignee=editor)
    assert told() == {}


def test_submitting_tells_the_reviewers_who_may_review_it_never_its_author_or_last_editor(members):
    checker, other = members["checker"], members["other_checker"]
    claim = ready_to_submit(members)
    # Carol last edits the verdict, then becomes a reviewer: four eyes keeps her out of its review.
    write_verdict(claim, actor=other, conclusion="Carol's edit.")
    other.role = Role.REVIEWER
    other.save(update_fields=["role"])
    UserFactory(username="gone-reviewer", role=Role.REVIEWER, is_active=False)
    Notification.objects.all().delete()

    services.claim_transition(claim=claim, action="submit", actor=checker)

    assert told("review_waiting") == {"bob-test": 1, "dave-test": 1}
    assert told() == {"bob-test": 1, "dave-test": 1}


def test_requesting_changes_tells_the_assignee_and_the_verdicts_writers_once_each(members):
    checker, other, reviewer = members["checker"], members["other_checker"], members["reviewer"]
    claim = ready_to_submit(members)
    write_verdict(claim, actor=other, conclusion="Carol's edit.")
    services.claim_transition(claim=claim, action="submit", actor=checker)
    Notification.objects.all().delete()

    services.claim_transition(
        claim=claim, action="request_changes", actor=reviewer, comment="Cite the 2024 tariff schedule."
    )

    # Alice is the assignee and the author: told once; Carol last edited it; Bob acted.
    assert told() == {"alice-test": 1, "carol-test": 1}
    assert set(Notification.objects.values_list("body", flat=True)) == {"Cite the 2024 tariff schedule."}


def test_an_approval_that_completes_tells_the_editors(members, second_editor):
    claim = claim_in_state(
        ClaimState.IN_REVIEW,
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
    )
    Notification.objects.all().delete()

    services.claim_transition(claim=claim, action="approve", actor=members["reviewer"])

    assert told("approved_to_publish") == {"erin-test": 1, "frank-test": 1, "admin-test": 1}
    assert told() == told("approved_to_publish")


def test_an_approval_short_of_the_count_tells_no_editor(members, settings):
    settings.REQUIRED_APPROVALS = 2
    claim = claim_in_state(
        ClaimState.IN_REVIEW,
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
    )
    Notification.objects.all().delete()

    services.claim_transition(claim=claim, action="approve", actor=members["reviewer"])

    assert told() == {}


def test_publishing_tells_the_team_and_the_approving_reviewer_in_the_app(members):
    claim = claim_in_state(
        ClaimState.APPROVED,
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
    )
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()

    services.claim_transition(claim=claim, action="publish", actor=members["editor"])

    assert told("published") == {"alice-test": 1, "bob-test": 1}
    assert told() == told("published")
    slug = claim.publications.get().slug
    assert set(Notification.objects.values_list("url", flat=True)) == {f"/fact-checks/{slug}/"}
    assert mailed_to() == []  # "published" is in the app by default


# --- Once per change, in its transaction ----------------------------------------------------------


def test_the_same_change_notifies_a_member_once(members):
    claim = ready_to_submit(members)
    claim = services.claim_transition(claim=claim, action="submit", actor=members["checker"])
    transition = claim.transitions.get(action="submit")

    transition_notify(claim=claim, transition=transition, actor=members["checker"])
    transition_notify(claim=claim, transition=transition, actor=None)

    assert told("review_waiting") == {"bob-test": 1, "dave-test": 1}
    assert OutboundEmail.objects.filter(to="bob-test@example.org").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        first = Notification.objects.filter(kind="review_waiting").first()
        Notification.objects.create(member=first.member, kind="review_waiting", event_key=first.event_key)


def test_a_change_that_rolls_back_tells_nobody_and_mails_nothing(members):
    claim = ready_to_submit(members)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_transition(claim=claim, action="submit", actor=members["checker"])
        assert told() == {"bob-test": 1, "dave-test": 1}  # written with the change...
        raise RuntimeError("the request fails after the transition")

    assert told() == {} and mailed_to() == []  # ...and gone with it


def test_a_refused_change_tells_nobody(members):
    claim = researching(members)  # no verdict, no evidence: submit is refused
    Notification.objects.all().delete()
    with pytest.raises(Conflict):
        services.claim_transition(claim=claim, action="submit", actor=members["checker"])
    assert told() == {}


# --- Each member's choice --------------------------------------------------------------------------


def test_each_member_chooses_off_in_the_app_or_by_email(members, second_editor):
    reviewer, second_reviewer = members["reviewer"], members["second_reviewer"]
    notification_settings_update(member=reviewer, channels={"review_waiting": "off"}, is_digest=False)
    notification_settings_update(member=second_reviewer, channels={"review_waiting": "app"}, is_digest=False)
    claim = ready_to_submit(members)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()

    services.claim_transition(claim=claim, action="submit", actor=members["checker"])

    assert told() == {"dave-test": 1}
    assert mailed_to() == []
    notification_settings_update(
        member=second_reviewer, channels={"review_waiting": "email"}, is_digest=False
    )
    claim = services.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="More.")
    services.claim_transition(claim=claim, action="submit", actor=members["checker"])
    # Alice was mailed that changes were requested; of the reviewers, only Dave by email.
    assert mailed_to() == ["alice-test@example.org", "dave-test@example.org"]


def test_a_member_without_an_address_is_told_in_the_app_only(members):
    members["reviewer"].email = ""
    members["reviewer"].save(update_fields=["email"])
    claim = ready_to_submit(members)
    OutboundEmail.objects.all().delete()

    services.claim_transition(claim=claim, action="submit", actor=members["checker"])

    assert told("review_waiting") == {"bob-test": 1, "dave-test": 1}
    assert mailed_to() == ["dave-test@example.org"]


def test_the_digest_replaces_single_mails_with_one_email_a_day(members):
    reviewer = members["reviewer"]
    notification_settings_update(member=reviewer, channels={}, is_digest=True)
    first = ready_to_submit(members)
    second = ready_to_submit(members)
    OutboundEmail.objects.all().delete()

    services.claim_transition(claim=first, action="submit", actor=members["checker"])
    services.claim_transition(claim=second, action="submit", actor=members["checker"])
    assert mailed_to() == ["dave-test@example.org", "dave-test@example.org"]  # Bob waits for his digest

    assert notification_digests_send() == 1
    (digest,) = OutboundEmail.objects.filter(to="bob-test@example.org")
    assert digest.subject == "Your digest: 2 new notifications"
    assert digest.body.count("A verdict waits for your review: ") == 2
    assert f"/claims/{first.pk}/" in digest.body and f"/claims/{second.pk}/" in digest.body
    assert "/account/notifications/settings/" in digest.body
    assert notification_digests_send() == 0  # each notification goes into one digest only
    assert OutboundEmail.objects.filter(to="bob-test@example.org").count() == 1


def test_turning_the_digest_off_sends_what_it_held_back(members):
    reviewer = members["reviewer"]
    notification_settings_update(member=reviewer, channels={}, is_digest=True)
    claim = ready_to_submit(members)
    services.claim_transition(claim=claim, action="submit", actor=members["checker"])
    assert not OutboundEmail.objects.filter(to="bob-test@example.org").exists()

    notification_settings_update(member=reviewer, channels={}, is_digest=False)

    assert OutboundEmail.objects.get(to="bob-test@example.org").subject == "Your digest: 1 new notification"
    assert NotificationSettings.objects.get(member=reviewer).is_digest is False


# --- Mailed by a real worker to a real SMTP server ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_reviewer_gets_one_email_after_commit_whose_link_opens_the_claim(members, settings, client):
    from factcheck.mail import email_send_attempt, emails_resume
    from tests.mailserver import MailServer, free_port
    from tests.workers import running_worker, wait_until

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.DEFAULT_FROM_EMAIL = "desk@workbench.test"
    settings.SITE_URL = "http://testserver"
    server = MailServer(settings.EMAIL_PORT).start()
    try:
        claim = ready_to_submit(members)
        with running_worker():
            with transaction.atomic():
                services.claim_transition(claim=claim, action="submit", actor=members["checker"])
                assert OutboundEmail.objects.filter(to="bob-test@example.org").exists()  # queued with it
                time.sleep(
                    1.5
                )  # the worker is idle: had anything been sent before commit, it would be by now
                assert not server.received("bob-test@example.org")
            wait_until(
                lambda: server.received("bob-test@example.org") and server.received("dave-test@example.org"),
                message="the reviewers' emails",
            )
            wait_until(lambda: not OutboundEmail.objects.filter(sent_at__isnull=True).exists())
            # Sending any of them again (a retried task, the periodic resume) sends nothing more.
            assert {
                email_send_attempt(email_id=pk) for pk in OutboundEmail.objects.values_list("pk", flat=True)
            } == {"skipped"}
            assert emails_resume() == 0
    finally:
        server.stop()

    for reviewer in ("bob-test", "dave-test"):
        (mail,) = server.received(f"{reviewer}@example.org")
        assert mail.message["To"] == f"{reviewer}@example.org"
        assert mail.message["From"] == "desk@workbench.test"
        assert mail.message["Subject"].startswith("A verdict waits for your review: ")
        assert mail.message["List-Unsubscribe"] == "<http://testserver/account/notifications/settings/>"
        assert f"Hello {reviewer}," in mail.text
    assert server.received("alice-test@example.org")[0].message["Subject"].startswith("Assigned to you")
    assert len(server.received("alice-test@example.org")) == 1  # assigned; not told of her own submit
    assert len(server.messages) == 3

    link = re.search(r"http://testserver(/claims/\d+/)", server.received("bob-test@example.org")[0].text)
    client.force_login(members["reviewer"])
    page = client.get(link.group(1))
    assert page.status_code == 200 and claim.text in page.content.decode()
    settings_link = client.get("/account/notifications/settings/")
    assert settings_link.status_code == 200
