import uuid

import pytest
from rest_framework.test import APIClient

from factcheck.services import api_token_create
from tests.api.endpoints import world  # noqa: F401 - a fixture: the rows the endpoint table is called on

ALL_CLAIM_SCOPES = ("claims:read", "claims:write", "claims:submit")
PROBLEM = "application/problem+json"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for():
    """An API client authenticated with a fresh token of the member, with the given scopes."""

    def make(user, scopes=ALL_CLAIM_SCOPES, name="Newsroom CMS"):
        token, secret = api_token_create(user=user, name=name, scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        client.token = token
        client.secret = secret
        return client

    return make


@pytest.fixture(autouse=True)
def _cache_of_this_test(settings):
    """Throttling counters start from zero in every API test: the configured cache, under a new key prefix.

    Without it, one test's requests count against the next (all anonymous tests share 127.0.0.1),
    and with Redis even against the next run. The counters expire on their own.
    """
    settings.CACHES = {"default": settings.CACHES["default"] | {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture
def redis_cache(settings):
    """The throttling cache in Redis (CACHE_URL, as CI sets it), under a key prefix of this test's own."""
    import os

    import redis

    location = os.environ.get("CACHE_URL", "").strip() or "redis://127.0.0.1:6379/1"
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    client = redis.Redis.from_url(location)
    cache.redis = client
    cache.test_prefix = prefix
    yield cache
    # Not cache.clear(): that would flush the whole Redis database, other users' keys too.
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def assert_problem(response, status: int, *, field: str | None = None, says: str | None = None) -> dict:
    """The response is an RFC 9457 problem with this status (and names `field`, says `says`)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if field is not None:
        assert field in body.get("errors", {}), body
        assert field in body["detail"], body
    if says is not None:
        assert says.lower() in body["detail"].lower(), body
    return body
