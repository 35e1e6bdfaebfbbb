"""/account/tokens/: members create, see and revoke their own API tokens.

Creating answers with a redirect to the list (POST/redirect/GET), so reloading
never creates a second token. The secret is never kept whole anywhere between
the POST and the GET that shows it: the session (stored on the server) holds
it sealed with a one-time pad, and the pad travels in a cookie of its own to
the member's browser only (HttpOnly, this page's path, SameSite=Strict, at
most NEW_SECRET_SECONDS). The GET that shows the secret deletes both; a pad
that did not come back in time leaves the token created but its secret gone
(the page says to revoke it and create another). The page is never cached
(`Cache-Control: no-store`). Only the secret's hash is kept
(factcheck.services.api_token_create). A token is always the member's own:
nobody creates one here for someone else.
"""

import base64
import binascii
import datetime
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from factcheck.errors import DomainError
from factcheck.models import ApiToken, TokenScope
from factcheck.roles import Role
from factcheck.selectors import api_token_get, api_token_list
from factcheck.services import api_token_create, api_token_revoke, api_token_scopes_refused

# The service names the expiry expires_at; the form asks for a day.
_SERVICE_FIELDS = {"name": "name", "scopes": "scopes", "expires_at": "expires_on"}

# Where the sealed secret of a token just created waits for the GET that shows it (and deletes it),
# and the cookie that carries its pad to the member's browser.
_NEW_SECRET = "tokens:new-secret"
_PAD_COOKIE = "new_token_pad"
NEW_SECRET_SECONDS = 300


class ScopesField(forms.MultipleChoiceField):
    """Token scopes: offers those the member can use; a known one they cannot is refused with its reason."""

    def __init__(self, *, refused: dict[str, str] | None = None, **kwargs):
        self.refused = refused or {}
        super().__init__(**kwargs)

    def validate(self, value):
        for scope in value:
            if scope in self.refused:
                raise ValidationError(
                    f"Your role cannot use {scope}. {self.refused[scope]}", code="scope_not_for_role"
                )
        super().validate(value)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Name it after the integration that will use it, e.g. “Newsroom CMS”.",
    )
    scopes = ScopesField(
        label="Scopes",
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="What the token may do. It can never do more than your role allows.",
        error_messages={"required": "Choose at least one scope."},
    )
    expires_on = forms.DateField(
        label="Expires after (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The token stops working at the end of this day. Leave empty for no expiry.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        refused = api_token_scopes_refused(user)
        scopes = self.fields["scopes"]
        scopes.refused = refused
        # Only the offer shrinks: a refused scope is still known, so a forged one hears why.
        scopes.widget.choices = [(value, label) for value, label in scopes.choices if value not in refused]

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise ValidationError("Choose today or a later day.")
        return day

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        next_day = day + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def _add_service_errors(form: ApiTokenForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(_SERVICE_FIELDS.get(field), messages_)


def _page(request, form: ApiTokenForm, *, created: ApiToken | None = None, secret: str = ""):
    return render(
        request,
        "factcheck/tokens.html",
        {
            "form": form,
            "tokens": api_token_list(user=request.user),
            "created": created,
            "secret": secret,
            "now": timezone.now(),
            "is_admin": request.user.role == Role.ADMIN and request.user.is_staff,
        },
    )


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _new_secret_keep(request, response, *, token: ApiToken, secret: str) -> None:
    """Seal the secret for the next GET: the sealed bytes in the session, the pad in the browser only."""
    plain = secret.encode()
    pad = secrets.token_bytes(len(plain))
    request.session[_NEW_SECRET] = {
        "token": token.pk,
        "sealed": base64.urlsafe_b64encode(_xor(plain, pad)).decode(),
        "at": time.time(),
    }
    response.set_cookie(
        _PAD_COOKIE,
        base64.urlsafe_b64encode(pad).decode(),
        max_age=NEW_SECRET_SECONDS,
        path=reverse("tokens"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _new_secret_take(request) -> tuple[ApiToken | None, str]:
    """The token just created and its secret, once: taking them deletes them from the session.

    The secret is "" when its pad did not come back (another browser, or later than
    NEW_SECRET_SECONDS): the token exists, but nobody can see its secret any more.
    """
    kept = request.session.pop(_NEW_SECRET, None)
    if not isinstance(kept, dict):
        return None, ""
    try:
        token = api_token_get(user=request.user, pk=kept.get("token"))
    except (ApiToken.DoesNotExist, TypeError, ValueError):
        return None, ""
    try:
        is_fresh = 0 <= time.time() - float(kept.get("at")) <= NEW_SECRET_SECONDS
        sealed = base64.urlsafe_b64decode(str(kept.get("sealed", "")))
        pad = base64.urlsafe_b64decode(request.COOKIES.get(_PAD_COOKIE, ""))
        secret = _xor(sealed, pad).decode("ascii") if is_fresh else ""
    except (TypeError, ValueError, binascii.Error, UnicodeError):
        secret = ""
    return token, secret


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the member's tokens; POST creates one, then the list shows its secret once."""
    if request.method != "POST":
        created, secret = _new_secret_take(request)
        response = _page(request, ApiTokenForm(user=request.user), created=created, secret=secret)
        if _PAD_COOKIE in request.COOKIES:
            response.delete_cookie(_PAD_COOKIE, path=reverse("tokens"), samesite="Strict")
        return response
    form = ApiTokenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            token, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            # Redirect, so reloading the page shows the list instead of creating another token.
            response = redirect("tokens")
            _new_secret_keep(request, response, token=token, secret=secret)
            return response
    return _page(request, form)


@login_required
@require_POST
def token_revoke(request, pk: int):
    """Revoke one of the member's own tokens."""
    try:
        token = api_token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404("You have no such token.") from None
    try:
        api_token_revoke(token=token, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Revoked “{token.name}”. Integrations using it are refused from now on.")
    return redirect("tokens")
