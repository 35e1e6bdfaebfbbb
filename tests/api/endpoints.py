"""The claims API's endpoints as a table, and a small world of rows to call them on (shared by tests)."""

import itertools

import pytest

from claims.models import ClaimState
from factcheck.roles import Role
from tests.factories import ClaimantFactory, add_evidence, claim_in_state, write_verdict

counter = itertools.count()


def unique(word: str) -> str:
    return f"{word} {next(counter)}"


@pytest.fixture
def world(checker, reviewer, editor):
    """A claim in research (alice's: verdict, evidence, rebuttal, appearance), a claimant, a source."""
    from claims import services
    from evidence import services as evidence_services

    claim = claim_in_state(ClaimState.RESEARCHING, checker=checker, reviewer=reviewer, editor=editor)
    write_verdict(claim, actor=checker)
    evidence = add_evidence(claim, actor=checker)
    rebuttal = evidence_services.rebuttal_create(
        claim=claim, actor=checker, party="Ministry of Energy", statement="Not true."
    )
    appearance = services.appearance_create(claim=claim, actor=checker, outlet="CNBC", medium="tv")
    source = evidence_services.source_create(name=unique("Statistics office"), actor=checker)
    return {
        "claim": claim.pk,
        "evidence": evidence.pk,
        "rebuttal": rebuttal.pk,
        "appearance": appearance.pk,
        "claimant": ClaimantFactory().pk,
        "source": source.pk,
    }


def claim_body():
    return {"text": unique("Steel imports doubled"), "claimant": {"name": unique("Minister")}}


# (name, method, path template, body factory, success status, needs If-Match, required scopes)
ENDPOINTS = [
    ("claims list", "get", "/api/v1/claims/", None, 200, False, ("claims:read",)),
    ("claims create", "post", "/api/v1/claims/", claim_body, 201, False, ("claims:submit", "claims:write")),
    ("claim", "get", "/api/v1/claims/{claim}/", None, 200, False, ("claims:read",)),
    (
        "claim edit",
        "patch",
        "/api/v1/claims/{claim}/",
        lambda: {"topics": ["energy"]},
        200,
        True,
        ("claims:write",),
    ),
    ("verdict", "get", "/api/v1/claims/{claim}/verdict/", None, 200, False, ("claims:read",)),
    (
        "verdict write",
        "put",
        "/api/v1/claims/{claim}/verdict/",
        lambda: {"rating": "Half true", "conclusion": "Partly.", "headline": "", "analysis": ""},
        200,
        True,
        ("claims:write",),
    ),
    ("actions", "get", "/api/v1/claims/{claim}/transitions/", None, 200, False, ("claims:read",)),
    ("history", "get", "/api/v1/claims/{claim}/history/", None, 200, False, ("claims:read",)),
    ("appearances", "get", "/api/v1/claims/{claim}/appearances/", None, 200, False, ("claims:read",)),
    (
        "appearance add",
        "post",
        "/api/v1/claims/{claim}/appearances/",
        lambda: {"outlet": unique("Outlet"), "medium": "radio"},
        201,
        False,
        ("claims:write",),
    ),
    (
        "appearance",
        "get",
        "/api/v1/claims/{claim}/appearances/{appearance}/",
        None,
        200,
        False,
        ("claims:read",),
    ),
    (
        "appearance edit",
        "patch",
        "/api/v1/claims/{claim}/appearances/{appearance}/",
        lambda: {"outlet": "CNBC Asia"},
        200,
        True,
        ("claims:write",),
    ),
    (
        "appearance remove",
        "delete",
        "/api/v1/claims/{claim}/appearances/{appearance}/",
        None,
        204,
        True,
        ("claims:write",),
    ),
    ("evidence", "get", "/api/v1/claims/{claim}/evidence/", None, 200, False, ("claims:read",)),
    (
        "evidence add",
        "post",
        "/api/v1/claims/{claim}/evidence/",
        lambda: {"stance": "context", "title": unique("Report"), "url": "https://example.org/r"},
        201,
        False,
        ("claims:write",),
    ),
    (
        "evidence item",
        "get",
        "/api/v1/claims/{claim}/evidence/{evidence}/",
        None,
        200,
        False,
        ("claims:read",),
    ),
    (
        "evidence edit",
        "patch",
        "/api/v1/claims/{claim}/evidence/{evidence}/",
        lambda: {"title": "Customs statistics 2024"},
        200,
        True,
        ("claims:write",),
    ),
    (
        "evidence remove",
        "delete",
        "/api/v1/claims/{claim}/evidence/{evidence}/",
        None,
        204,
        True,
        ("claims:write",),
    ),
    ("rebuttals", "get", "/api/v1/claims/{claim}/rebuttals/", None, 200, False, ("claims:read",)),
    (
        "rebuttal add",
        "post",
        "/api/v1/claims/{claim}/rebuttals/",
        lambda: {"party": unique("Party"), "statement": "We deny it."},
        201,
        False,
        ("claims:write",),
    ),
    ("rebuttal", "get", "/api/v1/claims/{claim}/rebuttals/{rebuttal}/", None, 200, False, ("claims:read",)),
    (
        "rebuttal edit",
        "patch",
        "/api/v1/claims/{claim}/rebuttals/{rebuttal}/",
        lambda: {"statement": "We firmly deny it."},
        200,
        True,
        ("claims:write",),
    ),
    (
        "rebuttal remove",
        "delete",
        "/api/v1/claims/{claim}/rebuttals/{rebuttal}/",
        None,
        204,
        True,
        ("claims:write",),
    ),
    ("claimants", "get", "/api/v1/claimants/", None, 200, False, ("claims:read",)),
    (
        "claimant add",
        "post",
        "/api/v1/claimants/",
        lambda: {"name": unique("Senator")},
        201,
        False,
        ("claims:submit", "claims:write"),
    ),
    ("claimant", "get", "/api/v1/claimants/{claimant}/", None, 200, False, ("claims:read",)),
    (
        "claimant edit",
        "patch",
        "/api/v1/claimants/{claimant}/",
        lambda: {"title": "Former minister"},
        200,
        True,
        ("claims:write",),
    ),
    ("sources", "get", "/api/v1/sources/", None, 200, False, ("claims:read",)),
    (
        "source add",
        "post",
        "/api/v1/sources/",
        lambda: {"name": unique("Agency")},
        201,
        False,
        ("claims:write",),
    ),
    ("source", "get", "/api/v1/sources/{source}/", None, 200, False, ("claims:read",)),
    (
        "source edit",
        "patch",
        "/api/v1/sources/{source}/",
        lambda: {"kind": "government"},
        200,
        True,
        ("claims:write",),
    ),
]

WRITERS = {Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN}

# What each role gets with a token holding every claims scope: a token never exceeds its member's role.
EXPECTED = {
    role: {
        name: (ok if method == "get" or role in WRITERS else 403)
        for name, method, _, _, ok, _, _ in ENDPOINTS
    }
    for role in Role.values
}


def call(client, world, endpoint):
    name, method, template, body, _, needs_if_match, _ = endpoint
    url = template.format(**world)
    headers = {}
    if needs_if_match:
        etag = client.get(url)["ETag"]
        assert etag, f"{name}: GET {url} gave no ETag"
        headers["HTTP_IF_MATCH"] = etag
    data = body() if body else None
    return getattr(client, method)(url, data, format="json", **headers)
