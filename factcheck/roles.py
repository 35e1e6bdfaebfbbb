"""Member roles and what each may do in general (the workflow decides the rest)."""

from django.db import models


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
