import pytest
from rest_framework.test import APIClient

from factcheck.services import api_token_create


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for():
    """An API client authenticated with a fresh token of the member, with the given scopes."""

    def make(user, scopes=("claims:read", "claims:write", "claims:submit")):
        _, secret = api_token_create(user=user, name="Newsroom CMS", scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make
