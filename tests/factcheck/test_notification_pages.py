"""The bell, the notification list and the settings page: a member sees, opens and changes only their
own; the bell costs one query whatever the number of notifications; bad input is answered beside the
field with nothing saved."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import Notification, NotificationSettings
from factcheck.notifications.selectors import notification_unread_count
from factcheck.notifications.services import notify


def tell(member, n=1, url="/claims/1/", kind="review_waiting"):
    for i in range(n):
        notify(
            kind=kind, members=[member], event_key=f"test:{member.pk}:{kind}:{i}", title=f"Item {i}", url=url
        )


def bell_count(html: str) -> str:
    start = html.index('class="bell__count"')
    return html[html.index(">", start) + 1 : html.index("<", start)]


def test_the_bell_counts_unread_notifications_in_one_query(client, reviewer, django_assert_num_queries):
    tell(reviewer, 3)
    with django_assert_num_queries(1):
        assert notification_unread_count(member=reviewer) == 3
    client.force_login(reviewer)
    assert bell_count(client.get("/account/notifications/").content.decode()) == "3"


def test_the_list_costs_the_same_queries_for_few_and_many(client, reviewer):
    client.force_login(reviewer)
    tell(reviewer, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/account/notifications/").status_code == 200
    tell(reviewer, 40, kind="claim_assigned")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/account/notifications/")
    assert response.content.decode().count('<li class="notification') == 41
    assert len(many) == len(few) == 4  # session, member, the bell's count, the list


def test_a_member_sees_and_opens_only_their_own(client, reviewer, second_reviewer):
    tell(reviewer, 1, url="/claims/7/")
    tell(second_reviewer, 1, url="/claims/8/")
    mine = Notification.objects.get(member=reviewer)
    theirs = Notification.objects.get(member=second_reviewer)
    client.force_login(reviewer)

    page = client.get("/account/notifications/").content.decode()
    assert f"/account/notifications/{mine.pk}/open/" in page
    assert f"/account/notifications/{theirs.pk}/open/" not in page

    assert client.post(f"/account/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(f"/account/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/claims/7/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(f"/account/notifications/{mine.pk}/open/").status_code == 405


def test_a_link_off_the_site_is_not_followed(client, reviewer):
    tell(reviewer, 1, url="https://evil.example/phish")
    client.force_login(reviewer)
    notification = Notification.objects.get(member=reviewer)
    response = client.post(f"/account/notifications/{notification.pk}/open/")
    assert response["Location"] == "/account/notifications/"


def test_mark_all_read_empties_the_bell(client, reviewer, second_reviewer):
    tell(reviewer, 3)
    tell(second_reviewer, 2)
    client.force_login(reviewer)
    client.post("/account/notifications/read/")
    assert notification_unread_count(member=reviewer) == 0
    assert notification_unread_count(member=second_reviewer) == 2
    assert bell_count(client.get("/account/notifications/").content.decode()) == "0"


def test_pages_need_a_login(client):
    for path in ("/account/notifications/", "/account/notifications/settings/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_settings_list_every_kind_and_save_the_choice(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/account/notifications/settings/").content.decode()
    for label in (
        "Assigned to you",
        "A verdict waits for your review",
        "Changes requested on your claim",
        "Approved, waiting to be published",
        "Published",
        "A link on a published fact-check broke",
    ):
        assert label in page
    data = {
        "kind_claim_assigned": "email",
        "kind_review_waiting": "off",
        "kind_changes_requested": "app",
        "kind_approved_to_publish": "email",
        "kind_published": "app",
        "kind_link_broken": "email",
        "is_digest": "on",
    }
    response = client.post("/account/notifications/settings/", data)
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(member=reviewer)
    assert saved.is_digest and saved.channels["review_waiting"] == "off"
    page = client.get("/account/notifications/settings/").content.decode()
    assert re.search(r'name="kind_review_waiting" value="off"[^>]*checked', page)
    assert not re.search(r'name="kind_review_waiting" value="email"[^>]*checked', page)


@pytest.mark.parametrize("value", ["loud", "", "<script>alert(1)</script>", "email" * 1000])
def test_a_bad_choice_is_answered_beside_its_field_and_nothing_is_saved(client, reviewer, value):
    client.force_login(reviewer)
    response = client.post(
        "/account/notifications/settings/", {"kind_review_waiting": value, "kind_claim_assigned": "off"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<p id="id_kind_review_waiting_error" class="field-error">', page), page
    assert "<script>alert(1)</script>" not in page
    assert not NotificationSettings.objects.filter(member=reviewer).exists()
