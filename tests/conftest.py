import pytest

from factcheck.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def checker(db):
    return UserFactory(username="alice-test", role=Role.FACT_CHECKER)


@pytest.fixture
def other_checker(db):
    return UserFactory(username="carol-test", role=Role.FACT_CHECKER)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="bob-test", role=Role.REVIEWER)


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="dave-test", role=Role.REVIEWER)


@pytest.fixture
def editor(db):
    return UserFactory(username="erin-test", role=Role.EDITOR)


@pytest.fixture
def admin_member(db):
    return UserFactory(username="admin-test", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def members(checker, other_checker, reviewer, second_reviewer, editor, admin_member):
    return {
        "checker": checker,
        "other_checker": other_checker,
        "reviewer": reviewer,
        "second_reviewer": second_reviewer,
        "editor": editor,
        "admin": admin_member,
    }
