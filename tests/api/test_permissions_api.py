"""Who may call what: role x endpoint x method, token scopes, and callers without valid credentials."""

import datetime
import uuid

import pytest
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import ClaimState
from factcheck.api import urls as api_urls
from factcheck.models import ApiToken, TokenScope
from factcheck.roles import Role
from factcheck.services import api_token_create, api_token_revoke
from tests.api.conftest import ALL_CLAIM_SCOPES, assert_problem
from tests.api.endpoints import ENDPOINTS, EXPECTED, call, claim_body
from tests.factories import UserFactory, add_evidence, claim_in_state, write_verdict

pytestmark = pytest.mark.django_db


def member_with_role(role, members):
    return {
        Role.FACT_CHECKER: members["checker"],
        Role.REVIEWER: members["reviewer"],
        Role.EDITOR: members["editor"],
        Role.ADMIN: members["admin"],
    }[role]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_role_by_endpoint_by_method(role, endpoint, members, world, token_for):
    client = token_for(member_with_role(role, members))
    response = call(client, world, endpoint)
    expected = EXPECTED[role][endpoint[0]]
    if expected == 403:
        assert_problem(response, 403)
        assert "scope" not in response.json()["detail"]  # refused for the role, not the token
    else:
        assert response.status_code == expected, (role, endpoint[0], response.content[:400])


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_required_scope_is_enough(endpoint, editor, world, token_for):
    for scope in endpoint[6]:
        response = call(token_for(editor, scopes=[scope, "claims:read"]), world, endpoint)
        assert response.status_code == endpoint[4], (scope, response.content[:300])


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_a_token_without_the_scope_is_refused(endpoint, editor, world, token_for):
    name, method, template, body, _, _, required = endpoint
    other_scopes = [s for s in TokenScope.values if s not in required]
    client = token_for(editor, scopes=other_scopes)
    url = template.format(**world)
    response = getattr(client, method)(url, body() if body else None, format="json", HTTP_IF_MATCH="*")
    problem = assert_problem(response, 403, says="lacks the scope")
    for scope in required:
        assert scope in problem["detail"]


@pytest.mark.parametrize("scope", ["factchecks:read", "webhooks:manage"])
def test_tokens_for_other_purposes_read_no_claims(scope, editor, world, token_for):
    client = token_for(editor, scopes=[scope])
    for url in ("/api/v1/claims/", f"/api/v1/claims/{world['claim']}/", "/api/v1/claimants/"):
        assert_problem(client.get(url), 403, says="claims:read")


# (role, action, state the claim is in, expected status): 403 never allowed, 409 not now.
TRANSITIONS = [
    (Role.EDITOR, "assign", ClaimState.NEW, 200),
    (Role.FACT_CHECKER, "assign", ClaimState.NEW, 403),
    (Role.REVIEWER, "assign", ClaimState.NEW, 403),
    (Role.FACT_CHECKER, "submit", ClaimState.RESEARCHING, 200),
    (Role.REVIEWER, "submit", ClaimState.RESEARCHING, 403),
    (Role.FACT_CHECKER, "submit", ClaimState.IN_REVIEW, 409),
    (Role.REVIEWER, "approve", ClaimState.IN_REVIEW, 200),
    (Role.FACT_CHECKER, "approve", ClaimState.IN_REVIEW, 403),
    (Role.EDITOR, "approve", ClaimState.IN_REVIEW, 403),
    (Role.ADMIN, "approve", ClaimState.IN_REVIEW, 403),
    (Role.REVIEWER, "approve", ClaimState.RESEARCHING, 409),
    (Role.REVIEWER, "request_changes", ClaimState.IN_REVIEW, 409),  # no comment given
    (Role.EDITOR, "publish", ClaimState.APPROVED, 200),
    (Role.ADMIN, "publish", ClaimState.APPROVED, 200),
    (Role.REVIEWER, "publish", ClaimState.APPROVED, 403),
    (Role.FACT_CHECKER, "publish", ClaimState.APPROVED, 403),
    (Role.EDITOR, "publish", ClaimState.IN_REVIEW, 409),
    (Role.EDITOR, "revise", ClaimState.PUBLISHED, 200),
    (Role.FACT_CHECKER, "revise", ClaimState.PUBLISHED, 403),
    (Role.EDITOR, "dismiss", ClaimState.NEW, 409),  # no reason given
    (Role.EDITOR, "dismiss", ClaimState.PUBLISHED, 409),
    (Role.EDITOR, "reopen", ClaimState.DISMISSED, 200),
    (Role.REVIEWER, "reopen", ClaimState.DISMISSED, 403),
]


@pytest.mark.parametrize(("role", "action", "state", "expected"), TRANSITIONS)
def test_transitions_by_role_and_state(role, action, state, expected, members, token_for):
    claim = claim_in_state(
        state, checker=members["checker"], reviewer=members["second_reviewer"], editor=members["editor"]
    )
    if state == ClaimState.RESEARCHING:
        # Ready for review: whatever is refused is refused for who asks or for the state, not the content.
        add_evidence(claim, actor=members["checker"])
        write_verdict(claim, actor=members["checker"])
    client = token_for(member_with_role(role, members))
    body = {"action": action}
    if action == "assign":
        body["assignee"] = members["checker"].username
    listed = action in client.get(f"/api/v1/claims/{claim.pk}/transitions/").json()["available_actions"]
    response = client.post(f"/api/v1/claims/{claim.pk}/transitions/", body, format="json")
    if expected == 200:
        assert response.status_code == 200, response.content
        assert listed, "an action that succeeds is listed among the available actions"
    else:
        assert_problem(response, expected)
        if expected == 403:
            assert not listed


def test_a_read_only_token_lists_no_actions_and_cannot_act(editor, members, token_for):
    claim = claim_in_state(
        ClaimState.NEW, checker=members["checker"], reviewer=members["reviewer"], editor=editor
    )
    reader = token_for(editor, scopes=["claims:read"])
    assert reader.get(f"/api/v1/claims/{claim.pk}/").json()["available_actions"] == []
    assert reader.get(f"/api/v1/claims/{claim.pk}/transitions/").json()["available_actions"] == []
    assert_problem(
        reader.post(f"/api/v1/claims/{claim.pk}/transitions/", {"action": "dismiss", "comment": "x"}),
        403,
        says="claims:write",
    )
    writer = token_for(editor, scopes=["claims:read", "claims:write"])
    assert writer.get(f"/api/v1/claims/{claim.pk}/").json()["available_actions"] == [
        "assign",
        "take",
        "dismiss",
    ]


def test_a_reviewer_token_with_every_scope_reviews_but_never_writes(members, token_for):
    claim = claim_in_state(
        ClaimState.IN_REVIEW,
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
    )
    bob = token_for(members["reviewer"], scopes=TokenScope.values)
    etag = bob.get(f"/api/v1/claims/{claim.pk}/verdict/")["ETag"]
    refused = bob.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "True", "conclusion": "Approving my own."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert_problem(refused, 403, says="fact-checkers and editors")
    approved = bob.post(f"/api/v1/claims/{claim.pk}/transitions/", {"action": "approve"}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"


# --- Callers without valid credentials ---------------------------------------------------------------

# The only endpoints under /api/v1/ open to anonymous callers: published fact-checks and ClaimReview.
PUBLIC_NAMES = {"factcheck-list", "factcheck-detail", "factcheck-claimreview", "factcheck-claimreview-feed"}


SAMPLE_VALUES = {IntConverter: 1, UUIDConverter: uuid.UUID(int=1)}


def v1_endpoints():
    """Every /api/v1/ route, with each method its view implements."""
    for pattern in api_urls.v1:
        assert isinstance(pattern, URLPattern)
        view = pattern.callback.view_class
        kwargs = {
            name: SAMPLE_VALUES.get(type(converter), "x")
            for name, converter in pattern.pattern.converters.items()
        }
        path = reverse(f"v1:{pattern.name}", kwargs=kwargs)
        methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
        yield pattern.name, path, methods


def test_anonymous_callers_get_401_with_a_challenge_everywhere_but_the_public_endpoints(db):
    anonymous = APIClient()
    seen = set()
    for name, path, methods in v1_endpoints():
        seen.add(name)
        for method in methods:
            response = getattr(anonymous, method)(path, {}, format="json")
            if name in PUBLIC_NAMES:
                assert response.status_code != 401, (method, path)
                continue
            problem = assert_problem(response, 401)
            assert response["WWW-Authenticate"] == 'Bearer realm="api"', (method, path)
            assert "token" in problem["detail"].lower() or "credentials" in problem["detail"].lower()
    assert {"claim-list", "claim-detail", "claim-transitions", "source-detail"} <= seen


def test_credentials_that_do_not_hold_get_401(checker, token_for):
    valid = token_for(checker)
    assert valid.get("/api/v1/claims/").status_code == 200

    revoked = token_for(checker)
    api_token_revoke(token=revoked.token, actor=checker)
    expired = token_for(checker)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    inactive_member = UserFactory(username="gone-test", role=Role.EDITOR)
    of_inactive = token_for(inactive_member)
    inactive_member.is_active = False
    inactive_member.save()
    tampered = APIClient()
    tampered.credentials(HTTP_AUTHORIZATION=f"Bearer {valid.secret[:-2]}xx")

    for client in (revoked, expired, of_inactive, tampered):
        problem = assert_problem(client.get("/api/v1/claims/"), 401, says="unknown, expired or revoked")
        assert problem
    for header in ("Bearer", "Bearer ", "Bearer two words"):
        malformed = APIClient()
        malformed.credentials(HTTP_AUTHORIZATION=header)
        response = malformed.get("/api/v1/claims/")
        assert_problem(response, 401)
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_records_when_it_was_last_used(checker, token_for):
    client = token_for(checker, scopes=["claims:read"])
    assert ApiToken.objects.get(pk=client.token.pk).last_used_at is None
    before = timezone.now()
    assert client.get("/api/v1/claims/").status_code == 200
    used = ApiToken.objects.get(pk=client.token.pk).last_used_at
    assert used is not None and before <= used <= timezone.now()
    # A refused request still counts as a use of the token (it authenticated).
    ApiToken.objects.filter(pk=client.token.pk).update(last_used_at=before - datetime.timedelta(hours=1))
    client.post("/api/v1/claims/", {}, format="json")
    assert ApiToken.objects.get(pk=client.token.pk).last_used_at >= before


def test_a_session_member_is_limited_by_role_not_scopes(members):
    session = APIClient()
    session.force_login(members["reviewer"])
    assert session.get("/api/v1/claims/").status_code == 200
    assert_problem(session.post("/api/v1/claims/", claim_body(), format="json"), 403)
    session.force_login(members["checker"])
    assert session.post("/api/v1/claims/", claim_body(), format="json").status_code == 201


def test_a_session_write_needs_the_csrf_token(checker):
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(checker)
    refused = browser.post("/api/v1/claims/", claim_body(), format="json")
    assert_problem(refused, 403, says="csrf")
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    accepted = browser.post(
        "/api/v1/claims/", claim_body(), format="json", HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret)
    )
    assert accepted.status_code == 201, accepted.content


def test_every_scope_is_known_to_the_token_service(checker):
    _, secret = api_token_create(user=checker, name="All", scopes=list(TokenScope.values))
    assert secret.startswith("fcw_")
    assert set(ALL_CLAIM_SCOPES) < set(TokenScope.values)
