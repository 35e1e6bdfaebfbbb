"""Fixtures for archiving: a loopback site named in OUTBOUND_ALLOWLIST, the forbidden internal service,
file storage of the test's own, archiving turned on, and a real Celery worker on the real Redis broker."""

import pytest

from tests.brokers import own_broker
from tests.loopback import guard_name_lookups
from tests.workers import running_worker

BROKER_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture(autouse=True)
def _no_name_lookups_beyond_loopback(monkeypatch):
    return guard_name_lookups(monkeypatch)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Archived files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archiving(settings):
    """Archiving on, with retries quick enough for a test."""
    settings.EVIDENCE_ARCHIVING = True
    settings.ARCHIVE_MAX_RETRIES = 2
    settings.ARCHIVE_RETRY_BACKOFF = 0.05
    settings.ARCHIVE_CONNECT_TIMEOUT = 2
    settings.ARCHIVE_READ_TIMEOUT = 3
    return settings


@pytest.fixture
def archive_broker(broker):
    """This test's own keys in Redis database 9: no other run takes our messages or hands us theirs."""
    with own_broker(BROKER_URL) as own:
        yield own


@pytest.fixture
def worker(transactional_db, archiving, archive_broker):
    """A real Celery worker (a thread of this process, solo pool) on the real Redis broker, database 9."""
    with running_worker() as running:  # on archive_broker's own keys
        yield running
