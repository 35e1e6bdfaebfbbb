"""Writes to the desk itself: members and their roles."""

import datetime
import hashlib
import hmac
import secrets

import pghistory
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck.errors import Conflict, NotPermitted
from factcheck.history import acting_as
from factcheck.models import ApiToken, TokenScope, User
from factcheck.roles import Role
from factcheck.webhooks import webhook_manager_check


def member_create_or_update(
    *, username: str, role: str, password: str | None = None, email: str | None = None
) -> tuple[User, bool]:
    """Create a member with a role, or change an existing member's role; returns (member, created).

    Rules: the role is one of fact-checker, reviewer, editor, admin; admins
    get is_staff and is_superuser (the Django admin), every other role loses
    both. A new member needs a password, so they can log in. A password is
    checked with the project's password validators before it is stored;
    updating without one keeps the member's password. An email, when given,
    replaces the member's email; without one it stays as it was.
    """
    username = User.normalize_username((username or "").strip())
    if not username:
        raise ValidationError("Give the member's username.", code="username_required")
    if role not in Role.values:
        raise ValidationError(
            f"Unknown role “{role}”: choose one of {', '.join(Role.values)}.", code="role_invalid"
        )
    with transaction.atomic():
        member = User.objects.select_for_update().filter(username=username).first()
        created = member is None
        if created:
            if password is None:
                raise ValidationError(
                    f"{username} is a new member and needs a password to log in.", code="password_required"
                )
            member = User(username=username)
        member.role = role
        member.is_staff = member.is_superuser = role == Role.ADMIN
        if email is not None:
            member.email = User.objects.normalize_email(email.strip())
        member.full_clean(exclude=["password", "last_login"], validate_unique=False)
        if password is not None:
            # The similarity validator compares against the member as they will be saved.
            validate_password(password, user=member)
            member.set_password(password)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise Conflict(
                f"Someone else created {username} meanwhile: run the command again to update them.",
                code="member_exists",
            ) from None
    return member, created


# --- API tokens ------------------------------------------------------------------

TOKEN_PREFIX = "fcw_"


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_scopes_refused(user) -> dict[str, str]:
    """The scopes this member's role can never use, each with the reason their endpoints give.

    Some scopes' endpoints also ask the member's role (webhooks: admins only). A token with such a
    scope is refused there at every call, so the tokens page does not offer it.
    """
    refused = {}
    for scope, check in {TokenScope.WEBHOOKS_MANAGE: webhook_manager_check}.items():
        try:
            check(user)
        except NotPermitted as refusal:
            refused[scope] = refusal.message
    return refused


def _api_token_check(*, user: User, name: str, scopes: list[str], expires_at) -> tuple[str, list[str]]:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the token after the integration that uses it."})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "Keep the token's name to 100 characters."})
    scopes = sorted(set(scopes))
    unknown = [s for s in scopes if s not in TokenScope.values]
    if not scopes or unknown:
        raise ValidationError(
            {
                "scopes": f"Choose scopes from: {', '.join(TokenScope.values)}."
                + (f" Unknown: {', '.join(unknown)}." if unknown else "")
            }
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must lie in the future."})
    if not user.is_active:
        raise ValidationError({"user": f"{user} is not an active member."})
    return name, scopes


def _api_token_insert(*, user: User, name: str, scopes: list[str], expires_at) -> tuple[ApiToken, str]:
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=_token_hash(secret),
        scopes=scopes,
        expires_at=expires_at,
    )
    return token, secret


def api_token_create(
    *, user: User, name: str, scopes: list[str], expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A member creates a bearer token of their own; returns (token, the secret shown once, to them).

    Rules: `user` is the member creating the token and the member it acts for:
    there is no way to create, through a member's action, a token that acts as
    someone else (an admin may revoke any token, never mint one for another
    member). History records the creation as done by that member. At least
    one known scope; the name is required; an expiry lies in the future. Only
    a SHA-256 hash of the secret is stored. The token acts as its member, so
    it can never do more than the member's role allows.
    """
    name, scopes = _api_token_check(user=user, name=name, scopes=scopes, expires_at=expires_at)
    with transaction.atomic(), acting_as(user):
        return _api_token_insert(user=user, name=name, scopes=scopes, expires_at=expires_at)


def api_token_issue_on_server(
    *,
    user: User,
    operator: str,
    name: str,
    scopes: list[str],
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """An operator on the server (`manage.py create_api_token`) issues a token for a member.

    Rules: those of `api_token_create`, but history records the creation as
    done by the command and the operator's login on the server, never as the
    member's own act. Whoever can run management commands already holds the
    database credentials and SECRET_KEY, so this adds no power; it exists for
    the first integration of a desk and is never reachable from the web.
    """
    name, scopes = _api_token_check(user=user, name=name, scopes=scopes, expires_at=expires_at)
    with transaction.atomic(), pghistory.context(command="create_api_token", operator=operator):
        return _api_token_insert(user=user, name=name, scopes=scopes, expires_at=expires_at)


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token for a secret, or None; records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    prefix = secret[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, _token_hash(secret)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token: last-used time is for people, not an audit trail.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token. Rules: its member or an admin may; revoking twice changes nothing."""
    if actor.pk != token.user_id and actor.role != Role.ADMIN:
        raise NotPermitted("Only the token's member or an admin can revoke it.")
    if token.revoked_at is None:
        with transaction.atomic(), acting_as(actor):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
