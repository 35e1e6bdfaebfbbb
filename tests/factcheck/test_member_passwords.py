"""Nobody obtains a password that acts as someone else: an admin cannot set another member's password."""

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def password_url(member) -> str:
    return reverse("admin:auth_user_password_change", args=[member.pk])


@pytest.mark.django_db
def test_the_admin_cannot_set_a_reviewers_password(client, admin_member, reviewer):
    reviewer.set_password("the reviewer's own")
    reviewer.save()
    client.force_login(admin_member)

    assert client.get(password_url(reviewer)).status_code == 403
    posted = client.post(
        password_url(reviewer),
        {"password1": "admin-knows-this-1", "password2": "admin-knows-this-1", "usable_password": "true"},
    )

    assert posted.status_code == 403
    reviewer.refresh_from_db()
    assert reviewer.check_password("the reviewer's own")
    assert not reviewer.check_password("admin-knows-this-1")
    client.logout()
    login = client.post(reverse("login"), {"username": reviewer.username, "password": "admin-knows-this-1"})
    assert login.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_member_page_in_the_admin_says_who_sets_a_password(client, admin_member, reviewer):
    client.force_login(admin_member)

    page = client.get(reverse("admin:factcheck_user_change", args=[reviewer.pk])).content.decode()

    assert "sets their own password on their account page" in page


@pytest.mark.django_db
def test_an_admin_may_still_change_their_own_password_in_the_admin(client, admin_member):
    client.force_login(admin_member)

    posted = client.post(
        password_url(admin_member),
        {"password1": "a-new-Admin-pass-77", "password2": "a-new-Admin-pass-77", "usable_password": "true"},
    )

    assert posted.status_code == 302
    admin_member.refresh_from_db()
    assert admin_member.check_password("a-new-Admin-pass-77")


@pytest.mark.django_db
def test_a_member_changes_their_own_password_on_the_account_page(client, reviewer):
    reviewer.set_password("old-Secret-pass-1")
    reviewer.save()
    client.force_login(reviewer)
    page = client.get(reverse("password-change"))
    assert page.status_code == 200 and 'name="old_password"' in page.content.decode()

    wrong = client.post(
        reverse("password-change"),
        {
            "old_password": "not it",
            "new_password1": "New-Secret-pass-2",
            "new_password2": "New-Secret-pass-2",
        },
    )
    assert wrong.status_code == 200 and 'id="id_old_password-error"' in wrong.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.check_password("old-Secret-pass-1")

    done = client.post(
        reverse("password-change"),
        {
            "old_password": "old-Secret-pass-1",
            "new_password1": "New-Secret-pass-2",
            "new_password2": "New-Secret-pass-2",
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse("password-change-done")
    reviewer.refresh_from_db()
    assert reviewer.check_password("New-Secret-pass-2")


@pytest.mark.django_db
def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
