"""A real Celery worker for tests, and waiting for what it does: in one place.

Tests run a real worker (`celery.contrib.testing.worker.start_worker`: a thread of this process,
solo pool) on the real broker; eager mode is not a test.
"""

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from celery.contrib.testing.worker import start_worker

from factcheck.celery import QUEUE_NAMES
from factcheck.celery import app as celery_app
from tests.brokers import own_broker


@contextmanager
def running_worker(broker_url: str | None = None, *, queues: tuple[str, ...] = ()) -> Iterator:
    """A worker taking tasks until the block ends; yields its controller.

    With `broker_url`, on that broker under keys of this test only (`tests.brokers.own_broker`):
    another run of the suite on the same Redis database neither takes our messages nor hands us
    theirs. Without, on the suite's own broker (the `broker` fixture). `queues` narrows what it
    reads, as `-Q` does; the app's queues are widened again afterwards.
    """
    options = {"queues": list(queues)} if queues else {}
    try:
        with ExitStack() as stack:
            if broker_url is not None:
                stack.enter_context(own_broker(broker_url))
            yield stack.enter_context(
                start_worker(
                    celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30, **options
                )
            )
    finally:
        if queues:
            celery_app.amqp.queues.select(QUEUE_NAMES)


def wait_until(check, timeout: float = 30.0, message: str = "condition", *, interval: float = 0.05):
    """Call `check` until it returns something true, and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")
