"""Outbound HTTP tests resolve no name beyond loopback (the `site` and `internal_service` fixtures live in
tests/conftest.py)."""

import pytest

from tests.loopback import guard_name_lookups


@pytest.fixture(autouse=True)
def _no_name_lookups_beyond_loopback(monkeypatch):
    return guard_name_lookups(monkeypatch)
