"""Each test's own keys on a real broker.

Celery reads the environment's CELERY_BROKER_URL (and _READ_URL, _WRITE_URL) before its configuration,
so assigning `app.conf.broker_url` alone does nothing while that variable is set, as it is in CI: a
test that meant to use Redis database 9 published to the CI broker instead. `own_broker` sets the
variables too for as long as it lasts, so a worker or command a test starts as a subprocess uses the
same Redis queues (with the filesystem transport, a subprocess uses the settings' folders). It points
the app at the URL under a key prefix of its own and deletes that prefix's keys afterwards: no message
outlives its test or reaches another test's worker.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis
from django.conf import settings

from factcheck.broker import transport_for
from factcheck.celery import app as celery_app

ENVIRONMENT = (
    "CELERY_BROKER_URL",
    "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL",
    "CELERY_BROKER_KEY_PREFIX",
)


@dataclass(frozen=True)
class Broker:
    url: str
    prefix: str  # every key of this broker's queues starts with it (Redis only)

    def environment(self) -> dict[str, str]:
        """The variables that make a worker subprocess read exactly these queues."""
        if not is_redis(self.url):
            return {"CELERY_BROKER_URL": self.url}
        return {"CELERY_BROKER_URL": self.url, "CELERY_BROKER_KEY_PREFIX": self.prefix}

    def queue_length(self, queue: str) -> int:
        """Messages waiting in `queue` (Redis keeps one list per queue)."""
        return self._ask(lambda client: client.llen(f"{self.prefix}{queue}"))

    def unacknowledged(self) -> int:
        """Messages delivered to a worker and not yet acknowledged (kombu's `unacked` hash)."""
        return self._ask(lambda client: client.hlen(f"{self.prefix}unacked"))

    def _ask(self, question):
        client = redis.Redis.from_url(self.url)
        try:
            return question(client)
        finally:
            client.close()


def is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://"))


def drop_connections() -> None:
    """The app caches connection and producer pools: a later publish would go to the earlier broker."""
    pool = celery_app._pool
    if pool is not None:
        pool.force_close_all()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def own_broker(url: str, **transport_options) -> Iterator[Broker]:
    """Point the Celery app at `url` under a fresh key prefix; the settings' transport options stay,
    `transport_options` are laid over them."""
    broker = Broker(url=url, prefix=f"test-{uuid.uuid4().hex}:")
    saved_conf = (
        celery_app.conf.broker_url,
        celery_app.conf.broker_transport,
        celery_app.conf.broker_transport_options,
    )
    saved_environment = {name: os.environ.pop(name) for name in ENVIRONMENT if name in os.environ}
    os.environ.update(broker.environment())
    options = {}
    if is_redis(url) and is_redis(settings.CELERY_BROKER_URL):
        options.update(settings.CELERY_BROKER_TRANSPORT_OPTIONS)  # the visibility timeout, above all
    options.update(transport_options)
    if is_redis(url):
        options["global_keyprefix"] = broker.prefix
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport = transport_for(url)
    celery_app.conf.broker_transport_options = options
    drop_connections()
    try:
        yield broker
    finally:
        try:
            drop_connections()
        finally:  # whatever happened above, the next test starts from the broker it was given
            (
                celery_app.conf.broker_url,
                celery_app.conf.broker_transport,
                celery_app.conf.broker_transport_options,
            ) = saved_conf
            for name in ENVIRONMENT:
                os.environ.pop(name, None)
            os.environ.update(saved_environment)
        if is_redis(url):
            client = redis.Redis.from_url(url)
            try:
                keys = list(client.scan_iter(match=f"{broker.prefix}*", count=1000))
                if keys:
                    client.delete(*keys)
            finally:
                client.close()
