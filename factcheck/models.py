from django.contrib.auth.models import AbstractUser
from django.db import models

from factcheck.history import tracked
from factcheck.roles import Role


@tracked(exclude=["password", "last_login"])
class User(AbstractUser):
    """A member of the desk. The role decides which workflow actions they may take."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FACT_CHECKER)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN
