"""Throttling per token (or member) and per anonymous IP, counted in Redis; 429 says when to come back."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import assert_problem

pytestmark = pytest.mark.django_db


def test_each_token_has_its_own_budget_and_429_says_when_to_retry(settings, redis_cache, checker, token_for):
    settings.API_THROTTLE_CALLER = "3/min"
    first, second = token_for(checker), token_for(checker)
    for _ in range(3):
        assert first.get("/api/v1/claims/").status_code == 200
    refused = first.get("/api/v1/claims/")
    assert_problem(refused, 429, says="throttled")
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token of the same member counts on its own.
    assert second.get("/api/v1/claims/").status_code == 200
    # Writes count too.
    assert_problem(first.post("/api/v1/claims/", {}, format="json"), 429)
    # The counters live in Redis, under this test's key prefix.
    keys = [key.decode() for key in redis_cache.redis.scan_iter(match=f"{redis_cache.test_prefix}:*")]
    assert any(f"throttle_caller_token:{first.token.pk}" in key for key in keys), keys


def test_the_rate_is_read_at_request_time(settings, redis_cache, checker, token_for):
    client = token_for(checker)
    settings.API_THROTTLE_CALLER = "1/min"
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.get("/api/v1/claims/").status_code == 429
    settings.API_THROTTLE_CALLER = "100/min"
    assert client.get("/api/v1/claims/").status_code == 200


def test_a_logged_in_member_is_throttled_per_member(settings, redis_cache, checker):
    settings.API_THROTTLE_CALLER = "2/min"
    session = APIClient()
    session.force_login(checker)
    assert session.get("/api/v1/claims/").status_code == 200
    assert session.get("/api/v1/claims/").status_code == 200
    assert_problem(session.get("/api/v1/claims/"), 429)


def test_anonymous_callers_are_throttled_per_ip_and_cannot_dodge_with_x_forwarded_for(settings, redis_cache):
    settings.API_THROTTLE_ANONYMOUS = "2/min"
    anonymous = APIClient()
    # The schema is public, so it stands for every endpoint an anonymous caller may use.
    assert anonymous.get("/api/schema/").status_code == 200
    assert anonymous.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    refused = anonymous.get("/api/schema/", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert_problem(refused, 429)
    assert int(refused["Retry-After"]) >= 1
    # Another address has its own budget.
    elsewhere = APIClient(REMOTE_ADDR="127.0.0.2")
    assert elsewhere.get("/api/schema/").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings, redis_cache):
    settings.API_THROTTLE_ANONYMOUS = "1/min"
    settings.API_NUM_PROXIES = 1
    anonymous = APIClient()
    assert anonymous.get("/api/schema/", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7").status_code == 200
    assert anonymous.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200
    assert_problem(anonymous.get("/api/schema/", HTTP_X_FORWARDED_FOR="other, 203.0.113.7"), 429)


def test_an_anonymous_budget_does_not_limit_members(settings, redis_cache, checker, token_for):
    settings.API_THROTTLE_ANONYMOUS = "1/min"
    anonymous = APIClient()
    assert anonymous.get("/api/schema/").status_code == 200
    assert anonymous.get("/api/schema/").status_code == 429
    assert token_for(checker).get("/api/v1/claims/").status_code == 200
