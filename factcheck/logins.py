"""Failed logins: who is paused, for how long, and what they are told (django-axes underneath).

Rules:
- Failed logins are counted per account (username) and per address (client_address): either reaching
  LOGIN_FAILURE_LIMIT within LOGIN_COOLOFF_MINUTES pauses logging in for it, the right password
  included. So guessing one member's password from many addresses is stopped by the account's count,
  and an address that locks a member out is itself locked out for every account.
- A pause ends LOGIN_COOLOFF_MINUTES after the failure that started it: attempts during the pause are
  not counted, so nobody can stretch one pause forever; an admin may end it sooner (the admin's
  "Access attempts", or `manage.py axes_reset_username NAME`).
- The counts live in the database, so every web process and server sees the same pause.
- Both login pages (/accounts/login/ and /admin/login/) say so on the form, with status 429.
- Only password logins count: API tokens do not go through these pages and are never paused.
"""

from axes.helpers import get_cool_off
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render


def lockout_message(request=None) -> str:
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    wait = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}" if minutes else "Try again later"
    return (
        "Too many failed logins for this account or from this address, so logging in is paused. "
        f"{wait}, or ask an admin to unlock the account."
    )


class _SaysWhenPaused:
    """A login form that says "paused" rather than "wrong password" when axes refused the attempt."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(self.request), code="locked_out")
        return super().get_invalid_login_error()


class LoginForm(_SaysWhenPaused, AuthenticationForm):
    pass


class AdminLoginForm(_SaysWhenPaused, AdminAuthenticationForm):
    pass


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login form as rendered (it already says why) with 429; any other
    page that tried to log someone in gets a page saying the same."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    return render(request, "registration/locked_out.html", {"message": lockout_message(request)}, status=429)
