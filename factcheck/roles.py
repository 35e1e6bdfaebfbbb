"""Member roles and what each may do in general (the workflow decides the rest)."""

from django.db import models

from factcheck.errors import NotPermitted


class Role(models.TextChoices):
    FACT_CHECKER = "fact-checker", "Fact-checker"
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


# Roles whose members may be assigned a claim to research.
CHECKING_ROLES = frozenset({Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN})
# Roles whose members may edit claims, evidence, rebuttals and verdicts.
WRITING_ROLES = frozenset({Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN})
# Roles that may review (approve or request changes).
REVIEWING_ROLES = frozenset({Role.REVIEWER})
# Roles that run the desk: assign, publish, revise, dismiss, reopen.
EDITING_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


def role_label(value: str) -> str:
    return Role(value).label


def ensure_role(user, *roles: str, message: str = "") -> None:
    """Raise NotPermitted unless `user` is an active member holding one of `roles`.

    The one check every service makes before it acts: no user (or an anonymous
    one), a deactivated member, or a role outside `roles` is refused with
    `message` (or a sentence naming the roles).
    """
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
        or getattr(user, "role", None) not in roles
    ):
        if not message:
            labels = sorted(Role(role).label.lower() + "s" for role in roles)
            message = "Only " + " and ".join(labels) + " can do this."
        raise NotPermitted(message)
