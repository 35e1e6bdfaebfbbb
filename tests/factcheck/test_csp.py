"""Every page sends a Content-Security-Policy that allows nothing inline or from elsewhere."""

import pytest

REQUIRED = [
    "default-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def directives(header: str) -> dict[str, str]:
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {part.split(" ", 1)[0]: part for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/fact-checks/", "/methodology/", "/accounts/login/", "/admin/login/", "/api/docs/", "/nowhere/"]
)
def test_public_pages_send_the_policy(client, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    for directive in REQUIRED:
        assert policy[directive.split(" ")[0]] == directive, (path, policy)
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/claims/", "/claims/new/", "/dashboard/", "/account/tokens/"])
def test_desk_pages_send_the_policy(client, checker, path):
    client.force_login(checker)
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert [policy[d.split(" ")[0]] for d in REQUIRED] == REQUIRED
