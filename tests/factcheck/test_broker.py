"""The filesystem broker (a machine with nothing configured) never hands a consumer half a message."""

import threading
import time
from queue import Empty

import pytest
from kombu import Connection, Exchange, Queue
from kombu.exceptions import ChannelError

from factcheck.broker import TRANSPORT, Transport, transport_for
from factcheck.celery import app as celery_app
from tests.brokers import is_redis
from tests.factcheck.test_settings import manage

MESSAGES = 120
# Large enough that writing one takes many system calls' time: kombu's own transport, given these, had
# consumers read files still being written (JSONDecodeError) within a few dozen messages.
BODY = "x" * 1_000_000


def folders(tmp_path):
    made = {name: tmp_path / name for name in ("queue", "processed", "control")}
    for path in made.values():
        path.mkdir()
    return {
        "data_folder_in": str(made["queue"]),
        "data_folder_out": str(made["queue"]),
        "processed_folder": str(made["processed"]),
        "control_folder": str(made["control"]),
        "store_processed": False,
    }


def connection(options):
    return Connection("filesystem://localhost/", transport=TRANSPORT, transport_options=options)


def queue_named(name):
    """Bindings are also kept per process (kombu's BrokerState): each test's queue has a name of its own."""
    return Queue(name, Exchange(name, type="direct"), routing_key=name)


def test_consumers_racing_a_producer_get_every_message_whole_and_once(tmp_path):
    options = folders(tmp_path)
    queue_declared = queue_named("race")
    with connection(options) as conn:  # bound before anyone publishes, as a worker's start does
        queue_declared(conn.default_channel).declare()
    received, failures = [], []
    stop = threading.Event()

    def consume():
        with connection(options) as conn:
            queue = conn.SimpleQueue(queue_declared)
            while not stop.is_set():
                try:
                    message = queue.get(block=True, timeout=0.05)
                except Empty:
                    continue
                except Exception as exc:  # the failure this transport exists to prevent
                    failures.append(exc)
                    return
                received.append(message.payload)
                message.ack()

    consumers = [threading.Thread(target=consume) for _ in range(3)]
    for thread in consumers:
        thread.start()
    try:
        with connection(options) as conn:
            producer = conn.Producer()
            for number in range(MESSAGES):
                producer.publish(
                    {"n": number, "body": BODY}, exchange=queue_declared.exchange, routing_key="race"
                )
        deadline = time.monotonic() + 60
        while len(received) < MESSAGES and not failures and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in consumers:
            thread.join(timeout=60)
    assert failures == []
    assert sorted(payload["n"] for payload in received) == list(range(MESSAGES))
    assert all(payload["body"] == BODY for payload in received)
    assert list((tmp_path / "queue").iterdir()) == []  # nothing left, half written or whole
    assert list((tmp_path / "processed").iterdir()) == []  # read and removed (store_processed off)


def test_a_message_still_being_written_is_neither_taken_nor_counted(tmp_path):
    options = folders(tmp_path)
    queue = queue_named("half")
    (tmp_path / "queue" / "1_abc.half.msg.part").write_bytes(b'{"body": "half')
    with connection(options) as conn:
        channel = conn.default_channel
        queue(channel).declare()
        with pytest.raises(Empty):
            channel._get("half")
        assert channel._size("half") == 0
        conn.Producer().publish({"n": 1}, exchange=queue.exchange, routing_key="half")
        assert channel._size("half") == 1
        assert channel._get("half")["body"]  # the whole message, with kombu's envelope
    assert [path.name for path in (tmp_path / "queue").iterdir()] == ["1_abc.half.msg.part"]


def test_queues_bound_at_once_are_all_kept_and_a_publisher_never_reads_half_a_table(tmp_path):
    """Behaviour under concurrent binding. kombu's own transport passed this too in 15 runs: its
    window (a table file created empty, then locked) is too narrow to hit here; the atomic rename that
    closes it is what this test keeps working."""
    options = folders(tmp_path)
    names = [f"q{number}" for number in range(40)]
    failures = []
    start = threading.Barrier(len(names) + 1)

    def bind(name):
        with connection(options) as conn:
            start.wait()
            conn.default_channel._queue_bind("shared", name, None, name)

    def read():
        with connection(options) as conn:
            start.wait()
            for _ in range(400):
                try:
                    conn.default_channel.get_table("shared")
                except Exception as exc:
                    failures.append(exc)
                    return

    threads = [threading.Thread(target=bind, args=(name,)) for name in names] + [
        threading.Thread(target=read)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with connection(options) as conn:
        channel = conn.default_channel
        assert sorted(row.queue for row in channel.get_table("shared")) == sorted(names)
        channel._delete("q3", "shared", "q3", None)
        assert sorted(row.queue for row in channel.get_table("shared")) == sorted(set(names) - {"q3"})


def test_a_queue_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    options = folders(tmp_path)
    (tmp_path / "a-file").write_text("")
    options["data_folder_out"] = str(tmp_path / "a-file" / "queue")  # a folder that cannot be made
    with connection(options) as conn:
        with pytest.raises(ChannelError, match="Cannot add a message to the broker folder .*a-file"):
            conn.default_channel._put("race", {"n": 1})


def test_the_app_uses_it_for_a_filesystem_broker_and_only_then(broker):
    assert transport_for("filesystem://localhost/") == TRANSPORT
    assert transport_for("redis://127.0.0.1:6379/0") is None
    with celery_app.connection_for_write() as conn:
        assert isinstance(conn.transport, Transport) is (not is_redis(broker.url))


@pytest.mark.parametrize(
    ("url", "shown"),
    [("", "factcheck.broker:Transport"), ("redis://127.0.0.1:6379/14", "None")],
)
def test_settings_name_it_beside_a_filesystem_url(url, shown):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_BROKER_TRANSPORT)",
        CELERY_BROKER_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == shown


def test_an_unreadable_message_is_set_aside_and_the_next_one_delivered(tmp_path):
    options = folders(tmp_path)
    queue = queue_named("damaged")
    with connection(options) as conn:
        channel = conn.default_channel
        queue(channel).declare()
        # An empty message, as kombu's own transport could leave one, ahead of a good one.
        (tmp_path / "queue" / "1_abc.damaged.msg").write_bytes(b"")
        conn.Producer().publish({"n": 2}, exchange=queue.exchange, routing_key="damaged")
        assert channel._get("damaged")["body"]
        with pytest.raises(Empty):
            channel._get("damaged")
    assert [path.name for path in (tmp_path / "processed").iterdir()] == ["1_abc.damaged.msg.unreadable"]


def test_a_damaged_bindings_file_is_a_clear_error(tmp_path):
    options = folders(tmp_path)
    (tmp_path / "control" / "broken.exchange").write_bytes(b"")
    with connection(options) as conn:
        with pytest.raises(ChannelError, match="broken.exchange cannot be read .*delete the file"):
            conn.default_channel.get_table("broken")


def test_missing_queue_folders_are_made(tmp_path):
    options = folders(tmp_path)
    options["data_folder_in"] = options["data_folder_out"] = str(tmp_path / "not-yet")
    with connection(options) as conn:
        channel = conn.default_channel
        with pytest.raises(Empty):
            channel._get("fresh")
        channel._put("fresh", {"n": 1})
        assert channel._get("fresh") == {"n": 1}
