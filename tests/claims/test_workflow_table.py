"""The workflow table drives who may act: each action's roles, permits and scope, read by one check."""

import pytest

from claims import workflow
from claims.models import ClaimState
from factcheck.errors import NotPermitted
from factcheck.roles import Role
from tests.factories import UserFactory, claim_in_state

pytestmark = pytest.mark.django_db

# The "by" column of DESIGN.md's table, as roles.
DESIGN_ROLES = {
    "assign": {Role.EDITOR, Role.ADMIN},
    "take": {Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN},  # a new claim, to research herself
    "submit": {Role.FACT_CHECKER},  # and the assignee, whatever their role
    "request_changes": {Role.REVIEWER},
    "approve": {Role.REVIEWER},
    "publish": {Role.EDITOR, Role.ADMIN},
    "revise": {Role.EDITOR, Role.ADMIN},
    "dismiss": {Role.EDITOR, Role.ADMIN},
    "reopen": {Role.EDITOR, Role.ADMIN},
}


def test_the_table_names_the_roles_of_the_design():
    assert {name: set(action.roles) for name, action in workflow.ACTIONS.items()} == DESIGN_ROLES
    assert [name for name, action in workflow.ACTIONS.items() if action.or_assignee] == ["submit"]
    # The quick correction path: an editor submits the correction they made (never approves it).
    assert {name: set(a.corrections_by) for name, a in workflow.ACTIONS.items() if a.corrections_by} == {
        "submit": {Role.EDITOR, Role.ADMIN}
    }


@pytest.mark.parametrize("name", list(workflow.ACTIONS))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_outside_an_actions_roles_is_refused_in_the_actions_words(
    name, role, checker, reviewer, editor
):
    action = workflow.ACTIONS[name]
    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    member = UserFactory(role=role)
    if role in action.roles:
        workflow.check_permitted(claim, member, action)  # permits aside (four eyes), the role suffices
        return
    with pytest.raises(NotPermitted) as refused:
        workflow.check_permitted(claim, member, action)
    assert refused.value.message == action.refused


def test_a_token_without_the_actions_scope_is_offered_nothing(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.NEW, checker=checker, reviewer=reviewer, editor=editor)
    offered = workflow.available_actions(claim, editor)
    assert offered == ["assign", "take", "dismiss"]
    assert workflow.available_actions(claim, editor, scopes=frozenset({"claims:write"})) == offered
    assert workflow.available_actions(claim, editor, scopes=frozenset({"claims:read", "claims:submit"})) == []
